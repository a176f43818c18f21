"""The organisation tree: district → town/street → village/community, and
district → school → class."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        COUNTY = "county", _("County")
        COUNTY_CITY = "county_city", _("County-level city")

    name = models.CharField(_("name"), max_length=50, unique=True)
    code = models.CharField(_("division code"), max_length=12, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.DISTRICT)

    class Meta:
        verbose_name = _("district or county")
        verbose_name_plural = _("districts and counties")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Town(models.Model):
    class Kind(models.TextChoices):
        TOWN = "town", _("Town")
        TOWNSHIP = "township", _("Township")
        STREET = "street", _("Sub-district (street)")

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="towns", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.TOWN)

    class Meta:
        verbose_name = _("town or street")
        verbose_name_plural = _("towns and streets")
        ordering = ["district__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="town_unique_in_district")
        ]

    def __str__(self):
        return f"{self.district.name}{self.name}"


class Village(models.Model):
    class Kind(models.TextChoices):
        VILLAGE = "village", _("Village")
        COMMUNITY = "community", _("Community")

    town = models.ForeignKey(
        Town, on_delete=models.PROTECT, related_name="villages", verbose_name=_("town or street")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="villages", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.VILLAGE)

    class Meta:
        verbose_name = _("village or community")
        verbose_name_plural = _("villages and communities")
        ordering = ["town__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["town", "name"], name="village_unique_in_town")
        ]

    def __str__(self):
        return f"{self.town.name}{self.name}"


class SchoolStage(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary school")
    SENIOR = "senior", _("Senior secondary school")
    NINE_YEAR = "nine_year", _("Nine-year school")
    COMPLETE_SECONDARY = "complete_secondary", _("Complete secondary school")


STAGE_GRADES = {
    SchoolStage.KINDERGARTEN: range(-2, 1),
    SchoolStage.PRIMARY: range(1, 7),
    SchoolStage.JUNIOR: range(7, 10),
    SchoolStage.SENIOR: range(10, 13),
    SchoolStage.NINE_YEAR: range(1, 10),
    SchoolStage.COMPLETE_SECONDARY: range(7, 13),
}


class SchoolArea(models.TextChoices):
    URBAN = "urban", _("Urban")
    TOWN = "town", _("Town")
    RURAL = "rural", _("Rural")


class School(models.Model):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="schools", verbose_name=_("district")
    )
    town = models.ForeignKey(
        Town,
        on_delete=models.PROTECT,
        related_name="schools",
        null=True,
        blank=True,
        verbose_name=_("town or street"),
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(_("school code"), max_length=20, unique=True)
    stage = models.CharField(_("stage"), max_length=24, choices=SchoolStage)
    area = models.CharField(_("area"), max_length=8, choices=SchoolArea)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["district__code", "code"]
        indexes = [models.Index(fields=["district", "stage", "area"])]

    def __str__(self):
        return self.name

    @property
    def grades(self) -> range:
        return STAGE_GRADES[SchoolStage(self.stage)]


class Grade(models.IntegerChoices):
    NURSERY_SMALL = -2, _("Nursery (small)")
    NURSERY_MIDDLE = -1, _("Nursery (middle)")
    NURSERY_LARGE = 0, _("Nursery (large)")
    GRADE_1 = 1, _("Grade 1")
    GRADE_2 = 2, _("Grade 2")
    GRADE_3 = 3, _("Grade 3")
    GRADE_4 = 4, _("Grade 4")
    GRADE_5 = 5, _("Grade 5")
    GRADE_6 = 6, _("Grade 6")
    GRADE_7 = 7, _("Grade 7")
    GRADE_8 = 8, _("Grade 8")
    GRADE_9 = 9, _("Grade 9")
    GRADE_10 = 10, _("Grade 10")
    GRADE_11 = 11, _("Grade 11")
    GRADE_12 = 12, _("Grade 12")


class SchoolClass(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="classes", verbose_name=_("school")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="classes", verbose_name=_("district")
    )
    grade = models.SmallIntegerField(_("grade"), choices=Grade)
    number = models.PositiveSmallIntegerField(_("class number"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["school__code", "grade", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "grade", "number"], name="class_unique_in_school"
            )
        ]

    def __str__(self):
        return f"{self.school.name} {self.label}"

    @property
    def label(self) -> str:
        return f"{Grade(self.grade).label}({self.number})"
