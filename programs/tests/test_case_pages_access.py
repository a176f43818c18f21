"""Every case, alert, referral and timeline page, walked as every persona.

The routes come from programs' URL patterns, not a hand-picked list: a new
route without an entry in ROUTES fails the walk. Each page a persona may
read must leave a read in the audit trail; every other persona gets a 404
(never a 403 that confirms the record exists)."""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from community.models import Department
from families.tests.factories_content import CounsellingRequestFactory, CounsellingStationFactory
from portal.models import AuditEntry, Role
from portal.tests.factories import UserFactory, assign
from portal.tests.helpers import log_in
from programs import urls as program_urls
from programs.models import Alert, Case, Referral
from programs.services import alerts, cases, referrals
from schools.tests.factories import GuardianFactory, GuardianshipFactory

pytestmark = pytest.mark.django_db

SUMMARY = "父母离异，孩子由祖母照看，近期情绪低落。"

TEAM = {"lead", "member"}
ABOVE = {"school_leader", "district_officer"}
HANDLERS = {"lead", "colleague", "school_leader", "district_officer"}
# route name -> who reads it (200); everyone else gets 404 (anonymous: login).
ROUTES = {
    "case-detail": TEAM | ABOVE,
    "case-edit": {"lead"} | ABOVE,
    "case-history": TEAM | ABOVE,
    "referral-new": TEAM | ABOVE,
    "family-timeline": TEAM | ABOVE,
    "alert-detail": HANDLERS | {"member", "raiser"},
    "referral-detail": TEAM | ABOVE | {"liaison"},
    "alert-from-counselling": {"station_counsellor"},
}
# Lists and forms: every logged-in person may open them; they show only
# what the person's scope reaches.
OPEN_TO_ALL = {
    "home",
    "cases",
    "case-new",
    "alerts",
    "my-alerts",
    "alert-new",
    "referrals",
}
POSTS = {"case-action", "alert-action", "referral-action"}


def program_routes():
    names = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(pattern.name)

    walk(program_urls.urlpatterns)
    return [name for name in names if not name.startswith("network")]


@pytest.fixture
def world(city, people):
    colleague = UserFactory(username="qin", name="覃老师")
    assign(colleague, Role.COUNSELLOR, school=city.school)
    liaison = UserFactory(username="police", name="民警小韦")
    department = Department.objects.create(name="青秀分局", kind="public_security")
    department.liaisons.add(liaison)
    station_counsellor = UserFactory(username="station", name="站内咨询师")
    station = CounsellingStationFactory(
        name="青秀区润心工作站", district=city.qingxiu, counsellors=[station_counsellor]
    )
    request_row = CounsellingRequestFactory(
        station=station, requester=people.parent, student=city.student_1
    )
    guardian = GuardianFactory(name="李奶奶")
    GuardianshipFactory(student=city.student_1, guardian=guardian, relation="grandmother")

    case = cases.open_case(
        opened_by=people.counsellor,
        student=city.student_1,
        categories=["left_behind", "psychological_risk"],
        risk_level="medium",
        summary=SUMMARY,
    )
    cases.add_team_member(case=case, by=people.counsellor, user=people.head_teacher, part="teacher")
    cases.add_goal(
        case=case,
        by=people.counsellor,
        goal="情绪稳定",
        measures="每周谈心一次",
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
        reason="监护缺失",
        asked="协助走访核实监护情况",
    )
    alert = alerts.raise_alert(
        student=city.student_1,
        level="early_warning",
        source="other",
        raised_by=people.teacher,
        note="课间独自哭泣",
        check_scope=False,
    )
    alerts.open_plan_for_alert(alert=alert, by=people.counsellor)
    personas = {
        "lead": people.counsellor,
        "member": people.head_teacher,
        "colleague": colleague,
        "raiser": people.teacher,
        "school_leader": people.school_leader,
        "district_officer": people.district_officer,
        "other_district_officer": people.other_district_officer,
        "city_officer": people.city_officer,
        "other_school_teacher": people.other_school_teacher,
        "case_worker": people.case_worker,
        "partner": people.partner,
        "parent": people.parent,
        "stranger": people.stranger,
        "liaison": liaison,
        "station_counsellor": station_counsellor,
    }
    kwargs = {
        "case-detail": {"pk": case.pk},
        "case-edit": {"pk": case.pk},
        "case-history": {"pk": case.pk},
        "referral-new": {"case_pk": case.pk},
        "family-timeline": {"student_pk": city.student_1.pk},
        "alert-detail": {"pk": alert.pk},
        "referral-detail": {"pk": referral.pk},
        "alert-from-counselling": {"request_pk": request_row.pk},
        "case-action": {"pk": case.pk, "action": "follow-up"},
        "alert-action": {"pk": alert.pk, "name": "receive"},
        "referral-action": {"pk": referral.pk, "name": "accept"},
    }
    return personas, kwargs, case, alert, referral


