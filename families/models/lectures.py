"""Courses and lectures (新父母大讲堂, 家庭教育微讲坛), sign-up with a waiting
list, attendance, replays and completion."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MAX_SEATS_PER_FAMILY = 3


class Course(models.Model):
    parent_school = models.ForeignKey(
        "families.ParentSchool",
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("parent school"),
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    lectures_to_complete = models.PositiveSmallIntegerField(
        _("lectures to attend for completion"), default=1
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["parent_school", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lectures_to_complete__gte=1), name="course_completion_needs_one"
            )
        ]

    def __str__(self):
        return self.title


class Lecture(models.Model):
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lectures",
        verbose_name=_("course"),
    )
    parent_school = models.ForeignKey(
        "families.ParentSchool",
        on_delete=models.PROTECT,
        related_name="lectures",
        verbose_name=_("parent school"),
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    speaker = models.ForeignKey(
        "community.Lecturer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lectures",
        verbose_name=_("speaker"),
    )
    audience_grades = models.JSONField(_("grades in the audience"), default=list, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("seats"))
    # Kept by the sign-up service with a conditional update; the check below
    # makes the database refuse an overbooking whatever the code does.
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0)
    signup_opens_at = models.DateTimeField(_("sign-up opens at"))
    signup_closes_at = models.DateTimeField(_("sign-up closes at"))
    replay_url = models.URLField(_("replay"), blank=True)
    replay_views = models.PositiveIntegerField(_("replay views"), default=0)

    class Meta:
        verbose_name = _("lecture")
        verbose_name_plural = _("lectures")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["parent_school", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="lecture_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(signup_closes_at__gt=F("signup_opens_at"))
                & Q(signup_closes_at__lte=F("starts_at")),
                name="lecture_signup_window_before_start",
            ),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")), name="lecture_never_overbooked"
            ),
            models.CheckConstraint(
                condition=~Q(venue="") | ~Q(online_url=""), name="lecture_has_a_place"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def seats_left(self) -> int:
        return self.capacity - self.seats_taken


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Seat confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    LEFT_WAITING_LIST = "left", _("Left the waiting list")


ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


class Registration(models.Model):
    lecture = models.ForeignKey(
        Lecture, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("lecture")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("family account"),
    )
    seats = models.PositiveSmallIntegerField(_("seats"))
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus)
    check_in_code = models.CharField(_("check-in code"), max_length=12, unique=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["lecture", "created_at", "pk"]
        indexes = [models.Index(fields=["lecture", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["lecture", "user"],
                condition=Q(status__in=["confirmed", "waiting"]),
                name="registration_one_active_per_family",
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1, seats__lte=MAX_SEATS_PER_FAMILY),
                name="registration_seats_1_to_3",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.lecture}"


class ReplayView(models.Model):
    lecture = models.ForeignKey(
        Lecture, on_delete=models.CASCADE, related_name="views", verbose_name=_("lecture")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("viewer"),
    )
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("replay view")
        verbose_name_plural = _("replay views")
        ordering = ["-viewed_at"]

    def __str__(self):
        return f"{self.lecture} {self.viewed_at:%Y-%m-%d}"


class Completion(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="completions", verbose_name=_("course")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="completions",
        verbose_name=_("family account"),
    )
    certificate_number = models.CharField(_("certificate number"), max_length=20, unique=True)
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        ordering = ["-completed_at"]
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="completion_once")]

    def __str__(self):
        return self.certificate_number
