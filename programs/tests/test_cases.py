"""The case services: opening a plan, its team, goals, follow-ups and
consent, approval by someone above the team (the district for high risk),
reviews, closing and reopening. Each refusal says why and saves nothing."""

import datetime

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from portal.audit import trail_of
from portal.models import AuditAction, AuditEntry, Notification, Role
from portal.tests.factories import UserFactory, assign
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
from programs.selectors.cases import case_for, history_of
from programs.services import cases
from programs.tests.factories_cases import (
    CaseFactory,
    DepartmentFactory,
    VolunteerFactory,
    all_audit_details,
    db_state,
    guardian_of,
    last_detail,
    refused,
    steps_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SUMMARY = "父母外出务工，孩子由祖母照看，近期情绪低落，成绩下滑。"
GOAL = "每周与父母视频通话一次"
MEASURES = "班主任每周五协助孩子与父母视频，并记录孩子的情绪。"


def today() -> datetime.date:
    return timezone.localdate()


def in_days(days: int) -> datetime.date:
    return today() + datetime.timedelta(days=days)


def open_plan(people, city, **overrides) -> Case:
    arguments = {
        "opened_by": people.counsellor,
        "student": city.student_1,
        "categories": [CaseCategory.LEFT_BEHIND],
        "risk_level": RiskLevel.MEDIUM,
        "summary": SUMMARY,
        **overrides,
    }
    return cases.open_case(**arguments)


def add_goal(case, owner=None, **overrides) -> Goal:
    arguments = {
        "case": case,
        "by": case.lead,
        "goal": GOAL,
        "measures": MEASURES,
        "owner": owner or case.lead,
        "due_on": in_days(30),
        **overrides,
    }
    return cases.add_goal(**arguments)


def fresh(case) -> Case:
    return Case.objects.get(pk=case.pk)


def notices(kind, **filters):
    return Notification.objects.filter(kind=kind, **filters)


@pytest.fixture
def draft(people, city):
    """A medium-risk draft plan for 李明 led by the counsellor."""
    return open_plan(people, city)


@pytest.fixture
def submitted(draft):
    add_goal(draft)
    return cases.submit_plan(case=draft, by=draft.lead)


@pytest.fixture
def active(submitted, people):
    return cases.approve_plan(case=submitted, by=people.school_leader)


@pytest.fixture
def department(db):
    liaison = UserFactory(username="civil-affairs-liaison", name="民政联络员")
    return DepartmentFactory(name="青秀区民政局", liaisons=[liaison])


# --- Opening ---------------------------------------------------------------------


def test_the_counsellor_opens_a_draft_plan_for_a_child_of_the_school(draft, people, city):
    assert draft.status == CaseStatus.DRAFT
    assert draft.kind == CaseKind.INDIVIDUAL_PLAN
    assert (draft.school, draft.district, draft.lead) == (
        city.school,
        city.qingxiu,
        people.counsellor,
    )
    assert draft.review_every_days == 90
    entry = trail_of(draft).get()
    assert entry.action == AuditAction.CREATE and entry.detail == {"step": "opened"}
    assert entry.user == people.counsellor
    assert entry.district == city.qingxiu


def test_categories_are_kept_once_in_the_lists_order(people, city):
    case = open_plan(
        people,
        city,
        categories=[
            CaseCategory.PSYCHOLOGICAL_RISK,
            CaseCategory.LEFT_BEHIND,
            CaseCategory.PSYCHOLOGICAL_RISK,
        ],
    )
    assert case.categories == [CaseCategory.LEFT_BEHIND, CaseCategory.PSYCHOLOGICAL_RISK]


@pytest.mark.parametrize("opener", ["school_leader", "district_officer"])
def test_the_schools_leader_and_the_district_open_cases_too(people, city, opener):
    case = open_plan(people, city, opened_by=getattr(people, opener))
    assert case.lead == getattr(people, opener)


def test_a_case_worker_leads_a_case_the_school_opens_but_does_not_open_one(people, city):
    with pytest.raises(cases.ProgramsError, match="open cases"):
        open_plan(people, city, opened_by=people.case_worker)
    case = open_plan(people, city, lead=people.case_worker)
    assert case.lead == people.case_worker


def test_the_opener_may_name_a_teacher_of_the_school_as_lead(people, city):
    case = open_plan(people, city, lead=people.head_teacher)
    assert case.lead == people.head_teacher


@pytest.mark.parametrize(
    "persona",
    [
        "head_teacher",
        "teacher",
        "other_school_teacher",
        "other_district_officer",
        "city_officer",
        "partner",
        "parent",
        "stranger",
    ],
)
def test_others_may_not_open_a_case(people, city, persona):
    refused(
        cases.open_case,
        "Only the school's counsellors and leaders, or the district, open cases.",
        opened_by=getattr(people, persona),
        student=city.student_1,
        categories=[CaseCategory.LEFT_BEHIND],
        risk_level=RiskLevel.MEDIUM,
        summary=SUMMARY,
    )


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        ({"kind": "group"}, "Choose the kind of case.", "kind"),
        ({"risk_level": "extreme"}, "Choose the risk level.", "risk_level"),
        ({"categories": []}, "Choose at least one category.", "categories"),
        ({"categories": ["bored"]}, "Choose categories from the list.", "categories"),
        ({"summary": "   "}, "Describe the child's situation.", "summary"),
        ({"review_every_days": 3}, "Reviews must come every 7 to 365 days.", "review_every_days"),
        ({"review_every_days": 400}, "Reviews must come every 7 to 365 days.", "review_every_days"),
    ],
)
def test_bad_input_opens_nothing(people, city, overrides, message, field):
    arguments = {
        "opened_by": people.counsellor,
        "student": city.student_1,
        "categories": [CaseCategory.LEFT_BEHIND],
        "risk_level": RiskLevel.MEDIUM,
        "summary": SUMMARY,
        **overrides,
    }
    refused(cases.open_case, message, field=field, **arguments)


