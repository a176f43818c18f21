import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from portal.tests.factories import UserFactory
from schools.models import LawAppointment, LawSession
from schools.tests.factories import LawAppointmentFactory, LawVicePrincipalFactory, SchoolFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def appointment(city):
    vp = LawVicePrincipalFactory(name="韦警官", district=city.qingxiu)
    return LawAppointmentFactory(vice_principal=vp, school=city.school)


def session_payload(appointment, hours="2"):
    return {"appointment": appointment.pk, "held_on": TODAY.isoformat(), "class_hours": hours,
            "topic": "网络安全", "audience": "六年级"}  # fmt: skip


def test_api_report_lists_schools_without_one_first(api, people, city, appointment):
    SchoolFactory(district=city.qingxiu, name="无副校长小学")
    api.force_authenticate(people.district_officer)
    rows = api.get(reverse("api:law-school-report")).json()["results"]
    assert [(r["name"], r["has_vice_principal"]) for r in rows] == [
        ("无副校长小学", False),
        ("青秀区第一小学", True),
    ]
    vps = api.get(reverse("api:law-vice-principal-list")).json()["results"]
    assert [v["name"] for v in vps] == ["韦警官"]


def test_api_vice_principal_records_own_session(api, appointment):
    account = UserFactory(username="wei-police")
    appointment.vice_principal.account = account
    appointment.vice_principal.save()
    api.force_authenticate(account)
    url = reverse("api:law-session-list")
    response = api.post(url, session_payload(appointment, hours="0"), format="json")
    assert response.status_code == 400 and "more than 0" in response.json()["detail"]
    assert api.post(url, session_payload(appointment), format="json").status_code == 201
    assert LawSession.objects.get().class_hours == Decimal("2.0")


def test_api_out_of_scope_appointment_is_refused(api, people, city, appointment):
    api.force_authenticate(people.other_district_officer)
    url = reverse("api:law-session-list")
    assert api.post(url, session_payload(appointment), format="json").status_code == 403
    assert api.get(reverse("api:law-school-report")).json()["count"] == 1  # own district only
    assert not LawSession.objects.exists()


def staff(client, user):
    client.force_login(user)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()
    return client


def test_admin_session_add_goes_through_the_service(client, people, appointment):
    staff(client, people.school_leader)
    url = reverse("admin:schools_lawsession_add")
    data = {"appointment": appointment.pk, "held_on": "2025-08-01", "class_hours": "2",
            "topic": "禁毒", "audience": "五年级"}  # fmt: skip
    response = client.post(url, data)
    assert "during an active appointment" in response.content.decode()
    data["held_on"] = TODAY.isoformat()
    assert client.post(url, data).status_code == 302
    assert LawSession.objects.get().school == appointment.school


def test_admin_ends_an_appointment_through_the_service(client, people, appointment):
    LawSession.objects.create(
        appointment=appointment, school=appointment.school, district=appointment.district,
        held_on=datetime.date(2026, 3, 1), class_hours=Decimal(2), topic="法治", audience="全体",
    )  # fmt: skip
    staff(client, people.district_officer)
    url = reverse("admin:schools_lawappointment_change", args=[appointment.pk])
    inline = {"sessions-TOTAL_FORMS": 1, "sessions-INITIAL_FORMS": 1}
    response = client.post(url, {"ends_on": "2026-02-01", **inline})
    assert "A session on 2026-03-01" in response.content.decode()
    assert client.post(url, {"ends_on": "2026-06-30", **inline}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.ends_on == datetime.date(2026, 6, 30)
    assert LawSession.objects.get().topic == "法治"


def test_admin_vice_principal_page_shows_appointments(client, people, appointment):
    staff(client, people.district_officer)
    url = reverse("admin:schools_lawviceprincipal_change", args=[appointment.vice_principal.pk])
    assert "青秀区第一小学" in client.get(url).content.decode()
    staff(client, people.other_district_officer)
    assert client.get(url).status_code == 404


def test_admin_appointment_add_refuses_a_second_active_one(client, people, city, appointment):
    staff(client, people.district_officer)
    url = reverse("admin:schools_lawappointment_add")
    data = {"vice_principal": appointment.vice_principal.pk, "school": city.school.pk,
            "starts_on": "2026-03-01"}  # fmt: skip
    assert "already appointed" in client.post(url, data).content.decode()
    assert LawAppointment.objects.count() == 1
