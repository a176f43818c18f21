import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from portal.tests.factories import UserFactory
from portal.tests.helpers import log_in
from schools.models import LawAppointment, LawSession
from schools.services import law as services
from schools.services.errors import SchoolsError
from schools.tests.factories import (
    LawAppointmentFactory,
    LawVicePrincipalFactory,
    SchoolFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate()


@pytest.fixture
def appointment(city):
    vp = LawVicePrincipalFactory(name="韦警官", district=city.qingxiu, organisation_name="青秀分局")
    return LawAppointmentFactory(
        vice_principal=vp, school=city.school, starts_on=datetime.date(2025, 9, 1)
    )


def give(appointment, by, hours="2", held_on=TODAY, **kwargs):
    values = {"topic": "预防校园欺凌", "audience": "五年级全体"}
    values.update(kwargs)
    return services.record_law_session(
        appointment=appointment, held_on=held_on, class_hours=Decimal(hours), by=by, **values
    )


# --- the services -----------------------------------------------------------


def test_leader_records_a_session(people, appointment):
    session = give(appointment, people.school_leader)
    assert session.school == appointment.school and session.district == appointment.district


@pytest.mark.parametrize(("hours", "message"), [("0", "more than 0"), ("-1", "more than 0"),
                                                ("8.5", "at most 8")])  # fmt: skip
def test_class_hours_must_be_above_0_and_at_most_8(people, appointment, hours, message):
    with pytest.raises(SchoolsError, match=message):
        give(appointment, people.school_leader, hours=hours)
    assert not LawSession.objects.exists()


def test_eight_hours_is_accepted(people, appointment):
    assert give(appointment, people.school_leader, hours="8").pk


def test_future_session_is_refused(people, appointment):
    with pytest.raises(SchoolsError, match="cannot be in the future"):
        give(appointment, people.school_leader, held_on=TODAY + datetime.timedelta(days=1))


def test_session_before_the_appointment_is_refused(people, appointment):
    with pytest.raises(SchoolsError, match="was not appointed to 青秀区第一小学 on 2025-08-31"):
        give(appointment, people.school_leader, held_on=datetime.date(2025, 8, 31))
    assert not LawSession.objects.exists()


def test_session_after_the_appointment_ended_is_refused(people, appointment):
    services.end_appointment(
        appointment=appointment, ends_on=datetime.date(2026, 1, 31), by=people.district_officer
    )
    with pytest.raises(SchoolsError, match="during an active appointment"):
        give(appointment, people.school_leader, held_on=datetime.date(2026, 2, 1))
    assert give(appointment, people.school_leader, held_on=datetime.date(2026, 1, 31)).pk


def test_session_needs_a_topic(people, appointment):
    with pytest.raises(SchoolsError, match="topic"):
        give(appointment, people.school_leader, topic=" ")


def test_vice_principal_records_their_own_session(people, appointment):
    account = UserFactory(username="wei-police")
    appointment.vice_principal.account = account
    appointment.vice_principal.save()
    assert give(appointment, account).pk


@pytest.mark.parametrize(
    "persona", ["teacher", "counsellor", "other_district_officer", "parent", "stranger"]
)
def test_others_may_not_record(people, appointment, persona):
    with pytest.raises(PermissionDenied):
        give(appointment, getattr(people, persona))
    assert not LawSession.objects.exists()


def test_another_vice_principal_may_not_record_on_this_appointment(people, appointment):
    other = LawVicePrincipalFactory(account=UserFactory(username="other-vp"))
    with pytest.raises(PermissionDenied):
        give(appointment, other.account)


def test_appointment_ends_after_it_started(people, appointment):
    with pytest.raises(SchoolsError, match="must end after it started"):
        services.end_appointment(
            appointment=appointment, ends_on=appointment.starts_on, by=people.district_officer
        )
    appointment.refresh_from_db()
    assert appointment.ends_on is None


def test_appointment_cannot_end_before_a_session_given_under_it(people, appointment):
    give(appointment, people.school_leader, held_on=datetime.date(2026, 3, 1))
    with pytest.raises(SchoolsError, match="A session on 2026-03-01"):
        services.end_appointment(
            appointment=appointment, ends_on=datetime.date(2026, 2, 1), by=people.district_officer
        )


def test_vice_principal_serves_several_schools(people, city, appointment):
    second = SchoolFactory(district=city.qingxiu)
    other = services.appoint_vice_principal(
        vice_principal=appointment.vice_principal,
        school=second,
        starts_on=datetime.date(2026, 3, 1),
        by=people.district_officer,
    )
    assert other.district == city.qingxiu
    assert appointment.vice_principal.appointments.count() == 2


def test_same_school_twice_while_active_is_refused(people, city, appointment):
    with pytest.raises(SchoolsError, match="already appointed"):
        services.appoint_vice_principal(
            vice_principal=appointment.vice_principal,
            school=city.school,
            starts_on=datetime.date(2026, 3, 1),
            by=people.district_officer,
        )
    assert LawAppointment.objects.count() == 1


# --- the report -------------------------------------------------------------


def test_report_lists_schools_without_a_vice_principal_first(client, people, city, appointment):
    give(appointment, people.school_leader, hours="4", held_on=TODAY)
    without = SchoolFactory(district=city.qingxiu, name="青秀区无副校长小学")
    log_in(client, people.district_officer)
    page = client.get(reverse("schools:law")).content.decode()
    assert page.index("青秀区无副校长小学") < page.index("青秀区第一小学")
    assert "50.0%" in page  # one of two schools covered
    assert "韦警官" in page
    assert "西乡塘区滨江小学" not in page
    assert without.name in page


def test_hours_count_this_calendar_year_only(client, people, city, appointment):
    give(appointment, people.school_leader, hours="3", held_on=datetime.date(TODAY.year - 1, 12, 1))
    give(appointment, people.school_leader, hours="1.5", held_on=TODAY)
    log_in(client, people.school_leader)
    page = client.get(reverse("schools:law")).content.decode()
    assert "1.5 / 4" in page
    assert "Behind" in page


def test_ended_appointment_leaves_the_school_without_one(client, people, city, appointment):
    appointment.ends_on = TODAY - datetime.timedelta(days=1)
    appointment.save()
    log_in(client, people.school_leader)
    page = client.get(reverse("schools:law")).content.decode()
    assert "No vice principal" in page and "0.0%" in page


def test_other_district_officer_does_not_see_the_district(client, people, city, appointment):
    log_in(client, people.other_district_officer)
    response = client.get(reverse("schools:law") + f"?district={city.qingxiu.pk}")
    assert response.status_code == 404
    page = client.get(reverse("schools:law")).content.decode()
    assert "韦警官" not in page and "青秀区第一小学" not in page


def test_city_officer_filters_by_district(client, people, city, appointment):
    log_in(client, people.city_officer)
    page = client.get(reverse("schools:law") + f"?district={city.xixiangtang.pk}").content.decode()
    assert "西乡塘区滨江小学" in page and "青秀区第一小学" not in page


def test_vice_principal_records_through_the_form(client, people, appointment):
    account = UserFactory(username="wei-police")
    appointment.vice_principal.account = account
    appointment.vice_principal.save()
    client.force_login(account)
    url = reverse("schools:law-session-new")
    data = {"appointment": appointment.pk, "held_on": TODAY.isoformat(), "class_hours": "9",
            "topic": "交通安全", "audience": "三年级"}  # fmt: skip
    response = client.post(url, data)
    assert "at most 8 class hours" in response.content.decode()
    data["class_hours"] = "2"
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("schools:law")).content.decode()
    assert "Your appointments" in page and "2 / 4" in page


