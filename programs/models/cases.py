"""Cases: one plan per child (一人一案) and support for a family (1+X), with
a team, goals, follow-ups, reviews, consent and referrals (转介)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseKind(models.TextChoices):
    INDIVIDUAL_PLAN = "plan", _("Individual care plan (one plan per child)")
    FAMILY_SUPPORT = "family", _("Family support (1+X)")


class CaseCategory(models.TextChoices):
    LEFT_BEHIND = "left_behind", _("Left behind")
    DISABILITY = "disability", _("Disability")
    POVERTY = "poverty", _("Family in poverty")
    ILLNESS = "illness", _("Serious illness")
    PSYCHOLOGICAL_RISK = "psychological_risk", _("Psychological risk")
    JUVENILE_JUSTICE = "juvenile_justice", _("Involved in a juvenile case")
    WITHOUT_CARE = "without_care", _("Without effective care")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRISIS = "crisis", _("Crisis")


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


class Case(models.Model):
    kind = models.CharField(_("kind"), max_length=8, choices=CaseKind)
    student = models.ForeignKey(
        "schools.Student", on_delete=models.PROTECT, related_name="+", verbose_name=_("child")
    )
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("schools.District", on_delete=models.PROTECT, related_name="+")
    categories = models.JSONField(_("categories"), default=list)
    risk_level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel)
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus, default=CaseStatus.DRAFT
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_cases",
        verbose_name=_("case lead"),
    )
    summary = models.TextField(_("situation"))
    shares_with_partners = models.BooleanField(
        _("shares the child's data with partners outside the school"), default=False
    )
    consent_guardian = models.ForeignKey(
        "schools.Guardian",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent given by"),
    )
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    review_every_days = models.PositiveSmallIntegerField(_("review every (days)"), default=90)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["district", "status"]),
            models.Index(fields=["school", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="active")
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="case_active_is_approved",
            ),
            models.CheckConstraint(
                condition=~Q(status="active", shares_with_partners=True)
                | Q(consent_recorded_at__isnull=False),
                name="case_sharing_needs_consent",
            ),
            models.CheckConstraint(
                condition=~Q(approved_by=F("lead")), name="case_not_approved_by_its_lead"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_at__isnull=False) & ~Q(outcome="")),
                name="case_closed_with_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class CaseTeamMember(models.Model):
    class Part(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        COUNSELLOR = "counsellor", _("Counsellor")
        CADRE = "cadre", _("Village or community cadre")
        DEPARTMENT_LIAISON = "department", _("Department liaison")
        VOLUNTEER = "volunteer", _("Volunteer")
        CASE_WORKER = "case_worker", _("Case worker")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="team", verbose_name=_("case")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_teams",
        verbose_name=_("member"),
    )
    part = models.CharField(_("part in the team"), max_length=12, choices=Part)

    class Meta:
        verbose_name = _("case team member")
        verbose_name_plural = _("case team")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_team_once")]

    def __str__(self):
        return f"{self.user} · {self.get_part_display()}"


class Goal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("goal status", "Open")
        MET = "met", _("Met")
        DROPPED = "dropped", _("Dropped")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="goals", verbose_name=_("case")
    )
    goal = models.CharField(_("goal"), max_length=200)
    measures = models.TextField(_("measures"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.OPEN)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["case", "due_on"]

    def __str__(self):
        return self.goal


class FollowUp(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("case")
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    happened_on = models.DateField(_("date"))
    note = models.TextField(_("note"))

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-happened_on", "-pk"]

    def __str__(self):
        return f"{self.case} {self.happened_on}"


class Review(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("case")
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["case", "due_on"]
        indexes = [models.Index(fields=["due_on", "done_on"])]

    def __str__(self):
        return f"{self.case} {self.due_on}"


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent, waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("referral status", "Accepted")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Service given, loop closed")


class Referral(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("case")
    )
    to_department = models.ForeignKey(
        "community.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    to_organisation = models.ForeignKey(
        "community.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    to_volunteer = models.ForeignKey(
        "community.Volunteer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("volunteer"),
    )
    reason = models.TextField(_("reason"))
    asked = models.TextField(_("what is asked"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus, default=ReferralStatus.SENT
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("reason for the answer"), blank=True)
    service_given = models.TextField(_("service given"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalate_after_days = models.PositiveSmallIntegerField(_("escalate after (days)"), default=5)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["status", "sent_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        to_department__isnull=False,
                        to_organisation__isnull=True,
                        to_volunteer__isnull=True,
                    )
                    | Q(
                        to_department__isnull=True,
                        to_organisation__isnull=False,
                        to_volunteer__isnull=True,
                    )
                    | Q(
                        to_department__isnull=True,
                        to_organisation__isnull=True,
                        to_volunteer__isnull=False,
                    )
                ),
                name="referral_has_one_receiver",
            ),
            models.CheckConstraint(
                condition=Q(status="sent") | Q(answered_at__isnull=False),
                name="referral_answered_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.case} → {self.get_status_display()}"
