"""The alerts API, as every persona: the school's counsellors, its leader
and the district handle alerts; the case team reads the alerts of its
case; the teacher who raised one sees its status only — no case, no
steps; everyone else gets a 404. Every read is audited."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, reverse

from portal.models import AuditEntry, Notification, Role
from portal.tests.factories import UserFactory, assign
from portal.tests.helpers import log_in
from programs.api import alerts as alerts_api
from programs.models import Alert, AlertStep, Case
from programs.services import alerts, cases

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NOTE = "课间独自哭泣，说不想活了"
STATUS_ONLY = {"id", "student", "level", "status", "raised_at"}
HANDLERS = {"lead", "colleague", "school_leader", "district_officer"}
FULL = HANDLERS | {"member"}
OUTSIDERS = {
    "city_officer",
    "other_district_officer",
    "other_school_teacher",
    "case_worker",
    "partner",
    "parent",
    "stranger",
}


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
    models = (Alert, AlertStep, Case, AuditEntry, Notification)
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


@pytest.fixture
def personas(city, people):
    colleague = UserFactory(username="qin", name="覃老师")
    assign(colleague, Role.COUNSELLOR, school=city.school)
    return {
        "lead": people.counsellor,
        "member": people.head_teacher,
        "colleague": colleague,
        "raiser": people.teacher,
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
def alert(city, people):
    """Raised by the class 3(2) teacher about a child of that class, linked
    to the child's plan, led by the counsellor with the head teacher on the
    team (the head teacher of 3(1), so only the team makes them a reader)."""
    case = cases.open_case(
        opened_by=people.counsellor,
        student=city.student_2,
        categories=["psychological_risk"],
        risk_level="medium",
        summary="情绪低落",
    )
    cases.add_team_member(case=case, by=people.counsellor, user=people.head_teacher, part="teacher")
    alert = alerts.raise_alert(
        student=city.student_2,
        level="early_warning",
        source="other",
        raised_by=people.teacher,
        note=NOTE,
    )
    alerts.open_plan_for_alert(alert=alert, by=people.counsellor)
    return Alert.objects.get(pk=alert.pk)


def test_every_route_of_the_module_is_covered():
    names = {p.name for p in alerts_api.urlpatterns if isinstance(p, URLPattern)}
    assert names == {
        "alert-list",
        "my-alerts",
        "alert-detail",
        "alert-receive",
        "alert-level",
        "alert-plan",
        "alert-close",
    }


def test_handlers_and_the_team_read_the_alert_the_raiser_its_status_others_nothing(
    client, alert, personas
):
    url = reverse("api:alert-detail", args=[alert.pk])
    for persona, user in personas.items():
        log_in(client, user)
        before = views_of(user, alert)
        response = client.get(url)
        if persona in OUTSIDERS:
            assert response.status_code == 404, persona
            assert views_of(user, alert) == before
            continue
        assert response.status_code == 200, persona
        assert views_of(user, alert) == before + 1, persona
        body = response.json()
        if persona in FULL:
            assert body["case"] == alert.case_id, persona
            assert [step["action"] for step in body["steps"]] == ["raised", "plan"]
            assert body["steps"][0]["note"] == NOTE
        else:
            assert set(body) == STATUS_ONLY, persona
            assert body["status"] == "acknowledged" and body["level"] == "early_warning"


def test_the_raiser_reads_the_alert_but_not_the_case(client, alert, people):
    log_in(client, people.teacher)
    assert client.get(reverse("api:alert-detail", args=[alert.pk])).status_code == 200
    assert client.get(reverse("api:case-detail", args=[alert.case_id])).status_code == 404
    assert NOTE not in client.get(reverse("api:alert-detail", args=[alert.pk])).content.decode()


def test_the_queue_is_the_handlers_and_audits_each_row(client, alert, personas):
    url = reverse("api:alert-list")
    for persona, user in personas.items():
        log_in(client, user)
        before = views_of(user, alert)
        response = client.get(url)
        assert response.status_code == 200
        ids = [row["id"] for row in response.json()["results"]]
        if persona in HANDLERS:
            assert ids == [alert.pk], persona
            assert views_of(user, alert) == before + 1
        else:
            assert ids == [], persona


def test_the_queue_filters_by_status(client, alert, people):
    log_in(client, people.counsellor)
    url = reverse("api:alert-list")
    assert client.get(url, {"status": "acknowledged"}).json()["count"] == 1
    assert client.get(url, {"status": "closed"}).json()["count"] == 0
    alerts.close_alert(alert=alert, by=people.counsellor, note="已安排辅导")
    assert client.get(url).json()["count"] == 0
    assert client.get(url, {"status": "all"}).json()["count"] == 1


def test_my_alerts_show_the_raiser_the_status_only(client, alert, personas):
    url = reverse("api:my-alerts")
    for persona, user in personas.items():
        log_in(client, user)
        rows = client.get(url).json()["results"]
        if persona == "raiser":
            assert [set(row) for row in rows] == [STATUS_ONLY]
            assert rows[0]["student"]["name"] == "王芳"
            assert views_of(user, alert) == 1
        else:
            assert rows == [], persona


def test_anonymous_is_refused(client, alert):
    for name in ("alert-list", "my-alerts"):
        assert client.get(reverse(f"api:{name}")).status_code in (401, 403)
    assert post(client, reverse("api:alert-list"), {}).status_code in (401, 403)
    for name in ("alert-detail", "alert-receive", "alert-level", "alert-plan", "alert-close"):
        url = reverse(f"api:{name}", args=[alert.pk])
        assert client.get(url).status_code in (401, 403)
        assert post(client, url, {}).status_code in (401, 403)


# --- Raising ---------------------------------------------------------------------


def test_a_teacher_raises_an_alert_and_sees_its_status(client, city, people):
    log_in(client, people.teacher)
    response = post(
        client,
        reverse("api:alert-list"),
        {"source": "screening", "student": city.student_2.pk, "level": "prevention", "note": NOTE},
    )
    assert response.status_code == 201
    assert set(response.json()) == STATUS_ONLY
    alert = Alert.objects.get()
    assert alert.raised_by == people.teacher and alert.source == "screening"
    assert alert.steps.get().note == NOTE
    assert Notification.objects.filter(recipient=people.counsellor).exists()


def test_a_counsellor_raising_an_alert_sees_it_whole(client, city, people):
    log_in(client, people.counsellor)
    response = post(
        client,
        reverse("api:alert-list"),
        {"source": "other", "student": city.student_1.pk, "level": "early_warning", "note": NOTE},
    )
    assert response.status_code == 201
    assert [step["action"] for step in response.json()["steps"]] == ["raised"]


def test_a_child_out_of_reach_is_refused_like_an_unknown_one(client, city, people):
    log_in(client, people.teacher)  # teaches 3(2), not 3(1) nor the other school
    before = saved_rows()
    answers = [
        post(
            client,
            reverse("api:alert-list"),
            {"source": "other", "student": pk, "level": "prevention", "note": NOTE},
        )
        for pk in (city.student_1.pk, city.other_student.pk, 999999)
    ]
    assert [a.status_code for a in answers] == [400, 400, 400]
    assert answers[0].json() == answers[1].json() == answers[2].json()
    assert "student" in answers[0].json()
    assert saved_rows() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"source": "home_visit"}, "source"),
        ({"level": "panic"}, "level"),
        ({"note": ""}, "note"),
        ({"note": "   "}, "note"),
    ],
)
def test_bad_input_to_raise_an_alert_is_a_400(client, city, people, change, field):
    log_in(client, people.teacher)
    payload = {"source": "other", "student": city.student_2.pk, "level": "prevention", "note": NOTE}
    before = saved_rows()
    response = post(client, reverse("api:alert-list"), {**payload, **change})
    assert response.status_code == 400 and response.json()[field]
    assert saved_rows() == before


def test_a_crisis_raised_by_a_teacher_escalates_the_childs_plan(client, alert, city, people):
    log_in(client, people.teacher)
    response = post(
        client,
        reverse("api:alert-list"),
        {"source": "other", "student": city.student_2.pk, "level": "crisis", "note": NOTE},
    )
    assert response.status_code == 201 and set(response.json()) == STATUS_ONLY
    assert Case.objects.get(pk=alert.case_id).risk_level == "crisis"


# --- Handling --------------------------------------------------------------------


def test_only_handlers_act_others_get_404_and_nothing_changes(client, alert, personas):
    steps = {
        "alert-receive": {"note": ""},
        "alert-level": {"level": "crisis", "note": "闯入"},
        "alert-plan": {},
        "alert-close": {"note": "闯入"},
    }
    before = saved_rows()
    for persona in OUTSIDERS | {"raiser", "member"}:
        log_in(client, personas[persona])
        for name, payload in steps.items():
            response = post(client, reverse(f"api:{name}", args=[alert.pk]), payload)
            assert response.status_code == 404, (persona, name, response.status_code)
    assert saved_rows() == before


def test_a_counsellor_receives_moves_and_closes_an_alert(client, city, people):
    alert = alerts.raise_alert(
        student=city.student_2,
        level="prevention",
        source="other",
        raised_by=people.teacher,
        note=NOTE,
    )
    log_in(client, people.counsellor)
    body = post(client, reverse("api:alert-receive", args=[alert.pk]), {"note": "已联系"}).json()
    assert body["status"] == "acknowledged"
    assert Notification.objects.filter(recipient=people.teacher).exists()
    url = reverse("api:alert-level", args=[alert.pk])
    body = post(client, url, {"level": "early_warning", "note": "复测偏高"}).json()
    assert body["level"] == "early_warning" and body["steps"][-1]["action"] == "escalated"
    body = post(client, reverse("api:alert-plan", args=[alert.pk])).json()
    case = Case.objects.get(pk=body["case"])
    assert case.student == city.student_2 and case.status == "draft"
    body = post(client, reverse("api:alert-close", args=[alert.pk]), {"note": "已纳入一人一案"})
    assert body.json()["status"] == "closed"
    log_in(client, people.teacher)
    assert client.get(reverse("api:my-alerts")).json()["results"][0]["status"] == "closed"


def test_handling_steps_refused_by_the_rules_are_400s_that_save_nothing(client, alert, people):
    log_in(client, people.school_leader)
    before = saved_rows()
    response = post(client, reverse("api:alert-receive", args=[alert.pk]))
    assert response.status_code == 400 and "already been received" in response.json()["detail"][0]
    url = reverse("api:alert-level", args=[alert.pk])
    response = post(client, url, {"level": "early_warning", "note": "同级"})
    assert response.status_code == 400 and "already at this level" in response.json()["level"][0]
    assert post(client, url, {"level": "crisis"}).status_code == 400
    response = post(client, reverse("api:alert-plan", args=[alert.pk]))
    assert response.status_code == 400 and "already linked" in response.json()["detail"][0]
    assert post(client, reverse("api:alert-close", args=[alert.pk]), {}).status_code == 400
    assert saved_rows() == before


def test_a_crisis_alert_without_a_plan_stays_open(client, city, people):
    alert = Alert.objects.create(
        student=city.student_2,
        school=city.school,
        district=city.qingxiu,
        level="crisis",
        source="other",
        raised_by=people.teacher,
    )
    log_in(client, people.counsellor)
    before = saved_rows()
    response = post(client, reverse("api:alert-close", args=[alert.pk]), {"note": "好转"})
    assert response.status_code == 400 and "plan" in response.json()["detail"][0]
    assert saved_rows() == before
