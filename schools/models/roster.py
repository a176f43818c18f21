"""Students and their guardians on the roster. No national ID numbers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .org import District, School, SchoolClass


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Student(models.Model):
    # school and district repeat the class's so that scoped lists filter on
    # one indexed column instead of joining through the class at city scale.
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, related_name="students", verbose_name=_("class")
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="students", verbose_name=_("school")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="students", verbose_name=_("district")
    )
    student_number = models.CharField(_("student number"), max_length=32)
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender)
    birth_date = models.DateField(_("birth date"))
    is_active = models.BooleanField(_("on the roster"), default=True)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentees",
        verbose_name=_("mentor"),
    )

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["school_class", "student_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "student_number"], name="student_number_unique_in_school"
            )
        ]
        indexes = [
            models.Index(fields=["district", "school"]),
            models.Index(fields=["school_class", "student_number"]),
        ]

    def __str__(self):
        return self.name


class Relation(models.TextChoices):
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    GRANDFATHER = "grandfather", _("Grandfather (paternal)")
    GRANDMOTHER = "grandmother", _("Grandmother (paternal)")
    MATERNAL_GRANDFATHER = "maternal_grandfather", _("Grandfather (maternal)")
    MATERNAL_GRANDMOTHER = "maternal_grandmother", _("Grandmother (maternal)")
    OTHER = "other", _("Other guardian")


class Guardian(models.Model):
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("mobile number"), max_length=20)
    students = models.ManyToManyField(
        Student, through="Guardianship", related_name="guardians", verbose_name=_("students")
    )

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        constraints = [
            models.UniqueConstraint(fields=["name", "phone"], name="guardian_unique_name_phone")
        ]
        indexes = [models.Index(fields=["phone"])]

    def __str__(self):
        return self.name


class Guardianship(models.Model):
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="guardianships", verbose_name=_("student")
    )
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.CASCADE,
        related_name="guardianships",
        verbose_name=_("guardian"),
    )
    relation = models.CharField(_("relation"), max_length=24, choices=Relation)
    lives_with_child = models.BooleanField(_("lives with the child"), default=True)
    position = models.PositiveSmallIntegerField(_("order on the roster"), default=1)

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        ordering = ["student", "position"]
        constraints = [
            models.UniqueConstraint(fields=["student", "guardian"], name="guardianship_unique_pair")
        ]

    def __str__(self):
        return f"{self.guardian} → {self.student}"