@pytest.mark.parametrize("lead", ["other_school_teacher", "partner", "parent", "city_officer"])
def test_the_lead_must_be_of_the_school_or_the_districts_case_work(people, city, lead):
    refused(
        cases.open_case,
        "The lead must be on the staff of the child's school or a district case worker.",
        field="lead",
        opened_by=people.counsellor,
        student=city.student_1,
        categories=[CaseCategory.LEFT_BEHIND],
        risk_level=RiskLevel.MEDIUM,
        summary=SUMMARY,
        lead=getattr(people, lead),
    )


def test_a_second_open_case_of_the_same_kind_for_the_child_is_refused(draft, people, city):
    refused(
        cases.open_case,
        "This child already has an open case of this kind; work on that one.",
        field="student",
        opened_by=people.school_leader,
        student=city.student_1,
        categories=[CaseCategory.POVERTY],
        risk_level=RiskLevel.LOW,
        summary="另一份方案",
    )
    family = open_plan(people, city, kind=CaseKind.FAMILY_SUPPORT)
    assert family.kind == CaseKind.FAMILY_SUPPORT


def test_a_closed_case_does_not_stop_a_new_one(people, city):
    CaseFactory(student=city.student_1, lead=people.counsellor, closed=True)
    assert open_plan(people, city).status == CaseStatus.DRAFT


# --- Changing the case and its risk ------------------------------------------------


def test_the_lead_changes_the_case_and_the_trail_names_the_fields(draft, people):
    cases.change_case(
        case=draft,
        by=people.counsellor,
        categories=[CaseCategory.POVERTY],
        summary="祖母住院，孩子暂住姑姑家。",
        review_every_days=30,
    )
    case = fresh(draft)
    assert (case.categories, case.review_every_days) == ([CaseCategory.POVERTY], 30)
    assert last_detail(draft) == {
        "step": "changed",
        "fields": ["categories", "summary", "review_every_days"],
    }
    assert "祖母住院" not in all_audit_details()


def test_a_team_member_who_does_not_steer_cannot_change_the_case(draft, people):
    cases.add_team_member(
        case=draft, by=people.counsellor, user=people.head_teacher, part="teacher"
    )
    refused(
        cases.change_case,
        "Only the case lead or those above the team change the case.",
        case=draft,
        by=people.head_teacher,
        categories=[CaseCategory.POVERTY],
        summary="改写",
        review_every_days=30,
    )


def test_a_closed_case_is_not_changed(people, city):
    case = CaseFactory(student=city.student_1, lead=people.counsellor, closed=True)
    refused(
        cases.change_case,
        "A closed case cannot be changed; reopen it first.",
        case=case,
        by=people.counsellor,
        categories=[CaseCategory.POVERTY],
        summary="改写",
        review_every_days=30,
    )


def test_the_team_raises_the_risk_with_a_reason_kept_as_a_follow_up(draft, people):
    cases.add_team_member(
        case=draft, by=people.counsellor, user=people.head_teacher, part="teacher"
    )
    cases.change_risk(
        case=draft, by=people.head_teacher, risk_level=RiskLevel.HIGH, reason="孩子提到不想活了"
    )
    assert fresh(draft).risk_level == RiskLevel.HIGH
    follow_up = FollowUp.objects.get(case=draft)
    assert (follow_up.by, follow_up.note) == (people.head_teacher, "孩子提到不想活了")
    assert steps_of(draft)[-1] == "risk"
    assert "不想活" not in all_audit_details()


