"""Reads of cases. Every read of one case goes through `case_for`, which
checks access (404 outside) and writes the read to the audit trail."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from portal import access
from portal.audit import trail_of
from portal.models import AuditAction
from programs.models import Case, CaseStatus, CaseTeamMember, Goal, Referral, Review
from programs.services import cases as case_rules
from programs.services import history

OPEN = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.ACTIVE)


def visible_cases(user) -> QuerySet[Case]:
    return access.visible(user, Case).select_related(
        "student__school_class__school", "school", "lead"
    )


def case_for(user, pk: int, *, request=None) -> Case:
    case = access.get_visible_or_404(
        user,
        Case.objects.select_related(
            "student__school_class__school",
            "school",
            "district",
            "lead",
            "approved_by",
            "consent_guardian",
        ),
        pk=pk,
    )
    history.read(user=user, obj=case, district_id=case.district_id, request=request)
    return case


def case_list(user, *, status: str = "", mine: bool = False) -> QuerySet[Case]:
    cases = visible_cases(user).annotate(
        open_goals=Count("goals", filter=Q(goals__status=Goal.Status.OPEN), distinct=True),
        review_overdue=Exists(
            Review.objects.filter(
                case=OuterRef("pk"), done_on__isnull=True, due_on__lt=timezone.localdate()
            )
        ),
    )
    if mine:
        cases = cases.filter(
            Q(lead_id=user.pk)
            | Q(pk__in=CaseTeamMember.objects.filter(user_id=user.pk).values("case_id"))
        )
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    return cases.order_by("status", "-created_at")


def cases_to_approve(user) -> list[Case]:
    """Submitted plans the person may approve; the team is left out in the
    query, so the rule's scope check runs without a query per plan."""
    submitted = (
        visible_cases(user)
        .filter(status=CaseStatus.SUBMITTED)
        .exclude(lead_id=user.pk)
        .exclude(pk__in=CaseTeamMember.objects.filter(user_id=user.pk).values("case_id"))
        .order_by("submitted_at")
    )
    return [case for case in submitted if case_rules.may_approve_from_outside(user, case)]


def overdue_reviews(user) -> QuerySet[Review]:
    return (
        access.visible(user, Review)
        .filter(
            done_on__isnull=True,
            due_on__lt=timezone.localdate(),
            case__status=CaseStatus.ACTIVE,
        )
        .select_related("case__student")
        .order_by("due_on")
    )


@dataclass
class CasePage:
    case: Case
    team: list
    goals: list
    follow_ups: list
    reviews: list
    referrals: list
    alerts: list
    guardians: list


def case_page(case: Case) -> CasePage:
    """Everything the case page shows, in a fixed number of queries."""
    from programs.models import Alert

    return CasePage(
        case=case,
        team=list(case.team.select_related("user").order_by("part", "pk")),
        goals=list(case.goals.select_related("owner").order_by("status", "due_on")),
        follow_ups=list(case.follow_ups.select_related("by")[:50]),
        reviews=list(case.reviews.select_related("by").order_by("-due_on", "-pk")),
        referrals=list(
            case.referrals.select_related("to_department", "to_organisation", "to_volunteer")
        ),
        alerts=list(Alert.objects.filter(case=case).order_by("-raised_at")),
        guardians=list(case.student.guardianships.select_related("guardian").order_by("position")),
    )


def team_candidates(case: Case):
    """People who may join the team: the school's staff, the district's
    case workers and partners, department liaisons and volunteers."""
    from community.models import Department, Volunteer
    from portal.models import Role, RoleAssignment, User

    at_school = RoleAssignment.objects.filter(school_id=case.school_id).exclude(role=Role.PARENT)
    in_district = RoleAssignment.objects.filter(
        district_id=case.district_id,
        school__isnull=True,
        role__in=(Role.CASE_WORKER, Role.COMMUNITY_PARTNER),
    )
    liaisons = Department.liaisons.through.objects.values("user_id")
    volunteers = Volunteer.objects.filter(account__isnull=False).values("account_id")
    taken = [case.lead_id, *case.team.values_list("user_id", flat=True)]
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(pk__in=at_school.values("user_id"))
            | Q(pk__in=in_district.values("user_id"))
            | Q(pk__in=liaisons)
            | Q(pk__in=volunteers)
        )
        .exclude(pk__in=taken)
        .order_by("name", "username")
    )


def history_of(case: Case) -> list:
    """The case's changes, read back from the audit trail, newest first."""
    rows = list(trail_of(case).exclude(action__in=(AuditAction.VIEW, AuditAction.EXPORT))[:200])
    for row in rows:
        row.step_label = history.STEPS.get(row.detail.get("step"), row.get_action_display())
    return rows


def reads_of(case: Case) -> QuerySet:
    return trail_of(case).filter(action=AuditAction.VIEW)


def referrals_of_case(case: Case) -> QuerySet[Referral]:
    return case.referrals.select_related("to_department", "to_organisation", "to_volunteer")
