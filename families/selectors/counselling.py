"""Reads for the counselling station: a family's own requests, a station's
queue, and the hotline's hours per month."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.http import Http404

from families.models import CounsellingRequest, CounsellingStation, FamilyLink, HotlineCall
from portal import access
from portal.targets import target_for


def stations_of(user) -> QuerySet[CounsellingStation]:
    """Stations the person leads or counsels at."""
    if not user.is_authenticated:
        return CounsellingStation.objects.none()
    counselled = CounsellingStation.counsellors.through.objects.filter(user_id=user.pk).values(
        "counsellingstation_id"
    )
    return (
        CounsellingStation.objects.filter(Q(lead_id=user.pk) | Q(pk__in=counselled))
        .select_related("district", "lead")
        .order_by("district__code", "name")
    )


def station_of_or_404(user, station_id: int | None) -> CounsellingStation:
    """The chosen station (or the person's first) among those they work at."""
    stations = stations_of(user)
    station = stations.filter(pk=station_id).first() if station_id is not None else stations.first()
    if station is None:
        raise Http404
    return station


def my_requests(user) -> QuerySet[CounsellingRequest]:
    return (
        access.visible(user, CounsellingRequest)
        .filter(requester_id=user.pk)
        .select_related("station", "student", "counsellor")
        .order_by("-created_at")
    )


def station_queue(user, station: CounsellingStation, status: str = "") -> QuerySet:
    requests = (
        access.visible(user, CounsellingRequest)
        .filter(station=station)
        .select_related("station", "requester", "student", "counsellor")
        .order_by("-created_at")
    )
    return requests.filter(status=status) if status else requests


def request_for(user, pk: int) -> CounsellingRequest:
    return access.get_visible_or_404(
        user,
        CounsellingRequest.objects.select_related(
            "station", "requester", "student__school_class__school", "counsellor"
        ),
        pk=pk,
    )


def children_of(user):
    """The person's bound children, for choosing whom a request is about."""
    return [
        link.student
        for link in FamilyLink.objects.filter(user_id=user.pk, student__is_active=True)
        .select_related("student__school")
        .order_by("student__name")
    ]


def counsellors_of(station: CounsellingStation):
    """The lead and the counsellors, each once."""
    people = {station.lead_id: station.lead}
    for person in station.counsellors.order_by("name"):
        people.setdefault(person.pk, person)
    return list(people.values())


@dataclass
class MonthHours:
    month: int
    calls: int
    hours: Decimal


@dataclass
class YearHours:
    year: int
    months: list[MonthHours]
    calls: int
    hours: Decimal
    # The bureau's yearly total for the station's district, if it set one.
    target: Decimal | None

    @property
    def share(self) -> Decimal | None:
        if not self.target:
            return None
        return (self.hours / self.target * 100).quantize(Decimal("0.1"))


def _hours(duration: datetime.timedelta | None) -> Decimal:
    if not duration:
        return Decimal("0.0")
    return (Decimal(duration.total_seconds()) / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)


def calls_of(user, station: CounsellingStation) -> QuerySet[HotlineCall]:
    return (
        access.visible(user, HotlineCall)
        .filter(station=station)
        .select_related("counsellor")
        .order_by("-started_at")
    )


def hotline_hours(user, station: CounsellingStation, year: int) -> YearHours:
    """Calls and hours per month of the year (by the local time a call
    started), in one aggregate query."""
    # Aggregated over the visible calls' ids: the access filter's join through
    # the station's counsellors would otherwise count a call once per counsellor.
    visible_ids = access.visible(user, HotlineCall).filter(station=station).values("pk")
    rows = (
        HotlineCall.objects.filter(pk__in=visible_ids, started_at__year=year)
        .annotate(month=ExtractMonth("started_at"))
        .values("month")
        .order_by("month")
        .annotate(
            calls=Count("pk"),
            length=Sum(
                ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
            ),
        )
    )
    by_month = {row["month"]: row for row in rows}
    months = [
        MonthHours(
            month=month,
            calls=by_month.get(month, {}).get("calls", 0),
            hours=_hours(by_month.get(month, {}).get("length")),
        )
        for month in range(1, 13)
    ]
    total = sum((row["length"] for row in by_month.values() if row["length"]), datetime.timedelta())
    return YearHours(
        year=year,
        months=months,
        calls=sum(row.calls for row in months),
        hours=_hours(total),
        target=target_for(HOTLINE_KEY, district_id=station.district_id, period=str(year)),
    )


HOTLINE_KEY = "families.hotline_hours_per_year"