def test_the_same_risk_level_again_changes_nothing(draft, people):
    before = db_state()
    cases.change_risk(case=draft, by=people.counsellor, risk_level=RiskLevel.MEDIUM, reason="复核")
    assert db_state() == before


@pytest.mark.parametrize(
    ("by", "risk_level", "reason", "message"),
    [
        ("counsellor", "extreme", "复核", "Choose the risk level."),
        ("counsellor", RiskLevel.HIGH, " ", "Say why the risk level changes."),
        ("teacher", RiskLevel.HIGH, "复核", "Only the case team changes the risk level."),
        ("other_district_officer", RiskLevel.LOW, "复核", "Only the case team"),
    ],
)
def test_bad_risk_changes_are_refused(draft, people, by, risk_level, reason, message):
    refused(
        cases.change_risk,
        message,
        case=draft,
        by=getattr(people, by),
        risk_level=risk_level,
        reason=reason,
    )


def test_raising_an_active_plan_to_crisis_keeps_it_active(active, people):
    cases.change_risk(
        case=active, by=people.counsellor, risk_level=RiskLevel.CRISIS, reason="自伤行为"
    )
    case = fresh(active)
    assert (case.status, case.risk_level) == (CaseStatus.ACTIVE, RiskLevel.CRISIS)


# --- The team ------------------------------------------------------------------------


def test_people_join_the_team_in_the_part_they_hold(draft, people, department):
    volunteer = VolunteerFactory(account=UserFactory(username="volunteer-account"))
    liaison = department.liaisons.get()
    joining = [
        (people.teacher, CaseTeamMember.Part.TEACHER),
        (people.school_leader, CaseTeamMember.Part.TEACHER),
        (people.case_worker, CaseTeamMember.Part.CASE_WORKER),
        (people.partner, CaseTeamMember.Part.CADRE),
        (liaison, CaseTeamMember.Part.DEPARTMENT_LIAISON),
        (volunteer.account, CaseTeamMember.Part.VOLUNTEER),
    ]
    for user, part in joining:
        member = cases.add_team_member(case=draft, by=people.counsellor, user=user, part=part)
        notice = notices("programs.case_team", recipient=user).get()
        assert notice.url == reverse("programs:case-detail", args=[draft.pk])
        assert notice.subject_key == f"case-team:{member.pk}"
    assert set(draft.team.values_list("user", "part")) == {(u.pk, p) for u, p in joining}
    assert steps_of(draft) == ["opened", *["team_added"] * len(joining)]


def test_a_second_counsellor_joins_as_counsellor(draft, people, city):
    colleague = UserFactory(username="qin", name="覃老师")
    assign(colleague, Role.COUNSELLOR, school=city.school)
    cases.add_team_member(case=draft, by=people.counsellor, user=colleague, part="counsellor")
    assert draft.team.get().user == colleague


def test_a_partner_outside_the_school_makes_the_plan_share_data(draft, people):
    cases.add_team_member(case=draft, by=people.counsellor, user=people.teacher, part="teacher")
    assert not fresh(draft).shares_with_partners
    cases.add_team_member(case=draft, by=people.counsellor, user=people.partner, part="cadre")
    assert fresh(draft).shares_with_partners


MISFIT = "This person does not hold that part"


@pytest.mark.parametrize(
    ("persona", "part"),
    [
        ("other_school_teacher", CaseTeamMember.Part.TEACHER),
        ("teacher", CaseTeamMember.Part.COUNSELLOR),
        ("teacher", CaseTeamMember.Part.DEPARTMENT_LIAISON),
        ("teacher", CaseTeamMember.Part.VOLUNTEER),
        ("parent", CaseTeamMember.Part.CADRE),
        ("other_district_officer", CaseTeamMember.Part.CASE_WORKER),
        ("stranger", CaseTeamMember.Part.TEACHER),
        ("city_officer", CaseTeamMember.Part.CASE_WORKER),
    ],
)
def test_people_who_do_not_fit_their_part_are_refused(draft, people, persona, part):
    refused(
        cases.add_team_member,
        MISFIT,
        field="user",
        case=draft,
        by=people.counsellor,
        user=getattr(people, persona),
        part=part,
    )


def test_a_case_worker_of_another_district_is_not_the_cases_case_worker(draft, people, city):
    elsewhere = UserFactory(username="xixiangtang-worker")
    assign(elsewhere, Role.CASE_WORKER, district=city.xixiangtang)
    refused(
        cases.add_team_member,
        MISFIT,
        case=draft,
        by=people.counsellor,
        user=elsewhere,
        part="case_worker",
    )


