"""What the dashboard and the monthly reports keep: each month's figures per
school (so trends are one query), and each report an officer asked for."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AreaLevel(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    SCHOOL = "school", _("School")


def _area_is_consistent(prefix: str = "") -> Q:
    district, school = f"{prefix}district__isnull", f"{prefix}school__isnull"
    return (
        Q(level=AreaLevel.CITY, **{district: True, school: True})
        | Q(level=AreaLevel.DISTRICT, **{district: False, school: True})
        | Q(level=AreaLevel.SCHOOL, **{district: False, school: False})
    )


class IndicatorSnapshot(models.Model):
    """One indicator's figures for one month, at the finest place it is
    counted: a school, or a district or the city for what belongs to no
    school (a district's counselling station, a city-level lecture)."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    indicator = models.CharField(_("indicator"), max_length=64)
    district = models.ForeignKey(
        "schools.District", on_delete=models.CASCADE, null=True, related_name="+"
    )
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, null=True, related_name="+"
    )
    numerator = models.DecimalField(max_digits=14, decimal_places=2)
    denominator = models.DecimalField(max_digits=14, decimal_places=2)
    units = models.PositiveIntegerField(default=0)
    units_met = models.PositiveIntegerField(default=0)
    taken_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "indicator", "district", "school"],
                name="snapshot_unique_per_place",
                nulls_distinct=False,
            ),
        ]
        indexes = [models.Index(fields=["indicator", "month"])]

    def __str__(self):
        return f"{self.indicator} {self.month:%Y-%m}"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("report status", "Waiting")
    RUNNING = "running", pgettext_lazy("report status", "Being built")
    DONE = "done", pgettext_lazy("report status", "Ready")
    FAILED = "failed", pgettext_lazy("report status", "Failed")


def report_storage():
    return storages["reports"]


class ReportKind(models.TextChoices):
    INDICATORS = "indicators", _("Monthly indicators")
    STUDENTS = "students", _("Student roster")


class Report(models.Model):
    """A monthly report of every indicator, or the student roster, for the
    city, a district or a school, built by a Celery task and kept for those
    whose scope covers it."""

    kind = models.CharField(
        _("what"), max_length=10, choices=ReportKind, default=ReportKind.INDICATORS
    )
    level = models.CharField(_("area"), max_length=8, choices=AreaLevel)
    district = models.ForeignKey(
        "schools.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("why it failed"), blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    xlsx = models.FileField(_("Excel file"), storage=report_storage, blank=True)
    csv = models.FileField(_("CSV file"), storage=report_storage, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=_area_is_consistent(), name="report_area_consistent"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_0_100"),
            # A second click while one is being built gets the same report.
            models.UniqueConstraint(
                fields=["kind", "level", "district", "school", "month"],
                condition=Q(status__in=["queued", "running"]),
                name="report_one_build_at_a_time",
                nulls_distinct=False,
            ),
        ]
        indexes = [models.Index(fields=["district", "school", "-requested_at"])]

    def __str__(self):
        area = self.school or self.district or _("City")
        return f"{area} {self.month:%Y-%m}"
