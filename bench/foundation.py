"""Foundation benchmarks: what the access layer and the notification service
cost beside the plain query or insert they wrap."""

import statistics
import time

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from portal import access, notify
from portal.models import Notification, Role, RoleAssignment, User
from schools.models import School, SchoolClass, Student

SCHOOLS = 40
CLASSES_PER_SCHOOL = 12
STUDENTS_PER_CLASS = 40
NOTIFICATIONS = 3000


def _median_ms(fn, repeat=30) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 3)


def _build_city():
    from schools.tests.factories import DistrictFactory

    district = DistrictFactory(name="基准区", code="459999")
    schools = School.objects.bulk_create(
        School(
            district=district, name=f"基准学校{i}", code=f"B{i:05d}", stage="primary", area="urban"
        )
        for i in range(SCHOOLS)
    )
    classes = SchoolClass.objects.bulk_create(
        SchoolClass(school=school, district=district, grade=1 + n % 6, number=n)
        for school in schools
        for n in range(CLASSES_PER_SCHOOL)
    )
    Student.objects.bulk_create(
        Student(
            school_class=klass,
            school_id=klass.school_id,
            district=district,
            student_number=f"{klass.pk:05d}{n:03d}",
            name=f"学生{n}",
            gender="F",
            birth_date="2017-03-14",
        )
        for klass in classes
        for n in range(STUDENTS_PER_CLASS)
    )
    teacher = User.objects.create(username="bench-teacher")
    RoleAssignment.objects.create(
        user=teacher,
        role=Role.HEAD_TEACHER,
        district=district,
        school=classes[0].school,
        school_class=classes[0],
    )
    officer = User.objects.create(username="bench-officer")
    RoleAssignment.objects.create(user=officer, role=Role.DISTRICT_OFFICER, district=district)
    return classes[0], teacher, officer, district


def _class_list(klass, teacher):
    def scoped():
        access.forget_scope(teacher)
        list(access.visible(teacher, Student).values_list("pk", "name"))

    def plain():
        list(Student.objects.filter(school_class=klass).values_list("pk", "name"))

    with CaptureQueriesContext(connection) as queries:
        scoped()
    return {
        "scoped_ms": _median_ms(scoped),
        "plain_ms": _median_ms(plain),
        "queries": len(queries),
    }


def _district_count(district, officer):
    def scoped():
        access.forget_scope(officer)
        access.visible(officer, Student).count()

    def plain():
        Student.objects.filter(district=district).count()

    return {"scoped_ms": _median_ms(scoped, 10), "plain_ms": _median_ms(plain, 10)}


def _notifications(officer):
    started = time.perf_counter()
    for n in range(NOTIFICATIONS):
        notify.notify(
            kind="portal.announcement", recipient=officer, subject_key=f"bench:{n}", title="基准"
        )
    created = time.perf_counter() - started
    started = time.perf_counter()
    duplicates = sum(
        notify.notify(
            kind="portal.announcement", recipient=officer, subject_key=f"bench:{n}", title="基准"
        )
        is not None
        for n in range(500)
    )
    repeated = time.perf_counter() - started
    return {
        "created_per_second": round(NOTIFICATIONS / created),
        "rows": Notification.objects.count(),
        "duplicate_attempts_per_second": round(500 / repeated),
        "duplicates_created": duplicates,
    }


def run() -> dict:
    reset_queries()
    klass, teacher, officer, district = _build_city()
    class_list = _class_list(klass, teacher)
    district_count = _district_count(district, officer)
    for row in (class_list, district_count):
        row["ratio"] = round(row["scoped_ms"] / row["plain_ms"], 2)
    return {
        "access.class_list (480 classes, 19,200 students)": class_list,
        "access.district_count": district_count,
        "notify.create": _notifications(officer),
    }