def test_unknown_parts_and_people_already_on_the_team_are_refused(draft, people):
    refused(
        cases.add_team_member,
        "Choose the member's part in the team.",
        field="part",
        case=draft,
        by=people.counsellor,
        user=people.teacher,
        part="friend",
    )
    refused(
        cases.add_team_member,
        "This person is already on the team.",
        case=draft,
        by=people.counsellor,
        user=people.counsellor,
        part="counsellor",
    )
    cases.add_team_member(case=draft, by=people.counsellor, user=people.teacher, part="teacher")
    refused(
        cases.add_team_member,
        "This person is already on the team.",
        case=draft,
        by=people.counsellor,
        user=people.teacher,
        part="teacher",
    )


def test_only_those_who_steer_the_case_change_its_team(draft, people):
    cases.add_team_member(case=draft, by=people.counsellor, user=people.teacher, part="teacher")
    for persona in ("teacher", "head_teacher", "other_district_officer"):
        refused(
            cases.add_team_member,
            "Only the case lead or those above the team change the team.",
            case=draft,
            by=getattr(people, persona),
            user=people.case_worker,
            part="case_worker",
        )
    cases.add_team_member(
        case=draft, by=people.school_leader, user=people.case_worker, part="case_worker"
    )


def test_a_partner_joins_an_active_plan_only_after_consent(active, people, city):
    refused(
        cases.add_team_member,
        "Record the guardian's consent before partners outside the school join an active plan.",
        case=active,
        by=people.counsellor,
        user=people.partner,
        part="cadre",
    )
    cases.record_consent(case=active, by=people.counsellor, guardian=guardian_of(city.student_1))
    cases.add_team_member(case=active, by=people.counsellor, user=people.partner, part="cadre")
    assert fresh(active).shares_with_partners


def test_a_member_leaves_the_team_once_their_open_goals_are_given_away(draft, people):
    member = cases.add_team_member(
        case=draft, by=people.counsellor, user=people.head_teacher, part="teacher"
    )
    goal = add_goal(draft, owner=people.head_teacher)
    refused(
        cases.remove_team_member,
        "Give this member's open goals to someone else before removing them.",
        member=member,
        by=people.counsellor,
    )
    cases.set_goal_status(goal=goal, by=people.head_teacher, status=Goal.Status.DROPPED)
    refused(
        cases.remove_team_member,
        "Only the case lead or those above the team change the team.",
        member=member,
        by=people.head_teacher,
    )
    member_id = member.pk
    cases.remove_team_member(member=member, by=people.counsellor)
    assert not draft.team.exists()
    assert last_detail(draft) == {"step": "team_removed", "member": member_id}


# --- Goals, follow-ups and consent -----------------------------------------------------


def test_the_lead_sets_a_goal_for_a_team_member(draft, people):
    cases.add_team_member(
        case=draft, by=people.counsellor, user=people.head_teacher, part="teacher"
    )
    goal = add_goal(draft, owner=people.head_teacher, due_on=today())
    assert (goal.owner, goal.status, goal.due_on) == (people.head_teacher, "open", today())
    assert last_detail(draft) == {
        "step": "goal_added",
        "goal": goal.pk,
    }
    assert GOAL not in all_audit_details() and MEASURES not in all_audit_details()


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        (lambda p: {"due_on": in_days(-1)}, "The due date cannot be in the past.", "due_on"),
        (lambda p: {"owner": p.teacher}, "The owner of a goal must be on the team.", "owner"),
        (
            lambda p: {"owner": p.other_school_teacher},
            "The owner of a goal must be on the team.",
            "owner",
        ),
        (lambda p: {"goal": " "}, "Say what the goal is.", "goal"),
        (lambda p: {"goal": "长" * 201}, "A goal has at most 200 characters.", "goal"),
        (lambda p: {"measures": ""}, "Say what will be done to reach the goal.", "measures"),
    ],
)
def test_bad_goals_are_refused(draft, people, overrides, message, field):
    arguments = {
        "case": draft,
        "by": people.counsellor,
        "goal": GOAL,
        "measures": MEASURES,
        "owner": people.counsellor,
        "due_on": in_days(30),
        **overrides(people),
    }
    refused(cases.add_goal, message, field=field, **arguments)


