"""Cases: one plan per child (一人一案) and family support (1+X). A case is
opened as a draft, gets a team, goals and consent, is submitted and then
approved by someone above the team (the school leader, or the district for
high risk) before it is active; it is reviewed on a schedule, closed with
an outcome and may be reopened. Every step is written to the audit trail."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import Department, Volunteer
from portal import access, notify
from portal.models import Role, ScopeLevel, User
from portal.selectors import holders_of
from programs.access_rules import ABOVE_THE_TEAM
from programs.models import (
    Case,
    CaseCategory,
    CaseKind,
    CaseStatus,
    CaseTeamMember,
    FollowUp,
    Goal,
    Review,
    RiskLevel,
)
from schools.models import Guardian, Student

from . import history
from .errors import ProgramsError

PLAN_TO_APPROVE = notify.register_kind(
    "programs.plan_to_approve", gettext_lazy("Care plans waiting for my approval")
)
PLAN_DECIDED = notify.register_kind(
    "programs.plan_decided", gettext_lazy("My care plans approved or returned")
)
ADDED_TO_TEAM = notify.register_kind(
    "programs.case_team", gettext_lazy("Care cases I was added to")
)

# District case workers lead and join cases but do not open them: they do
# not read the district's roster, so the school or the district opens the
# case and names them.
OPENERS = {
    Role.SCHOOL_LEADER: ScopeLevel.SCHOOL,
    Role.COUNSELLOR: ScopeLevel.SCHOOL,
    Role.DISTRICT_OFFICER: ScopeLevel.DISTRICT,
}
DISTRICT_APPROVES = {RiskLevel.HIGH, RiskLevel.CRISIS}
SCHOOL_APPROVERS = {
    Role.SCHOOL_LEADER: ScopeLevel.SCHOOL,
    Role.DISTRICT_OFFICER: ScopeLevel.DISTRICT,
}
DISTRICT_APPROVERS = {Role.DISTRICT_OFFICER: ScopeLevel.DISTRICT}
PARTNER_PARTS = {
    CaseTeamMember.Part.CADRE,
    CaseTeamMember.Part.DEPARTMENT_LIAISON,
    CaseTeamMember.Part.VOLUNTEER,
}
OPEN_STATUSES = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.ACTIVE)
RISK_ORDER = [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.CRISIS]


# --- Who may do what -------------------------------------------------------


def _at(user, case, roles) -> bool:
    return access.may_create(
        user, Case, district_id=case.district_id, school_id=case.school_id, roles=roles
    )


def may_open(user, student: Student) -> bool:
    return access.may_create(
        user, Case, district_id=student.district_id, school_id=student.school_id, roles=OPENERS
    )


def is_above_the_team(user, case: Case) -> bool:
    return _at(user, case, ABOVE_THE_TEAM)


def may_manage(user, case: Case) -> bool:
    """The lead and the roles above the team steer the case (team, goals,
    submitting, closing); the rest of the team works on it."""
    return user.pk == case.lead_id or is_above_the_team(user, case)


def is_on_team(user, case: Case) -> bool:
    return user.pk == case.lead_id or case.team.filter(user_id=user.pk).exists()


def may_work_on(user, case: Case) -> bool:
    return is_on_team(user, case) or is_above_the_team(user, case)


def approvers_for(case: Case) -> dict:
    return DISTRICT_APPROVERS if case.risk_level in DISTRICT_APPROVES else SCHOOL_APPROVERS


def may_approve_from_outside(user, case: Case) -> bool:
    """The scope half of `may_approve`, for someone known not to be on the team."""
    return _at(user, case, approvers_for(case))


def may_approve(user, case: Case) -> bool:
    return not is_on_team(user, case) and may_approve_from_outside(user, case)


def _require(allowed: bool, message) -> None:
    if not allowed:
        raise ProgramsError(message)


def _require_status(case: Case, *statuses, message) -> None:
    if case.status not in statuses:
        raise ProgramsError(message)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


# --- Checking input --------------------------------------------------------


def _clean_categories(categories: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(categories))
    if not chosen:
        raise ProgramsError(_("Choose at least one category."), field="categories")
    if set(chosen) - set(CaseCategory.values):
        raise ProgramsError(_("Choose categories from the list."), field="categories")
    return [value for value in CaseCategory.values if value in chosen]


def _clean_text(value: str, field: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise ProgramsError(message, field=field)
    return value


def _clean_review_days(days) -> int:
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 7 <= days <= 365:
        raise ProgramsError(_("Reviews must come every 7 to 365 days."), field="review_every_days")
    return days


def _may_lead(user: User, student: Student) -> bool:
    return (
        holders_of(
            (Role.COUNSELLOR, Role.SCHOOL_LEADER, Role.HEAD_TEACHER, Role.TEACHER),
            school_id=student.school_id,
        )
        .filter(pk=user.pk)
        .exists()
        or holders_of((Role.CASE_WORKER, Role.DISTRICT_OFFICER), district_id=student.district_id)
        .filter(pk=user.pk)
        .exists()
    )


# --- Opening and changing ----------------------------------------------------


@transaction.atomic
def open_case(
    *,
    opened_by: User,
    student: Student,
    kind: str = CaseKind.INDIVIDUAL_PLAN,
    categories: Iterable[str],
    risk_level: str,
    summary: str,
    lead: User | None = None,
    review_every_days: int = 90,
    check_opener: bool = True,
) -> Case:
    """Open a draft case for one child. A child has at most one open case
    of each kind, so its team works on one plan, not several."""
    if check_opener and not may_open(opened_by, student):
        raise ProgramsError(
            _("Only the school's counsellors and leaders, or the district, open cases.")
        )
    if kind not in CaseKind.values:
        raise ProgramsError(_("Choose the kind of case."), field="kind")
    if risk_level not in RiskLevel.values:
        raise ProgramsError(_("Choose the risk level."), field="risk_level")
    lead = lead or opened_by
    if not _may_lead(lead, student):
        raise ProgramsError(
            _("The lead must be on the staff of the child's school or a district case worker."),
            field="lead",
        )
    Student.objects.select_for_update().filter(pk=student.pk).first()
    if Case.objects.filter(student=student, kind=kind, status__in=OPEN_STATUSES).exists():
        raise ProgramsError(
            _("This child already has an open case of this kind; work on that one."),
            field="student",
        )
    case = Case.objects.create(
        kind=kind,
        student=student,
        school_id=student.school_id,
        district_id=student.district_id,
        categories=_clean_categories(categories),
        risk_level=risk_level,
        lead=lead,
        summary=_clean_text(summary, "summary", _("Describe the child's situation.")),
        review_every_days=_clean_review_days(review_every_days),
    )
    history.changed(
        user=opened_by, obj=case, district_id=case.district_id, step="opened", created=True
    )
    return case


@transaction.atomic
def change_case(
    *,
    case: Case,
    by: User,
    categories: Iterable[str],
    summary: str,
    review_every_days: int,
) -> Case:
    case = _locked(case)
    _require(may_manage(by, case), _("Only the case lead or those above the team change the case."))
    _require_status(
        case, *OPEN_STATUSES, message=_("A closed case cannot be changed; reopen it first.")
    )
    case.categories = _clean_categories(categories)
    case.summary = _clean_text(summary, "summary", _("Describe the child's situation."))
    case.review_every_days = _clean_review_days(review_every_days)
    case.save(update_fields=["categories", "summary", "review_every_days"])
    history.changed(
        user=by,
        obj=case,
        district_id=case.district_id,
        step="changed",
        fields=["categories", "summary", "review_every_days"],
    )
    return case


@transaction.atomic
def change_risk(*, case: Case, by: User, risk_level: str, reason: str) -> Case:
    """Raise or lower the risk. Raising an active plan to a level the
    school may not approve keeps it active: a child in crisis is not left
    without a plan while the district reads it."""
    case = _locked(case)
    _require(may_work_on(by, case), _("Only the case team changes the risk level."))
    _require_status(
        case, *OPEN_STATUSES, message=_("A closed case cannot be changed; reopen it first.")
    )
    if risk_level not in RiskLevel.values:
        raise ProgramsError(_("Choose the risk level."), field="risk_level")
    reason = _clean_text(reason, "reason", _("Say why the risk level changes."))
    lowering = RISK_ORDER.index(risk_level) < RISK_ORDER.index(case.risk_level)
    if lowering and not may_manage(by, case):
        # Lowering a plan's risk can move its approval from the district to
        # the school, so it is the lead's or their superiors' decision.
        raise ProgramsError(
            _("Only the case lead or those above the team lower the risk level."),
            field="risk_level",
        )
    if risk_level == case.risk_level:
        return case
    case.risk_level = risk_level
    case.save(update_fields=["risk_level"])
    history.changed(
        user=by, obj=case, district_id=case.district_id, step="risk", fields=["risk_level"]
    )
    FollowUp.objects.create(case=case, by=by, happened_on=timezone.localdate(), note=reason)
    if case.status == CaseStatus.SUBMITTED:
        # A plan raised to high risk now waits for the district.
        _ask_approvers(case)
    return case


# --- The team ----------------------------------------------------------------


def _fits_part(user: User, part: str, case: Case) -> bool:
    Part = CaseTeamMember.Part
    if part == Part.TEACHER:
        roles, place = (Role.TEACHER, Role.HEAD_TEACHER, Role.SCHOOL_LEADER), "school"
    elif part == Part.COUNSELLOR:
        roles, place = (Role.COUNSELLOR,), "school"
    elif part == Part.CADRE:
        roles, place = (Role.COMMUNITY_PARTNER,), "district"
    elif part == Part.CASE_WORKER:
        roles, place = (Role.CASE_WORKER,), "district"
    elif part == Part.DEPARTMENT_LIAISON:
        return Department.objects.filter(liaisons=user).exists()
    elif part == Part.VOLUNTEER:
        return Volunteer.objects.filter(account=user).exists()
    else:
        return False
    place = (
        {"school_id": case.school_id} if place == "school" else {"district_id": case.district_id}
    )
    return holders_of(roles, **place).filter(pk=user.pk).exists()


@transaction.atomic
def add_team_member(*, case: Case, by: User, user: User, part: str) -> CaseTeamMember:
    """Partners outside the school (a cadre, a department's liaison, a
    volunteer) make the case share the child's data, which needs the
    guardian's consent before the plan is active."""
    case = _locked(case)
    _require(may_manage(by, case), _("Only the case lead or those above the team change the team."))
    _require_status(
        case, *OPEN_STATUSES, message=_("A closed case cannot be changed; reopen it first.")
    )
    if part not in CaseTeamMember.Part.values:
        raise ProgramsError(_("Choose the member's part in the team."), field="part")
    if user.pk == case.lead_id or case.team.filter(user=user).exists():
        raise ProgramsError(_("This person is already on the team."), field="user")
    if not _fits_part(user, part, case):
        raise ProgramsError(
            _(
                "This person does not hold that part: teachers and counsellors must be of the "
                "child's school, cadres and case workers of its district, liaisons of a "
                "department, volunteers registered."
            ),
            field="user",
        )
    shares = part in PARTNER_PARTS
    if shares and case.status == CaseStatus.ACTIVE and case.consent_recorded_at is None:
        raise ProgramsError(
            _(
                "Record the guardian's consent before partners outside the school join an "
                "active plan."
            ),
            field="user",
        )
    member = CaseTeamMember.objects.create(case=case, user=user, part=part)
    if shares and not case.shares_with_partners:
        case.shares_with_partners = True
        case.save(update_fields=["shares_with_partners"])
    history.changed(
        user=by, obj=case, district_id=case.district_id, step="team_added", member=member.pk
    )
    notify.notify(
        kind=ADDED_TO_TEAM.key,
        recipient=user,
        subject_key=f"case-team:{member.pk}",
        title=_("You were added to a care team"),
        url=reverse("programs:case-detail", args=[case.pk]),
    )
    return member