def test_every_route_has_an_expectation():
    unknown = set(program_routes()) - set(ROUTES) - OPEN_TO_ALL - POSTS
    assert not unknown, f"routes without an entry in the access table: {sorted(unknown)}"


def test_each_persona_reads_only_what_is_theirs_and_each_read_is_audited(client, world):
    personas, kwargs, case, alert, referral = world
    leaks = []
    for name, readers in ROUTES.items():
        url = reverse(f"programs:{name}", kwargs=kwargs[name])
        for persona, user in personas.items():
            log_in(client, user)
            before = AuditEntry.objects.filter(user=user, action="view").count()
            status = client.get(url).status_code
            expected = 200 if persona in readers else 404
            if status != expected:
                leaks.append((name, persona, status, expected))
            if status == 200 and name != "alert-from-counselling":
                after = AuditEntry.objects.filter(user=user, action="view").count()
                if after <= before:
                    leaks.append((name, persona, "no audit row"))
    assert leaks == []


def test_the_reporter_sees_the_status_not_the_case(client, world, people):
    personas, kwargs, case, alert, referral = world
    log_in(client, people.teacher)
    page = client.get(reverse("programs:alert-detail", args=[alert.pk])).content.decode()
    assert "课间独自哭泣" not in page and SUMMARY not in page
    assert reverse("programs:case-detail", args=[case.pk]) not in page


def test_lists_show_outsiders_nothing_of_the_case(client, world):
    personas, kwargs, case, alert, referral = world
    case_url = reverse("programs:case-detail", args=[case.pk])
    alert_url = reverse("programs:alert-detail", args=[alert.pk])
    outsiders = set(personas) - TEAM - ABOVE - HANDLERS - {"raiser", "liaison"}
    for persona in outsiders:
        log_in(client, personas[persona])
        for name in OPEN_TO_ALL:
            page = client.get(reverse(f"programs:{name}")).content.decode()
            assert case_url not in page and alert_url not in page, (persona, name)
            assert SUMMARY not in page and "情绪稳定" not in page, (persona, name)


def test_outsiders_cannot_act_and_nothing_changes(client, world):
    personas, kwargs, case, alert, referral = world
    payload = {"happened_on": timezone.localdate().isoformat(), "note": "闯入"}
    for persona in ("colleague", "raiser", "other_district_officer", "city_officer", "stranger"):
        log_in(client, personas[persona])
        for name in POSTS:
            response = client.post(reverse(f"programs:{name}", kwargs=kwargs[name]), payload)
            if name == "alert-action" and persona == "colleague":
                continue  # the colleague handles the school's alerts
            assert response.status_code == 404, (persona, name, response.status_code)
    assert not case.follow_ups.filter(note="闯入").exists()
    assert Referral.objects.get(pk=referral.pk).status == "sent"
    assert Alert.objects.get(pk=alert.pk).status == "acknowledged"


def test_anonymous_is_sent_to_log_in(client, world):
    personas, kwargs, case, alert, referral = world
    for name in ROUTES:
        response = client.get(reverse(f"programs:{name}", kwargs=kwargs[name]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Case.objects.count() == 1
