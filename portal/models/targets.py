"""Policy targets are rows the bureau edits: a value per indicator for the
whole city, or narrower for one district or one school."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Target(models.Model):
    indicator = models.CharField(_("indicator"), max_length=64)
    district = models.ForeignKey(
        "schools.District",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Leave empty for the whole city."),
    )
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
        help_text=_("Leave empty for every school of the district or city."),
    )
    period = models.CharField(
        _("period"),
        max_length=7,
        blank=True,
        help_text=_(
            "Leave empty for every period; a year such as 2026, or a semester such as "
            "2026-1 (autumn of the 2026–2027 school year) or 2026-2 (its spring)."
        ),
    )
    value = models.DecimalField(_("target value"), max_digits=10, decimal_places=2)
    note = models.CharField(_("source or note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "district_id", "school_id", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "district", "school", "period"],
                name="target_unique_per_scope",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative"),
        ]

    def __str__(self):
        period = f" ({self.period})" if self.period else ""
        return f"{self.indicator}{period} = {self.value}"
