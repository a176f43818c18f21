"""Parent accounts bound to the guardians and children on the roster."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BindingCode(models.Model):
    """A one-time code the school issues per student for a guardian to bind."""

    student = models.ForeignKey(
        "schools.Student",
        on_delete=models.CASCADE,
        related_name="binding_codes",
        verbose_name=_("student"),
    )
    code = models.CharField(_("code"), max_length=12, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("used by"),
    )

    class Meta:
        verbose_name = _("binding code")
        verbose_name_plural = _("binding codes")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(used_at__isnull=True, used_by__isnull=True)
                | Q(used_at__isnull=False, used_by__isnull=False),
                name="binding_code_used_with_user",
            )
        ]

    def __str__(self):
        return f"{self.student} · {self.code}"


class FamilyLink(models.Model):
    """A parent's account bound to one child, through a guardian on the roster."""

    class Method(models.TextChoices):
        CODE = "code", _("Binding code from the school")
        ROSTER_PHONE = "roster_phone", _("Class code, student number and roster phone")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="family_links",
        verbose_name=_("account"),
    )
    student = models.ForeignKey(
        "schools.Student",
        on_delete=models.CASCADE,
        related_name="family_links",
        verbose_name=_("child"),
    )
    guardian = models.ForeignKey(
        "schools.Guardian",
        on_delete=models.CASCADE,
        related_name="family_links",
        verbose_name=_("guardian on the roster"),
    )
    method = models.CharField(_("bound by"), max_length=16, choices=Method)
    bound_at = models.DateTimeField(_("bound at"), auto_now_add=True)

    class Meta:
        verbose_name = _("family link")
        verbose_name_plural = _("family links")
        ordering = ["user", "student"]
        constraints = [models.UniqueConstraint(fields=["user", "student"], name="family_link_once")]

    def __str__(self):
        return f"{self.user} → {self.student}"
