"""Attendance: staff check families in by their registration's code or by
ticking a roll call; watching an online lecture's replay after it ended
counts as attending it. Every way in ends in `complete_if_qualified`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import Lecture, Registration, RegistrationStatus, ReplayView
from families.services.completion import complete_if_qualified
from families.services.errors import FamiliesError
from portal.models import User


class AttendanceError(FamiliesError):
    """A check-in or replay that cannot count (wrong code, no seat, no replay)."""


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    already: bool


def normalise_code(code: str) -> str:
    """Scanner apps and thumbs add spaces, dashes and lower case."""
    return "".join(ch for ch in (code or "") if ch.isalnum()).upper()


def _mark_attended(*, registration: Registration, by: User | None) -> bool:
    """Set the check-in time once; a second scan, a concurrent tick or a
    replay after a check-in changes nothing."""
    now = timezone.now()
    updated = Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=True).update(
        checked_in_at=now, checked_in_by=by
    )
    if updated:
        registration.checked_in_at = now
        registration.checked_in_by = by
        complete_if_qualified(user=registration.user, course=registration.lecture.course)
    else:
        registration.refresh_from_db(fields=["checked_in_at", "checked_in_by"])
    return bool(updated)


@transaction.atomic
def check_in(*, lecture: Lecture, code: str, by: User) -> CheckIn:
    """Check a family in by the code on their ticket. The caller has made sure
    `by` may change this lecture."""
    code = normalise_code(code)
    if not code:
        raise AttendanceError(_("Enter or scan the check-in code."), field="code")
    registration = (
        Registration.objects.select_related("lecture__course", "user")
        .filter(check_in_code=code)
        .first()
    )
    if registration is None:
        raise AttendanceError(
            _("No registration has the code %(code)s. Check the code and try again.")
            % {"code": code},
            field="code",
        )
    if registration.lecture_id != lecture.pk:
        raise AttendanceError(
            _("The code %(code)s is for a different lecture, not this one.") % {"code": code},
            field="code",
        )
    if registration.status != RegistrationStatus.CONFIRMED:
        raise AttendanceError(
            _("This family has no confirmed seat (%(status)s), so they cannot be checked in.")
            % {"status": registration.get_status_display()},
            field="code",
        )
    checked_now = _mark_attended(registration=registration, by=by)
    return CheckIn(registration=registration, already=not checked_now)


@transaction.atomic
def mark_roll_call(*, lecture: Lecture, registration_ids: Iterable[int], by: User) -> int:
    """Check in every ticked confirmed registration of the lecture; returns
    how many are newly checked in. Ticks never undo a check-in: a completion
    may already rest on it."""
    ids = {int(pk) for pk in registration_ids}
    registrations = list(
        Registration.objects.select_related("lecture__course", "user").filter(
            lecture=lecture, pk__in=ids, status=RegistrationStatus.CONFIRMED
        )
    )
    if len(registrations) != len(ids):
        raise AttendanceError(
            _("Some ticked families have no confirmed seat at this lecture; nothing was saved.")
        )
    return sum(_mark_attended(registration=registration, by=by) for registration in registrations)


@transaction.atomic
def record_replay_view(*, lecture: Lecture, user: User | None) -> ReplayView:
    """Count one view of the replay (点播量). A family with a seat at an online
    lecture that has ended attends it by watching."""
    if not lecture.replay_url:
        raise AttendanceError(_("This lecture has no replay yet."))
    viewer = user if user is not None and user.is_authenticated else None
    view = ReplayView.objects.create(lecture=lecture, user=viewer)
    Lecture.objects.filter(pk=lecture.pk).update(replay_views=F("replay_views") + 1)
    if viewer is not None and lecture.online_url and lecture.ends_at <= timezone.now():
        registration = (
            Registration.objects.select_related("lecture__course", "user")
            .filter(lecture=lecture, user=viewer, status=RegistrationStatus.CONFIRMED)
            .first()
        )
        if registration is not None:
            _mark_attended(registration=registration, by=None)
    return view