@transaction.atomic
def remove_team_member(*, member: CaseTeamMember, by: User) -> None:
    case = _locked(member.case)
    _require(may_manage(by, case), _("Only the case lead or those above the team change the team."))
    _require_status(
        case, *OPEN_STATUSES, message=_("A closed case cannot be changed; reopen it first.")
    )
    if case.goals.filter(owner=member.user, status=Goal.Status.OPEN).exists():
        raise ProgramsError(
            _("Give this member's open goals to someone else before removing them.")
        )
    member_id = member.pk
    member.delete()
    history.changed(
        user=by, obj=case, district_id=case.district_id, step="team_removed", member=member_id
    )


# --- Goals, follow-ups, consent ------------------------------------------------


@transaction.atomic
def add_goal(
    *, case: Case, by: User, goal: str, measures: str, owner: User, due_on: datetime.date
) -> Goal:
    case = _locked(case)
    _require(may_manage(by, case), _("Only the case lead or those above the team set goals."))
    _require_status(
        case, *OPEN_STATUSES, message=_("A closed case cannot be changed; reopen it first.")
    )
    goal = _clean_text(goal, "goal", _("Say what the goal is."))
    if len(goal) > 200:
        raise ProgramsError(_("A goal has at most 200 characters."), field="goal")
    measures = _clean_text(measures, "measures", _("Say what will be done to reach the goal."))
    if not is_on_team(owner, case):
        raise ProgramsError(_("The owner of a goal must be on the team."), field="owner")
    if due_on < timezone.localdate():
        raise ProgramsError(_("The due date cannot be in the past."), field="due_on")
    row = Goal.objects.create(case=case, goal=goal, measures=measures, owner=owner, due_on=due_on)
    history.changed(user=by, obj=case, district_id=case.district_id, step="goal_added", goal=row.pk)
    return row


