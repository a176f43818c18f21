"""Reading lists (父母必读书目) and tips (育人贴士) published to parents."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReaderAge(models.TextChoices):
    INFANT = "infant", _("Under 3")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary")
    SENIOR = "senior", _("Senior secondary")
    ALL = "all", _("All ages")


class ReadingItem(models.Model):
    title = models.CharField(_("title"), max_length=160)
    author = models.CharField(_("author"), max_length=100)
    age_group = models.CharField(
        _("for parents of children aged"), max_length=12, choices=ReaderAge
    )
    why = models.TextField(_("why read it"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("recommended book")
        verbose_name_plural = _("reading list")
        ordering = ["age_group", "position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "age_group"], name="reading_item_once_per_age")
        ]

    def __str__(self):
        return self.title


class TipAudience(models.TextChoices):
    ALL_PARENTS = "all", _("All parents")
    SCHOOL = "school", _("One school")
    GRADE = "grade", _("One grade of a school")


class Tip(models.Model):
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("text"))
    audience = models.CharField(_("audience"), max_length=8, choices=TipAudience)
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    district = models.ForeignKey(
        "schools.District", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    grade = models.SmallIntegerField(_("grade"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        verbose_name = _("tip for parents")
        verbose_name_plural = _("tips for parents")
        ordering = ["-published_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(audience="all", school__isnull=True, grade__isnull=True)
                | Q(audience="school", school__isnull=False, grade__isnull=True)
                | Q(audience="grade", school__isnull=False, grade__isnull=False),
                name="tip_audience_matches",
            )
        ]

    def __str__(self):
        return self.title
