"""Departments, alliances (教联体: police–education, medical–education …) and
their joint meetings (联席会议) with follow-up tasks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Department(models.Model):
    class Kind(models.TextChoices):
        EDUCATION = "education", _("Education")
        PUBLIC_SECURITY = "public_security", _("Public security")
        HEALTH = "health", _("Health")
        WOMENS_FEDERATION = "womens_federation", _("Women's federation")
        CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs")
        PROCURATORATE = "procuratorate", _("Procuratorate")
        COURT = "court", _("Court")
        JUSTICE = "justice", _("Justice")
        YOUTH_LEAGUE = "youth_league", _("Communist Youth League")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    district = models.ForeignKey(
        "schools.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Empty for a city department."),
    )
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    liaisons = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="liaison_departments",
        verbose_name=_("liaisons"),
        help_text=_("Portal accounts who act for the department (referrals, meetings)."),
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class Alliance(models.Model):
    class Kind(models.TextChoices):
        POLICE_EDUCATION = "police_education", _("Police–education")
        MEDICAL_EDUCATION = "medical_education", _("Medical–education")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    purpose = models.TextField(_("purpose"))
    district = models.ForeignKey(
        "schools.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Empty for a city-wide alliance."),
    )
    departments = models.ManyToManyField(
        Department, related_name="alliances", verbose_name=_("departments")
    )
    schools = models.ManyToManyField(
        "schools.School", blank=True, related_name="alliances", verbose_name=_("schools")
    )
    established_on = models.DateField(_("established on"))

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["name"]

    def __str__(self):
        return self.name


class JointMeeting(models.Model):
    alliance = models.ForeignKey(
        Alliance, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("alliance")
    )
    district = models.ForeignKey(
        "schools.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    held_on = models.DateField(_("held on"))
    location = models.CharField(_("location"), max_length=200)
    minutes = models.TextField(_("minutes"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.alliance} {self.held_on}"


class MeetingAttendee(models.Model):
    meeting = models.ForeignKey(
        JointMeeting, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("meeting")
    )
    name = models.CharField(_("name"), max_length=50)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=False) | Q(school__isnull=False),
                name="attendee_represents_someone",
            )
        ]

    def __str__(self):
        return self.name


class FollowUpTask(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("task status", "Open")
        DONE = "done", _("Done")

    meeting = models.ForeignKey(
        JointMeeting, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("meeting")
    )
    title = models.CharField(_("task"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_up_tasks",
        verbose_name=_("owner"),
    )
    owner_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("department"),
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=4, choices=Status, default=Status.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        ordering = ["status", "due_on"]
        indexes = [models.Index(fields=["owner", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True)
                | Q(status="done", done_at__isnull=False),
                name="task_done_has_a_time",
            )
        ]

    def __str__(self):
        return self.title
