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
    value = models.DecimalField(_("target value"), max_digits=10, decimal_places=2)
    note = models.CharField(_("source or note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "district_id", "school_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "district", "school"],
                name="target_unique_per_scope",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.indicator} = {self.value}"