def test_goals_are_set_by_those_who_steer_on_open_cases_only(draft, people, city):
    cases.add_team_member(
        case=draft, by=people.counsellor, user=people.head_teacher, part="teacher"
    )
    refused(
        cases.add_goal,
        "Only the case lead or those above the team set goals.",
        case=draft,
        by=people.head_teacher,
        goal=GOAL,
        measures=MEASURES,
        owner=people.head_teacher,
        due_on=in_days(30),
    )
    closed = CaseFactory(student=city.student_2, lead=people.counsellor, closed=True)
    refused(
        cases.add_goal,
        "A closed case cannot be changed; reopen it first.",
        case=closed,
        by=people.counsellor,
        goal=GOAL,
        measures=MEASURES,
        owner=people.counsellor,
        due_on=in_days(30),
    )


def test_a_team_member_marks_their_goal_met(draft, people):
    cases.add_team_member(
        case=draft, by=people.counsellor, user=people.head_teacher, part="teacher"
    )
    goal = add_goal(draft, owner=people.head_teacher)
    cases.set_goal_status(goal=goal, by=people.head_teacher, status=Goal.Status.MET)
    assert Goal.objects.get(pk=goal.pk).status == Goal.Status.MET
    assert steps_of(draft)[-1] == "goal_status"
    refused(
        cases.set_goal_status,
        "Choose the goal's status.",
        field="status",
        goal=goal,
        by=people.head_teacher,
        status="almost",
    )
    refused(
        cases.set_goal_status,
        "Only the case team updates goals.",
        goal=goal,
        by=people.teacher,
        status=Goal.Status.OPEN,
    )


def test_the_team_logs_a_follow_up_of_today(draft, people):
    row = cases.log_follow_up(
        case=draft, by=people.counsellor, happened_on=today(), note="电话家访"
    )
    assert (row.by, row.note) == (people.counsellor, "电话家访")
    assert last_detail(draft) == {
        "step": "follow_up",
        "follow_up": row.pk,
    }
    assert "电话家访" not in all_audit_details()


def test_follow_ups_in_the_future_or_before_the_case_opened_are_refused(draft, people):
    refused(
        cases.log_follow_up,
        "A follow-up cannot be in the future.",
        field="happened_on",
        case=draft,
        by=people.counsellor,
        happened_on=in_days(1),
        note="明天的家访",
    )
    Case.objects.filter(pk=draft.pk).update(created_at=timezone.now() - datetime.timedelta(days=10))
    refused(
        cases.log_follow_up,
        "A follow-up cannot be before the case was opened.",
        field="happened_on",
        case=draft,
        by=people.counsellor,
        happened_on=in_days(-11),
        note="开案前的家访",
    )
    cases.log_follow_up(case=draft, by=people.counsellor, happened_on=in_days(-10), note="开案当天")


def test_follow_ups_need_a_note_and_a_team_member(draft, people):
    refused(
        cases.log_follow_up,
        "Write what happened.",
        field="note",
        case=draft,
        by=people.counsellor,
        happened_on=today(),
        note=" ",
    )
    refused(
        cases.log_follow_up,
        "Only the case team logs follow-ups.",
        case=draft,
        by=people.teacher,
        happened_on=today(),
        note="路过",
    )


def test_consent_comes_from_a_guardian_of_the_child(draft, people, city):
    grandmother = guardian_of(city.student_1, name="李奶奶")
    cases.record_consent(case=draft, by=people.counsellor, guardian=grandmother)
    case = fresh(draft)
    assert case.consent_guardian == grandmother and case.consent_recorded_at is not None
    assert last_detail(draft) == {
        "step": "consent",
        "fields": ["consent_guardian", "consent_recorded_at"],
    }


def test_consent_from_someone_not_the_childs_guardian_is_refused(draft, people, city):
    other_mother = guardian_of(city.student_2, name="王母")
    refused(
        cases.record_consent,
        "Consent must come from a guardian of the child on the roster.",
        field="guardian",
        case=draft,
        by=people.counsellor,
        guardian=other_mother,
    )
    refused(
        cases.record_consent,
        "Only the case lead or those above the team record consent.",
        case=draft,
        by=people.teacher,
        guardian=guardian_of(city.student_1),
    )


# --- Submitting and approving ------------------------------------------------------


def test_submitting_tells_the_school_leader(submitted, people):
    case = fresh(submitted)
    assert case.status == CaseStatus.SUBMITTED and case.submitted_at is not None
    to_approve = notices("programs.plan_to_approve")
    assert [n.recipient for n in to_approve] == [people.school_leader]
    assert to_approve.get().url == reverse("programs:case-detail", args=[case.pk])
    assert steps_of(case)[-1] == "submitted"


def test_a_high_risk_plan_is_sent_to_the_district_not_the_school(people, city):
    case = open_plan(people, city, risk_level=RiskLevel.HIGH)
    add_goal(case)
    cases.submit_plan(case=case, by=people.counsellor)
    assert [n.recipient for n in notices("programs.plan_to_approve")] == [people.district_officer]


