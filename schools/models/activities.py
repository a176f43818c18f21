"""Family-education guidance activities (家庭教育指导活动), ≥ 2 per school per semester."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .calendar import Semester
from .org import District, School


class ActivityKind(models.TextChoices):
    PARENT_MEETING = "parent_meeting", _("Parent meeting")
    OPEN_DAY = "open_day", _("Open day")
    LECTURE = "lecture", _("Lecture")
    WORKSHOP = "workshop", _("Workshop")
    OTHER = "other", _("Other activity")


class GuidanceActivity(models.Model):
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="guidance_activities",
        verbose_name=_("school"),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    semester = models.ForeignKey(
        Semester,
        on_delete=models.PROTECT,
        related_name="guidance_activities",
        verbose_name=_("semester"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    audience = models.CharField(
        _("audience"),
        max_length=200,
        help_text=_("For example: parents of grade 3; all grandparents."),
    )
    invited = models.PositiveIntegerField(_("families invited"), null=True, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("guidance activity")
        verbose_name_plural = _("guidance activities")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["semester", "school"])]

    def __str__(self):
        return self.title
