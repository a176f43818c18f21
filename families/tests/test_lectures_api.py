"""The lectures API: public reading, sign-up, cancelling, leaving the
waiting list, the family's registrations and the .ics file."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from families.models import Registration, RegistrationStatus
from families.services import lectures as services
from families.tests.factories_lectures import LectureFactory
from portal.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def api():
    return APIClient()


def test_anyone_lists_upcoming_lectures(api):
    LectureFactory(title="Hall talk")
    online = LectureFactory(title="Online talk", venue="", online_url="https://live.example.cn/")

    rows = api.get(reverse("api:lecture-list")).json()["results"]
    assert {row["title"] for row in rows} == {"Hall talk", "Online talk"}

    rows = api.get(reverse("api:lecture-list"), {"online": "true"}).json()["results"]
    assert [row["id"] for row in rows] == [online.pk]
    assert rows[0]["seats_left"] == 30

    detail = api.get(reverse("api:lecture-detail", args=[online.pk])).json()
    assert detail["online"] is True


def test_parent_registers_and_lands_on_the_waiting_list_when_full(api, people):
    lecture = LectureFactory(capacity=2)
    services.register_for_lecture(lecture=lecture, user=UserFactory(), seats=2)
    api.force_authenticate(people.parent)

    response = api.post(reverse("api:lecture-register", args=[lecture.pk]), {"seats": 1})

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["waiting_position"], body["check_in_code"]) == (
        "waiting",
        1,
        None,
    )


def test_register_needs_an_account(api):
    lecture = LectureFactory()

    response = api.post(reverse("api:lecture-register", args=[lecture.pk]), {"seats": 1})

    assert response.status_code in (401, 403)


@pytest.mark.parametrize("seats", [0, 4])
def test_seats_out_of_range_is_a_400(api, people, seats):
    lecture = LectureFactory()
    api.force_authenticate(people.parent)

    response = api.post(reverse("api:lecture-register", args=[lecture.pk]), {"seats": seats})

    assert response.status_code == 400
    assert "seats" in response.json()
    assert not Registration.objects.exists()


def test_double_registration_and_closed_window_are_400s(api, people):
    lecture = LectureFactory()
    api.force_authenticate(people.parent)
    api.post(reverse("api:lecture-register", args=[lecture.pk]), {"seats": 1})

    again = api.post(reverse("api:lecture-register", args=[lecture.pk]), {"seats": 1})
    assert again.status_code == 400
    assert "already has a place" in again.json()["detail"]

    now = timezone.now()
    closed = LectureFactory(
        signup_opens_at=now - datetime.timedelta(days=2),
        signup_closes_at=now - datetime.timedelta(minutes=1),
    )
    response = api.post(reverse("api:lecture-register", args=[closed.pk]), {"seats": 1})
    assert response.status_code == 400
    assert "Sign-up closed" in response.json()["detail"]


def test_my_registrations_cancel_and_leave(api, people):
    lecture = LectureFactory(capacity=1)
    api.force_authenticate(people.parent)
    mine = api.post(reverse("api:lecture-register", args=[lecture.pk]), {"seats": 1}).json()
    other = UserFactory()
    waiting = services.register_for_lecture(lecture=lecture, user=other)

    rows = api.get(reverse("api:registration-list")).json()["results"]
    assert [row["id"] for row in rows] == [mine["id"]]
    assert rows[0]["check_in_code"]

    cancelled = api.post(reverse("api:registration-cancel", args=[mine["id"]])).json()
    assert cancelled["status"] == "cancelled"
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.CONFIRMED

    again = api.post(reverse("api:lecture-register", args=[lecture.pk]), {"seats": 1}).json()
    assert again["status"] == "waiting"
    left = api.post(reverse("api:registration-leave", args=[again["id"]]))
    assert left.json()["status"] == "left"
    assert api.post(reverse("api:registration-leave", args=[again["id"]])).status_code == 400


def test_someone_elses_registration_is_a_404(api, people):
    registration = services.register_for_lecture(lecture=LectureFactory(), user=people.parent)
    api.force_authenticate(people.stranger)

    for name in ("api:registration-cancel", "api:registration-leave"):
        assert api.post(reverse(name, args=[registration.pk])).status_code == 404
    assert api.get(reverse("api:registration-ics", args=[registration.pk])).status_code == 404
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CONFIRMED


def test_ics_through_the_api(api, people):
    registration = services.register_for_lecture(lecture=LectureFactory(), user=people.parent)
    api.force_authenticate(people.parent)

    response = api.get(reverse("api:registration-ics", args=[registration.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in response.content


def test_schema_documents_the_lecture_endpoints(api, people):
    api.force_authenticate(people.city_officer)

    schema = api.get(reverse("api:schema"), {"format": "json"}).json()

    for url in (
        "/api/lectures/",
        "/api/lectures/{id}/register/",
        "/api/registrations/",
        "/api/registrations/{id}/cancel/",
        "/api/registrations/{id}/leave/",
        "/api/registrations/{id}/ics/",
    ):
        assert url in schema["paths"], url
