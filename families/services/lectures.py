"""Lectures and sign-up: parent schools publish lectures; families take
seats (one to three) or join the waiting list; cancelling gives seats back
and promotes the waiting list in order.

Seats are taken with one conditional UPDATE on the lecture's counter inside
the sign-up's transaction, so hundreds of families signing up at once can
never take more seats than the lecture has; the database's check constraint
(`lecture_never_overbooked`) stands behind it. Everything that moves the
waiting list (a cancellation, a family leaving the list, more seats) holds
the lecture's row lock for its short transaction, so two cancellations at
the same moment cannot promote the same family twice.

The waiting list is strict first come, first served: when the family at the
head of the list needs more seats than are free, nobody behind it is
promoted past it, and a new family joins the list rather than jumping it.
Skipping ahead would fill seats sooner, but a family asking for three seats
(parents and a grandparent) would then wait behind every single-seat family
that came later — the unfairness the waiting list exists to prevent."""

from __future__ import annotations

import datetime
import secrets
import zoneinfo

import icalendar
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.selectors.partners import lecturers_for_choice
from families.models import (
    ACTIVE_STATUSES,
    MAX_SEATS_PER_FAMILY,
    Lecture,
    ParentSchool,
    Registration,
    RegistrationStatus,
)
from families.services.errors import LectureError
from portal import access, notify
from portal.models import User
from schools.models import Grade