def test_a_plan_without_goals_is_not_submitted(draft, people):
    refused(
        cases.submit_plan,
        "Set at least one goal with its measures before submitting.",
        case=draft,
        by=people.counsellor,
    )
    goal = add_goal(draft)
    cases.set_goal_status(goal=goal, by=people.counsellor, status=Goal.Status.MET)
    refused(
        cases.submit_plan,
        "Set at least one goal with its measures before submitting.",
        case=draft,
        by=people.counsellor,
    )


def test_a_plan_sharing_with_partners_is_not_submitted_without_consent(draft, people, city):
    cases.add_team_member(case=draft, by=people.counsellor, user=people.partner, part="cadre")
    add_goal(draft)
    refused(
        cases.submit_plan,
        "The plan shares the child's data with partners: record the guardian's consent first.",
        case=draft,
        by=people.counsellor,
    )
    cases.record_consent(case=draft, by=people.counsellor, guardian=guardian_of(city.student_1))
    assert cases.submit_plan(case=draft, by=people.counsellor).status == CaseStatus.SUBMITTED


def test_only_the_lead_submits_and_only_a_draft(submitted, people):
    refused(
        cases.submit_plan,
        "Only a draft plan can be submitted.",
        case=submitted,
        by=people.counsellor,
    )
    refused(
        cases.submit_plan,
        "Only the case lead or those above the team submit the plan.",
        case=submitted,
        by=people.head_teacher,
    )


def test_the_school_leader_approves_a_medium_risk_plan(active, people):
    case = fresh(active)
    assert case.status == CaseStatus.ACTIVE
    assert case.approved_by == people.school_leader and case.approved_at is not None
    review = Review.objects.get(case=case)
    assert (review.due_on, review.done_on) == (in_days(90), None)
    decided = notices("programs.plan_decided").get()
    assert decided.recipient == people.counsellor
    assert decided.url == reverse("programs:case-detail", args=[case.pk])
    assert steps_of(case) == ["opened", "goal_added", "submitted", "approved"]


def test_the_lead_cannot_approve_their_own_plan(people, city):
    case = open_plan(people, city, opened_by=people.school_leader)
    add_goal(case)
    cases.submit_plan(case=case, by=people.school_leader)
    refused(
        cases.approve_plan,
        "A plan is approved by someone outside its team, not by its own lead.",
        case=case,
        by=people.school_leader,
    )
    # Nobody was asked to approve who cannot: the district approves instead.
    assert [n.recipient for n in notices("programs.plan_to_approve")] == [people.district_officer]
    cases.approve_plan(case=case, by=people.district_officer)


def test_a_team_member_cannot_approve_the_plan(draft, people):
    cases.add_team_member(
        case=draft, by=people.counsellor, user=people.school_leader, part="teacher"
    )
    add_goal(draft)
    cases.submit_plan(case=draft, by=people.counsellor)
    refused(
        cases.approve_plan,
        "A plan is approved by someone outside its team, not by its own lead.",
        case=draft,
        by=people.school_leader,
    )


def test_the_school_leader_cannot_approve_a_high_risk_plan_the_district_does(people, city):
    case = open_plan(people, city, risk_level=RiskLevel.HIGH)
    add_goal(case)
    cases.submit_plan(case=case, by=people.counsellor)
    for persona in ("school_leader", "other_district_officer"):
        refused(
            cases.approve_plan,
            "A high-risk or crisis plan is approved by the district.",
            case=case,
            by=getattr(people, persona),
        )
    cases.approve_plan(case=case, by=people.district_officer)
    assert fresh(case).approved_by == people.district_officer


def test_a_plan_raised_to_high_risk_while_submitted_waits_for_the_district(submitted, people):
    cases.change_risk(
        case=submitted, by=people.counsellor, risk_level=RiskLevel.HIGH, reason="情况恶化"
    )
    refused(
        cases.approve_plan,
        "A high-risk or crisis plan is approved by the district.",
        case=submitted,
        by=people.school_leader,
    )
    asked = notices("programs.plan_to_approve").order_by("pk")
    assert [n.recipient for n in asked] == [people.school_leader, people.district_officer]
    cases.change_risk(
        case=submitted, by=people.counsellor, risk_level=RiskLevel.CRISIS, reason="自伤"
    )
    assert notices("programs.plan_to_approve").count() == 2
    cases.approve_plan(case=submitted, by=people.district_officer)


@pytest.mark.parametrize(
    "persona", ["head_teacher", "teacher", "other_district_officer", "city_officer", "stranger"]
)
def test_others_cannot_approve(submitted, people, persona):
    refused(
        cases.approve_plan,
        "Only the school leader or the district approves this plan.",
        case=submitted,
        by=getattr(people, persona),
    )


