"""Policy targets are rows the bureau edits: a value per indicator for the
whole city, or narrower for one district or one school."""

from django.core.exceptions import ValidationError
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
        from portal import targets

        try:
            label = targets.get_indicator(self.indicator).label
        except LookupError:
            label = self.indicator
        period = f" ({self.period})" if self.period else ""
        return f"{label}{period} = {self.value}"

    def clean(self):
        from portal import targets

        try:
            indicator = targets.get_indicator(self.indicator)
        except LookupError:
            raise ValidationError({"indicator": _("Choose an indicator from the list.")}) from None
        wanted = targets.period_error(indicator, self.period.strip())
        if wanted is not None:
            raise ValidationError({"period": PERIOD_ERRORS[wanted]})
        if self.school_id and self.district_id and self.school.district_id != self.district_id:
            raise ValidationError({"school": _("This school is not in the district chosen.")})


PERIOD_ERRORS = {
    "semester": _("This indicator counts by semester: leave the period empty or write 2026-1."),
    "year": _("This indicator counts by calendar year: leave the period empty or write 2026."),
    "now": _("This indicator is a count at one moment: leave the period empty."),
}