@transaction.atomic
def set_goal_status(*, goal: Goal, by: User, status: str) -> Goal:
    case = _locked(goal.case)
    _require(may_work_on(by, case), _("Only the case team updates goals."))
    _require_status(
        case, *OPEN_STATUSES, message=_("A closed case cannot be changed; reopen it first.")
    )
    if status not in Goal.Status.values:
        raise ProgramsError(_("Choose the goal's status."), field="status")
    goal.status = status
    goal.save(update_fields=["status"])
    history.changed(
        user=by, obj=case, district_id=case.district_id, step="goal_status", goal=goal.pk
    )
    return goal


@transaction.atomic
def log_follow_up(*, case: Case, by: User, happened_on: datetime.date, note: str) -> FollowUp:
    case = _locked(case)
    _require(may_work_on(by, case), _("Only the case team logs follow-ups."))
    _require_status(
        case, *OPEN_STATUSES, message=_("A closed case cannot be changed; reopen it first.")
    )
    if happened_on > timezone.localdate():
        raise ProgramsError(_("A follow-up cannot be in the future."), field="happened_on")
    if happened_on < timezone.localtime(case.created_at).date():
        raise ProgramsError(
            _("A follow-up cannot be before the case was opened."), field="happened_on"
        )
    note = _clean_text(note, "note", _("Write what happened."))
    row = FollowUp.objects.create(case=case, by=by, happened_on=happened_on, note=note)
    history.changed(
        user=by, obj=case, district_id=case.district_id, step="follow_up", follow_up=row.pk
    )
    return row


