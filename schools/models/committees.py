"""Parent committees (家委会) at school, grade and class level."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .org import District, Grade, School, SchoolClass
from .roster import Guardian


class CommitteeLevel(models.TextChoices):
    SCHOOL = "school", _("School")
    GRADE = "grade", _("Grade")
    CLASS = "class", _("Class")


class ParentCommittee(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="parent_committees", verbose_name=_("school")
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=8, choices=CommitteeLevel)
    grade = models.SmallIntegerField(_("grade"), choices=Grade, null=True, blank=True)
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parent_committees",
        verbose_name=_("class"),
    )
    established_on = models.DateField(_("established on"))

    class Meta:
        verbose_name = _("parent committee")
        verbose_name_plural = _("parent committees")
        ordering = ["school", "level", "grade"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(level="school", grade__isnull=True, school_class__isnull=True)
                    | Q(level="grade", grade__isnull=False, school_class__isnull=True)
                    | Q(level="class", school_class__isnull=False)
                ),
                name="committee_scope_matches_level",
            ),
            models.UniqueConstraint(
                fields=["school", "level", "grade", "school_class"],
                name="committee_unique_per_scope",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        if self.level == CommitteeLevel.CLASS and self.school_class_id:
            place = self.school_class.label
        elif self.level == CommitteeLevel.GRADE:
            place = Grade(self.grade).label
        else:
            place = self.school.name
        return f"{place} {_('parent committee')}"


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class CommitteeMember(models.Model):
    committee = models.ForeignKey(
        ParentCommittee,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("committee"),
    )
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.PROTECT,
        related_name="committee_seats",
        verbose_name=_("guardian"),
    )
    role = models.CharField(_("role"), max_length=12, choices=CommitteeRole)
    term_starts_on = models.DateField(_("term starts on"))
    term_ends_on = models.DateField(_("term ends on"))

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_ends_on__gt=F("term_starts_on")),
                name="member_term_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["committee", "guardian", "term_starts_on"], name="member_once_per_term"
            ),
        ]

    def __str__(self):
        return f"{self.guardian} · {self.get_role_display()}"


class CommitteeMeeting(models.Model):
    committee = models.ForeignKey(
        ParentCommittee,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("committee"),
    )
    held_on = models.DateField(_("held on"))
    attendees = models.PositiveSmallIntegerField(_("members present"))
    minutes = models.TextField(_("minutes"))

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.committee} {self.held_on}"


class DecisionKind(models.TextChoices):
    GENERAL = "general", _("General")
    FEE = "fee", _("Fee or money")


class CommitteeDecision(models.Model):
    """Every decision names the meeting that took it; a fee decision also
    states the amount, so no fee exists without an approving meeting."""

    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("meeting"),
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=DecisionKind, default=DecisionKind.GENERAL
    )
    text = models.TextField(_("decision"))
    amount_yuan = models.DecimalField(
        _("amount (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)

    class Meta:
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="general", amount_yuan__isnull=True)
                | Q(kind="fee", amount_yuan__isnull=False, amount_yuan__gte=0),
                name="fee_decision_states_amount",
            )
        ]

    def __str__(self):
        return self.text[:40]
