"""The benchmark's hand-written report statement (bench/report_sql.py) must
count exactly what the 18 measures count, so that comparing their speed
compares the same work. A small city with something for every measure,
and rows on both sides of every edge of the window, is counted both ways."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from bench import report_sql
from community.models import BookingStatus
from community.tests.factories import BookingFactory, BookingSlotFactory
from families.models import (
    Completion,
    Course,
    Lecture,
    ParentSchoolLevel,
    Registration,
    RegistrationStatus,
    ReplayView,
)
from families.tests.factories import ParentSchoolFactory
from families.tests.factories_content import (
    CounsellingRequestFactory,
    CounsellingStationFactory,
    HotlineCallFactory,
)
from portal.dashboard.measures import measures
from portal.dashboard.periods import window_for
from portal.tests.factories import UserFactory
from programs.models import Case, Referral, Review
from programs.tests.factories import CareNetworkFactory, NetworkMemberFactory
from schools.models import LawSession, PersonMet, SchoolClass, Student, VisitTopic
from schools.services import visits
from schools.tests.factories import (
    GuidanceActivityFactory,
    LawAppointmentFactory,
    SchoolFactory,
    SemesterFactory,
    StudentFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2026, 11, 20)


def at(day: datetime.date, hour: int = 12, minute: int = 0, second: int = 0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, second)))


def visit(author, students, on):
    return visits.log_visit(
        author=author,
        students=students,
        visited_on=on,
        people_met=[PersonMet.PARENT],
        topics=[VisitTopic.STUDY],
        summary="了解学习情况。",
    )


def schools_data(city, people, autumn, spring):
    # Home visits: a student visited twice, one visited only after as_of, one
    # who left the roll and one whose class closed after their visit.
    leaver = StudentFactory(school_class=city.class_1, name="离校生")
    closed_class = city.other_class
    visit(people.head_teacher, [city.student_1], D(2026, 10, 12))
    visit(people.head_teacher, [city.student_1, leaver], D(2026, 11, 2))
    visit(people.teacher, [city.student_2], D(2026, 11, 25))
    visit(people.head_teacher, [city.student_1], D(2026, 11, 26))  # and on time before
    visit(people.other_school_teacher, [city.other_student], D(2026, 10, 20))
    Student.objects.filter(pk=leaver.pk).update(is_active=False)
    SchoolClass.objects.filter(pk=closed_class.pk).update(is_active=False)
    SchoolFactory(district=city.qingxiu, name="青秀区新建小学")  # no students at all

    # Guidance activities: in the semester, earlier in the year, after as_of.
    for held_on in (D(2026, 9, 10), D(2026, 11, 20)):
        GuidanceActivityFactory(school=city.school, semester=autumn, held_on=held_on)
    GuidanceActivityFactory(school=city.other_school, semester=spring, held_on=D(2026, 4, 1))
    GuidanceActivityFactory(school=city.school, semester=autumn, held_on=D(2026, 11, 21))

    # Law: an appointment in force with sessions, one ended, one not begun.
    serving = LawAppointmentFactory(school=city.school, starts_on=D(2025, 9, 1))
    LawAppointmentFactory(school=city.school, starts_on=D(2026, 3, 1))  # no sessions yet
    LawAppointmentFactory(school=city.other_school, starts_on=D(2024, 9, 1), ends_on=D(2026, 6, 30))
    LawAppointmentFactory(school=city.other_school, starts_on=D(2026, 12, 1))
    for held_on, hours in ((D(2025, 12, 1), 8), (D(2026, 3, 3), 2), (D(2026, 11, 20), "1.5")):
        LawSession.objects.create(
            appointment=serving,
            school=city.school,
            district=city.qingxiu,
            held_on=held_on,
            class_hours=Decimal(hours),
            topic="宪法",
            audience="五年级",
        )
    LawSession.objects.create(
        appointment=serving,
        school=city.school,
        district=city.qingxiu,
        held_on=D(2026, 11, 28),
        class_hours=Decimal(4),
        topic="禁毒",
        audience="六年级",
    )


def families_data(city, people):
    home = ParentSchoolFactory(school=city.school)
    ParentSchoolFactory(school=city.other_school, established_on=D(2026, 12, 1))  # not yet
    ParentSchoolFactory(
        level=ParentSchoolLevel.COUNTY, school=None, district=city.qingxiu, name="青秀区家长学校"
    )
    ParentSchoolFactory(
        level=ParentSchoolLevel.COUNTY,
        school=None,
        district=city.xixiangtang,
        name="西乡塘区家长学校",
        is_active=False,
    )
    ParentSchoolFactory(
        level=ParentSchoolLevel.VILLAGE,
        school=None,
        district=city.qingxiu,
        village=city.village,
        name="长塘村家长学校",
    )
    VillageFactory(town=city.village.town, name="那洪村")  # a village without one
    online = ParentSchoolFactory(
        level=ParentSchoolLevel.ONLINE, school=None, district=None, name="网上家长学校"
    )

    def lecture(parent_school, ends_at, title):
        return Lecture.objects.create(
            parent_school=parent_school,
            title=title,
            starts_at=ends_at - datetime.timedelta(hours=2),
            ends_at=ends_at,
            capacity=100,
            signup_opens_at=ends_at - datetime.timedelta(days=10),
            signup_closes_at=ends_at - datetime.timedelta(hours=3),
            venue="礼堂",
        )

    held = lecture(home, at(D(2026, 10, 10)), "亲子沟通")
    lecture(home, at(D(2026, 11, 1)), "无人报名")  # no registrations: 0 of 0
    webinar = lecture(online, at(AS_OF, 23, 30), "网上讲座")
    lecture(home, at(D(2026, 8, 20)), "暑期讲座")  # before the semester
    lecture(home, at(D(2026, 11, 21), 0, 30), "下周讲座")  # after as_of
    for number, (on, seats, status, checked_in) in enumerate(
        [
            (held, 2, RegistrationStatus.CONFIRMED, True),
            (held, 3, RegistrationStatus.CONFIRMED, False),
            (held, 1, RegistrationStatus.WAITING, False),
            (held, 2, RegistrationStatus.CANCELLED, True),
            (webinar, 1, RegistrationStatus.CONFIRMED, True),
        ]
    ):
        Registration.objects.create(
            lecture=on,
            user=UserFactory(),
            seats=seats,
            status=status,
            check_in_code=f"CODE{number:04d}",
            checked_in_at=on.ends_at - datetime.timedelta(hours=1) if checked_in else None,
        )

    course = Course.objects.create(parent_school=home, title="新父母大讲堂")
    for number, completed_at in enumerate(
        [at(D(2026, 9, 1), 0, 0), at(D(2026, 11, 20), 23, 59), at(D(2026, 8, 31), 23, 59)]
    ):
        done = Completion.objects.create(
            course=course, user=UserFactory(), certificate_number=f"TX2026-{number:06d}"
        )
        Completion.objects.filter(pk=done.pk).update(completed_at=completed_at)
    for viewed_at in (at(D(2026, 2, 1)), at(D(2025, 12, 31), 23), at(D(2026, 11, 21), 0, 1)):
        view = ReplayView.objects.create(lecture=held)
        ReplayView.objects.filter(pk=view.pk).update(viewed_at=viewed_at)

    local = CounsellingStationFactory(district=city.qingxiu)
    central = CounsellingStationFactory(district=None)
    for station, created_at in ((local, D(2026, 10, 1)), (local, D(2026, 6, 1)), (central, AS_OF)):
        request = CounsellingRequestFactory(station=station)
        type(request).objects.filter(pk=request.pk).update(created_at=at(created_at))
    # 90 s is 0.025 h: half-even rounds it to 0.02, round() in SQL would not.
    for station, start, seconds in (
        (local, at(D(2026, 3, 1)), 90),
        (central, at(D(2026, 5, 1)), 54),
        (central, at(D(2026, 11, 2)), 1800),
        (central, at(D(2025, 12, 30)), 3600),
    ):
        HotlineCallFactory(
            station=station, started_at=start, ended_at=start + datetime.timedelta(seconds=seconds)
        )


def community_data(city, autumn):
    for day, students, status in (
        (D(2026, 10, 9), 30, BookingStatus.CONFIRMED),
        (D(2026, 11, 20), 12, BookingStatus.CONFIRMED),
        (D(2026, 11, 27), 40, BookingStatus.CONFIRMED),  # after as_of
        (D(2026, 10, 16), 25, BookingStatus.REQUESTED),
    ):
        BookingFactory(
            slot=BookingSlotFactory(date=day),
            school_class=city.class_1,
            semester=autumn,
            students=students,
            status=status,
        )


def care_data(city, people):
    def case(student, approved, closed=None):
        return Case.objects.create(
            kind="plan",
            student=student,
            school=student.school,
            district=student.district,
            risk_level="high",
            lead=people.counsellor,
            summary="父母外出务工。",
            approved_at=approved,
            closed_at=closed,
        )

    open_case = case(city.student_1, at(D(2026, 9, 5)))
    case(city.student_2, at(D(2026, 9, 5)), closed=at(D(2026, 11, 21)))  # closed later
    case(city.other_student, at(D(2026, 9, 5)), closed=at(D(2026, 10, 1)))
    case(city.student_2, at(D(2026, 11, 21)))  # approved after as_of
    case(city.other_student, None)  # never approved

    for due_on, done_on in (
        (D(2026, 11, 1), None),
        (D(2026, 11, 1), D(2026, 11, 25)),
        (D(2026, 11, 1), D(2026, 11, 10)),
        (AS_OF, None),
    ):
        Review.objects.create(case=open_case, due_on=due_on, done_on=done_on)

    from community.models import Department

    department = Department.objects.create(name="青秀区民政局", kind="civil_affairs")
    for sent_at, days, answered_at in (
        (at(D(2026, 11, 1)), 5, None),
        (at(D(2026, 11, 1)), 5, at(D(2026, 11, 22))),
        (at(D(2026, 11, 15), 23, 59, 59), 5, None),  # due just before the end of the day
        (at(D(2026, 11, 18)), 5, None),
        (at(D(2026, 11, 15), 23, 59, 59) + datetime.timedelta(microseconds=999999), 5, None),
        (at(D(2026, 11, 1)), 5, at(D(2026, 11, 3))),
    ):
        referral = Referral.objects.create(
            case=open_case,
            to_department=department,
            reason="无人照看",
            asked="请核实",
            sent_by=people.counsellor,
            escalate_after_days=days,
            answered_at=answered_at,
            status="sent" if answered_at is None else "answered",
        )
        Referral.objects.filter(pk=referral.pk).update(sent_at=sent_at)  # set on create

    network = CareNetworkFactory(school=city.school)
    NetworkMemberFactory(network=network, student=city.student_1, joined_on=D(2026, 3, 1))
    NetworkMemberFactory(network=network, student=city.student_2, joined_on=D(2026, 11, 21))
    second = CareNetworkFactory(school=city.school)
    NetworkMemberFactory(network=second, student=city.student_1, joined_on=D(2026, 5, 1))
    closed = CareNetworkFactory(school=city.other_school, is_active=False)
    NetworkMemberFactory(network=closed, student=city.other_student, joined_on=D(2026, 5, 1))


@pytest.fixture
def window(city, people):
    autumn = SemesterFactory()
    spring = SemesterFactory(
        term=2, school_year=2025, starts_on=D(2026, 2, 1), ends_on=D(2026, 8, 31)
    )
    schools_data(city, people, autumn, spring)
    families_data(city, people)
    community_data(city, autumn)
    care_data(city, people)
    return window_for(D(2026, 11, 1), today=AS_OF)


def test_the_hand_sql_counts_what_every_measure_counts(window):
    _, rows = report_sql.run_hand_sql(window)
    orm = report_sql.rows_by_measure_from_orm(window)
    sql = report_sql.rows_by_measure_from_sql(rows)

    assert len(orm) == len(measures()) == 18
    assert report_sql.differences(orm, sql) == {}
    assert (
        report_sql.differences(
            report_sql.units_by_measure_from_orm(window), report_sql.units_by_measure_from_sql(rows)
        )
        == {}
    )
    # Every measure has something to count here, so none agrees by being empty.
    assert all(orm[key] for key in orm), [key for key in orm if not orm[key]]


def test_the_small_city_is_counted_as_expected(window, city):
    """A few hand-checked figures, so both sides cannot agree on a mistake."""
    _, rows = report_sql.run_hand_sql(window)
    sql = report_sql.rows_by_measure_from_sql(rows)
    school = (city.qingxiu.pk, city.school.pk)

    # student_1 twice and the leaver count once and not at all; student_2 late.
    assert sql["schools.home_visit_coverage"][school] == (1, 2)
    assert (city.xixiangtang.pk, city.other_school.pk) not in sql["schools.home_visit_coverage"]
    assert sql["schools.law_class_hours_per_year"][school] == (Decimal("3.5"), 2)
    assert sql["families.lecture_attendance_rate"][school] == (2, 5)
    assert sql["families.lecture_attendance_rate"][(None, None)] == (1, 1)
    assert sql["families.hotline_hours_per_year"][(city.qingxiu.pk, None)] == (Decimal("0.02"), 1)
    assert sql["families.hotline_hours_per_year"][(None, None)] == (Decimal("0.52"), 1)
    assert sql["programs.unanswered_referrals"][school] == (3, 1)
    assert sql["programs.network_children"][school] == (1, 1)
    assert sql["community.study_visits_per_student"][school] == (42, 2)
