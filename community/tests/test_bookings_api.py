import pytest
from django.urls import reverse

from community.models import Booking, BookingSlot, BookingStatus
from community.tests.factories import (
    BookingSlotFactory,
    EducationResourceFactory,
    ResourceCourseFactory,
    fill_class,
    next_week,
)
from portal.tests.helpers import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def setup(city, people):
    base = EducationResourceFactory(district=city.qingxiu, managers=[people.partner])
    course = ResourceCourseFactory(resource=base)
    slot = BookingSlotFactory(resource=base, capacity=50)
    for school_class in (city.class_1, city.class_2, city.other_class):
        fill_class(school_class, 40)
    return base, course, slot


def payload(slot, school_class, course, students=30):
    return {
        "slot": slot.pk,
        "school_class": school_class.pk,
        "students": students,
        "teachers": 2,
        "course": course.pk,
    }


def test_slots_of_a_base_are_listed_for_a_teacher(client, setup, people):
    base, _course, slot = setup
    log_in(client, people.head_teacher)
    rows = client.get(reverse("api:map-resource-slots", args=[base.pk])).json()
    assert [(row["id"], row["places_left"]) for row in rows] == [(slot.pk, 50)]


def test_manager_opens_a_slot_and_a_teacher_cannot(client, setup, people):
    base, _course, _slot = setup
    url = reverse("api:map-resource-slots", args=[base.pk])
    body = {"date": next_week().isoformat(), "starts_at": "14:00", "ends_at": "15:30",
            "capacity": 40}  # fmt: skip
    log_in(client, people.partner)
    assert client.post(url, body, content_type="application/json").status_code == 201
    log_in(client, people.head_teacher)
    response = client.post(
        url, {**body, "starts_at": "16:00", "ends_at": "17:00"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "Only the base's managers" in response.json()["detail"]
    assert BookingSlot.objects.count() == 2


def test_teacher_books_then_base_confirms_through_the_api(client, setup, people, city):
    _base, course, slot = setup
    log_in(client, people.head_teacher)
    response = client.post(
        reverse("api:booking-list"),
        payload(slot, city.class_1, course),
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    booking_id = response.json()["id"]
    assert response.json()["status"] == "requested"
    log_in(client, people.partner)
    response = client.post(reverse("api:booking-confirm", args=[booking_id]))
    assert response.json()["status"] == "confirmed"
    log_in(client, people.head_teacher)
    rows = client.get(reverse("api:booking-list"), {"status": "confirmed"}).json()["results"]
    assert [row["id"] for row in rows] == [booking_id]


def test_booking_another_schools_class_is_a_404(client, setup, people, city):
    _base, course, slot = setup
    log_in(client, people.school_leader)
    response = client.post(
        reverse("api:booking-list"),
        payload(slot, city.other_class, course),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Booking.objects.exists()


def test_over_capacity_is_a_400_with_the_places_left(client, setup, people, city):
    _base, course, slot = setup
    log_in(client, people.school_leader)
    url = reverse("api:booking-list")
    client.post(url, payload(slot, city.class_1, course, 30), content_type="application/json")
    response = client.post(
        url, payload(slot, city.class_2, course, 21), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Only 20 places are left in this slot."
    slot.refresh_from_db()
    assert slot.booked_students == 30


def test_decline_needs_a_reason_and_cancel_frees_places(client, setup, people, city):
    _base, course, slot = setup
    log_in(client, people.head_teacher)
    first = client.post(
        reverse("api:booking-list"),
        payload(slot, city.class_1, course),
        content_type="application/json",
    ).json()["id"]
    log_in(client, people.teacher)
    second = client.post(
        reverse("api:booking-list"), payload(slot, city.class_2, course, 10),
        content_type="application/json",
    ).json()["id"]  # fmt: skip
    log_in(client, people.partner)
    url = reverse("api:booking-decline", args=[first])
    assert client.post(url, {}, content_type="application/json").status_code == 400
    response = client.post(url, {"reason": "闭馆"}, content_type="application/json")
    assert response.json()["status"] == "declined"
    log_in(client, people.teacher)
    response = client.post(reverse("api:booking-cancel", args=[second]))
    assert response.json()["status"] == "cancelled"
    slot.refresh_from_db()
    assert slot.booked_students == 0
    assert set(Booking.objects.values_list("status", flat=True)) == {
        BookingStatus.DECLINED,
        BookingStatus.CANCELLED,
    }


def test_bookings_api_needs_a_login(client, setup):
    assert client.get(reverse("api:booking-list")).status_code in (401, 403)
