"""Factories for cases, their teams, goals and reviews, referrals and
alerts. They write rows directly, for the state a test starts from; the
steps under test go through the services, so that the audit trail and
the notices are the real ones."""

import datetime
import json

import factory
import pytest
from django.utils import timezone

from community.tests.factories_partners import (
    DepartmentFactory,
    OrganisationFactory,
    VolunteerFactory,
)
from portal.audit import trail_of
from portal.models import AuditAction, AuditEntry, Notification
from portal.tests.factories import UserFactory
from programs.models import (
    Alert,
    AlertLevel,
    AlertSource,
    AlertStatus,
    AlertStep,
    Case,
    CaseCategory,
    CaseKind,
    CaseStatus,
    CaseTeamMember,
    FollowUp,
    Goal,
    Referral,
    ReferralStatus,
    Review,
    RiskLevel,
)
from programs.services.errors import ProgramsError
from schools.tests.factories import GuardianFactory, GuardianshipFactory, StudentFactory

__all__ = [
    "AlertFactory",
    "CaseFactory",
    "DepartmentFactory",
    "GoalFactory",
    "GuardianFactory",
    "GuardianshipFactory",
    "OrganisationFactory",
    "ReferralFactory",
    "ReviewFactory",
    "TeamMemberFactory",
    "VolunteerFactory",
    "all_audit_details",
    "db_state",
    "guardian_of",
    "last_detail",
    "refused",
    "steps_of",
]


def guardian_of(student, **fields):
    """A guardian on the child's roster."""
    guardian = GuardianFactory(**fields)
    GuardianshipFactory(student=student, guardian=guardian)
    return guardian


class CaseFactory(factory.django.DjangoModelFactory):
    """A draft plan. `submitted=True`, `active=True` (pass `approved_by`,
    someone above the team) and `closed=True` start it further along."""

    class Meta:
        model = Case

    kind = CaseKind.INDIVIDUAL_PLAN
    student = factory.SubFactory(StudentFactory)
    school = factory.SelfAttribute("student.school")
    district = factory.SelfAttribute("student.district")
    categories = factory.LazyFunction(lambda: [CaseCategory.LEFT_BEHIND])
    risk_level = RiskLevel.MEDIUM
    lead = factory.SubFactory(UserFactory)
    summary = "父母外出务工，孩子由祖母照看，近期情绪低落。"
    status = CaseStatus.DRAFT

    class Params:
        submitted = factory.Trait(
            status=CaseStatus.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        active = factory.Trait(
            status=CaseStatus.ACTIVE,
            submitted_at=factory.LazyFunction(timezone.now),
            approved_at=factory.LazyFunction(timezone.now),
        )
        consented = factory.Trait(
            consent_guardian=factory.LazyAttribute(lambda case: guardian_of(case.student)),
            consent_recorded_at=factory.LazyFunction(timezone.now),
        )
        closed = factory.Trait(
            status=CaseStatus.CLOSED,
            closed_at=factory.LazyFunction(timezone.now),
            outcome="孩子情绪稳定，祖母照看到位。",
        )


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseTeamMember

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory)
    part = CaseTeamMember.Part.TEACHER


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    case = factory.SubFactory(CaseFactory)
    goal = "每周与外出务工的父母视频通话一次"
    measures = "班主任每周五协助孩子用学校电话与父母视频。"
    owner = factory.SelfAttribute("case.lead")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    status = Goal.Status.OPEN


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    case = factory.SubFactory(CaseFactory, active=True)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral sent to an organisation (no account answers for it; the
    case lead records its answer)."""

    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory, active=True, consented=True)
    to_organisation = factory.SubFactory(
        OrganisationFactory, district=factory.SelfAttribute("..case.district")
    )
    reason = "祖母年迈，监护力量不足。"
    asked = "每月入户一次，开展亲子关系辅导。"
    sent_by = factory.SelfAttribute("case.lead")
    status = ReferralStatus.SENT


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    student = factory.SubFactory(StudentFactory)
    school = factory.SelfAttribute("student.school")
    district = factory.SelfAttribute("student.district")
    level = AlertLevel.EARLY_WARNING
    source = AlertSource.OTHER
    source_id = ""
    raised_by = factory.SubFactory(UserFactory)
    status = AlertStatus.OPEN


# --- Reading the database back, for the tests' assertions ----------------------


def db_state() -> dict:
    """Every row the care programs, the audit trail and the inbox hold: a
    refused step must leave this exactly as it was."""
    models = (
        Case,
        CaseTeamMember,
        Goal,
        FollowUp,
        Review,
        Referral,
        Alert,
        AlertStep,
        AuditEntry,
        Notification,
    )
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def steps_of(obj) -> list[str]:
    """The steps the audit trail holds for one record, oldest first."""
    rows = trail_of(obj).exclude(action=AuditAction.VIEW).order_by("at", "pk")
    return [row.detail.get("step") for row in rows]


def last_detail(obj) -> dict:
    """The detail of the latest change written for one record."""
    return trail_of(obj).exclude(action=AuditAction.VIEW).first().detail


def all_audit_details() -> str:
    """Every audit row's detail as one text, to show no sensitive value
    was copied into it."""
    return json.dumps(list(AuditEntry.objects.values_list("detail", flat=True)), ensure_ascii=False)


def refused(step, message: str, *, field: str | None = None, **arguments) -> ProgramsError:
    """Call `step(**arguments)`, expect it refused with `message` (and the
    field it names), and check that nothing at all was saved."""
    before = db_state()
    with pytest.raises(ProgramsError) as caught:
        step(**arguments)
    assert message in str(caught.value.message)
    if field is not None:
        assert caught.value.field == field
    assert db_state() == before
    return caught.value
