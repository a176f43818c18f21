"""Each indicator's arithmetic on small known data: the value, the target
paced to the point of its period, red/amber/green, and the sums from
school to district to city."""

import datetime
from decimal import Decimal

import pytest

from portal.dashboard import memo
from portal.dashboard.figures import AMBER, GREEN, NONE, RED, Totals, status_of
from portal.dashboard.measures import get_measure
from portal.dashboard.periods import window_for
from portal.dashboard.selectors import Area, figures_for, take_snapshot, trends_for
from portal.models import AreaLevel, Target
from schools.models import PersonMet, VisitTopic
from schools.services import visits
from schools.tests.factories import (
    GuidanceActivityFactory,
    LawAppointmentFactory,
    SchoolFactory,
    SemesterFactory,
)

pytestmark = pytest.mark.django_db
COVERAGE = "schools.home_visit_coverage"
ACTIVITIES = "schools.guidance_activities_per_semester"
EVENTS = "schools.guidance_events_per_year"
LAW_HOURS = "schools.law_class_hours_per_year"
NOV_2026 = datetime.date(2026, 11, 1)


def visit(author, students, on):
    return visits.log_visit(
        author=author,
        students=students,
        visited_on=on,
        people_met=[PersonMet.PARENT],
        topics=[VisitTopic.STUDY],
        summary="了解学习情况。",
    )


def figure(area, key, month):
    return next(f for f in figures_for(area, window_for(month)).figures if f.key == key)


def city_area():
    return Area(level=AreaLevel.CITY)


def school_area(school):
    return Area(level=AreaLevel.SCHOOL, district=school.district, school=school)


def district_area(district):
    return Area(level=AreaLevel.DISTRICT, district=district)


@pytest.fixture
def autumn_2026(db):
    return SemesterFactory()


def test_home_visit_coverage_sums_students_from_school_to_city(city, people, autumn_2026):
    visit(people.head_teacher, [city.student_1], datetime.date(2026, 10, 12))

    school = figure(school_area(city.school), COVERAGE, NOV_2026)
    district = figure(district_area(city.qingxiu), COVERAGE, NOV_2026)
    whole = figure(city_area(), COVERAGE, NOV_2026)

    assert (school.value, district.value) == (Decimal("50.00"), Decimal("50.00"))
    assert whole.value == Decimal("33.33")  # 1 of the city's 3 students
    assert (whole.totals.numerator, whole.totals.denominator) == (1, 3)
    # 30 November is 91 of the semester's 153 days: 59.48 % expected by now.
    assert school.expected == Decimal("59.48")
    assert school.status == AMBER  # 50 is above 80 % of 59.48
    assert figure(school_area(city.other_school), COVERAGE, NOV_2026).status == RED
    assert (whole.totals.units, whole.totals.units_met) == (2, 0)


def test_a_school_with_no_students_has_no_coverage_and_is_not_counted_behind(
    city, people, autumn_2026
):
    empty = SchoolFactory(district=city.qingxiu, name="青秀区新建小学")
    visit(people.head_teacher, [city.student_1], datetime.date(2026, 10, 12))

    own = figure(school_area(empty), COVERAGE, NOV_2026)
    district = figure(district_area(city.qingxiu), COVERAGE, NOV_2026)

    assert own.value is None and own.status == NONE
    assert district.totals.units == 1  # the school with students only
    assert district.value == Decimal("50.00")


def test_a_semester_that_crosses_the_new_year_keeps_counting_in_january(city, people):
    autumn = SemesterFactory(
        school_year=2025,
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2026, 1, 31),
    )
    SemesterFactory(
        school_year=2025,
        term=2,
        starts_on=datetime.date(2026, 2, 1),
        ends_on=datetime.date(2026, 8, 31),
    )
    visit(people.head_teacher, [city.student_1], datetime.date(2025, 12, 10))
    GuidanceActivityFactory(
        school=city.school, semester=autumn, held_on=datetime.date(2025, 12, 20)
    )

    january = datetime.date(2026, 1, 1)
    assert figure(school_area(city.school), COVERAGE, january).value == Decimal("50.00")
    assert figure(school_area(city.school), ACTIVITIES, january).value == Decimal("1.00")
    # Yearly counts start again on 1 January; the December activity is last year's.
    assert figure(school_area(city.school), EVENTS, january).value == 0
    assert figure(school_area(city.school), EVENTS, datetime.date(2025, 12, 1)).value == 1
    # A new semester starts from nothing.
    february = datetime.date(2026, 2, 1)
    assert figure(school_area(city.school), COVERAGE, february).value == Decimal("0.00")
    assert figure(school_area(city.school), ACTIVITIES, february).value == Decimal("0.00")


def test_activities_per_school_averages_and_counts_schools_on_pace(city, autumn_2026):
    for day in (10, 20):
        GuidanceActivityFactory(
            school=city.school, semester=autumn_2026, held_on=datetime.date(2026, 10, day)
        )

    whole = figure(city_area(), ACTIVITIES, NOV_2026)

    assert whole.value == Decimal("1.00")  # 2 activities over 2 schools
    assert whole.expected == Decimal("1.19")  # 2 a semester, 91 of 153 days gone
    assert (whole.totals.units, whole.totals.units_met, whole.behind) == (2, 1, 1)
    assert whole.status == RED  # half the schools on pace
    assert figure(school_area(city.school), ACTIVITIES, NOV_2026).status == GREEN


