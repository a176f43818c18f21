"""Parent schools, lectures and counselling."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from families.indicators import (
    COUNTY_PARENT_SCHOOLS,
    COURSE_COMPLETIONS,
    LECTURE_ATTENDANCE,
    REPLAY_VIEWS,
    VILLAGE_PARENT_SCHOOLS,
)
from families.models import (
    Completion,
    CounsellingRequest,
    HotlineCall,
    Lecture,
    ParentSchool,
    ParentSchoolLevel,
    RegistrationStatus,
    ReplayView,
)
from families.services.counselling import COUNSELLING_REQUESTS, HOTLINE_HOURS
from families.services.parent_schools import PARENT_SCHOOL_COVERAGE
from portal.dashboard.measures import COUNT, SHARE, Row, register_measure
from portal.dashboard.periods import Window
from schools.models import District, Village

from .common import grouped, per_school


def _day_end(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@register_measure(
    PARENT_SCHOOL_COVERAGE.key,
    SHARE,
    missing={"any": "families:parent-school-coverage"},
    unit_label="schools",
)
def parent_school_coverage(window: Window) -> list[Row]:
    covered = ParentSchool.objects.filter(
        level=ParentSchoolLevel.SCHOOL, is_active=True, established_on__lte=window.as_of
    ).values_list("school_id", flat=True)
    return per_school({school_id: 1 for school_id in covered if school_id is not None})


def _open_parent_schools(window: Window, levels):
    return ParentSchool.objects.filter(
        level__in=levels, is_active=True, established_on__lte=window.as_of
    )


@register_measure(COUNTY_PARENT_SCHOOLS.key, SHARE, unit_label="districts")
def county_parent_schools(window: Window) -> list[Row]:
    covered = set(
        _open_parent_schools(window, [ParentSchoolLevel.COUNTY]).values_list(
            "district_id", flat=True
        )
    )
    return [
        Row(district_id=pk, school_id=None, numerator=Decimal(pk in covered))
        for pk in District.objects.order_by("pk").values_list("pk", flat=True)
    ]


@register_measure(VILLAGE_PARENT_SCHOOLS.key, SHARE, unit_label="districts")
def village_parent_schools(window: Window) -> list[Row]:
    """One row per village or community; covered when one of its own runs."""
    levels = [ParentSchoolLevel.VILLAGE, ParentSchoolLevel.COMMUNITY]
    covered = set(_open_parent_schools(window, levels).values_list("village_id", flat=True))
    by_district: dict[int, list[int]] = {}
    for pk, district_id in Village.objects.order_by("pk").values_list("pk", "district_id"):
        by_district.setdefault(district_id, [0, 0])
        by_district[district_id][0] += pk in covered
        by_district[district_id][1] += 1
    return [
        Row(district_id=d, school_id=None, numerator=Decimal(n), denominator=Decimal(total))
        for d, (n, total) in by_district.items()
    ]


@register_measure(LECTURE_ATTENDANCE.key, SHARE, unit_label="lectures")
def lecture_attendance(window: Window) -> list[Row]:
    """Seats checked in of seats confirmed, one unit per lecture that has
    ended in the semester so far."""
    confirmed = Q(registrations__status=RegistrationStatus.CONFIRMED)
    attended = confirmed & Q(registrations__checked_in_at__isnull=False)
    lectures = (
        Lecture.objects.filter(
            ends_at__gte=_day_start(window.semester_start), ends_at__lte=_day_end(window.as_of)
        )
        .order_by("pk")
        .values("pk", "parent_school__district_id", "parent_school__school_id")
        .annotate(
            seats=Sum("registrations__seats", filter=confirmed),
            present=Sum("registrations__seats", filter=attended),
        )
    )
    return [
        Row(
            district_id=row["parent_school__district_id"],
            school_id=row["parent_school__school_id"],
            numerator=Decimal(row["present"] or 0),
            denominator=Decimal(row["seats"] or 0),
        )
        for row in lectures
    ]


def _between(field: str, start: datetime.date, window: Window) -> Q:
    return Q(**{f"{field}__gte": _day_start(start), f"{field}__lte": _day_end(window.as_of)})


@register_measure(COURSE_COMPLETIONS.key, COUNT)
def course_completions(window: Window) -> list[Row]:
    completions = Completion.objects.filter(_between("completed_at", window.semester_start, window))
    return grouped(
        completions,
        "course__parent_school__district_id",
        "course__parent_school__school_id",
        Count("pk"),
    )


@register_measure(REPLAY_VIEWS.key, COUNT)
def replay_views(window: Window) -> list[Row]:
    views = ReplayView.objects.filter(_between("viewed_at", window.year_start, window))
    return grouped(
        views,
        "lecture__parent_school__district_id",
        "lecture__parent_school__school_id",
        Count("pk"),
    )


@register_measure(COUNSELLING_REQUESTS.key, COUNT)
def counselling_requests(window: Window) -> list[Row]:
    requests = CounsellingRequest.objects.filter(
        _between("created_at", window.semester_start, window)
    )
    return grouped(requests, "station__district_id", None, Count("pk"))


@register_measure(HOTLINE_HOURS.key, COUNT)
def hotline_hours(window: Window) -> list[Row]:
    calls = HotlineCall.objects.filter(_between("started_at", window.year_start, window))
    totals: dict[int | None, datetime.timedelta] = {}
    for district_id, started, ended in calls.values_list(
        "station__district_id", "started_at", "ended_at"
    ).iterator():
        totals[district_id] = totals.get(district_id, datetime.timedelta()) + (ended - started)
    return [
        Row(
            district_id=district_id,
            school_id=None,
            numerator=(Decimal(length.total_seconds()) / 3600).quantize(Decimal("0.01")),
        )
        for district_id, length in sorted(totals.items(), key=lambda item: item[0] or 0)
    ]