@transaction.atomic
def record_consent(*, case: Case, by: User, guardian: Guardian) -> Case:
    case = _locked(case)
    _require(may_manage(by, case), _("Only the case lead or those above the team record consent."))
    _require_status(
        case, *OPEN_STATUSES, message=_("A closed case cannot be changed; reopen it first.")
    )
    if not guardian.guardianships.filter(student_id=case.student_id).exists():
        raise ProgramsError(
            _("Consent must come from a guardian of the child on the roster."), field="guardian"
        )
    case.consent_guardian = guardian
    case.consent_recorded_at = timezone.now()
    case.save(update_fields=["consent_guardian", "consent_recorded_at"])
    history.changed(
        user=by,
        obj=case,
        district_id=case.district_id,
        step="consent",
        fields=["consent_guardian", "consent_recorded_at"],
    )
    return case


# --- Approval ------------------------------------------------------------------


@transaction.atomic
def submit_plan(*, case: Case, by: User) -> Case:
    case = _locked(case)
    _require(may_manage(by, case), _("Only the case lead or those above the team submit the plan."))
    _require_status(case, CaseStatus.DRAFT, message=_("Only a draft plan can be submitted."))
    if not case.goals.filter(status=Goal.Status.OPEN).exists():
        raise ProgramsError(_("Set at least one goal with its measures before submitting."))
    if case.shares_with_partners and case.consent_recorded_at is None:
        raise ProgramsError(
            _(
                "The plan shares the child's data with partners: record the guardian's consent "
                "first."
            )
        )
    case.status = CaseStatus.SUBMITTED
    case.submitted_at = timezone.now()
    case.save(update_fields=["status", "submitted_at"])
    history.changed(user=by, obj=case, district_id=case.district_id, step="submitted")
    _ask_approvers(case)
    return case


