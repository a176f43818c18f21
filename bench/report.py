"""Monthly report benchmark: the city report built by the service on a
large synthetic city, beside one hand-written SQL query that counts the
same per-school indicators (home-visit coverage, guidance activities, law
hours, law and parent-school coverage, lecture attendance).

Run alone: `.venv/bin/python bench/report.py [--schools 300 --students 100000]`
(builds and drops the database `tongxin_bench_report`, merges its numbers
into bench/results.json), or from bench/run.py at the default scale."""

import argparse
import datetime
import json
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DISTRICTS = 12
SCHOOLS = 300
STUDENTS = 100_000
VISITED_SHARE = 0.6
CLASSES_PER_SCHOOL = 12
BATCH = 5000

PER_SCHOOL_SQL = """
WITH active AS (
    SELECT st.school_id, count(*) AS students
    FROM schools_student st JOIN schools_schoolclass c ON c.id = st.school_class_id
    WHERE st.is_active AND c.is_active GROUP BY st.school_id
), visited AS (
    SELECT vs.school_id, count(DISTINCT vs.student_id) AS visited
    FROM schools_visitedstudent vs
    JOIN schools_homevisit v ON v.id = vs.visit_id
    JOIN schools_student st ON st.id = vs.student_id
    JOIN schools_schoolclass c ON c.id = st.school_class_id
    WHERE vs.semester_id = %(semester)s AND v.visited_on <= %(as_of)s
      AND st.is_active AND c.is_active
    GROUP BY vs.school_id
), activities AS (
    SELECT school_id, count(*) AS activities FROM schools_guidanceactivity
    WHERE semester_id = %(semester)s AND held_on BETWEEN %(semester_start)s AND %(as_of)s
    GROUP BY school_id
), appointments AS (
    SELECT a.school_id, count(*) AS appointments,
           sum(coalesce(h.hours, 0)) AS law_hours
    FROM schools_lawappointment a
    LEFT JOIN (
        SELECT appointment_id, sum(class_hours) AS hours FROM schools_lawsession
        WHERE held_on BETWEEN %(year_start)s AND %(as_of)s GROUP BY appointment_id
    ) h ON h.appointment_id = a.id
    WHERE a.starts_on <= %(as_of)s AND (a.ends_on IS NULL OR a.ends_on >= %(as_of)s)
    GROUP BY a.school_id
), parent_schools AS (
    SELECT DISTINCT school_id FROM families_parentschool
    WHERE level = 'school' AND is_active AND established_on <= %(as_of)s
), lectures AS (
    SELECT p.school_id,
           sum(r.seats) FILTER (WHERE r.status = 'confirmed') AS seats,
           sum(r.seats) FILTER (WHERE r.status = 'confirmed' AND r.checked_in_at IS NOT NULL)
               AS present
    FROM families_lecture l
    JOIN families_parentschool p ON p.id = l.parent_school_id
    LEFT JOIN families_registration r ON r.lecture_id = l.id
    WHERE l.ends_at <= %(as_of_end)s AND l.ends_at >= %(semester_start)s
    GROUP BY p.school_id
)
SELECT s.id, s.district_id,
       coalesce(v.visited, 0) * 100.0 / nullif(a.students, 0) AS coverage,
       coalesce(g.activities, 0) AS activities,
       coalesce(ap.law_hours, 0) AS law_hours,
       (ap.appointments IS NOT NULL) AS law_covered,
       (ps.school_id IS NOT NULL) AS parent_school,
       le.present * 100.0 / nullif(le.seats, 0) AS attendance
FROM schools_school s
LEFT JOIN active a ON a.school_id = s.id
LEFT JOIN visited v ON v.school_id = s.id
LEFT JOIN activities g ON g.school_id = s.id
LEFT JOIN appointments ap ON ap.school_id = s.id
LEFT JOIN parent_schools ps ON ps.school_id = s.id
LEFT JOIN lectures le ON le.school_id = s.id
ORDER BY s.id
"""


def _bulk(model, objects):
    return model.objects.bulk_create(objects, batch_size=BATCH)


