"""The referrals API, as every persona: the case team and the roles above
it read a case's referrals; the receiver (a department's liaison) reads
the referral sent to it — not the case — and answers it; everyone else
gets a 404. Every read is audited; a refused step saves nothing."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, reverse
from django.utils import timezone

from community.models import Department, Organisation, Volunteer
from portal.models import AuditEntry, Notification, Role
from portal.tests.factories import UserFactory, assign
from portal.tests.helpers import log_in
from programs.api import referrals as referrals_api
from programs.models import Case, Referral
from programs.services import cases, referrals
from schools.tests.factories import GuardianFactory, GuardianshipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

REASON = "祖母年迈，监护力量不足"
TEAM = {"lead", "member"}
ABOVE = {"school_leader", "district_officer"}
OUTSIDERS = {
    "colleague",
    "teacher",
    "city_officer",
    "other_district_officer",
    "other_school_teacher",
    "case_worker",
    "partner",
    "parent",
    "stranger",
    "other_liaison",
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
    models = (Referral, Case, AuditEntry, Notification)
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


@pytest.fixture
def world(city, people):
    colleague = UserFactory(username="qin", name="覃老师")
    assign(colleague, Role.COUNSELLOR, school=city.school)
    liaison = UserFactory(username="police", name="民警小韦")
    department = Department.objects.create(
        name="青秀分局", kind="public_security", district=city.qingxiu
    )
    department.liaisons.add(liaison)
    other_liaison = UserFactory(username="health", name="卫健小黄")
    Department.objects.create(name="青秀区卫健局", kind="health").liaisons.add(other_liaison)
    guardian = GuardianFactory(name="李奶奶")
    GuardianshipFactory(student=city.student_1, guardian=guardian, relation="grandmother")
    case = cases.open_case(
        opened_by=people.counsellor,
        student=city.student_1,
        categories=["left_behind"],
        risk_level="medium",
        summary="父母外出务工",
    )
    cases.add_team_member(case=case, by=people.counsellor, user=people.head_teacher, part="teacher")
    cases.add_goal(
        case=case,
        by=people.counsellor,
        goal="监护到位",
        measures="社区每月走访",
        owner=people.head_teacher,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    cases.record_consent(case=case, by=people.counsellor, guardian=guardian)
    cases.submit_plan(case=case, by=people.counsellor)
    cases.approve_plan(case=case, by=people.school_leader)
    referral = referrals.send_referral(
        case=case,
        by=people.counsellor,
        to_department=department,
        reason=REASON,
        asked="协助走访核实监护情况",
    )
    personas = {
        "lead": people.counsellor,
        "member": people.head_teacher,
        "liaison": liaison,
        "other_liaison": other_liaison,
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
    return personas, case, referral


def test_every_route_of_the_module_is_covered():
    names = {p.name for p in referrals_api.urlpatterns if isinstance(p, URLPattern)}
    assert names == {
        "referral-list",
        "referral-detail",
        "case-referrals",
        "referral-accept",
        "referral-decline",
        "referral-service",
    }


def test_the_team_those_above_and_the_receiver_read_the_referral_and_are_audited(client, world):
    personas, case, referral = world
    url = reverse("api:referral-detail", args=[referral.pk])
    for persona, user in personas.items():
        log_in(client, user)
        before = views_of(user, referral)
        response = client.get(url)
        if persona in OUTSIDERS:
            assert response.status_code == 404, persona
            assert views_of(user, referral) == before
            continue
        assert response.status_code == 200, persona
        assert views_of(user, referral) == before + 1, persona
        body = response.json()
        assert body["reason"] == REASON and body["student"]["name"] == "李明"
        assert body["receiver"] == {
            "kind": "department",
            "id": referral.to_department_id,
            "name": "青秀分局",
        }
        if persona == "liaison":
            assert body["case"] is None and body["to_me"] is True
        else:
            assert body["case"] == case.pk and body["to_me"] is False, persona


def test_the_receiver_reads_the_referral_not_the_case(client, world):
    personas, case, referral = world
    log_in(client, personas["liaison"])
    assert client.get(reverse("api:case-detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("api:family-timeline", args=[case.student_id])).status_code == 404


def test_the_list_shows_each_persona_their_referrals_and_audits_each_row(client, world):
    personas, case, referral = world
    url = reverse("api:referral-list")
    for persona, user in personas.items():
        log_in(client, user)
        before = views_of(user, referral)
        rows = client.get(url).json()["results"]
        if persona in OUTSIDERS:
            assert rows == [], persona
            continue
        assert [row["id"] for row in rows] == [referral.pk], persona
        assert rows[0]["to_me"] is (persona == "liaison")
        assert views_of(user, referral) == before + 1, persona


def test_the_list_splits_into_to_me_and_of_my_cases(client, world):
    personas, case, referral = world
    url = reverse("api:referral-list")
    log_in(client, personas["liaison"])
    assert client.get(url, {"box": "to_me"}).json()["count"] == 1
    assert client.get(url, {"box": "of_my_cases"}).json()["count"] == 0
    log_in(client, personas["lead"])
    assert client.get(url, {"box": "to_me"}).json()["count"] == 0
    assert client.get(url, {"box": "of_my_cases"}).json()["count"] == 1


def test_anonymous_is_refused(client, world):
    personas, case, referral = world
    urls = [
        reverse("api:referral-list"),
        reverse("api:case-referrals", args=[case.pk]),
        *(
            reverse(f"api:{name}", args=[referral.pk])
            for name in (
                "referral-detail",
                "referral-accept",
                "referral-decline",
                "referral-service",
            )
        ),
    ]
    for url in urls:
        assert client.get(url).status_code in (401, 403), url
        assert post(client, url, {}).status_code in (401, 403), url


# --- Sending ---------------------------------------------------------------------


def test_the_lead_refers_the_family_to_an_organisation(client, world, city):
    personas, case, referral = world
    organisation = Organisation.objects.create(
        name="润心社工站", kind="social", district=city.qingxiu
    )
    log_in(client, personas["member"])
    response = post(
        client,
        reverse("api:case-referrals", args=[case.pk]),
        {"to_organisation": organisation.pk, "reason": REASON, "asked": "每月入户一次"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["receiver"]["kind"] == "organisation" and body["case"] == case.pk
    assert Referral.objects.get(pk=body["id"]).sent_by == personas["member"]


def test_a_volunteer_serving_the_district_can_be_referred_to(client, world, city):
    personas, case, referral = world
    volunteer = Volunteer.objects.create(
        name="志愿者小蒙", phone="13900000001", joined_on=timezone.localdate()
    )
    far = Volunteer.objects.create(
        name="志愿者小覃", phone="13900000002", joined_on=timezone.localdate()
    )
    volunteer.districts.add(city.qingxiu)
    far.districts.add(city.xixiangtang)
    log_in(client, personas["lead"])
    url = reverse("api:case-referrals", args=[case.pk])
    payload = {"reason": REASON, "asked": "陪伴学习"}
    before = saved_rows()
    answers = [post(client, url, {**payload, "to_volunteer": pk}) for pk in (far.pk, 999999)]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json() == answers[1].json() and "to_volunteer" in answers[0].json()
    assert saved_rows() == before
    assert post(client, url, {**payload, "to_volunteer": volunteer.pk}).status_code == 201


def test_receivers_out_of_the_district_or_unknown_are_refused_alike(client, world, city):
    personas, case, referral = world
    far = Department.objects.create(
        name="西乡塘分局", kind="public_security", district=city.xixiangtang
    )
    log_in(client, personas["lead"])
    url = reverse("api:case-referrals", args=[case.pk])
    payload = {"reason": REASON, "asked": "走访"}
    before = saved_rows()
    answers = [post(client, url, {**payload, "to_department": pk}) for pk in (far.pk, 999999)]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json() == answers[1].json() and "to_department" in answers[0].json()
    assert saved_rows() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"to_department": None}, "receiver"),
        ({"to_organisation": "organisation"}, "receiver"),
        ({"reason": ""}, "reason"),
        ({"asked": "   "}, "asked"),
        ({"escalate_after_days": 60}, "escalate_after_days"),
        ({}, "receiver"),  # the same department while the first is open
    ],
)
def test_bad_referrals_are_400s_that_save_nothing(client, world, city, change, field):
    personas, case, referral = world
    organisation = Organisation.objects.create(name="润心社工站", kind="social")
    if change.get("to_organisation") == "organisation":
        change = {"to_organisation": organisation.pk}
    payload = {"to_department": referral.to_department_id, "reason": REASON, "asked": "走访"}
    log_in(client, personas["lead"])
    before = saved_rows()
    response = post(client, reverse("api:case-referrals", args=[case.pk]), {**payload, **change})
    assert response.status_code == 400 and response.json()[field]
    assert saved_rows() == before


def test_a_draft_plan_sends_no_referral_and_outsiders_get_404(client, world, city, people):
    personas, case, referral = world
    draft = cases.open_case(
        opened_by=people.counsellor,
        student=city.student_2,
        categories=["poverty"],
        risk_level="low",
        summary="家庭困难",
    )
    payload = {"to_department": referral.to_department_id, "reason": REASON, "asked": "走访"}
    log_in(client, people.counsellor)
    before = saved_rows()
    response = post(client, reverse("api:case-referrals", args=[draft.pk]), payload)
    assert response.status_code == 400 and "active plan" in response.json()["detail"][0]
    for persona in OUTSIDERS | {"liaison"}:
        log_in(client, personas[persona])
        response = post(client, reverse("api:case-referrals", args=[case.pk]), payload)
        assert response.status_code == 404, persona
    assert saved_rows() == before


# --- Answering -------------------------------------------------------------------


def test_the_liaison_accepts_and_records_the_service_given(client, world):
    personas, case, referral = world
    log_in(client, personas["liaison"])
    response = post(
        client, reverse("api:referral-accept", args=[referral.pk]), {"note": "本周走访"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "accepted" and response.json()["case"] is None
    response = post(
        client,
        reverse("api:referral-service", args=[referral.pk]),
        {"service_given": "已走访，落实临时监护人"},
    )
    assert response.status_code == 200 and response.json()["status"] == "closed"
    referral.refresh_from_db()
    assert referral.answered_by == personas["liaison"] and referral.closed_at is not None
    assert Notification.objects.filter(recipient=personas["lead"]).exists()


def test_the_liaison_declines_with_a_reason(client, world):
    personas, case, referral = world
    log_in(client, personas["liaison"])
    url = reverse("api:referral-decline", args=[referral.pk])
    before = saved_rows()
    response = post(client, url, {"reason": ""})
    assert response.status_code == 400 and response.json()["reason"]
    assert saved_rows() == before
    response = post(client, url, {"reason": "不属本辖区"})
    assert response.status_code == 200 and response.json()["status"] == "declined"
    assert response.json()["answer"] == "不属本辖区"


def test_only_the_receiver_answers_and_outsiders_get_404(client, world):
    personas, case, referral = world
    steps = {
        "referral-accept": {"note": ""},
        "referral-decline": {"reason": "闯入"},
        "referral-service": {"service_given": "闯入"},
    }
    before = saved_rows()
    log_in(client, personas["lead"])  # the department answers, not the team
    for name, payload in steps.items():
        response = post(client, reverse(f"api:{name}", args=[referral.pk]), payload)
        assert response.status_code == 400, name
    for persona in OUTSIDERS:
        log_in(client, personas[persona])
        for name, payload in steps.items():
            response = post(client, reverse(f"api:{name}", args=[referral.pk]), payload)
            assert response.status_code == 404, (persona, name)
    log_in(client, personas["liaison"])
    url = reverse("api:referral-service", args=[referral.pk])
    response = post(client, url, steps["referral-service"])
    assert response.status_code == 400 and "accepted" in response.json()["detail"][0]
    assert saved_rows() == before
