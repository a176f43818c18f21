"""Study-trip bookings of practice bases by schools, per class and slot."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .resources import EducationResource, ResourceCourse


class BookingSlot(models.Model):
    resource = models.ForeignKey(
        EducationResource,
        on_delete=models.CASCADE,
        related_name="slots",
        verbose_name=_("practice base"),
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("places for students"))
    # Kept by the booking service with a conditional update, so concurrent
    # bookings can never push it past capacity (the check below backs it).
    booked_students = models.PositiveIntegerField(_("students booked"), default=0)

    class Meta:
        verbose_name = _("booking slot")
        verbose_name_plural = _("booking slots")
        ordering = ["date", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "date", "starts_at"], name="slot_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(booked_students__lte=F("capacity")), name="slot_never_overbooked"
            ),
        ]
        indexes = [models.Index(fields=["resource", "date"])]

    def __str__(self):
        return f"{self.resource} {self.date} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    @property
    def places_left(self) -> int:
        return self.capacity - self.booked_students


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the base")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled by the school")


HOLDING_STATUSES = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


class Booking(models.Model):
    slot = models.ForeignKey(
        BookingSlot, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("slot")
    )
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    school_class = models.ForeignKey(
        "schools.SchoolClass", on_delete=models.PROTECT, related_name="+", verbose_name=_("class")
    )
    district = models.ForeignKey("schools.District", on_delete=models.PROTECT, related_name="+")
    semester = models.ForeignKey(
        "schools.Semester", on_delete=models.PROTECT, related_name="+", verbose_name=_("semester")
    )
    course = models.ForeignKey(
        ResourceCourse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("course"),
    )
    students = models.PositiveIntegerField(_("students"))
    teachers = models.PositiveSmallIntegerField(_("accompanying teachers"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus, default=BookingStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("booked by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["school", "semester", "status"]),
            models.Index(fields=["district", "semester", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(students__gt=0), name="booking_has_students"),
            models.CheckConstraint(condition=Q(teachers__gt=0), name="booking_has_teachers"),
            models.UniqueConstraint(
                fields=["slot", "school_class"],
                condition=Q(status__in=["requested", "confirmed"]),
                name="booking_one_live_per_class_and_slot",
            ),
        ]

    def __str__(self):
        return f"{self.school_class} → {self.slot}"