def build_city(schools_count: int, students_count: int) -> dict:
    """A synthetic city, inserted in bulk; returns what the report needs."""
    from django.utils import timezone

    from families.models import Lecture, ParentSchool, Registration, RegistrationStatus
    from portal.models import Role, RoleAssignment, User
    from schools.models import (
        District,
        GuidanceActivity,
        HomeVisit,
        LawAppointment,
        LawSession,
        LawVicePrincipal,
        School,
        SchoolClass,
        Student,
        VisitedStudent,
    )
    from schools.services.semesters import semester_on

    today = timezone.localdate()
    semester = semester_on(today)
    officer = User.objects.create(username="bench-city", name="基准局")
    RoleAssignment.objects.create(user=officer, role=Role.CITY_OFFICER)
    districts = _bulk(
        District, (District(name=f"基准{n}区", code=f"4599{n:02d}") for n in range(DISTRICTS))
    )
    schools = _bulk(
        School,
        (
            School(
                district=districts[n % DISTRICTS],
                name=f"基准第{n}学校",
                code=f"R{n:05d}",
                stage="primary",
                area="urban",
            )
            for n in range(schools_count)
        ),
    )
    classes = _bulk(
        SchoolClass,
        (
            SchoolClass(school=s, district_id=s.district_id, grade=1 + n % 6, number=n)
            for s in schools
            for n in range(CLASSES_PER_SCHOOL)
        ),
    )
    students = _bulk(
        Student,
        (
            Student(
                school_class=classes[n % len(classes)],
                school_id=classes[n % len(classes)].school_id,
                district_id=classes[n % len(classes)].district_id,
                student_number=f"{n:07d}",
                name=f"学生{n}",
                gender="F",
                birth_date=datetime.date(2017, 3, 14),
            )
            for n in range(students_count)
        ),
    )
    visit_day = max(semester.starts_on, today - datetime.timedelta(days=1))
    visits = _bulk(
        HomeVisit,
        (
            HomeVisit(
                school_id=c.school_id,
                district_id=c.district_id,
                semester=semester,
                visited_on=visit_day,
                form="home",
                summary="基准家访",
                author=officer,
            )
            for c in classes
        ),
    )
    visit_of_class = {v.school_id * 1000 + n % CLASSES_PER_SCHOOL: v for n, v in enumerate(visits)}
    visited = [s for n, s in enumerate(students) if n % 10 < VISITED_SHARE * 10]
    _bulk(
        VisitedStudent,
        (
            VisitedStudent(
                visit=visit_of_class[s.school_id * 1000 + s.school_class.number],
                student=s,
                semester=semester,
                school_id=s.school_id,
            )
            for s in visited
        ),
    )
    _bulk(
        GuidanceActivity,
        (
            GuidanceActivity(
                school=s,
                district_id=s.district_id,
                semester=semester,
                kind="parent_meeting",
                title="基准家长会",
                held_on=semester.starts_on,
                audience="全体家长",
                attendance=40,
                recorded_by=officer,
            )
            for n, s in enumerate(schools)
            for _ in range(1 + n % 3)
        ),
    )
    principals = _bulk(
        LawVicePrincipal,
        (
            LawVicePrincipal(
                name=f"副校长{n}",
                organisation_kind="police",
                organisation_name="基准分局",
                district_id=s.district_id,
            )
            for n, s in enumerate(schools)
        ),
    )
    appointments = _bulk(
        LawAppointment,
        (
            LawAppointment(
                vice_principal=p,
                school=s,
                district_id=s.district_id,
                starts_on=datetime.date(today.year - 1, 9, 1),
            )
            for p, s in zip(principals, schools, strict=True)
            if s.pk % 10
        ),
    )
    _bulk(
        LawSession,
        (
            LawSession(
                appointment=a,
                school_id=a.school_id,
                district_id=a.district_id,
                held_on=today.replace(month=1, day=10),
                class_hours=2,
                topic="法治课",
                audience="全体学生",
            )
            for a in appointments
            for _ in range(a.pk % 3)
        ),
    )
    parent_schools = _bulk(
        ParentSchool,
        (
            ParentSchool(
                name=f"基准家长学校{n}",
                level="school",
                school=s,
                district_id=s.district_id,
                principal_name="王校长",
                established_on=datetime.date(2020, 9, 1),
            )
            for n, s in enumerate(schools)
            if n % 5
        ),
    )
    ended = timezone.now() - datetime.timedelta(hours=1)
    lectures = _bulk(
        Lecture,
        (
            Lecture(
                parent_school=p,
                title="基准讲座",
                venue="报告厅",
                starts_at=ended - datetime.timedelta(hours=2),
                ends_at=ended,
                capacity=50,
                signup_opens_at=ended - datetime.timedelta(days=7),
                signup_closes_at=ended - datetime.timedelta(days=1),
            )
            for p in parent_schools
        ),
    )
    guardians = _bulk(User, (User(username=f"bench-parent{n}") for n in range(40)))
    _bulk(
        Registration,
        (
            Registration(
                lecture=lecture,
                user=g,
                seats=1,
                status=RegistrationStatus.CONFIRMED,
                check_in_code=f"B{lecture.pk:07d}{n:02d}",
                checked_in_at=ended if n % 4 else None,
            )
            for lecture in lectures
            for n, g in enumerate(guardians)
        ),
    )
    return {"officer": officer, "semester": semester, "today": today}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _build(officer, *, traced: bool) -> tuple[float, object, int]:
    from django.core.cache import cache
    from django.utils import timezone

    from portal.dashboard import memo
    from portal.dashboard.periods import window_for
    from portal.dashboard.selectors import _cache_key
    from portal.models import AreaLevel, Report
    from portal.reports import services

    month = timezone.localdate().replace(day=1)
    cache.delete(_cache_key(window_for(month)))  # count afresh, as a first request would
    memo.clear()
    report = Report.objects.create(level=AreaLevel.CITY, month=month, requested_by=officer)
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    built = services.build_report(report.pk)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    if traced:
        tracemalloc.stop()
    assert built is not None and built.status == "done", built and built.error
    return seconds, built, peak


