""" "1+1+N" rural care networks: a teacher as network head, a village or
community cadre, and N students, many of them left behind."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CareNetwork(models.Model):
    name = models.CharField(_("name"), max_length=120)
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        related_name="care_networks",
        verbose_name=_("school"),
    )
    district = models.ForeignKey("schools.District", on_delete=models.PROTECT, related_name="+")
    town = models.ForeignKey(
        "schools.Town",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town or street"),
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="headed_networks",
        verbose_name=_("network head (teacher)"),
    )
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cadre_networks",
        verbose_name=_("village or community cadre"),
    )
    contact_every_days = models.PositiveSmallIntegerField(_("contact every (days)"), default=30)
    students = models.ManyToManyField(
        "schools.Student",
        through="NetworkMember",
        related_name="care_networks",
        verbose_name=_("students"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("set up at"), auto_now_add=True)

    class Meta:
        verbose_name = _("care network (1+1+N)")
        verbose_name_plural = _("care networks (1+1+N)")
        ordering = ["district_id", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contact_every_days__gte=1, contact_every_days__lte=365),
                name="network_contact_period_sensible",
            ),
            models.CheckConstraint(condition=~Q(head=models.F("cadre")), name="network_two_people"),
        ]

    def __str__(self):
        return self.name


class NetworkMember(models.Model):
    network = models.ForeignKey(
        CareNetwork, on_delete=models.CASCADE, related_name="members", verbose_name=_("network")
    )
    student = models.ForeignKey(
        "schools.Student", on_delete=models.CASCADE, related_name="+", verbose_name=_("student")
    )
    joined_on = models.DateField(_("joined on"))

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        constraints = [
            models.UniqueConstraint(fields=["network", "student"], name="network_member_once")
        ]

    def __str__(self):
        return f"{self.student} · {self.network}"


class ContactKind(models.TextChoices):
    HOME_VISIT = "visit", _("Home visit")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call with parents away")
    ACTIVITY = "activity", _("Activity together")


class NetworkContact(models.Model):
    network = models.ForeignKey(
        CareNetwork, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("network")
    )
    student = models.ForeignKey(
        "schools.Student", on_delete=models.CASCADE, related_name="+", verbose_name=_("student")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    contacted_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("network contact")
        verbose_name_plural = _("network contacts")
        ordering = ["-contacted_on", "-pk"]
        indexes = [models.Index(fields=["network", "student", "-contacted_on"])]

    def __str__(self):
        return f"{self.student} {self.contacted_on}"
