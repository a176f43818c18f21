"""Curating the education map: places and practice bases, their approval
(遴选) with its history, and the recommended list of study-tour providers."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from community.models import (
    ApprovalRecord,
    ApprovalStatus,
    EducationResource,
    StudyTourProvider,
)
from community.services.errors import ResourceError
from portal import access
from portal.models import User


def check_in_city(*, latitude, longitude) -> None:
    """Refuse coordinates outside the city's bounding box (a swapped pair or
    a typo puts a museum in the sea)."""
    south, west, north, east = settings.CITY_BOUNDS
    if latitude is None or longitude is None:
        raise ResourceError(_("Give both latitude and longitude."), field="latitude")
    lat, lon = Decimal(str(latitude)), Decimal(str(longitude))
    if not (Decimal(str(south)) <= lat <= Decimal(str(north))):
        raise ResourceError(
            _(
                "Latitude %(value)s is outside the city (between %(south)s and %(north)s). "
                "Check that latitude and longitude are not swapped."
            )
            % {"value": lat, "south": south, "north": north},
            field="latitude",
        )
    if not (Decimal(str(west)) <= lon <= Decimal(str(east))):
        raise ResourceError(
            _(
                "Longitude %(value)s is outside the city (between %(west)s and %(east)s). "
                "Check that latitude and longitude are not swapped."
            )
            % {"value": lon, "west": west, "east": east},
            field="longitude",
        )


def check_resource(resource: EducationResource) -> None:
    """The rules a place must meet before it is saved (the forms ask too)."""
    check_in_city(latitude=resource.latitude, longitude=resource.longitude)
    if resource.star_rating is not None and not 1 <= resource.star_rating <= 5:
        raise ResourceError(_("A star rating is from 1 to 5."), field="star_rating")
    if resource.open_for_bookings and resource.approval_status != ApprovalStatus.APPROVED:
        raise ResourceError(
            _("Only an approved place can be opened for school bookings."),
            field="open_for_bookings",
        )


def _require_curator(user: User, obj) -> None:
    if not access.can_change(user, obj):
        raise ResourceError(_("Only the education bureau curates the map."))


@transaction.atomic
def save_resource(*, resource: EducationResource, by: User) -> EducationResource:
    """Create or update a place. A new place starts as applied, with that
    first step written to its approval history; the status itself changes
    only through `set_resource_status`."""
    is_new = resource.pk is None
    if is_new:
        resource.approval_status = ApprovalStatus.APPLIED
        resource.open_for_bookings = False
    else:
        _require_curator(by, resource)
        resource.approval_status = (
            EducationResource.objects.filter(pk=resource.pk)
            .values_list("approval_status", flat=True)
            .get()
        )
    check_resource(resource)
    resource.save()
    # Checked after the write as well, so that a district officer cannot
    # place a resource in (or move it to) another district.
    _require_curator(by, resource)
    if is_new:
        ApprovalRecord.objects.create(
            resource=resource, status=ApprovalStatus.APPLIED, decided_by=by
        )
    return resource


@transaction.atomic
def set_resource_status(
    *, resource: EducationResource, status: str, by: User, note: str = ""
) -> EducationResource:
    """Approve or suspend a place (or send it back to applied); a place that
    is no longer approved stops taking bookings at once."""
    status = ApprovalStatus(status)
    _require_curator(by, resource)
    resource = EducationResource.objects.select_for_update().get(pk=resource.pk)
    if resource.approval_status == status:
        raise ResourceError(
            _("%(name)s is already %(status)s.")
            % {"name": resource.name, "status": status.label.lower()}
        )
    resource.approval_status = status
    if status != ApprovalStatus.APPROVED:
        resource.open_for_bookings = False
    resource.save(update_fields=["approval_status", "open_for_bookings", "updated_at"])
    ApprovalRecord.objects.create(
        resource=resource, status=status, note=note.strip(), decided_by=by
    )
    return resource


@transaction.atomic
def set_open_for_bookings(
    *, resource: EducationResource, is_open: bool, by: User
) -> EducationResource:
    _require_curator(by, resource)
    resource = EducationResource.objects.select_for_update().get(pk=resource.pk)
    resource.open_for_bookings = is_open
    check_resource(resource)
    resource.save(update_fields=["open_for_bookings", "updated_at"])
    return resource


@transaction.atomic
def save_provider(*, provider: StudyTourProvider, by: User) -> StudyTourProvider:
    is_new = provider.pk is None
    if is_new:
        provider.approval_status = ApprovalStatus.APPLIED
        provider.is_recommended = False
    else:
        _require_curator(by, provider)
        current = StudyTourProvider.objects.values("approval_status", "is_recommended").get(
            pk=provider.pk
        )
        provider.approval_status = current["approval_status"]
        provider.is_recommended = current["is_recommended"]
    provider.save()
    _require_curator(by, provider)
    if is_new:
        ApprovalRecord.objects.create(
            provider=provider, status=ApprovalStatus.APPLIED, decided_by=by
        )
    return provider


@transaction.atomic
def set_provider_status(
    *, provider: StudyTourProvider, status: str, by: User, note: str = ""
) -> StudyTourProvider:
    """Approve or suspend a provider; one that is not approved leaves the
    recommended list."""
    status = ApprovalStatus(status)
    _require_curator(by, provider)
    provider = StudyTourProvider.objects.select_for_update().get(pk=provider.pk)
    if provider.approval_status == status:
        raise ResourceError(
            _("%(name)s is already %(status)s.")
            % {"name": provider.name, "status": status.label.lower()}
        )
    provider.approval_status = status
    if status != ApprovalStatus.APPROVED:
        provider.is_recommended = False
    provider.save(update_fields=["approval_status", "is_recommended"])
    ApprovalRecord.objects.create(
        provider=provider, status=status, note=note.strip(), decided_by=by
    )
    return provider


@transaction.atomic
def recommend_provider(
    *, provider: StudyTourProvider, recommended: bool, by: User
) -> StudyTourProvider:
    _require_curator(by, provider)
    provider = StudyTourProvider.objects.select_for_update().get(pk=provider.pk)
    if recommended and provider.approval_status != ApprovalStatus.APPROVED:
        raise ResourceError(
            _("Only an approved provider can be put on the recommended list."),
            field="is_recommended",
        )
    provider.is_recommended = recommended
    provider.save(update_fields=["is_recommended"])
    return provider
