"""The education map (育人地图): museums, family-tradition sites, science and
culture centres, red-education sites, intangible heritage, practice bases and
study-tour routes, curated by the bureau; and study-tour providers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ResourceCategory(models.TextChoices):
    MUSEUM = "museum", _("Museum")
    FAMILY_TRADITION = (
        "family_tradition",
        _("Family-tradition site (former residence, ancestral hall)"),
    )
    SCIENCE_CENTRE = "science_centre", _("Science centre")
    CULTURE_CENTRE = "culture_centre", _("Culture centre or library")
    RED_EDUCATION = "red_education", _("Red-education site")
    INTANGIBLE_HERITAGE = "intangible_heritage", _("Intangible heritage")
    PRACTICE_BASE = "practice_base", _("Study and practice base")
    STUDY_ROUTE = "study_route", _("Study-tour route")


class Theme(models.TextChoices):
    FAMILY_TRADITION = "family_tradition", _("Family traditions and virtues")
    RED_CULTURE = "red_culture", _("Revolutionary history")
    SCIENCE = "science", _("Science and technology")
    CULTURE_ART = "culture_art", _("Culture and art")
    NATURE = "nature", _("Nature and ecology")
    LABOUR = "labour", _("Labour education")
    LAW_SAFETY = "law_safety", _("Law and safety")
    HERITAGE = "heritage", _("Heritage and the Grand Canal")


class AgeGroup(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY_LOWER = "primary_lower", _("Primary, grades 1–3")
    PRIMARY_UPPER = "primary_upper", _("Primary, grades 4–6")
    JUNIOR = "junior", _("Junior secondary")
    SENIOR = "senior", _("Senior secondary")
    FAMILY = "family", _("Families, all ages")


class ApprovalStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    SUSPENDED = "suspended", _("Suspended")


class EducationResource(models.Model):
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=24, choices=ResourceCategory)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    age_groups = models.JSONField(_("age groups"), default=list, blank=True)
    district = models.ForeignKey(
        "schools.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    town = models.ForeignKey(
        "schools.Town",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town or street"),
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    description = models.TextField(_("what it offers"))
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    capacity_per_visit = models.PositiveIntegerField(_("capacity per visit"), null=True, blank=True)
    accessibility = models.CharField(_("accessibility"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    approval_status = models.CharField(
        _("approval status"), max_length=10, choices=ApprovalStatus, default=ApprovalStatus.APPLIED
    )
    star_rating = models.PositiveSmallIntegerField(_("star rating"), null=True, blank=True)
    open_for_bookings = models.BooleanField(_("open for school bookings"), default=False)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_resources",
        verbose_name=_("managers"),
        help_text=_("Partner accounts who answer bookings for this place."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("education resource")
        verbose_name_plural = _("education resources")
        ordering = ["district_id", "name"]
        indexes = [
            models.Index(fields=["approval_status", "category"]),
            models.Index(fields=["district", "approval_status"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="resource_unique_name"),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="resource_coordinates_on_earth",
            ),
            models.CheckConstraint(
                condition=Q(star_rating__isnull=True) | Q(star_rating__gte=1, star_rating__lte=5),
                name="resource_stars_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(open_for_bookings=False) | Q(approval_status="approved"),
                name="resource_bookable_only_when_approved",
            ),
        ]

    def __str__(self):
        return self.name


class ResourceCourse(models.Model):
    resource = models.ForeignKey(
        EducationResource,
        on_delete=models.CASCADE,
        related_name="courses",
        verbose_name=_("resource"),
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    age_groups = models.JSONField(_("age groups"), default=list, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("course or topic")
        verbose_name_plural = _("courses and topics")
        ordering = ["resource", "title"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "title"], name="course_unique_in_resource")
        ]

    def __str__(self):
        return self.title


class StudyTourProvider(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    district = models.ForeignKey(
        "schools.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    contact_name = models.CharField(_("contact"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    description = models.TextField(_("services offered"), blank=True)
    approval_status = models.CharField(
        _("approval status"), max_length=10, choices=ApprovalStatus, default=ApprovalStatus.APPLIED
    )
    is_recommended = models.BooleanField(_("on the recommended list"), default=False)

    class Meta:
        verbose_name = _("study-tour provider")
        verbose_name_plural = _("study-tour providers")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_recommended=False) | Q(approval_status="approved"),
                name="provider_recommended_only_when_approved",
            )
        ]

    def __str__(self):
        return self.name


class ApprovalRecord(models.Model):
    """The history of 遴选 decisions on a resource or a provider."""

    resource = models.ForeignKey(
        EducationResource,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="approval_history",
        verbose_name=_("resource"),
    )
    provider = models.ForeignKey(
        StudyTourProvider,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="approval_history",
        verbose_name=_("provider"),
    )
    status = models.CharField(_("decision"), max_length=10, choices=ApprovalStatus)
    note = models.CharField(_("reason"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval record")
        verbose_name_plural = _("approval records")
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resource__isnull=False, provider__isnull=True)
                | Q(resource__isnull=True, provider__isnull=False),
                name="approval_about_one_thing",
            )
        ]

    def __str__(self):
        return f"{self.get_status_display()} · {self.decided_at:%Y-%m-%d}"
