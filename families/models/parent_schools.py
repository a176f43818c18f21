"""Parent schools (家长学校) at every level, with star ratings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ParentSchoolLevel(models.TextChoices):
    CITY = "city", _("City")
    COUNTY = "county", _("County or district")
    SCHOOL = "school", _("School")
    COMMUNITY = "community", _("Community")
    VILLAGE = "village", _("Village")
    ONLINE = "online", _("Online")


class ParentSchool(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=ParentSchoolLevel)
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
        related_name="parent_schools",
        verbose_name=_("school served"),
    )
    village = models.ForeignKey(
        "schools.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parent_schools",
        verbose_name=_("village or community served"),
    )
    principal_name = models.CharField(_("principal"), max_length=50)
    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_parent_schools",
        verbose_name=_("principal's account"),
    )
    star_rating = models.PositiveSmallIntegerField(_("star rating"), null=True, blank=True)
    established_on = models.DateField(_("established on"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("parent school")
        verbose_name_plural = _("parent schools")
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(level__in=["city", "online"], school__isnull=True, village__isnull=True)
                    | Q(
                        level="county",
                        district__isnull=False,
                        school__isnull=True,
                        village__isnull=True,
                    )
                    | Q(level="school", school__isnull=False, district__isnull=False)
                    | Q(
                        level__in=["community", "village"],
                        village__isnull=False,
                        district__isnull=False,
                    )
                ),
                name="parent_school_scope_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(star_rating__isnull=True) | Q(star_rating__gte=1, star_rating__lte=5),
                name="parent_school_stars_1_to_5",
            ),
        ]

    def __str__(self):
        return self.name