def test_teacher_may_not_open_the_session_form(client, people, appointment):
    log_in(client, people.teacher)
    assert client.get(reverse("schools:law-session-new")).status_code == 403


def test_leader_cannot_record_on_another_schools_appointment(client, people, city):
    other = LawAppointmentFactory(school=city.other_school)
    log_in(client, people.school_leader)
    data = {"appointment": other.pk, "held_on": TODAY.isoformat(), "class_hours": "2",
            "topic": "禁毒", "audience": "六年级"}  # fmt: skip
    response = client.post(reverse("schools:law-session-new"), data)
    assert response.status_code == 403  # the leader's school has no appointment at all
    assert not LawSession.objects.exists()


@pytest.mark.parametrize("count", [10, 100])
def test_report_query_count_is_constant(client, people, city, count, django_assert_num_queries):
    for n in range(count):
        school = SchoolFactory(district=city.qingxiu)
        if n % 2:
            appointment = LawAppointmentFactory(
                school=school, vice_principal__district=city.qingxiu
            )
            LawSession.objects.create(
                appointment=appointment, school=school, district=city.qingxiu,
                held_on=TODAY, class_hours=Decimal(2), topic="法治", audience="全体",
            )  # fmt: skip
    log_in(client, people.district_officer)
    url = reverse("schools:law")
    client.get(url)
    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200