def test_a_draft_is_not_approved(draft, people):
    add_goal(draft)
    refused(
        cases.approve_plan,
        "Only a submitted plan can be approved.",
        case=draft,
        by=people.school_leader,
    )


def test_a_plan_that_came_to_share_data_is_not_approved_without_consent(submitted, people, city):
    cases.add_team_member(case=submitted, by=people.counsellor, user=people.partner, part="cadre")
    refused(
        cases.approve_plan,
        "Record the guardian's consent before the plan becomes active.",
        case=submitted,
        by=people.school_leader,
    )
    cases.record_consent(case=submitted, by=people.counsellor, guardian=guardian_of(city.student_1))
    assert cases.approve_plan(case=submitted, by=people.school_leader).status == "active"


def test_the_approver_returns_a_plan_with_a_reason(submitted, people):
    cases.return_plan(case=submitted, by=people.school_leader, reason="目标需要更具体")
    case = fresh(submitted)
    assert case.status == CaseStatus.DRAFT
    assert FollowUp.objects.get(case=case).note == "目标需要更具体"
    decided = notices("programs.plan_decided").get()
    assert decided.recipient == people.counsellor
    assert steps_of(case)[-1] == "returned"
    assert "目标需要更具体" not in all_audit_details()
    assert cases.submit_plan(case=case, by=people.counsellor).status == CaseStatus.SUBMITTED


def test_returning_needs_a_reason_the_approver_and_a_submitted_plan(submitted, draft, people):
    refused(
        cases.return_plan,
        "Say what must change before approval.",
        field="reason",
        case=submitted,
        by=people.school_leader,
        reason="",
    )
    refused(
        cases.return_plan,
        "Only the plan's approver returns it.",
        case=submitted,
        by=people.counsellor,
        reason="自己退回",
    )
    cases.return_plan(case=submitted, by=people.school_leader, reason="补充目标")
    refused(
        cases.return_plan,
        "Only a submitted plan can be returned.",
        case=submitted,
        by=people.school_leader,
        reason="再退一次",
    )


# --- Reviews -----------------------------------------------------------------------------


def test_a_review_done_schedules_the_next(active, people):
    review = Review.objects.get(case=active)
    cases.complete_review(review=review, by=people.counsellor, summary="情绪好转，继续跟进")
    review.refresh_from_db()
    assert (review.done_on, review.by) == (today(), people.counsellor)
    following = Review.objects.get(case=active, done_on__isnull=True)
    assert following.due_on == in_days(90)
    assert steps_of(active)[-1] == "review_done"
    assert "情绪好转" not in all_audit_details()
    refused(
        cases.complete_review,
        "This review is already done.",
        review=review,
        by=people.counsellor,
        summary="再写一次",
    )


def test_a_review_needs_a_summary_the_team_and_an_active_plan(active, people, city):
    review = Review.objects.get(case=active)
    refused(
        cases.complete_review,
        "Write what the review found.",
        field="summary",
        review=review,
        by=people.counsellor,
        summary=" ",
    )
    refused(
        cases.complete_review,
        "Only the case team reviews the plan.",
        review=review,
        by=people.teacher,
        summary="看过了",
    )
    draft = CaseFactory(student=city.student_2, lead=people.counsellor)
    pending = Review.objects.create(case=draft, due_on=in_days(10))
    refused(
        cases.complete_review,
        "Only an active plan is reviewed.",
        review=pending,
        by=people.counsellor,
        summary="草稿不评估",
    )


# --- Closing and reopening ------------------------------------------------------------


def test_closing_needs_an_outcome_and_no_open_goals(active, people):
    goal = Goal.objects.get(case=active)
    refused(
        cases.close_case,
        "Write the outcome before closing.",
        field="outcome",
        case=active,
        by=people.counsellor,
        outcome="  ",
    )
    refused(
        cases.close_case,
        "Mark every goal met or dropped before closing the case.",
        case=active,
        by=people.counsellor,
        outcome="孩子适应良好",
    )
    cases.set_goal_status(goal=goal, by=people.counsellor, status=Goal.Status.MET)
    cases.close_case(case=active, by=people.counsellor, outcome="孩子适应良好")
    case = fresh(active)
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, "孩子适应良好")
    assert case.closed_at is not None
    assert not Review.objects.filter(case=case, done_on__isnull=True).exists()
    assert last_detail(case) == {
        "step": "closed",
        "fields": ["outcome"],
    }
    assert "孩子适应良好" not in all_audit_details()
    refused(
        cases.close_case,
        "This case is already closed.",
        case=case,
        by=people.counsellor,
        outcome="再关一次",
    )


