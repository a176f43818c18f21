import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from community.models import ApprovalStatus, Booking, BookingSlot, BookingStatus
from community.selectors.bookings import district_participation, school_participation
from community.services import bookings as services
from community.services import resources as resource_services
from community.services.errors import BookingError
from community.tests.factories import (
    BookingFactory,
    BookingSlotFactory,
    EducationResourceFactory,
    ResourceCourseFactory,
    fill_class,
    next_week,
)
from portal.models import Notification
from portal.tests.helpers import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def base(city, people):
    base = EducationResourceFactory(
        name="南宁市青少年综合实践学校", district=city.qingxiu, managers=[people.partner]
    )
    ResourceCourseFactory(resource=base, title="无人机编程")
    return base


@pytest.fixture
def course(base):
    return base.courses.get()


@pytest.fixture
def slot(base):
    return BookingSlotFactory(resource=base, capacity=60)


@pytest.fixture
def classes(city):
    for school_class in (city.class_1, city.class_2, city.other_class):
        fill_class(school_class, 44)
    return city


def book(slot, school_class, by, course, students=40, teachers=3):
    return services.book_slot(
        slot=slot,
        school_class=school_class,
        students=students,
        teachers=teachers,
        course=course,
        by=by,
    )


# --- Slots -------------------------------------------------------------------
def open_slot(base, by, **changes):
    values = {
        "date": next_week(),
        "starts_at": datetime.time(9),
        "ends_at": datetime.time(11),
        "capacity": 120,
    }
    values.update(changes)
    return services.open_slot(resource=base, by=by, **values)


def test_base_manager_opens_a_slot(base, people):
    slot = open_slot(base, people.partner)
    assert slot.capacity == 120 and slot.booked_students == 0


@pytest.mark.parametrize(
    ("starts", "ends"),
    [(datetime.time(10), datetime.time(12)), (datetime.time(8), datetime.time(9, 30)),
     (datetime.time(9), datetime.time(11)), (datetime.time(9, 30), datetime.time(10))],
)  # fmt: skip
def test_overlapping_slots_are_refused(base, people, starts, ends):
    open_slot(base, people.partner)
    with pytest.raises(BookingError, match="overlaps the slot 09:00–11:00"):
        open_slot(base, people.partner, starts_at=starts, ends_at=ends)
    assert BookingSlot.objects.count() == 1


def test_back_to_back_slots_are_fine(base, people):
    open_slot(base, people.partner)
    open_slot(base, people.partner, starts_at=datetime.time(11), ends_at=datetime.time(12))
    assert BookingSlot.objects.count() == 2


def test_a_slot_in_the_past_is_refused(base, people):
    with pytest.raises(BookingError, match="cannot start in the past"):
        open_slot(base, people.partner, date=timezone.localdate() - datetime.timedelta(days=1))
    assert not BookingSlot.objects.exists()


def test_a_slot_that_ends_before_it_starts_is_refused(base, people):
    with pytest.raises(BookingError, match="ends after it starts"):
        open_slot(base, people.partner, starts_at=datetime.time(11), ends_at=datetime.time(9))


def test_a_slot_larger_than_the_base_is_refused(base, people):
    with pytest.raises(BookingError, match="at most 300 students"):
        open_slot(base, people.partner, capacity=301)


def test_someone_elses_base_is_not_theirs_to_open(base, people):
    with pytest.raises(BookingError, match="Only the base's managers"):
        open_slot(base, people.head_teacher)


# --- Booking -----------------------------------------------------------------
def test_head_teacher_books_their_class_and_the_base_is_told(
    slot, classes, people, course, django_capture_on_commit_callbacks
):
    booking = book(slot, classes.class_1, people.head_teacher, course)
    assert booking.status == BookingStatus.REQUESTED
    assert booking.school == classes.school and booking.district == classes.qingxiu
    slot.refresh_from_db()
    assert slot.booked_students == 40
    note = Notification.objects.get(recipient=people.partner)
    assert note.kind == "community.booking_requested"
    assert "New booking at 南宁市青少年综合实践学校" in note.title


def test_school_leader_books_any_class_of_the_school(slot, classes, people, course):
    booking = book(slot, classes.class_2, people.school_leader, course)
    assert booking.school_class == classes.class_2


