from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Semester(models.Model):
    class Term(models.IntegerChoices):
        AUTUMN = 1, _("First term (autumn)")
        SPRING = 2, _("Second term (spring)")

    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year the school year starts, e.g. 2026 for 2026–2027.")
    )
    term = models.PositiveSmallIntegerField(_("term"), choices=Term)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("semester")
        verbose_name_plural = _("semesters")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "term"], name="semester_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="semester_ends_after_start"
            ),
        ]

    def __str__(self):
        return _("%(start)d–%(end)d school year, %(term)s") % {
            "start": self.school_year,
            "end": self.school_year + 1,
            "term": self.get_term_display(),
        }

    @property
    def period(self) -> str:
        """How targets name this semester: 2026-1 is the autumn of 2026–2027."""
        return f"{self.school_year}-{self.term}"