def test_only_those_who_steer_close_the_case(draft, people):
    cases.add_team_member(
        case=draft, by=people.counsellor, user=people.head_teacher, part="teacher"
    )
    refused(
        cases.close_case,
        "Only the case lead or those above the team close the case.",
        case=draft,
        by=people.head_teacher,
        outcome="结案",
    )


def closed(case, people) -> Case:
    for goal in Goal.objects.filter(case=case):
        cases.set_goal_status(goal=goal, by=people.counsellor, status=Goal.Status.MET)
    return cases.close_case(case=case, by=people.counsellor, outcome="已转学")


def test_reopening_an_approved_plan_makes_it_active_again(active, people):
    closed(active, people)
    cases.reopen_case(case=active, by=people.counsellor, reason="孩子转回本校")
    case = fresh(active)
    assert (case.status, case.closed_at) == (CaseStatus.ACTIVE, None)
    assert case.approved_by == people.school_leader
    assert case.outcome == "已转学"
    assert Review.objects.filter(case=case, done_on__isnull=True).count() == 1
    assert FollowUp.objects.get(case=case).note == "孩子转回本校"
    assert steps_of(case)[-1] == "reopened"
    assert "孩子转回本校" not in all_audit_details()


def test_reopening_a_plan_never_approved_makes_it_a_draft(draft, people):
    closed(draft, people)
    cases.reopen_case(case=draft, by=people.counsellor, reason="家长要求继续帮扶")
    case = fresh(draft)
    assert case.status == CaseStatus.DRAFT and case.approved_at is None
    assert not Review.objects.filter(case=case).exists()


def test_reopening_needs_a_reason_a_closed_case_and_no_other_open_case(draft, people, city):
    refused(
        cases.reopen_case,
        "Only a closed case can be reopened.",
        case=draft,
        by=people.counsellor,
        reason="还没关",
    )
    closed(draft, people)
    refused(
        cases.reopen_case,
        "Say why the case is reopened.",
        field="reason",
        case=draft,
        by=people.counsellor,
        reason="",
    )
    refused(
        cases.reopen_case,
        "Only the case lead or those above the team reopen the case.",
        case=draft,
        by=people.teacher,
        reason="我想重开",
    )
    open_plan(people, city)
    refused(
        cases.reopen_case,
        "This child already has an open case of this kind; work on that one.",
        case=draft,
        by=people.counsellor,
        reason="重开旧案",
    )


# --- The trail -------------------------------------------------------------------------


def test_every_step_of_a_plan_is_in_its_history_without_what_was_written(people, city):
    case = open_plan(people, city)
    cases.add_team_member(case=case, by=people.counsellor, user=people.head_teacher, part="teacher")
    goal = add_goal(case, owner=people.head_teacher)
    cases.log_follow_up(case=case, by=people.head_teacher, happened_on=today(), note="孩子哭了")
    cases.record_consent(case=case, by=people.counsellor, guardian=guardian_of(city.student_1))
    cases.submit_plan(case=case, by=people.counsellor)
    cases.approve_plan(case=case, by=people.school_leader)
    cases.change_risk(case=case, by=people.counsellor, risk_level=RiskLevel.LOW, reason="好转")
    cases.complete_review(
        review=Review.objects.get(case=case), by=people.counsellor, summary="稳定"
    )
    cases.set_goal_status(goal=goal, by=people.head_teacher, status=Goal.Status.MET)
    cases.close_case(case=case, by=people.counsellor, outcome="目标达成")
    cases.reopen_case(case=case, by=people.school_leader, reason="再次出现情绪问题")

    assert steps_of(case) == [
        "opened",
        "team_added",
        "goal_added",
        "follow_up",
        "consent",
        "submitted",
        "approved",
        "risk",
        "review_done",
        "goal_status",
        "closed",
        "reopened",
    ]
    assert [row.step_label for row in history_of(case)][:2] == ["Case reopened", "Case closed"]
    written = all_audit_details()
    for text in (SUMMARY, GOAL, MEASURES, "孩子哭了", "好转", "稳定", "目标达成", "再次出现"):
        assert text not in written
    assert "李明" not in written


def test_reading_a_case_is_audited_and_outsiders_get_404(draft, people):
    assert case_for(people.school_leader, draft.pk) == draft
    read = trail_of(draft).filter(action=AuditAction.VIEW).get()
    assert read.user == people.school_leader
    for persona in ("teacher", "other_district_officer", "city_officer", "stranger"):
        with pytest.raises(Http404):
            case_for(getattr(people, persona), draft.pk)
    assert AuditEntry.objects.filter(action=AuditAction.VIEW).count() == 1
