"""Study-trip bookings: a base opens slots, a school books places in a slot
for a class, the base confirms or declines, the school cancels.

Places are taken with one conditional UPDATE on the slot's counter inside
the booking's transaction, so two schools booking the last places at the
same moment cannot both get them; the database's check constraint
(`slot_never_overbooked`) stands behind it."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import (
    HOLDING_STATUSES,
    ApprovalStatus,
    Booking,
    BookingSlot,
    BookingStatus,
    EducationResource,
    ResourceCourse,
)
from community.notification_kinds import (
    BOOKING_ANSWERED,
    BOOKING_CANCELLED,
    BOOKING_REQUESTED,
)
from community.selectors import bookings as selectors
from community.services.errors import BookingError
from portal import access, notify
from portal.models import User
from schools.models import SchoolClass
from schools.services.semesters import semester_on


def _local_time(date: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, time))


@transaction.atomic
def open_slot(
    *,
    resource: EducationResource,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    capacity: int,
    by: User,
) -> BookingSlot:
    if not selectors.may_manage_base(by, resource):
        raise BookingError(_("Only the base's managers open slots."))
    # One base's slots are written one at a time, so two managers cannot open
    # overlapping slots side by side.
    resource = EducationResource.objects.select_for_update().get(pk=resource.pk)
    if not resource.open_for_bookings:
        raise BookingError(_("%(name)s is not open for bookings.") % {"name": resource.name})
    if ends_at <= starts_at:
        raise BookingError(_("A slot ends after it starts."), field="ends_at")
    if _local_time(date, starts_at) <= timezone.now():
        raise BookingError(_("A slot cannot start in the past."), field="date")
    if capacity is None or capacity < 1:
        raise BookingError(_("A slot has at least one place."), field="capacity")
    if resource.capacity_per_visit and capacity > resource.capacity_per_visit:
        raise BookingError(
            _("%(name)s takes at most %(max)d students per visit.")
            % {"name": resource.name, "max": resource.capacity_per_visit},
            field="capacity",
        )
    overlapping = (
        BookingSlot.objects.filter(
            resource=resource, date=date, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .order_by("starts_at")
        .first()
    )
    if overlapping is not None:
        raise BookingError(
            _("This overlaps the slot %(start)s–%(end)s on the same day.")
            % {
                "start": f"{overlapping.starts_at:%H:%M}",
                "end": f"{overlapping.ends_at:%H:%M}",
            },
            field="starts_at",
        )
    return BookingSlot.objects.create(
        resource=resource, date=date, starts_at=starts_at, ends_at=ends_at, capacity=capacity
    )


def take_places(*, slot: BookingSlot, students: int) -> bool:
    """Claim `students` places in one statement; False when too few are left.
    Must run inside the booking's transaction so that a failure after it
    gives the places back."""
    return bool(
        BookingSlot.objects.filter(
            pk=slot.pk, booked_students__lte=F("capacity") - students
        ).update(booked_students=F("booked_students") + students)
    )


def _free_places(*, slot_id: int, students: int) -> None:
    BookingSlot.objects.filter(pk=slot_id).update(booked_students=F("booked_students") - students)


def _check_booking(
    *,
    slot: BookingSlot,
    school_class: SchoolClass,
    students: int,
    teachers: int,
    course: ResourceCourse | None,
    by: User,
) -> None:
    if not selectors.bookable_classes(by).filter(pk=school_class.pk).exists():
        raise BookingError(_("You cannot book visits for this class."), field="school_class")
    resource = slot.resource
    if resource.approval_status != ApprovalStatus.APPROVED or not resource.open_for_bookings:
        raise BookingError(_("%(name)s is not open for bookings.") % {"name": resource.name})
    if _local_time(slot.date, slot.starts_at) <= timezone.now():
        raise BookingError(_("This slot has already started."), field="slot")
    if students is None or students < 1:
        raise BookingError(_("Book for at least one student."), field="students")
    if teachers is None or teachers < 1:
        raise BookingError(_("At least one teacher goes with the class."), field="teachers")
    on_roster = school_class.students.filter(is_active=True).count()
    if students > on_roster:
        raise BookingError(
            _("Class %(label)s has only %(count)d students on the roster.")
            % {"label": school_class.label, "count": on_roster},
            field="students",
        )
    active_courses = ResourceCourse.objects.filter(resource=resource, is_active=True)
    if course is not None:
        if not active_courses.filter(pk=course.pk).exists():
            raise BookingError(_("Choose one of this base's courses."), field="course")
    elif active_courses.exists():
        raise BookingError(_("Choose one of this base's courses."), field="course")
    already = Booking.objects.filter(
        slot=slot, school_class=school_class, status__in=HOLDING_STATUSES
    ).exists()
    if already:
        raise BookingError(
            _("Class %(label)s already has a booking in this slot.")
            % {"label": school_class.label},
            field="slot",
        )


def _notify_managers(*, booking: Booking, kind: str, title: str, body: str) -> None:
    url = reverse("community:booking-detail", args=[booking.pk])
    for manager in booking.slot.resource.managers.all():
        notify.notify(
            kind=kind,
            recipient=manager,
            subject_key=f"booking:{booking.pk}:{booking.status}",
            title=title,
            body=body,
            url=url,
        )


def _describe(booking: Booking) -> str:
    slot = booking.slot
    return _("%(school)s %(label)s, %(students)d students and %(teachers)d teachers, %(when)s") % {
        "school": booking.school_class.school.name,
        "label": booking.school_class.label,
        "students": booking.students,
        "teachers": booking.teachers,
        "when": f"{slot.date:%Y-%m-%d} {slot.starts_at:%H:%M}–{slot.ends_at:%H:%M}",
    }


@transaction.atomic
def book_slot(
    *,
    slot: BookingSlot,
    school_class: SchoolClass,
    students: int,
    teachers: int,
    course: ResourceCourse | None,
    by: User,
) -> Booking:
    slot = BookingSlot.objects.select_related("resource").get(pk=slot.pk)
    _check_booking(
        slot=slot,
        school_class=school_class,
        students=students,
        teachers=teachers,
        course=course,
        by=by,
    )
    if not take_places(slot=slot, students=students):
        left = BookingSlot.objects.values_list("capacity", "booked_students").get(pk=slot.pk)
        raise BookingError(
            _("Only %(left)d places are left in this slot.") % {"left": left[0] - left[1]},
            field="students",
        )
    try:
        # A savepoint, so that the class's second live booking in a slot
        # (the unique constraint) surfaces as a clear error and the places
        # taken above are given back with the outer transaction.
        with transaction.atomic():
            booking = Booking.objects.create(
                slot=slot,
                school=school_class.school,
                school_class=school_class,
                district_id=school_class.district_id,
                semester=semester_on(slot.date),
                course=course,
                students=students,
                teachers=teachers,
                requested_by=by,
            )
    except IntegrityError:
        raise BookingError(
            _("Class %(label)s already has a booking in this slot.")
            % {"label": school_class.label},
            field="slot",
        ) from None
    _notify_managers(
        booking=booking,
        kind=BOOKING_REQUESTED.key,
        title=_("New booking at %(base)s") % {"base": slot.resource.name},
        body=_describe(booking),
    )
    return booking


def _require_base_manager(booking: Booking, by: User) -> None:
    if not selectors.may_manage_base(by, booking.slot.resource):
        raise BookingError(_("Only the base answers its bookings."))


def _move(booking: Booking, *, from_statuses, **changes) -> bool:
    """Change a booking's status only if it is still in one of
    `from_statuses`: a double click or two managers answering at once do
    the change (and free the places) once."""
    return bool(Booking.objects.filter(pk=booking.pk, status__in=from_statuses).update(**changes))


def _notify_school(*, booking: Booking, title: str, body: str) -> None:
    notify.notify(
        kind=BOOKING_ANSWERED.key,
        recipient=booking.requested_by,
        subject_key=f"booking:{booking.pk}:{booking.status}",
        title=title,
        body=body,
        url=reverse("community:booking-detail", args=[booking.pk]),
    )


@transaction.atomic
def confirm_booking(*, booking: Booking, by: User) -> Booking:
    _require_base_manager(booking, by)
    now = timezone.now()
    if not _move(
        booking,
        from_statuses=[BookingStatus.REQUESTED],
        status=BookingStatus.CONFIRMED,
        decided_by=by,
        decided_at=now,
    ):
        raise BookingError(_("Only a booking that waits for an answer can be confirmed."))
    booking.refresh_from_db()
    _notify_school(
        booking=booking,
        title=_("%(base)s confirmed your visit") % {"base": booking.slot.resource.name},
        body=_describe(booking),
    )
    return booking


@transaction.atomic
def decline_booking(*, booking: Booking, by: User, reason: str) -> Booking:
    _require_base_manager(booking, by)
    reason = (reason or "").strip()
    if not reason:
        raise BookingError(_("Say why the booking is declined."), field="reason")
    if not _move(
        booking,
        from_statuses=[BookingStatus.REQUESTED],
        status=BookingStatus.DECLINED,
        decided_by=by,
        decided_at=timezone.now(),
        decline_reason=reason[:300],
    ):
        raise BookingError(_("Only a booking that waits for an answer can be declined."))
    _free_places(slot_id=booking.slot_id, students=booking.students)
    booking.refresh_from_db()
    _notify_school(
        booking=booking,
        title=_("%(base)s declined your visit") % {"base": booking.slot.resource.name},
        body=_("Reason: %(reason)s") % {"reason": reason},
    )
    return booking


@transaction.atomic
def cancel_booking(*, booking: Booking, by: User) -> Booking:
    if not access.can_change(by, booking):
        raise BookingError(_("Only the school cancels its bookings."))
    if _local_time(booking.slot.date, booking.slot.starts_at) <= timezone.now():
        raise BookingError(_("A visit that has started cannot be cancelled."))
    if not _move(
        booking,
        from_statuses=HOLDING_STATUSES,
        status=BookingStatus.CANCELLED,
        cancelled_at=timezone.now(),
    ):
        raise BookingError(_("This booking is no longer active."))
    _free_places(slot_id=booking.slot_id, students=booking.students)
    booking.refresh_from_db()
    _notify_managers(
        booking=booking,
        kind=BOOKING_CANCELLED.key,
        title=_("Visit to %(base)s cancelled") % {"base": booking.slot.resource.name},
        body=_describe(booking),
    )
    return booking