def test_a_teacher_cannot_book_for_another_class(slot, classes, people, course):
    with pytest.raises(BookingError, match="cannot book visits for this class"):
        book(slot, classes.class_1, people.teacher, course)


def test_a_school_booking_for_another_schools_class_is_refused(slot, classes, people, course):
    with pytest.raises(BookingError, match="cannot book visits for this class"):
        book(slot, classes.other_class, people.school_leader, course)
    assert not Booking.objects.exists()
    slot.refresh_from_db()
    assert slot.booked_students == 0


def test_over_capacity_booking_is_refused_and_nothing_is_kept(slot, classes, people, course):
    book(slot, classes.class_1, people.head_teacher, course, students=40)
    with pytest.raises(BookingError, match="Only 20 places are left"):
        book(slot, classes.class_2, people.teacher, course, students=21)
    slot.refresh_from_db()
    assert slot.booked_students == 40
    assert Booking.objects.count() == 1


def test_more_students_than_the_class_has_is_refused(slot, classes, people, course):
    # 44 filled in, plus 李明 from the city fixture
    with pytest.raises(BookingError, match="has only 45 students"):
        book(slot, classes.class_1, people.head_teacher, course, students=46)


@pytest.mark.parametrize(("students", "teachers", "message"), [
    (0, 2, "at least one student"), (10, 0, "At least one teacher"),
])  # fmt: skip
def test_students_and_teachers_are_needed(
    slot, classes, people, course, students, teachers, message
):
    with pytest.raises(BookingError, match=message):
        book(slot, classes.class_1, people.head_teacher, course, students, teachers)


def test_the_course_must_be_one_of_the_bases(slot, classes, people, city):
    other = ResourceCourseFactory(resource=EducationResourceFactory(district=city.qingxiu))
    with pytest.raises(BookingError, match="one of this base's courses"):
        book(slot, classes.class_1, people.head_teacher, other)
    with pytest.raises(BookingError, match="one of this base's courses"):
        book(slot, classes.class_1, people.head_teacher, None)


def test_one_live_booking_per_class_and_slot(slot, classes, people, course):
    book(slot, classes.class_1, people.head_teacher, course, students=10)
    with pytest.raises(BookingError, match="already has a booking in this slot"):
        book(slot, classes.class_1, people.school_leader, course, students=10)
    slot.refresh_from_db()
    assert slot.booked_students == 10


