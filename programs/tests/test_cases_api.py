"""The cases API and the family timeline, as every persona: the case team
and the roles above it read (and each read is audited); everyone else,
the city bureau included, gets a 404; bad input is a 400 that saves
nothing. Rows are built through the services, so the trail is real."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, reverse
from django.utils import timezone

from portal.models import AuditEntry, Role
from portal.tests.factories import UserFactory, assign
from portal.tests.helpers import log_in
from programs.api import cases as cases_api
from programs.api import timeline as timeline_api
from programs.models import Case, CaseTeamMember, FollowUp, Goal, Review
from programs.services import cases
from schools.tests.factories import GuardianFactory, GuardianshipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SUMMARY = "父母外出务工，孩子由祖母照看，近期情绪低落。"
TEAM = {"lead", "member"}
ABOVE = {"school_leader", "district_officer"}
READERS = TEAM | ABOVE
OUTSIDERS = {
    "colleague",  # a counsellor of the same school, not on the team
    "teacher",  # a teacher of the same school, not on the team
    "city_officer",
    "other_district_officer",
    "other_school_teacher",
    "case_worker",
    "partner",
    "parent",
    "stranger",
}
IN_A_MONTH = timezone.localdate() + datetime.timedelta(days=30)


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def views_of(user, obj) -> int:
    return AuditEntry.objects.filter(
        user=user,
        action="view",
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
    ).count()


def saved_rows() -> dict:
    models = (Case, CaseTeamMember, Goal, FollowUp, Review, AuditEntry)
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


@pytest.fixture
def personas(city, people):
    colleague = UserFactory(username="qin", name="覃老师")
    assign(colleague, Role.COUNSELLOR, school=city.school)
    return {
        "lead": people.counsellor,
        "member": people.head_teacher,
        "colleague": colleague,
        "teacher": people.teacher,
        "school_leader": people.school_leader,
        "district_officer": people.district_officer,
        "city_officer": people.city_officer,
        "other_district_officer": people.other_district_officer,
        "other_school_teacher": people.other_school_teacher,
        "case_worker": people.case_worker,
        "partner": people.partner,
        "parent": people.parent,
        "stranger": people.stranger,
    }


@pytest.fixture
def guardian(city):
    guardian = GuardianFactory(name="李奶奶")
    GuardianshipFactory(student=city.student_1, guardian=guardian, relation="grandmother")
    return guardian


@pytest.fixture
def case(city, people, guardian):
    """A draft plan led by the counsellor, with the head teacher on the team."""
    case = cases.open_case(
        opened_by=people.counsellor,
        student=city.student_1,
        categories=["left_behind", "psychological_risk"],
        risk_level="medium",
        summary=SUMMARY,
    )
    cases.add_team_member(case=case, by=people.counsellor, user=people.head_teacher, part="teacher")
    return case


@pytest.fixture
def goal(case, people):
    return cases.add_goal(
        case=case,
        by=people.counsellor,
        goal="情绪稳定",
        measures="班主任每周谈心一次",
        owner=people.head_teacher,
        due_on=IN_A_MONTH,
    )


@pytest.fixture
def active_case(case, goal, people):
    cases.submit_plan(case=case, by=people.counsellor)
    return cases.approve_plan(case=case, by=people.school_leader)


def case_url(name, case, **ids):
    return reverse(f"api:{name}", kwargs={"pk": case.pk, **ids})


# --- Every route is in the table ---------------------------------------------

READ_ROUTES = {"case-detail", "family-timeline"}
LIST_ROUTES = {"case-list"}
WRITE_ROUTES = {
    "case-team": {"user": 0, "part": "teacher"},
    "case-goals": {"goal": "按时到校", "measures": "每天早上电话提醒", "owner": 0},
    "case-goal-status": {"status": "met"},
    "case-follow-ups": {"happened_on": timezone.localdate().isoformat(), "note": "闯入"},
    "case-consent": {"guardian": 0},
    "case-submit": {},
    "case-approve": {},
    "case-return": {"reason": "闯入"},
    "case-review-done": {"summary": "闯入"},
    "case-close": {"outcome": "闯入"},
    "case-reopen": {"reason": "闯入"},
    "case-risk": {"risk_level": "crisis", "reason": "闯入"},
}


def test_every_route_of_the_module_is_in_the_access_table():
    names = {
        pattern.name
        for pattern in [*cases_api.urlpatterns, *timeline_api.urlpatterns]
        if isinstance(pattern, URLPattern)
    }
    assert names == READ_ROUTES | LIST_ROUTES | set(WRITE_ROUTES)


# --- Reads ---------------------------------------------------------------------


def test_the_team_and_those_above_read_the_case_and_each_read_is_audited(
    client, case, goal, personas
):
    url = case_url("case-detail", case)
    for persona, user in personas.items():
        log_in(client, user)
        before = views_of(user, case)
        response = client.get(url)
        if persona in READERS:
            assert response.status_code == 200, persona
            assert views_of(user, case) == before + 1, persona
        else:
            assert response.status_code == 404, persona
            assert views_of(user, case) == before, persona


def test_the_case_shows_its_team_goals_reviews_follow_ups_and_categories(
    client, active_case, people, guardian
):
    cases.log_follow_up(
        case=active_case, by=people.head_teacher, happened_on=timezone.localdate(), note="谈心"
    )
    log_in(client, people.head_teacher)
    body = client.get(case_url("case-detail", active_case)).json()
    assert body["case"]["categories"] == ["left_behind", "psychological_risk"]
    assert body["case"]["summary"] == SUMMARY and body["case"]["status"] == "active"
    assert body["case"]["approved_by"]["name"] == "梁校长"
    assert [(m["user"]["name"], m["part"]) for m in body["team"]] == [("黄老师", "teacher")]
    assert [(g["goal"], g["owner"]["name"]) for g in body["goals"]] == [("情绪稳定", "黄老师")]
    assert len(body["reviews"]) == 1 and body["reviews"][0]["done_on"] is None
    assert [f["note"] for f in body["follow_ups"]] == ["谈心"]
    assert body["guardians"] == [{"id": guardian.pk, "name": "李奶奶", "relation": "grandmother"}]


def test_the_list_shows_the_case_to_its_readers_only_and_audits_each_row(client, case, personas):
    url = reverse("api:case-list")
    for persona, user in personas.items():
        log_in(client, user)
        before = views_of(user, case)
        response = client.get(url)
        assert response.status_code == 200
        ids = [row["id"] for row in response.json()["results"]]
        if persona in READERS:
            assert ids == [case.pk], persona
            assert views_of(user, case) == before + 1, persona
        else:
            assert ids == [], persona
            assert views_of(user, case) == before, persona


def test_the_list_filters_by_status_and_by_my_cases(client, case, people):
    log_in(client, people.school_leader)
    url = reverse("api:case-list")
    assert client.get(url, {"status": "draft"}).json()["count"] == 1
    assert client.get(url, {"status": "active"}).json()["count"] == 0
    assert client.get(url, {"mine": "true"}).json()["count"] == 0
    log_in(client, people.head_teacher)
    row = client.get(url, {"mine": "true"}).json()["results"][0]
    assert row["id"] == case.pk and row["open_goals"] == 0 and row["review_overdue"] is False
    assert row["lead"]["name"] == "陆老师" and row["student"]["name"] == "李明"


def test_the_family_timeline_is_for_readers_of_a_case_of_the_family(client, city, case, personas):
    url = reverse("api:family-timeline", args=[city.student_1.pk])
    for persona, user in personas.items():
        log_in(client, user)
        before = views_of(user, case)
        response = client.get(url)
        if persona in READERS:
            assert response.status_code == 200, persona
            body = response.json()
            assert body["student"] == {"id": city.student_1.pk, "name": "李明"}
            page = reverse("programs:case-detail", args=[case.pk])
            assert page in [entry["url"] for entry in body["entries"]]
            assert views_of(user, case) == before + 1, persona
        else:
            assert response.status_code == 404, persona


def test_a_child_without_a_case_or_unknown_has_no_timeline(client, city, case, people):
    log_in(client, people.school_leader)
    assert client.get(reverse("api:family-timeline", args=[city.student_2.pk])).status_code == 404
    assert client.get(reverse("api:family-timeline", args=[999999])).status_code == 404


def test_anonymous_is_refused_everywhere(client, city, case, goal):
    review = Review.objects.create(case=case, due_on=IN_A_MONTH)
    urls = [
        reverse("api:case-list"),
        case_url("case-detail", case),
        reverse("api:family-timeline", args=[city.student_1.pk]),
    ]
    for name in WRITE_ROUTES:
        urls.append(case_url(name, case, **_ids(name, goal, review)))
    for url in urls:
        assert client.get(url).status_code in (401, 403), url
        assert post(client, url, {}).status_code in (401, 403), url


# --- Writes: outsiders ---------------------------------------------------------


def _ids(name, goal, review) -> dict:
    if name == "case-goal-status":
        return {"goal_id": goal.pk}
    if name == "case-review-done":
        return {"review_id": review.pk}
    return {}


def test_outsiders_get_404_on_every_step_and_nothing_changes(
    client, active_case, goal, personas, people, guardian
):
    review = active_case.reviews.get()
    before = saved_rows()
    for name, payload in WRITE_ROUTES.items():
        payload = dict(payload)
        for field, value in (
            ("user", people.case_worker.pk),
            ("owner", people.head_teacher.pk),
            ("guardian", guardian.pk),
        ):
            if field in payload:
                payload[field] = value
        url = case_url(name, active_case, **_ids(name, goal, review))
        for persona in OUTSIDERS:
            log_in(client, personas[persona])
            response = post(client, url, payload)
            assert response.status_code == 404, (name, persona, response.status_code)
    assert saved_rows() == before


def test_opening_a_case_for_a_child_out_of_reach_says_the_same_as_for_no_child(
    client, city, people
):
    log_in(client, people.counsellor)
    payload = {"categories": ["poverty"], "risk_level": "low", "summary": SUMMARY}
    answers = [
        post(client, reverse("api:case-list"), {**payload, "student": pk})
        for pk in (city.other_student.pk, 999999)
    ]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json() == answers[1].json()
    assert "student" in answers[0].json()
    log_in(client, people.teacher)  # sees the child, may not open cases
    response = post(client, reverse("api:case-list"), {**payload, "student": city.student_2.pk})
    assert response.status_code == 400 and "student" in response.json()
    assert not Case.objects.exists()


# --- Writes: the team's steps ----------------------------------------------------


def test_a_counsellor_opens_a_draft_case(client, city, people):
    log_in(client, people.counsellor)
    response = post(
        client,
        reverse("api:case-list"),
        {
            "student": city.student_2.pk,
            "categories": ["poverty", "left_behind"],
            "risk_level": "low",
            "summary": SUMMARY,
        },
    )
    assert response.status_code == 201
    body = response.json()
    case = Case.objects.get()
    assert body["case"]["id"] == case.pk and body["case"]["status"] == "draft"
    assert body["case"]["categories"] == ["left_behind", "poverty"]
    assert case.lead == people.counsellor and case.school == city.school
    assert views_of(people.counsellor, case) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"categories": []}, "categories"),
        ({"categories": ["fortune"]}, "categories"),
        ({"risk_level": "extreme"}, "risk_level"),
        ({"summary": "   "}, "summary"),
        ({"review_every_days": 3}, "review_every_days"),
        ({"kind": "other"}, "kind"),
    ],
)
def test_bad_input_to_open_a_case_is_a_400_naming_the_field(client, city, people, change, field):
    log_in(client, people.counsellor)
    payload = {
        "student": city.student_2.pk,
        "categories": ["poverty"],
        "risk_level": "low",
        "summary": SUMMARY,
        **change,
    }
    before = saved_rows()
    response = post(client, reverse("api:case-list"), payload)
    assert response.status_code == 400
    assert response.json()[field]
    assert saved_rows() == before


def test_a_lead_out_of_the_school_or_unknown_is_refused_alike(client, city, people):
    log_in(client, people.counsellor)
    payload = {
        "student": city.student_2.pk,
        "categories": ["poverty"],
        "risk_level": "low",
        "summary": SUMMARY,
    }
    answers = [
        post(client, reverse("api:case-list"), {**payload, "lead": pk})
        for pk in (people.other_school_teacher.pk, 999999)
    ]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json() == answers[1].json() and "lead" in answers[0].json()
    assert not Case.objects.exists()


def test_a_second_open_case_of_the_same_kind_is_refused(client, city, case, people):
    log_in(client, people.school_leader)
    response = post(
        client,
        reverse("api:case-list"),
        {
            "student": city.student_1.pk,
            "categories": ["poverty"],
            "risk_level": "low",
            "summary": SUMMARY,
        },
    )
    assert response.status_code == 400
    assert "already has an open case" in response.json()["student"][0]
    assert Case.objects.count() == 1


def test_the_plan_goes_from_draft_to_closed_and_back_through_the_api(
    client, case, people, guardian
):
    log_in(client, people.counsellor)
    body = post(
        client, case_url("case-team", case), {"user": people.case_worker.pk, "part": "case_worker"}
    ).json()
    assert {m["user"]["name"] for m in body["team"]} == {"黄老师", "莫社工"}
    body = post(
        client,
        case_url("case-goals", case),
        {
            "goal": "按时到校",
            "measures": "社工每天早上电话提醒",
            "owner": people.case_worker.pk,
            "due_on": IN_A_MONTH.isoformat(),
        },
    ).json()
    goal_id = body["goals"][0]["id"]
    today = timezone.localdate().isoformat()
    body = post(client, case_url("case-follow-ups", case), {"happened_on": today, "note": "家访"})
    assert body.json()["follow_ups"][0]["note"] == "家访"
    body = post(client, case_url("case-consent", case), {"guardian": guardian.pk}).json()
    assert body["case"]["consent_guardian"] == {"id": guardian.pk, "name": "李奶奶"}
    assert post(client, case_url("case-submit", case)).json()["case"]["status"] == "submitted"

    log_in(client, people.school_leader)
    response = post(client, case_url("case-return", case), {"reason": "目标太少"})
    assert response.json()["case"]["status"] == "draft"
    log_in(client, people.counsellor)
    post(client, case_url("case-submit", case))
    log_in(client, people.school_leader)
    body = post(client, case_url("case-approve", case)).json()
    assert body["case"]["status"] == "active" and body["case"]["approved_by"]["name"] == "梁校长"
    review_id = body["reviews"][0]["id"]

    log_in(client, people.case_worker)
    body = post(
        client, case_url("case-review-done", case, review_id=review_id), {"summary": "到校正常"}
    ).json()
    assert sorted(r["done_on"] is None for r in body["reviews"]) == [False, True]
    body = post(client, case_url("case-goal-status", case, goal_id=goal_id), {"status": "met"})
    assert {g["id"]: g["status"] for g in body.json()["goals"]}[goal_id] == "met"
    body = post(client, case_url("case-risk", case), {"risk_level": "high", "reason": "逃学"})
    assert body.json()["case"]["risk_level"] == "high"

    log_in(client, people.counsellor)
    open_goals = Goal.objects.filter(case=case, status="open")
    for goal in open_goals:
        post(client, case_url("case-goal-status", case, goal_id=goal.pk), {"status": "dropped"})
    body = post(client, case_url("case-close", case), {"outcome": "情绪稳定，按时到校"}).json()
    assert body["case"]["status"] == "closed" and body["case"]["outcome"] == "情绪稳定，按时到校"
    body = post(client, case_url("case-reopen", case), {"reason": "再次逃学"}).json()
    assert body["case"]["status"] == "active"


def test_a_team_member_works_on_the_case_but_does_not_steer_it(client, case, people):
    log_in(client, people.head_teacher)
    before = saved_rows()
    response = post(
        client, case_url("case-team", case), {"user": people.case_worker.pk, "part": "case_worker"}
    )
    assert response.status_code == 400
    assert "Only the case lead" in response.json()["detail"][0]
    assert post(client, case_url("case-submit", case)).status_code == 400
    assert saved_rows() == before
    today = timezone.localdate().isoformat()
    response = post(client, case_url("case-follow-ups", case), {"happened_on": today, "note": "谈"})
    assert response.status_code == 200


def test_team_candidates_only_and_the_same_answer_for_unknown_people(client, case, people):
    log_in(client, people.counsellor)
    before = saved_rows()
    answers = [
        post(client, case_url("case-team", case), {"user": pk, "part": "teacher"})
        for pk in (people.other_school_teacher.pk, people.parent.pk, 999999)
    ]
    assert [a.status_code for a in answers] == [400, 400, 400]
    assert answers[0].json() == answers[1].json() == answers[2].json()
    assert "user" in answers[0].json()
    response = post(client, case_url("case-team", case), {"user": people.teacher.pk, "part": "x"})
    assert response.status_code == 400 and "part" in response.json()
    response = post(
        client, case_url("case-team", case), {"user": people.teacher.pk, "part": "cadre"}
    )
    assert response.status_code == 400 and "does not hold that part" in response.json()["user"][0]
    assert saved_rows() == before


def test_a_goal_needs_an_owner_on_the_team_and_a_date_ahead(client, case, people):
    log_in(client, people.counsellor)
    payload = {"goal": "按时到校", "measures": "电话提醒", "due_on": IN_A_MONTH.isoformat()}
    before = saved_rows()
    response = post(client, case_url("case-goals", case), {**payload, "owner": people.teacher.pk})
    assert response.status_code == 400 and "owner" in response.json()
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = post(
        client,
        case_url("case-goals", case),
        {**payload, "owner": people.head_teacher.pk, "due_on": past},
    )
    assert response.status_code == 400 and "past" in response.json()["due_on"][0]
    response = post(client, case_url("case-goals", case), {"owner": people.head_teacher.pk})
    assert response.status_code == 400 and {"goal", "measures", "due_on"} <= set(response.json())
    assert saved_rows() == before


def test_goals_and_reviews_of_another_case_are_not_found(client, city, case, goal, people):
    other = cases.open_case(
        opened_by=people.counsellor,
        student=city.student_2,
        categories=["poverty"],
        risk_level="low",
        summary=SUMMARY,
    )
    review = Review.objects.create(case=case, due_on=IN_A_MONTH)
    log_in(client, people.counsellor)
    before = saved_rows()
    url = case_url("case-goal-status", other, goal_id=goal.pk)
    assert post(client, url, {"status": "met"}).status_code == 404
    url = case_url("case-review-done", other, review_id=review.pk)
    assert post(client, url, {"summary": "好"}).status_code == 404
    assert saved_rows() == before


def test_consent_comes_from_a_guardian_of_this_child_only(client, city, case, people):
    stranger_guardian = GuardianFactory(name="王妈妈")
    GuardianshipFactory(student=city.student_2, guardian=stranger_guardian)
    log_in(client, people.counsellor)
    before = saved_rows()
    answers = [
        post(client, case_url("case-consent", case), {"guardian": pk})
        for pk in (stranger_guardian.pk, 999999)
    ]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json() == answers[1].json() and "guardian" in answers[0].json()
    assert saved_rows() == before


def test_a_plan_is_submitted_with_a_goal_and_approved_from_outside_the_team(
    client, case, goal, people
):
    log_in(client, people.counsellor)
    cases.set_goal_status(goal=goal, by=people.counsellor, status="dropped")
    before = saved_rows()
    response = post(client, case_url("case-submit", case))
    assert response.status_code == 400 and "at least one goal" in response.json()["detail"][0]
    assert saved_rows() == before
    cases.set_goal_status(goal=goal, by=people.counsellor, status="open")
    post(client, case_url("case-submit", case))
    before = saved_rows()
    response = post(client, case_url("case-approve", case))
    assert response.status_code == 400 and "outside its team" in response.json()["detail"][0]
    log_in(client, people.head_teacher)
    assert post(client, case_url("case-approve", case)).status_code == 400
    response = post(client, case_url("case-return", case), {})
    assert response.status_code == 400 and "reason" in response.json()
    assert saved_rows() == before
    assert Case.objects.get(pk=case.pk).status == "submitted"


def test_closing_needs_an_outcome_and_no_open_goals(client, active_case, people):
    log_in(client, people.counsellor)
    before = saved_rows()
    response = post(client, case_url("case-close", active_case), {"outcome": "好转"})
    assert response.status_code == 400 and "goal" in response.json()["detail"][0]
    assert post(client, case_url("case-close", active_case), {}).status_code == 400
    response = post(client, case_url("case-reopen", active_case), {"reason": "再来"})
    assert response.status_code == 400 and "closed" in response.json()["detail"][0]
    response = post(client, case_url("case-risk", active_case), {"risk_level": "high"})
    assert response.status_code == 400 and "reason" in response.json()
    assert saved_rows() == before
