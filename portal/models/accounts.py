"""People and the roles they hold, each role carrying its scope in the
organisation tree."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.phones import mask_phone


class User(AbstractUser):
    name = models.CharField(_("name"), max_length=50, blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, null=True, blank=True, unique=True)
    phone_verified = models.BooleanField(_("mobile number verified"), default=False)
    notify_by_email = models.BooleanField(_("notify me by email"), default=True)
    notify_by_sms = models.BooleanField(_("notify me by SMS"), default=True)
    elder_mode = models.BooleanField(
        _("elder-friendly mode"),
        default=False,
        help_text=_("Larger text and buttons, high contrast and plain words."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name

    def get_short_name(self) -> str:
        # The admin greets people by this; first_name is never filled in here.
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.masked_phone or self.username

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone or "")


class ScopeLevel(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    SCHOOL = "school", _("School")
    CLASS = "class", _("Class")
    VILLAGE = "village", _("Village or community")
    FAMILY = "family", _("Own family")


class Role(models.TextChoices):
    CITY_OFFICER = "city_officer", _("City bureau officer")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    SCHOOL_LEADER = "school_leader", _("School leader")
    HEAD_TEACHER = "head_teacher", _("Head teacher")
    TEACHER = "teacher", _("Teacher")
    COUNSELLOR = "counsellor", _("Counsellor")
    CASE_WORKER = "case_worker", _("Case worker")
    COMMUNITY_PARTNER = "community_partner", _("Community partner")
    PARENT = "parent", _("Parent or guardian")

    @property
    def level(self) -> ScopeLevel:
        return ROLE_LEVELS[self]

    @property
    def is_staff_role(self) -> bool:
        return self not in (Role.PARENT, Role.COMMUNITY_PARTNER)

    @property
    def sees_case_data(self) -> bool:
        return self in CASE_DATA_ROLES


ROLE_LEVELS = {
    Role.CITY_OFFICER: ScopeLevel.CITY,
    Role.DISTRICT_OFFICER: ScopeLevel.DISTRICT,
    Role.SCHOOL_LEADER: ScopeLevel.SCHOOL,
    Role.COUNSELLOR: ScopeLevel.SCHOOL,
    Role.HEAD_TEACHER: ScopeLevel.CLASS,
    Role.TEACHER: ScopeLevel.CLASS,
    Role.CASE_WORKER: ScopeLevel.DISTRICT,
    Role.COMMUNITY_PARTNER: ScopeLevel.VILLAGE,
    Role.PARENT: ScopeLevel.FAMILY,
}

# Roles that may open care cases (programs) and so must log in with TOTP.
CASE_DATA_ROLES = frozenset(
    {
        Role.CITY_OFFICER,
        Role.DISTRICT_OFFICER,
        Role.SCHOOL_LEADER,
        Role.COUNSELLOR,
        Role.CASE_WORKER,
    }
)


def _scope_condition() -> Q:
    """Which scope columns each role must fill. Narrower columns imply the
    wider ones (a class implies its school and district), which the grant
    service fills in."""
    city = Q(district__isnull=True, school__isnull=True, village__isnull=True)
    district = Q(district__isnull=False, school__isnull=True, village__isnull=True)
    school = Q(school__isnull=False, school_class__isnull=True, village__isnull=True)
    teacher = Q(school__isnull=False, village__isnull=True)
    village = Q(village__isnull=False, school__isnull=True)
    family = Q(district__isnull=True, school__isnull=True, village__isnull=True)
    return (
        (Q(role=Role.CITY_OFFICER) & city)
        | (Q(role__in=[Role.DISTRICT_OFFICER, Role.CASE_WORKER]) & district)
        | (Q(role__in=[Role.SCHOOL_LEADER, Role.COUNSELLOR]) & school)
        | (Q(role=Role.HEAD_TEACHER) & teacher & Q(school_class__isnull=False))
        | (Q(role=Role.TEACHER) & teacher)
        | (Q(role=Role.COMMUNITY_PARTNER) & village)
        | (Q(role=Role.PARENT) & family)
    )


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=24, choices=Role)
    district = models.ForeignKey(
        "schools.District",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    school_class = models.ForeignKey(
        "schools.SchoolClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("class"),
    )
    village = models.ForeignKey(
        "schools.Village",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village or community"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user_id", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "district", "school", "school_class", "village"],
                name="role_assignment_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=_scope_condition(), name="role_assignment_scope_matches_role"
            ),
        ]
        indexes = [models.Index(fields=["role", "district"]), models.Index(fields=["school"])]

    def __str__(self):
        return f"{self.get_role_display()} · {self.scope_label}"

    @property
    def scope_label(self) -> str:
        target = self.school_class or self.school or self.village or self.district
        return str(target) if target else str(ScopeLevel(Role(self.role).level).label)
