"""Partners: social organisations, volunteers and their hours, lecturer groups."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SOCIAL_ORGANISATION = "social", _("Social organisation")
        PUBLIC_INSTITUTION = "public", _("Public institution")
        ENTERPRISE = "enterprise", _("Enterprise")
        COMMUNITY_GROUP = "community", _("Community group")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    district = models.ForeignKey(
        "schools.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Empty for organisations serving the whole city."),
    )
    services = models.TextField(_("services offered"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Volunteer(models.Model):
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("mobile number"), max_length=20)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("portal account"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("organisation"),
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    districts = models.ManyToManyField(
        "schools.District", blank=True, related_name="+", verbose_name=_("areas served")
    )
    is_active = models.BooleanField(_("active"), default=True)
    joined_on = models.DateField(_("joined on"))

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "phone"], name="volunteer_unique_name_phone")
        ]

    def __str__(self):
        return self.name


class VolunteerHours(models.Model):
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="hours", verbose_name=_("volunteer")
    )
    served_on = models.DateField(_("served on"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    activity = models.CharField(_("activity"), max_length=200)
    district = models.ForeignKey(
        "schools.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer service hours")
        verbose_name_plural = _("volunteer service hours")
        ordering = ["-served_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24), name="volunteer_hours_within_a_day"
            )
        ]

    def __str__(self):
        return f"{self.volunteer} {self.served_on} {self.hours}h"


class LecturerGroup(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    district = models.ForeignKey(
        "schools.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Empty for a city-level group."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lecturer_groups",
        verbose_name=_("organisation"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("lecturer group")
        verbose_name_plural = _("lecturer groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Lecturer(models.Model):
    group = models.ForeignKey(
        LecturerGroup, on_delete=models.PROTECT, related_name="lecturers", verbose_name=_("group")
    )
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("title"), max_length=100, blank=True)
    expertise = models.CharField(_("expertise"), max_length=200)
    bio = models.TextField(_("biography"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lecturer",
        verbose_name=_("portal account"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("lecturer")
        verbose_name_plural = _("lecturers")
        ordering = ["group", "name"]

    def __str__(self):
        return self.name
