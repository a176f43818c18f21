"""Volunteers' service hours: logged by an officer, checked against a day's
length, verified by an officer."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Volunteer, VolunteerHours
from community.services.errors import CommunityError
from portal import access
from portal.models import User
from schools.models import District

MAX_HOURS_A_DAY = Decimal(24)


def validate_hours(
    *,
    volunteer: Volunteer,
    served_on: datetime.date,
    hours,
    activity: str,
    exclude_pk: int | None = None,
) -> Decimal:
    """The rules a day of service keeps; returns the hours as a Decimal."""
    try:
        amount = Decimal(str(hours))
    except (InvalidOperation, TypeError, ValueError):
        raise CommunityError(
            _("Enter the hours as a number, such as 2.5."), field="hours"
        ) from None
    if not amount.is_finite() or amount <= 0:
        raise CommunityError(_("Hours must be more than zero."), field="hours")
    if amount > MAX_HOURS_A_DAY:
        raise CommunityError(_("A day has no more than 24 hours of service."), field="hours")
    if amount != amount.quantize(Decimal("0.1")):
        raise CommunityError(_("Record hours to one decimal place, such as 2.5."), field="hours")
    if served_on > timezone.localdate():
        raise CommunityError(
            _("Service hours cannot be logged for a future date."), field="served_on"
        )
    if served_on < volunteer.joined_on:
        raise CommunityError(
            _("The volunteer joined on %(date)s; hours before that cannot be logged.")
            % {"date": volunteer.joined_on.isoformat()},
            field="served_on",
        )
    if not (activity or "").strip():
        raise CommunityError(_("Say what the service was."), field="activity")
    that_day = VolunteerHours.objects.filter(volunteer=volunteer, served_on=served_on)
    if exclude_pk is not None:
        that_day = that_day.exclude(pk=exclude_pk)
    already = that_day.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if already + amount > MAX_HOURS_A_DAY:
        raise CommunityError(
            _(
                "%(name)s already has %(already)s hours on %(date)s; "
                "a day has no more than 24 hours of service."
            )
            % {"name": volunteer.name, "already": already, "date": served_on.isoformat()},
            field="hours",
        )
    return amount


@transaction.atomic
def log_volunteer_hours(
    *,
    by: User,
    volunteer: Volunteer,
    served_on: datetime.date,
    hours,
    activity: str,
    district: District,
) -> VolunteerHours:
    """An officer logs a volunteer's service. Out of the officer's reach
    (the volunteer, or the district served) is a 404."""
    if not access.visible(by, Volunteer, access.CHANGE).filter(pk=volunteer.pk).exists():
        raise Http404
    # The volunteer's row is the lock that keeps two officers logging the
    # same day at once from passing 24 hours together.
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if not volunteer.is_active:
        raise CommunityError(_("This volunteer is no longer active."), field="volunteer")
    amount = validate_hours(
        volunteer=volunteer, served_on=served_on, hours=hours, activity=activity
    )
    entry = VolunteerHours.objects.create(
        volunteer=volunteer,
        served_on=served_on,
        hours=amount,
        activity=activity.strip(),
        district=district,
        recorded_by=by,
    )
    if not access.can_change(by, entry):
        raise Http404
    return entry


@transaction.atomic
def verify_volunteer_hours(*, by: User, entry: VolunteerHours) -> VolunteerHours:
    entry = access.get_visible_or_404(
        by, VolunteerHours.objects.select_for_update(), access.CHANGE, pk=entry.pk
    )
    if entry.verified_at is not None:
        raise CommunityError(_("These hours are already verified."))
    entry.verified_by = by
    entry.verified_at = timezone.now()
    entry.save(update_fields=["verified_by", "verified_at"])
    return entry
