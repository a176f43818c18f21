"""Home visits, guidance activities and law education."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum

from portal.dashboard.measures import COUNT, PER_UNIT, SHARE, Row, register_measure
from schools.indicators import (
    GUIDANCE_ACTIVITIES,
    GUIDANCE_EVENTS,
    HOME_VISIT_COVERAGE,
    LAW_COVERAGE,
    LAW_HOURS,
)
from schools.models import GuidanceActivity, LawAppointment, LawSession, Student, VisitedStudent

from .common import active_students_by_school, grouped, per_school


def _active_on(day) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


@register_measure(
    HOME_VISIT_COVERAGE.key,
    SHARE,
    missing={"district": "schools:coverage-district", "school": "schools:coverage-school"},
    unit_label="schools",
)
def home_visit_coverage(window) -> list[Row]:
    """Students visited by as_of this semester, over students on the roll.
    Counted from the visit rows alone (an index scan), less the few pairs
    that do not count: a student off the roll, or seen only after as_of;
    joining a city's million visit rows to its students costs seconds."""
    rows = VisitedStudent.objects.filter(semester=window.semester).order_by()
    counts = {
        row["school_id"]: row["n"]
        for row in rows.values("school_id").annotate(n=Count("student_id", distinct=True))
    }
    off_roll = Student.objects.filter(Q(is_active=False) | Q(school_class__is_active=False))
    lost = set(rows.filter(student__in=off_roll).values_list("school_id", "student_id"))
    late = set(
        rows.filter(visit__visited_on__gt=window.as_of).values_list("school_id", "student_id")
    )
    if late - lost:
        seen = set(
            rows.filter(
                student_id__in={student for _school, student in late - lost},
                visit__visited_on__lte=window.as_of,
            ).values_list("school_id", "student_id")
        )
        lost |= late - seen
    for school_id, _student_id in lost:
        counts[school_id] -= 1
    return per_school(counts, active_students_by_school())


def _activities(window, start):
    return GuidanceActivity.objects.filter(held_on__gte=start, held_on__lte=window.as_of)


@register_measure(
    GUIDANCE_ACTIVITIES.key,
    PER_UNIT,
    missing={"district": "schools:activities-district", "school": "schools:activities-school"},
    unit_label="schools",
)
def guidance_activities(window) -> list[Row]:
    rows = (
        _activities(window, window.semester_start)
        .filter(semester=window.semester)
        .order_by()
        .values("school_id")
        .annotate(n=Count("pk"))
    )
    return per_school({row["school_id"]: row["n"] for row in rows})


@register_measure(GUIDANCE_EVENTS.key, COUNT)
def guidance_events(window) -> list[Row]:
    return grouped(_activities(window, window.year_start), "district_id", "school_id", Count("pk"))


@register_measure(
    LAW_HOURS.key, PER_UNIT, missing={"any": "schools:law"}, unit_label="vice principals"
)
def law_hours(window) -> list[Row]:
    """One unit per appointment in force: each vice principal must teach
    the hours at each school they serve."""
    hours = dict(
        LawSession.objects.filter(held_on__gte=window.year_start, held_on__lte=window.as_of)
        .order_by()
        .values("appointment_id")
        .annotate(total=Sum("class_hours"))
        .values_list("appointment_id", "total")
    )
    appointments = LawAppointment.objects.filter(_active_on(window.as_of)).values_list(
        "pk", "district_id", "school_id"
    )
    return [
        Row(district_id=d, school_id=s, numerator=Decimal(hours.get(pk) or 0))
        for pk, d, s in appointments.order_by("pk")
    ]


@register_measure(LAW_COVERAGE.key, SHARE, missing={"any": "schools:law"}, unit_label="schools")
def law_coverage(window) -> list[Row]:
    covered = set(
        LawAppointment.objects.filter(_active_on(window.as_of)).values_list("school_id", flat=True)
    )
    return per_school({school_id: 1 for school_id in covered})
