"""Reads of partners: organisations, volunteers with their hours, lecturer
groups and the lecturers other apps name as speakers."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from community.models import Lecturer, LecturerGroup, Organisation, Volunteer, VolunteerHours
from portal import access
from portal.phones import mask_phone


def lecturers_for_choice(user) -> QuerySet[Lecturer]:
    """Active lecturers someone may name as a lecture's speaker."""
    return (
        access.visible(user, Lecturer)
        .filter(is_active=True)
        .select_related("group")
        .order_by("group__name", "name")
    )


def may_see_volunteers(user) -> bool:
    """Officers and partners; a volunteer reaches only their own page."""
    return access.can_access_model(user, Volunteer, include_own=False)


def may_log_hours(user) -> bool:
    return access.can_access_model(user, VolunteerHours, access.CHANGE, include_own=False)


def organisations_for(user, *, search: str = "", district_id: int | None = None):
    rows = access.visible(user, Organisation).select_related("district").filter(is_active=True)
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(services__icontains=search))
    if district_id:
        rows = rows.filter(district_id=district_id)
    return rows.annotate(
        volunteer_count=Count("volunteers", filter=Q(volunteers__is_active=True))
    ).order_by("name", "pk")


def lecturer_groups_for(user) -> QuerySet[LecturerGroup]:
    active = Lecturer.objects.filter(is_active=True).order_by("name")
    return (
        access.visible(user, LecturerGroup)
        .select_related("district", "organisation")
        .prefetch_related(Prefetch("lecturers", queryset=active, to_attr="active_lecturers"))
    )


def _hours_total(year: int, *, verified_only: bool = False):
    condition = Q(hours__served_on__year=year)
    if verified_only:
        condition &= Q(hours__verified_at__isnull=False)
    return Coalesce(
        Sum("hours__hours", filter=condition),
        Value(Decimal(0)),
        output_field=DecimalField(max_digits=8, decimal_places=1),
    )


def volunteers_for(user, *, year: int | None = None, search: str = "") -> QuerySet[Volunteer]:
    """Volunteers in reach with their hours this year. The access filter runs
    as a subquery: its join through the areas served would otherwise count
    an hour once per matching area."""
    year = year or timezone.localdate().year
    rows = Volunteer.objects.filter(pk__in=access.visible(user, Volunteer).values("pk"))
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(skills__icontains=search))
    return (
        rows.select_related("organisation")
        .prefetch_related("districts")
        .annotate(
            hours_this_year=_hours_total(year),
            verified_this_year=_hours_total(year, verified_only=True),
        )
        .order_by("name", "pk")
    )


def changeable_ids(user, model, ids) -> set[int]:
    """Which of these rows the person may change (one query), for showing
    phone numbers in full only to them."""
    return set(
        access.visible(user, model, access.CHANGE)
        .filter(pk__in=list(ids))
        .values_list("pk", flat=True)
    )


def with_phones(user, rows, *, field: str, model) -> list:
    """Sets `shown_phone` on each row: in full for those who may change the
    row, masked for everyone else."""
    rows = list(rows)
    full = changeable_ids(user, model, [row.pk for row in rows])
    for row in rows:
        phone = getattr(row, field) or ""
        row.shown_phone = phone if row.pk in full else mask_phone(phone)
        row.may_change = row.pk in full
    return rows


def volunteer_of(user) -> Volunteer | None:
    if not user.is_authenticated:
        return None
    return Volunteer.objects.filter(account=user).select_related("organisation").first()


def hours_of(user, volunteer: Volunteer) -> QuerySet[VolunteerHours]:
    return (
        access.visible(user, VolunteerHours)
        .filter(volunteer=volunteer)
        .select_related("district", "recorded_by", "verified_by")
        .order_by("-served_on", "-pk")
    )


def totals_of(volunteer: Volunteer, *, year: int | None = None) -> dict:
    year = year or timezone.localdate().year
    return VolunteerHours.objects.filter(volunteer=volunteer).aggregate(
        this_year=Coalesce(
            Sum("hours", filter=Q(served_on__year=year)),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=8, decimal_places=1),
        ),
        verified_this_year=Coalesce(
            Sum("hours", filter=Q(served_on__year=year, verified_at__isnull=False)),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=8, decimal_places=1),
        ),
        all_time=Coalesce(
            Sum("hours"),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=8, decimal_places=1),
        ),
    )
