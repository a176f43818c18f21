"""Reads for rule-of-law vice principals (法治副校长): which schools have one,
and the class hours each school and each vice principal gave this year."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from portal import access, targets
from schools.indicators import LAW_COVERAGE, LAW_HOURS
from schools.models import District, LawAppointment, LawSession, LawVicePrincipal, School
from schools.selectors.activities import schools_for_recording

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=8, decimal_places=1))


def active_on(day: datetime.date) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def _hours(year: int, **outer) -> Coalesce:
    sums = (
        LawSession.objects.filter(held_on__year=year, **outer)
        .order_by()
        .values(*outer.keys())
        .annotate(total=Sum("class_hours"))
        .values("total")
    )
    return Coalesce(Subquery(sums), ZERO)


def schools_report(
    user, *, year: int, today: datetime.date, district: District | None = None
) -> QuerySet[School]:
    """The schools in scope, those without an active vice principal first,
    then the fewest hours; each with `has_vice_principal`, `hours` and
    `active_appointments` (with their vice principals)."""
    schools = access.visible(user, School)
    if district is not None:
        schools = schools.filter(district=district)
    active = LawAppointment.objects.filter(active_on(today))
    return (
        schools.annotate(
            has_vice_principal=Exists(active.filter(school=OuterRef("pk"))),
            hours=_hours(year, school=OuterRef("pk")),
        )
        .prefetch_related(
            Prefetch(
                "law_appointments",
                queryset=active.select_related("vice_principal").order_by("starts_on"),
                to_attr="active_appointments",
            )
        )
        .select_related("district")
        .order_by("has_vice_principal", "hours", "district__code", "code")
    )


@dataclass
class Coverage:
    schools: int
    covered: int
    target: Decimal

    @property
    def share(self) -> Decimal:
        if not self.schools:
            return Decimal(0)
        return (Decimal(self.covered) * 100 / self.schools).quantize(Decimal("0.1"))

    @property
    def met(self) -> bool:
        return self.schools > 0 and self.share >= self.target

    @property
    def uncovered(self) -> int:
        return self.schools - self.covered


def coverage(schools: QuerySet[School], district: District | None) -> Coverage:
    counts = schools.order_by().aggregate(
        total=Coalesce(Sum(Value(1)), 0),
        covered=Coalesce(Sum(Value(1), filter=Q(has_vice_principal=True)), 0),
    )
    return Coverage(
        schools=counts["total"],
        covered=counts["covered"],
        target=targets.target_for(LAW_COVERAGE.key, district_id=district.pk if district else None),
    )


def hour_targets(places, *, year: int) -> dict:
    return targets.targets_for(LAW_HOURS.key, list(places), period=str(year))


def vice_principals_report(
    user, *, year: int, today: datetime.date, district: District | None = None
) -> QuerySet[LawVicePrincipal]:
    vice_principals = access.visible(user, LawVicePrincipal)
    if district is not None:
        vice_principals = vice_principals.filter(district=district)
    return _with_hours(vice_principals, year=year, today=today)


def vice_principals_below_hours(*, year: int, today: datetime.date) -> list[LawVicePrincipal]:
    """Vice principals in office with a portal account who have taught fewer
    hours this year than their district's target, each with `hours` and
    `target` (for reminders, which no one person's scope limits)."""
    serving = LawVicePrincipal.objects.filter(
        account__isnull=False,
        account__is_active=True,
        pk__in=LawAppointment.objects.filter(active_on(today)).values("vice_principal_id"),
    ).select_related("account")
    rows = list(_with_hours(serving, year=year, today=today))
    values = hour_targets({(vp.district_id, None) for vp in rows}, year=year)
    behind = []
    for vp in rows:
        vp.target = values[(vp.district_id, None)]
        if vp.target is not None and vp.hours < vp.target:
            behind.append(vp)
    return behind


def _with_hours(vice_principals, *, year: int, today: datetime.date):
    return (
        vice_principals.annotate(hours=_hours(year, appointment__vice_principal=OuterRef("pk")))
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=LawAppointment.objects.filter(active_on(today))
                .select_related("school")
                .order_by("school__code"),
                to_attr="active_appointments",
            )
        )
        .order_by("hours", "name")
    )


def own_vice_principal(user) -> LawVicePrincipal | None:
    """The vice principal record whose portal account is this person."""
    if not user.is_authenticated:
        return None
    return access.visible(user, LawVicePrincipal).filter(account=user).first()


def may_record_session(user, appointment: LawAppointment) -> bool:
    if user.is_authenticated and appointment.vice_principal.account_id == user.pk:
        return True
    return access.may_create(
        user, LawSession, district_id=appointment.district_id, school_id=appointment.school_id
    )


def appointments_for_recording(user) -> QuerySet[LawAppointment]:
    """Appointments the person may record sessions on: their schools' (leaders
    and officers) and their own (a vice principal with an account)."""
    schools = schools_for_recording(user, LawSession)
    condition = Q(school__in=schools.values("pk"))
    if user.is_authenticated:
        condition |= Q(vice_principal__account=user)
    return (
        LawAppointment.objects.filter(condition)
        .select_related("vice_principal", "school")
        .order_by("school__code", "-starts_on")
    )
