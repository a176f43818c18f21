"""The mental-health ladder: prevention → early warning → crisis."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AlertLevel(models.TextChoices):
    PREVENTION = "prevention", _("Prevention")
    EARLY_WARNING = "early_warning", _("Early warning")
    CRISIS = "crisis", _("Crisis intervention")


class AlertSource(models.TextChoices):
    HOME_VISIT = "home_visit", _("Concern from a home visit")
    COUNSELLING = "counselling", _("Counselling request")
    SCREENING = "screening", _("Screening result")
    OTHER = "other", _("Other report")


class AlertStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("alert status", "Not yet received")
    ACKNOWLEDGED = "acknowledged", _("Received and being handled")
    CLOSED = "closed", _("Closed")


class Alert(models.Model):
    student = models.ForeignKey(
        "schools.Student", on_delete=models.PROTECT, related_name="+", verbose_name=_("child")
    )
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("schools.District", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=14, choices=AlertLevel)
    source = models.CharField(_("source"), max_length=12, choices=AlertSource)
    source_id = models.CharField(_("source record"), max_length=64, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="raised_alerts",
        verbose_name=_("raised by"),
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=14, choices=AlertStatus, default=AlertStatus.OPEN
    )
    case = models.ForeignKey(
        "programs.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("case"),
    )

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["school", "status", "level"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~models.Q(source_id=""),
                name="alert_once_per_source_record",
            )
        ]

    def __str__(self):
        return f"{self.get_level_display()} #{self.pk}"


class AlertStep(models.Model):
    """Every step on an alert and who took it."""

    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="steps", verbose_name=_("alert")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("step"), max_length=40)
    level = models.CharField(_("level after the step"), max_length=14, choices=AlertLevel)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("alert step")
        verbose_name_plural = _("alert steps")
        ordering = ["alert", "at", "pk"]

    def __str__(self):
        return f"{self.alert} {self.action}"