def _ask_approvers(case: Case) -> None:
    # Due at the submission, so that asking again after the risk changed
    # tells only the approvers who were not asked yet.
    for approver in _approvers(case):
        notify.notify(
            kind=PLAN_TO_APPROVE.key,
            recipient=approver,
            subject_key=f"case:{case.pk}:submitted:{case.submitted_at:%Y%m%d%H%M%S}",
            title=_("A care plan is waiting for your approval"),
            url=reverse("programs:case-detail", args=[case.pk]),
            due_at=case.submitted_at.replace(second=0, microsecond=0),
        )


def _approvers(case: Case) -> list[User]:
    """Those who may approve the plan. A school leader on its own team
    cannot, so the district is asked instead."""
    team = {case.lead_id, *case.team.values_list("user_id", flat=True)}

    def outside_team(people):
        return [person for person in people if person.pk not in team]

    people = outside_team(holders_of((Role.DISTRICT_OFFICER,), district_id=case.district_id))
    if case.risk_level not in DISTRICT_APPROVES:
        people = outside_team(holders_of((Role.SCHOOL_LEADER,), school_id=case.school_id)) or people
    return people


@transaction.atomic
def approve_plan(*, case: Case, by: User) -> Case:
    case = _locked(case)
    if is_on_team(by, case):
        raise ProgramsError(
            _("A plan is approved by someone outside its team, not by its own lead.")
        )
    if not may_approve(by, case):
        raise ProgramsError(
            _("A high-risk or crisis plan is approved by the district.")
            if case.risk_level in DISTRICT_APPROVES
            else _("Only the school leader or the district approves this plan.")
        )
    _require_status(case, CaseStatus.SUBMITTED, message=_("Only a submitted plan can be approved."))
    if case.shares_with_partners and case.consent_recorded_at is None:
        raise ProgramsError(_("Record the guardian's consent before the plan becomes active."))
    case.status = CaseStatus.ACTIVE
    case.approved_by = by
    case.approved_at = timezone.now()
    case.save(update_fields=["status", "approved_by", "approved_at"])
    _schedule_review(case)
    history.changed(user=by, obj=case, district_id=case.district_id, step="approved")
    _tell_lead(case, _("Your care plan was approved and is active"), "approved")
    return case


