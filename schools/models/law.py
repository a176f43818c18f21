"""Rule-of-law vice principals (法治副校长): ≥ 4 class hours a year each, one in every school."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .org import District, School


class LegalOrganisation(models.TextChoices):
    POLICE = "police", _("Public security (police)")
    PROCURATORATE = "procuratorate", _("Procuratorate")
    COURT = "court", _("Court")
    JUSTICE = "justice", _("Justice bureau")


class LawVicePrincipal(models.Model):
    name = models.CharField(_("name"), max_length=50)
    organisation_kind = models.CharField(
        _("organisation"), max_length=16, choices=LegalOrganisation
    )
    organisation_name = models.CharField(_("unit"), max_length=100)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="law_vice_principal",
        verbose_name=_("portal account"),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )

    class Meta:
        verbose_name = _("rule-of-law vice principal")
        verbose_name_plural = _("rule-of-law vice principals")
        ordering = ["district", "name"]

    def __str__(self):
        return f"{self.name}（{self.organisation_name}）"


class LawAppointment(models.Model):
    vice_principal = models.ForeignKey(
        LawVicePrincipal,
        on_delete=models.CASCADE,
        related_name="appointments",
        verbose_name=_("vice principal"),
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="law_appointments", verbose_name=_("school")
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("appointed on"))
    ends_on = models.DateField(_("appointment ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["school", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="appointment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["vice_principal", "school", "starts_on"], name="appointment_unique"
            ),
        ]

    def __str__(self):
        return f"{self.vice_principal} → {self.school}"


class LawSession(models.Model):
    appointment = models.ForeignKey(
        LawAppointment,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("appointment"),
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("held on"))
    class_hours = models.DecimalField(_("class hours"), max_digits=4, decimal_places=1)
    topic = models.CharField(_("topic"), max_length=200)
    audience = models.CharField(_("audience"), max_length=200)

    class Meta:
        verbose_name = _("law-education session")
        verbose_name_plural = _("law-education sessions")
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["school", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(class_hours__gt=0) & Q(class_hours__lte=8),
                name="session_hours_between_0_and_8",
            )
        ]

    def __str__(self):
        return f"{self.topic} {self.held_on}"