def time_report(officer) -> dict:
    """Timed without tracemalloc, which slows Python several times; the
    memory peak comes from a second, traced build."""
    rss_before = _peak_rss_mb()
    seconds, built, _peak = _build(officer, traced=False)
    _seconds, _built, peak = _build(officer, traced=True)
    return {
        "seconds": round(seconds, 2),
        "rows": built.rows,
        "peak_python_mb": round(peak / 2**20, 1),
        "rss_growth_mb": round(_peak_rss_mb() - rss_before, 1),
    }


def time_sql(semester, today) -> dict:
    from django.db import connection
    from django.utils import timezone

    params = {
        "semester": semester.pk,
        "semester_start": semester.starts_on,
        "year_start": today.replace(month=1, day=1),
        "as_of": today,
        "as_of_end": timezone.make_aware(datetime.datetime.combine(today, datetime.time.max)),
    }
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(PER_SCHOOL_SQL, params)
        rows = cursor.fetchall()
    return {"seconds": round(time.perf_counter() - started, 3), "schools": len(rows)}


def run(schools: int = SCHOOLS, students: int = STUDENTS) -> dict:
    started = time.perf_counter()
    city = build_city(schools, students)
    built_in = time.perf_counter() - started
    report = time_report(city["officer"])
    sql = time_sql(city["semester"], city["today"])
    return {
        f"report.city ({schools} schools, {students:,} students)": {
            "data_seconds": round(built_in, 1),
            "report_seconds": report["seconds"],
            "report_rows": report["rows"],
            "sql_seconds": sql["seconds"],
            "ratio": round(report["seconds"] / max(sql["seconds"], 0.001), 1),
            "peak_python_mb": report["peak_python_mb"],
            "rss_growth_mb": report["rss_growth_mb"],
        }
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=SCHOOLS)
    parser.add_argument("--students", type=int, default=STUDENTS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ["TEST_DB_NAME"] = "tongxin_bench_report"
    os.environ.setdefault("REPORTS_ROOT", "/tmp/tongxin-bench-reports")
    import django

    django.setup()
    import logging

    logging.getLogger("celery").setLevel(logging.WARNING)
    logging.getLogger("portal.reports").setLevel(logging.CRITICAL)
    from django.test.utils import setup_databases, teardown_databases

    config = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        results = run(args.schools, args.students)
    finally:
        from django.db import connections

        connections.close_all()
        teardown_databases(config, verbosity=0)
    path = ROOT / "bench" / "report.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    for name, row in results.items():
        print(name, ", ".join(f"{key}={value}" for key, value in row.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