PROMOTED = notify.register_kind(
    "families.promoted", gettext_lazy("I got a lecture seat from the waiting list")
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

# No 0/O or 1/I/L: codes are read aloud and typed at the door.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8

LECTURE_FIELDS = (
    "course",
    "title",
    "description",
    "speaker",
    "audience_grades",
    "starts_at",
    "ends_at",
    "venue",
    "online_url",
    "capacity",
    "signup_opens_at",
    "signup_closes_at",
    "replay_url",
)


def _local(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def new_check_in_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# ---------------------------------------------------------------- lectures


def _check_lecture(*, parent_school: ParentSchool, values: dict, by: User, taken: int) -> None:
    if not access.visible(by, ParentSchool, access.CHANGE).filter(pk=parent_school.pk).exists():
        raise LectureError(
            _("Only the parent school's principal, its school or the bureau publish its lectures."),
            field="parent_school",
        )
    course = values.get("course")
    if course is not None and course.parent_school_id != parent_school.pk:
        raise LectureError(_("Choose one of this parent school's courses."), field="course")
    speaker = values.get("speaker")
    if speaker is not None and not lecturers_for_choice(by).filter(pk=speaker.pk).exists():
        raise LectureError(_("Choose an active lecturer as the speaker."), field="speaker")
    if not (values.get("title") or "").strip():
        raise LectureError(_("Give the lecture a title."), field="title")
    grades = values.get("audience_grades") or []
    if not isinstance(grades, list) or any(grade not in Grade.values for grade in grades):
        raise LectureError(
            _("The audience is a list of grades from -2 (nursery) to 12."), field="audience_grades"
        )
    starts_at, ends_at = values.get("starts_at"), values.get("ends_at")
    opens_at, closes_at = values.get("signup_opens_at"), values.get("signup_closes_at")
    if not all((starts_at, ends_at, opens_at, closes_at)):
        raise LectureError(_("Give the lecture's times and its sign-up window."))
    if ends_at <= starts_at:
        raise LectureError(_("A lecture ends after it starts."), field="ends_at")
    if closes_at <= opens_at:
        raise LectureError(_("Sign-up closes after it opens."), field="signup_closes_at")
    if closes_at > starts_at:
        raise LectureError(_("Sign-up closes before the lecture starts."), field="signup_closes_at")
    if not (values.get("venue") or "").strip() and not values.get("online_url"):
        raise LectureError(_("Give a venue, an online link or both."), field="venue")
    capacity = values.get("capacity")
    if capacity is None or capacity < 1:
        raise LectureError(_("A lecture has at least one seat."), field="capacity")
    if capacity < taken:
        raise LectureError(
            _("%(taken)d seats are already taken; the lecture cannot have fewer.")
            % {"taken": taken},
            field="capacity",
        )


@transaction.atomic
def create_lecture(*, parent_school: ParentSchool, by: User, **values) -> Lecture:
    values = {key: values.get(key) for key in LECTURE_FIELDS if key in values}
    values.setdefault("audience_grades", [])
    _check_lecture(parent_school=parent_school, values=values, by=by, taken=0)
    for text in ("description", "venue", "online_url", "replay_url"):
        values[text] = (values.get(text) or "").strip()
    return Lecture.objects.create(parent_school=parent_school, **values)


@transaction.atomic
def update_lecture(*, lecture: Lecture, by: User, **changes) -> Lecture:
    """Change a lecture; more seats promote the waiting list at once."""
    lecture = Lecture.objects.select_for_update().get(pk=lecture.pk)
    values = {key: getattr(lecture, key) for key in LECTURE_FIELDS}
    values.update({key: value for key, value in changes.items() if key in LECTURE_FIELDS})
    parent_school = changes.get("parent_school", lecture.parent_school)
    _check_lecture(parent_school=parent_school, values=values, by=by, taken=lecture.seats_taken)
    if parent_school.pk != lecture.parent_school_id:
        _check_lecture(
            parent_school=lecture.parent_school, values=values, by=by, taken=lecture.seats_taken
        )
    lecture.parent_school = parent_school
    for key, value in values.items():
        setattr(lecture, key, "" if value is None and key in ("venue", "online_url") else value)
    lecture.save()
    _promote_locked(lecture)
    return lecture


# ----------------------------------------------------------------- sign-up


def _check_window(lecture: Lecture) -> None:
    now = timezone.now()
    if now < lecture.signup_opens_at:
        raise LectureError(
            _("Sign-up opens at %(when)s.") % {"when": _local(lecture.signup_opens_at)}
        )
    if now >= lecture.signup_closes_at:
        raise LectureError(
            _("Sign-up closed at %(when)s.") % {"when": _local(lecture.signup_closes_at)}
        )


def _take_seats(*, lecture_id: int, seats: int) -> bool:
    """Claim seats in one statement, only while nobody is waiting (a new
    family does not jump the list). Must run inside the sign-up's
    transaction so that a failure after it gives the seats back."""
    someone_waiting = Registration.objects.filter(
        lecture=OuterRef("pk"), status=RegistrationStatus.WAITING
    )
    return bool(
        Lecture.objects.filter(pk=lecture_id, seats_taken__lte=F("capacity") - seats)
        .filter(~Exists(someone_waiting))
        .update(seats_taken=F("seats_taken") + seats)
    )


def _already_registered() -> LectureError:
    return LectureError(
        _("Your family already has a place or a waiting-list entry for this lecture.")
    )


@transaction.atomic
def register_for_lecture(*, lecture: Lecture, user: User, seats: int = 1) -> Registration:
    """A confirmed seat if enough are free, otherwise a place on the waiting list."""
    if not isinstance(seats, int) or not 1 <= seats <= MAX_SEATS_PER_FAMILY:
        raise LectureError(
            _("A family takes one to %(max)d seats.") % {"max": MAX_SEATS_PER_FAMILY},
            field="seats",
        )
    if not access.visible(user, Lecture).filter(pk=lecture.pk).exists():
        raise LectureError(_("This lecture is not open to you."))
    _check_window(lecture)
    if Registration.objects.filter(lecture=lecture, user=user, status__in=ACTIVE_STATUSES).exists():
        raise _already_registered()
    taken = _take_seats(lecture_id=lecture.pk, seats=seats)
    if not taken:
        # Full (or someone is waiting): decide under the lecture's lock, so a
        # cancellation that commits meanwhile cannot leave seats free while
        # this family lands behind them on the list.
        Lecture.objects.select_for_update().filter(pk=lecture.pk).first()
        taken = _take_seats(lecture_id=lecture.pk, seats=seats)
    status = RegistrationStatus.CONFIRMED if taken else RegistrationStatus.WAITING
    for _attempt in range(3):
        try:
            # A savepoint: the family's second active registration (the
            # partial unique constraint) becomes a clear error, and the
            # seats taken above go back with the outer transaction.
            with transaction.atomic():
                registration = Registration.objects.create(
                    lecture=lecture,
                    user=user,
                    seats=seats,
                    status=status,
                    check_in_code=new_check_in_code(),
                )
        except IntegrityError:
            if Registration.objects.filter(
                lecture=lecture, user=user, status__in=ACTIVE_STATUSES
            ).exists():
                raise _already_registered() from None
        else:
            return registration
    raise LectureError(_("Could not sign up just now; please try again."))


def _move(registration: Registration, *, from_status: str, **changes) -> bool:
    """Change status only if it is still `from_status`: a double click or a
    second device does the change (and frees the seats) once."""
    return bool(
        Registration.objects.filter(pk=registration.pk, status=from_status).update(**changes)
    )


def _require_own(registration: Registration, by: User) -> None:
    if registration.user_id != by.pk and not access.can_change(by, registration):
        raise LectureError(_("Only the family that signed up changes its registration."))


@transaction.atomic
def cancel_registration(*, registration: Registration, by: User) -> Registration:
    """Give the seats back (or leave the waiting list) before the lecture starts."""
    _require_own(registration, by)
    lecture = Lecture.objects.select_for_update().get(pk=registration.lecture_id)
    if timezone.now() >= lecture.starts_at:
        raise LectureError(_("A lecture that has started cannot be cancelled."))
    now = timezone.now()
    if _move(
        registration,
        from_status=RegistrationStatus.CONFIRMED,
        status=RegistrationStatus.CANCELLED,
        cancelled_at=now,
    ):
        Lecture.objects.filter(pk=lecture.pk).update(
            seats_taken=F("seats_taken") - registration.seats
        )
    elif not _move(
        registration,
        from_status=RegistrationStatus.WAITING,
        status=RegistrationStatus.LEFT_WAITING_LIST,
        cancelled_at=now,
    ):
        raise LectureError(_("This registration is no longer active."))
    lecture.refresh_from_db()
    _promote_locked(lecture)
    registration.refresh_from_db()
    return registration


@transaction.atomic
def leave_waiting_list(*, registration: Registration, by: User) -> Registration:
    _require_own(registration, by)
    lecture = Lecture.objects.select_for_update().get(pk=registration.lecture_id)
    if not _move(
        registration,
        from_status=RegistrationStatus.WAITING,
        status=RegistrationStatus.LEFT_WAITING_LIST,
        cancelled_at=timezone.now(),
    ):
        raise LectureError(_("You are not on this lecture's waiting list."))
    # The family at the head may have been the one blocking the others.
    _promote_locked(lecture)
    registration.refresh_from_db()
    return registration


@transaction.atomic
def promote_waiting_list(*, lecture: Lecture) -> list[Registration]:
    lecture = Lecture.objects.select_for_update().get(pk=lecture.pk)
    return _promote_locked(lecture)


def _promote_locked(lecture: Lecture) -> list[Registration]:
    """Promote waiting families in sign-up order while their seats fit; the
    caller holds the lecture's row lock. Strict FIFO: stop at the first
    family that does not fit (see the module's docstring)."""
    if timezone.now() >= lecture.starts_at:
        return []
    free = lecture.capacity - lecture.seats_taken
    promoted = []
    waiting = Registration.objects.filter(
        lecture=lecture, status=RegistrationStatus.WAITING
    ).order_by("created_at", "pk")
    for registration in waiting.select_related("user"):
        if registration.seats > free:
            break
        now = timezone.now()
        if not _move(
            registration,
            from_status=RegistrationStatus.WAITING,
            status=RegistrationStatus.CONFIRMED,
            promoted_at=now,
        ):
            continue
        free -= registration.seats
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        promoted.append(registration)
    if promoted:
        Lecture.objects.filter(pk=lecture.pk).update(
            seats_taken=F("seats_taken") + sum(r.seats for r in promoted)
        )
        lecture.refresh_from_db()
    for registration in promoted:
        _notify_promoted(registration, lecture)
    return promoted


def _notify_promoted(registration: Registration, lecture: Lecture) -> None:
    notify.notify(
        kind=PROMOTED.key,
        recipient=registration.user,
        subject_key=f"registration:{registration.pk}:promoted",
        title=_("You have a seat: %(title)s") % {"title": lecture.title},
        body=_("%(seats)d seat(s) confirmed for %(when)s. Your check-in code is %(code)s.")
        % {
            "seats": registration.seats,
            "when": _local(lecture.starts_at),
            "code": registration.check_in_code,
        },
        url=reverse("families:lecture-detail", args=[lecture.pk]),
    )


# ----------------------------------------------------------------- calendar


def registration_ics(*, registration: Registration, url: str = "") -> bytes:
    """An .ics file for one registration. The UID stays the same for the
    registration, so re-downloading updates the entry instead of adding one."""
    lecture = registration.lecture
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tongxin//Lectures//ZH")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"registration-{registration.pk}@tongxin")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(lecture.starts_at, SHANGHAI))
    event.add("dtend", timezone.localtime(lecture.ends_at, SHANGHAI))
    event.add("summary", lecture.title)
    event.add("location", lecture.venue or lecture.online_url)
    lines = [lecture.parent_school.name]
    if lecture.online_url:
        lines.append(_("Online: %(url)s") % {"url": lecture.online_url})
    lines.append(_("Check-in code: %(code)s") % {"code": registration.check_in_code})
    lines.append(_("Seats: %(seats)d") % {"seats": registration.seats})
    event.add("description", "\n".join(lines))
    if url or lecture.online_url:
        event.add("url", url or lecture.online_url)
    calendar.add_component(event)
    return calendar.to_ical()