def test_a_district_target_for_the_semester_replaces_the_city_default(city, autumn_2026):
    GuidanceActivityFactory(
        school=city.school, semester=autumn_2026, held_on=datetime.date(2026, 10, 10)
    )
    assert figure(school_area(city.school), ACTIVITIES, NOV_2026).status == RED
    Target.objects.create(indicator=ACTIVITIES, district=city.qingxiu, period="2026-1", value=1)

    school = figure(school_area(city.school), ACTIVITIES, NOV_2026)

    assert school.target == 1
    assert school.status == GREEN
    # Another semester still uses the city's 2.
    assert figure(school_area(city.school), ACTIVITIES, datetime.date(2027, 3, 1)).target == 2


def test_law_hours_count_per_appointment_over_the_calendar_year(city):
    from schools.models import LawSession

    appointment = LawAppointmentFactory(school=city.school)
    LawAppointmentFactory(school=city.other_school)
    for held_on, hours in ((datetime.date(2025, 12, 1), 3), (datetime.date(2026, 3, 1), 2)):
        LawSession.objects.create(
            appointment=appointment,
            school=city.school,
            district=city.qingxiu,
            held_on=held_on,
            class_hours=hours,
            topic="宪法",
            audience="五年级",
        )

    whole = figure(city_area(), LAW_HOURS, datetime.date(2026, 6, 1))

    assert whole.value == Decimal("1.00")  # 2 hours this year over 2 appointments
    assert (whole.totals.units, whole.totals.units_met) == (2, 1)  # 4 × 181/365 = 1.98
    assert whole.expected == Decimal("1.98")


def test_lower_is_better_is_green_at_or_under_target():
    measure = get_measure("programs.overdue_reviews")
    assert status_of(measure, Totals(), Decimal(0), Decimal(0)) == GREEN
    assert status_of(measure, Totals(), Decimal(2), Decimal(0)) == AMBER
    assert status_of(measure, Totals(), Decimal(5), Decimal(0)) == RED


def test_trend_reads_past_months_from_snapshots(city, people, autumn_2026):
    visit(people.head_teacher, [city.student_1], datetime.date(2026, 9, 20))
    take_snapshot(datetime.date(2026, 9, 1))
    take_snapshot(datetime.date(2026, 10, 1))
    visit(people.teacher, [city.student_2], datetime.date(2026, 11, 5))
    area = school_area(city.school)
    window = window_for(NOV_2026)

    trend = trends_for(area, window, figures_for(area, window).figures)[COVERAGE]

    assert [p.value for p in trend[-3:]] == [Decimal("50.00"), Decimal("50.00"), Decimal("100.00")]
    assert trend[0].value is None  # no snapshot a year ago


def test_the_city_figures_take_the_same_queries_whatever_the_number_of_schools(
    city, autumn_2026, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    def count() -> int:
        memo.clear()
        with CaptureQueriesContext(connection) as queries:
            figures_for(city_area(), window_for(NOV_2026))
        return len(queries)

    few = count()
    for number in range(6):
        SchoolFactory(district=city.qingxiu, name=f"青秀区第{number + 10}小学")
    assert count() == few
    assert few <= 36  # about one grouped query per indicator, one for all targets


def test_a_rate_such_as_attendance_is_judged_whole_not_paced(autumn_2026):
    from portal.dashboard.figures import expected_by_now

    window = window_for(NOV_2026)
    attendance = get_measure("families.lecture_attendance_rate")
    coverage = get_measure(COVERAGE)
    assert expected_by_now(attendance, Decimal(80), window) == Decimal("80.00")
    assert expected_by_now(coverage, Decimal(100), window) == Decimal("59.48")


def test_parent_schools_by_level_count_districts_and_villages(city):
    from families.models import ParentSchoolLevel
    from families.tests.factories import ParentSchoolFactory
    from schools.tests.factories import VillageFactory

    ParentSchoolFactory(school=city.school)
    ParentSchoolFactory(
        level=ParentSchoolLevel.COUNTY, school=None, district=city.qingxiu, name="青秀区家长学校"
    )
    ParentSchoolFactory(
        level=ParentSchoolLevel.VILLAGE,
        school=None,
        district=city.qingxiu,
        village=city.village,
        name="长塘村家长学校",
    )
    VillageFactory(town=city.village.town, name="那洪村")
    month = datetime.date(2026, 11, 1)

    assert figure(city_area(), "families.parent_school_coverage", month).value == Decimal("50.00")
    county = figure(city_area(), "families.county_parent_school_coverage", month)
    assert (county.value, county.totals.units, county.behind) == (Decimal("50.00"), 2, 1)
    villages = figure(district_area(city.qingxiu), "families.village_parent_school_coverage", month)
    assert villages.value == Decimal("50.00")  # 1 of the district's 2 villages
    assert villages.target is None