@transaction.atomic
def return_plan(*, case: Case, by: User, reason: str) -> Case:
    case = _locked(case)
    _require(may_approve(by, case), _("Only the plan's approver returns it."))
    _require_status(case, CaseStatus.SUBMITTED, message=_("Only a submitted plan can be returned."))
    reason = _clean_text(reason, "reason", _("Say what must change before approval."))
    case.status = CaseStatus.DRAFT
    case.save(update_fields=["status"])
    FollowUp.objects.create(case=case, by=by, happened_on=timezone.localdate(), note=reason)
    history.changed(user=by, obj=case, district_id=case.district_id, step="returned")
    _tell_lead(
        case,
        _("Your care plan was returned for changes"),
        f"returned:{timezone.now():%Y%m%d%H%M%S}",
    )
    return case


def _tell_lead(case: Case, title: str, step: str) -> None:
    notify.notify(
        kind=PLAN_DECIDED.key,
        recipient=case.lead,
        subject_key=f"case:{case.pk}:{step}",
        title=title,
        url=reverse("programs:case-detail", args=[case.pk]),
    )


# --- Reviews, closing, reopening -------------------------------------------------


def _schedule_review(case: Case) -> Review | None:
    if case.reviews.filter(done_on__isnull=True).exists():
        return None
    due = timezone.localdate() + datetime.timedelta(days=case.review_every_days)
    return Review.objects.create(case=case, due_on=due)


@transaction.atomic
def complete_review(*, review: Review, by: User, summary: str) -> Review:
    case = _locked(review.case)
    review = Review.objects.select_for_update().get(pk=review.pk)
    _require(may_work_on(by, case), _("Only the case team reviews the plan."))
    _require_status(case, CaseStatus.ACTIVE, message=_("Only an active plan is reviewed."))
    if review.done_on is not None:
        raise ProgramsError(_("This review is already done."))
    review.summary = _clean_text(summary, "summary", _("Write what the review found."))
    review.done_on = timezone.localdate()
    review.by = by
    review.save(update_fields=["summary", "done_on", "by"])
    _schedule_review(case)
    history.changed(
        user=by, obj=case, district_id=case.district_id, step="review_done", review=review.pk
    )
    return review


@transaction.atomic
def close_case(*, case: Case, by: User, outcome: str) -> Case:
    case = _locked(case)
    _require(may_manage(by, case), _("Only the case lead or those above the team close the case."))
    _require_status(case, *OPEN_STATUSES, message=_("This case is already closed."))
    outcome = _clean_text(outcome, "outcome", _("Write the outcome before closing."))
    if case.goals.filter(status=Goal.Status.OPEN).exists():
        raise ProgramsError(_("Mark every goal met or dropped before closing the case."))
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "outcome", "closed_at"])
    case.reviews.filter(done_on__isnull=True).delete()
    history.changed(
        user=by, obj=case, district_id=case.district_id, step="closed", fields=["outcome"]
    )
    return case


@transaction.atomic
def reopen_case(*, case: Case, by: User, reason: str) -> Case:
    """An approved plan comes back active (its approval stands); one closed
    before approval comes back as a draft. The last outcome is kept."""
    case = _locked(case)
    _require(may_manage(by, case), _("Only the case lead or those above the team reopen the case."))
    _require_status(case, CaseStatus.CLOSED, message=_("Only a closed case can be reopened."))
    reason = _clean_text(reason, "reason", _("Say why the case is reopened."))
    if Case.objects.filter(
        student_id=case.student_id, kind=case.kind, status__in=OPEN_STATUSES
    ).exists():
        raise ProgramsError(
            _("This child already has an open case of this kind; work on that one.")
        )
    case.status = CaseStatus.ACTIVE if case.approved_at else CaseStatus.DRAFT
    case.closed_at = None
    case.save(update_fields=["status", "closed_at"])
    if case.status == CaseStatus.ACTIVE:
        _schedule_review(case)
    FollowUp.objects.create(case=case, by=by, happened_on=timezone.localdate(), note=reason)
    history.changed(user=by, obj=case, district_id=case.district_id, step="reopened")
    return case