def test_a_started_slot_cannot_be_booked(base, classes, people, course):
    slot = BookingSlotFactory(resource=base, date=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(BookingError, match="already started"):
        book(slot, classes.class_1, people.head_teacher, course)


def test_a_suspended_base_takes_no_bookings(slot, base, classes, people, course):
    resource_services.set_resource_status(
        resource=base, status=ApprovalStatus.SUSPENDED, by=people.city_officer
    )
    with pytest.raises(BookingError, match="not open for bookings"):
        book(slot, classes.class_1, people.head_teacher, course)


def test_the_database_never_lets_a_slot_overbook(slot):
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingSlot.objects.filter(pk=slot.pk).update(booked_students=61)


# --- Answers and cancelling --------------------------------------------------
def test_base_confirms_and_the_teacher_is_told(slot, classes, people, course):
    booking = book(slot, classes.class_1, people.head_teacher, course)
    booking = services.confirm_booking(booking=booking, by=people.partner)
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.decided_by == people.partner
    note = Notification.objects.get(recipient=people.head_teacher)
    assert note.kind == "community.booking_answered"
    assert "confirmed your visit" in note.title


def test_declining_needs_a_reason_and_frees_the_places(slot, classes, people, course):
    booking = book(slot, classes.class_1, people.head_teacher, course)
    with pytest.raises(BookingError, match="Say why"):
        services.decline_booking(booking=booking, by=people.partner, reason=" ")
    booking = services.decline_booking(booking=booking, by=people.partner, reason="场馆检修")
    assert booking.status == BookingStatus.DECLINED
    slot.refresh_from_db()
    assert slot.booked_students == 0
    note = Notification.objects.get(recipient=people.head_teacher)
    assert "declined" in note.title and "场馆检修" in note.body


def test_only_the_base_answers(slot, classes, people, course):
    booking = book(slot, classes.class_1, people.head_teacher, course)
    with pytest.raises(BookingError, match="Only the base"):
        services.confirm_booking(booking=booking, by=people.head_teacher)


def test_confirming_twice_is_refused_once(slot, classes, people, course):
    booking = book(slot, classes.class_1, people.head_teacher, course)
    services.confirm_booking(booking=booking, by=people.partner)
    with pytest.raises(BookingError, match="waits for an answer"):
        services.confirm_booking(booking=booking, by=people.partner)


def test_school_cancels_frees_places_and_the_base_is_told(slot, classes, people, course):
    booking = book(slot, classes.class_1, people.head_teacher, course)
    services.confirm_booking(booking=booking, by=people.partner)
    booking = services.cancel_booking(booking=booking, by=people.school_leader)
    assert booking.status == BookingStatus.CANCELLED
    slot.refresh_from_db()
    assert slot.booked_students == 0
    assert Notification.objects.filter(
        recipient=people.partner, kind="community.booking_cancelled"
    ).exists()
    with pytest.raises(BookingError, match="no longer active"):
        services.cancel_booking(booking=booking, by=people.school_leader)
    slot.refresh_from_db()
    assert slot.booked_students == 0


def test_another_class_teacher_cannot_cancel(slot, classes, people, course):
    booking = book(slot, classes.class_1, people.head_teacher, course)
    with pytest.raises(BookingError, match="Only the school"):
        services.cancel_booking(booking=booking, by=people.teacher)


# --- Pages -------------------------------------------------------------------
def test_teacher_sees_free_slots_and_books_on_the_pages(
    client, slot, base, classes, people, course
):
    log_in(client, people.head_teacher)
    page = client.get(reverse("community:resource-detail", args=[base.pk])).content.decode()
    assert "Free slots for school visits" in page and "60 places left" in page
    form_url = reverse("community:booking-new") + f"?resource={base.pk}&slot={slot.pk}"
    assert client.get(form_url).status_code == 200
    response = client.post(
        form_url,
        {"resource": base.pk, "slot": slot.pk, "school_class": classes.class_1.pk,
         "students": 40, "teachers": 3, "course": course.pk},
    )  # fmt: skip
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:booking-detail", args=[booking.pk])
    page = client.get(reverse("community:bookings")).content.decode()
    assert "南宁市青少年综合实践学校" in page and "Waiting for the base" in page


def test_parent_sees_no_book_button(client, base, slot, people):
    log_in(client, people.parent)
    page = client.get(reverse("community:resource-detail", args=[base.pk])).content.decode()
    assert "Free slots" not in page
    url = reverse("community:booking-new") + f"?resource={base.pk}"
    assert client.get(url).status_code == 404


def test_booking_form_shows_the_services_refusal(client, slot, base, classes, people, course):
    log_in(client, people.head_teacher)
    response = client.post(
        reverse("community:booking-new") + f"?resource={base.pk}",
        {"resource": base.pk, "slot": slot.pk, "school_class": classes.class_1.pk,
         "students": 46, "teachers": 3, "course": course.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert "has only 45 students on the roster" in response.content.decode()
    assert not Booking.objects.exists()


def test_another_schools_class_is_not_a_choice_on_the_form(
    client, slot, base, classes, people, course
):
    log_in(client, people.school_leader)
    response = client.post(
        reverse("community:booking-new") + f"?resource={base.pk}",
        {"resource": base.pk, "slot": slot.pk, "school_class": classes.other_class.pk,
         "students": 10, "teachers": 1, "course": course.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Booking.objects.exists()


def test_manager_confirms_on_the_booking_page(client, slot, classes, people, course):
    booking = book(slot, classes.class_1, people.head_teacher, course)
    log_in(client, people.partner)
    page = client.get(reverse("community:booking-detail", args=[booking.pk])).content.decode()
    assert "Answer the school" in page
    response = client.post(reverse("community:booking-confirm", args=[booking.pk]), follow=True)
    assert "Booking confirmed" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_manager_opens_a_slot_on_the_base_page(client, base, people):
    log_in(client, people.partner)
    url = reverse("community:base-slots", args=[base.pk])
    response = client.post(
        url,
        {"date": next_week().isoformat(), "starts_at": "14:00", "ends_at": "16:00",
         "capacity": 80},
        follow=True,
    )  # fmt: skip
    assert "Slot opened" in response.content.decode()
    response = client.post(
        url,
        {"date": next_week().isoformat(), "starts_at": "15:00", "ends_at": "17:00",
         "capacity": 80},
    )  # fmt: skip
    assert "overlaps the slot 14:00–16:00" in response.content.decode()
    assert BookingSlot.objects.count() == 1


def test_outsiders_get_404_on_a_booking(client, slot, classes, people, course):
    booking = book(slot, classes.class_1, people.head_teacher, course)
    url = reverse("community:booking-detail", args=[booking.pk])
    for outsider in (people.teacher, people.other_school_teacher, people.parent,
                     people.other_district_officer):  # fmt: skip
        log_in(client, outsider)
        assert client.get(url).status_code == 404
    log_in(client, people.other_school_teacher)
    assert client.post(reverse("community:booking-cancel", args=[booking.pk])).status_code == 404


def test_base_slots_page_is_404_for_others(client, base, people):
    log_in(client, people.head_teacher)
    assert client.get(reverse("community:base-slots", args=[base.pk])).status_code == 404


@pytest.mark.parametrize("count", [10, 100])
def test_booking_list_in_constant_queries(
    client, base, classes, people, course, django_assert_num_queries, count
):
    for i in range(count):
        slot = BookingSlotFactory(resource=base, date=next_week() + datetime.timedelta(days=i + 1))
        BookingFactory(slot=slot, school_class=classes.class_1, requested_by=people.head_teacher)
    log_in(client, people.head_teacher)
    with django_assert_num_queries(7):
        response = client.get(reverse("community:bookings"))
    assert response.status_code == 200


# --- Participation ----------------------------------------------------------
def test_participation_counts_confirmed_student_visits(client, slot, classes, people, course):
    first = book(slot, classes.class_1, people.head_teacher, course, students=40)
    services.confirm_booking(booking=first, by=people.partner)
    book(slot, classes.class_2, people.teacher, course, students=20)  # not confirmed yet
    semester = first.semester
    [row] = school_participation(people.school_leader, semester)
    assert (row.name, row.visits, row.students) == ("青秀区第一小学", 40, 90)
    assert str(row.per_student) == "0.44" and not row.met
    districts = {r.name: r.visits for r in district_participation(people.city_officer, semester)}
    assert districts == {"青秀区": 40, "西乡塘区": 0}
    assert district_participation(people.head_teacher, semester) == []


def test_participation_page_and_api(client, slot, classes, people, course):
    booking = book(slot, classes.class_1, people.head_teacher, course, students=40)
    services.confirm_booking(booking=booking, by=people.partner)
    log_in(client, people.district_officer)
    semester = {"semester": booking.semester_id}
    page = client.get(reverse("community:participation"), semester).content.decode()
    assert "青秀区第一小学" in page and "Districts" in page
    rows = client.get(
        reverse("api:booking-participation"), {"level": "district", **semester}
    ).json()
    assert rows == [
        {"id": classes.qingxiu.pk, "name": "青秀区", "visits": 40, "students": 90,
         "per_student": "0.44", "target": "1.00", "met": False}
    ]  # fmt: skip


# --- Back office -------------------------------------------------------------
def test_admin_opens_a_slot_through_the_service(client, base, people):
    log_in(client, people.district_officer)
    url = reverse("admin:community_bookingslot_add")
    values = {"resource": base.pk, "date": next_week().isoformat(), "starts_at": "09:00",
              "ends_at": "11:00", "capacity": 100}  # fmt: skip
    assert client.post(url, values).status_code == 302
    response = client.post(url, {**values, "starts_at": "10:00", "ends_at": "12:00"})
    assert "overlaps the slot 09:00–11:00" in response.content.decode()
    assert BookingSlot.objects.count() == 1


def test_admin_confirm_action_calls_the_service(client, slot, classes, people, course):
    booking = book(slot, classes.class_1, people.head_teacher, course)
    log_in(client, people.district_officer)
    response = client.post(
        reverse("admin:community_booking_changelist"),
        {"action": "confirm", "_selected_action": [booking.pk]},
        follow=True,
    )
    assert "1 bookings confirmed." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert Notification.objects.filter(recipient=people.head_teacher).exists()


def test_admin_booking_list_is_scoped(client, slot, classes, people, course):
    book(slot, classes.class_1, people.head_teacher, course)
    log_in(client, people.other_district_officer)
    page = client.get(reverse("admin:community_booking_changelist")).content.decode()
    assert "青秀区第一小学" not in page
