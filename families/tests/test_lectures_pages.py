"""The lecture pages a parent uses on a phone, the .ics download, and the
back office for lectures and registrations."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from families.models import Lecture, Registration, RegistrationStatus
from families.services import lectures as services
from families.tests.factories_lectures import (
    LectureFactory,
    LectureParentSchoolFactory,
    RegistrationFactory,
)
from portal.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def sign_up(lecture, user, seats=1):
    return services.register_for_lecture(lecture=lecture, user=user, seats=seats)


def test_anyone_sees_upcoming_lectures_soonest_first(client):
    now = timezone.now()
    later = LectureFactory(title="Later talk", starts_at=now + datetime.timedelta(days=9))
    sooner = LectureFactory(title="Sooner talk", starts_at=now + datetime.timedelta(days=2))
    LectureFactory(title="Hidden talk", parent_school__is_active=False)

    page = client.get(reverse("families:lectures")).content.decode()

    assert page.index(sooner.title) < page.index(later.title)
    assert "Hidden talk" not in page
    assert "30 seats left" in page


def test_filters_by_parent_school_and_online(client):
    online = LectureFactory(title="Online talk", venue="", online_url="https://live.example.cn/1")
    LectureFactory(title="Hall talk")

    page = client.get(reverse("families:lectures"), {"where": "online"}).content.decode()
    assert "Online talk" in page and "Hall talk" not in page

    url = reverse("families:lectures")
    page = client.get(url, {"parent_school": online.parent_school_id}).content.decode()
    assert "Online talk" in page and "Hall talk" not in page


def test_list_marks_my_registration_and_full_lectures(client, people):
    mine = LectureFactory(title="Mine")
    full = LectureFactory(title="Full", capacity=1)
    sign_up(mine, people.parent)
    sign_up(full, UserFactory())
    client.force_login(people.parent)

    page = client.get(reverse("families:lectures")).content.decode()

    assert "Seat confirmed" in page
    assert "Full · waiting list open" in page


@pytest.mark.parametrize("rows", [10, 100])
def test_list_runs_a_constant_number_of_queries(client, people, django_assert_num_queries, rows):
    school = LectureParentSchoolFactory()
    LectureFactory.create_batch(rows, parent_school=school)
    client.force_login(people.parent)
    client.get(reverse("families:lectures"))

    with django_assert_num_queries(7):
        response = client.get(reverse("families:lectures"))

    assert response.status_code == 200


def test_detail_shows_seats_left_and_the_sign_up_form(client, people):
    lecture = LectureFactory(capacity=12)
    sign_up(lecture, UserFactory(), seats=2)
    client.force_login(people.parent)

    page = client.get(reverse("families:lecture-detail", args=[lecture.pk])).content.decode()

    assert "10 of 12 left" in page
    assert "Seats for your family" in page
    assert "Confirm" in page


def test_anonymous_visitor_is_asked_to_log_in(client):
    lecture = LectureFactory()

    page = client.get(reverse("families:lecture-detail", args=[lecture.pk])).content.decode()

    assert "Log in or sign up" in page
    response = client.post(reverse("families:lecture-register", args=[lecture.pk]), {"seats": 1})
    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_parent_signs_up_and_sees_the_check_in_code(client, people):
    lecture = LectureFactory()
    client.force_login(people.parent)

    response = client.post(
        reverse("families:lecture-register", args=[lecture.pk]), {"seats": 2}, follow=True
    )

    registration = Registration.objects.get(user=people.parent)
    page = response.content.decode()
    assert "Your seats are confirmed" in page
    assert registration.check_in_code in page
    assert registration.seats == 2
    assert "Add to calendar (.ics)" in page


def test_full_lecture_shows_waiting_list_position(client, people):
    lecture = LectureFactory(capacity=1)
    sign_up(lecture, UserFactory())
    sign_up(lecture, UserFactory())
    client.force_login(people.parent)

    detail = client.get(reverse("families:lecture-detail", args=[lecture.pk])).content.decode()
    assert "Join the waiting list" in detail

    response = client.post(
        reverse("families:lecture-register", args=[lecture.pk]), {"seats": 1}, follow=True
    )

    page = response.content.decode()
    assert "you are on the waiting list" in page
    assert "You are number 2 on the waiting list." in page


@pytest.mark.parametrize("seats", ["0", "4", "two", ""])
def test_bad_seat_count_shows_an_error_and_saves_nothing(client, people, seats):
    lecture = LectureFactory()
    client.force_login(people.parent)

    response = client.post(
        reverse("families:lecture-register", args=[lecture.pk]), {"seats": seats}
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode() or "required" in (
        response.content.decode()
    )
    assert not Registration.objects.exists()


def test_closed_sign_up_shows_the_reason(client, people):
    now = timezone.now()
    lecture = LectureFactory(
        signup_opens_at=now - datetime.timedelta(days=2),
        signup_closes_at=now - datetime.timedelta(hours=1),
    )
    client.force_login(people.parent)

    response = client.post(reverse("families:lecture-register", args=[lecture.pk]), {"seats": 1})

    assert response.status_code == 400
    assert "Sign-up closed at" in response.content.decode()
    assert not Registration.objects.exists()


def test_second_sign_up_is_refused_on_the_page(client, people):
    lecture = LectureFactory()
    sign_up(lecture, people.parent)
    client.force_login(people.parent)

    response = client.post(reverse("families:lecture-register", args=[lecture.pk]), {"seats": 1})

    assert response.status_code == 400
    assert "already has a place" in response.content.decode()
    assert Registration.objects.count() == 1


def test_my_registrations_lists_status_and_position(client, people):
    full = LectureFactory(title="Full lecture", capacity=1)
    sign_up(full, UserFactory())
    sign_up(full, people.parent)
    open_one = LectureFactory(title="Open lecture")
    sign_up(open_one, people.parent, seats=3)
    client.force_login(people.parent)

    page = client.get(reverse("families:my-registrations")).content.decode()

    assert "Full lecture" in page and "number 1 on the waiting list" in page
    assert "Open lecture" in page and "3 seats" in page


@pytest.mark.parametrize("rows", [10, 100])
def test_my_registrations_runs_a_constant_number_of_queries(
    client, people, django_assert_num_queries, rows
):
    for _ in range(rows):
        RegistrationFactory(user=people.parent)
    client.force_login(people.parent)
    client.get(reverse("families:my-registrations"))

    with django_assert_num_queries(6):
        response = client.get(reverse("families:my-registrations"))

    assert response.status_code == 200


def test_cancelling_promotes_the_next_family(client, people):
    lecture = LectureFactory(capacity=1)
    mine = sign_up(lecture, people.parent)
    next_family = UserFactory()
    waiting = sign_up(lecture, next_family)
    client.force_login(people.parent)

    response = client.post(
        reverse("families:registration-cancel", args=[mine.pk]), {"next": "mine"}, follow=True
    )

    assert "Registration cancelled" in response.content.decode()
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.CONFIRMED
    assert Lecture.objects.get(pk=lecture.pk).seats_taken == 1


def test_leaving_the_waiting_list_from_the_page(client, people):
    lecture = LectureFactory(capacity=1)
    sign_up(lecture, UserFactory())
    mine = sign_up(lecture, people.parent)
    client.force_login(people.parent)

    response = client.post(reverse("families:registration-cancel", args=[mine.pk]), follow=True)

    assert "You have left the waiting list." in response.content.decode()
    assert Registration.objects.get(pk=mine.pk).status == RegistrationStatus.LEFT_WAITING_LIST


def test_cancelling_someone_elses_registration_is_a_404(client, people):
    registration = sign_up(LectureFactory(), people.parent)
    client.force_login(people.stranger)

    response = client.post(reverse("families:registration-cancel", args=[registration.pk]))

    assert response.status_code == 404
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CONFIRMED


def test_ics_download_is_the_familys_own(client, people):
    lecture = LectureFactory(title="Family reading")
    registration = sign_up(lecture, people.parent)
    url = reverse("families:registration-ics", args=[registration.pk])

    client.force_login(people.stranger)
    assert client.get(url).status_code == 404

    client.force_login(people.parent)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "SUMMARY:Family reading" in body
    assert f"UID:registration-{registration.pk}@tongxin" in body
    assert "LOCATION:" + lecture.venue in body


# ------------------------------------------------------------- back office


def staff_login(client, user):
    client.force_login(user)
    session = client.session
    session["tongxin_two_factor_ok"] = True
    session.save()


def lecture_form(school, **overrides):
    starts = timezone.localtime() + datetime.timedelta(days=10)
    closes = starts - datetime.timedelta(days=1)
    data = {
        "parent_school": school.pk,
        "title": "家庭教育中的规则意识",
        "description": "",
        "audience_grades": "[1, 2]",
        "starts_at_0": f"{starts:%Y-%m-%d}",
        "starts_at_1": "19:00:00",
        "ends_at_0": f"{starts:%Y-%m-%d}",
        "ends_at_1": "21:00:00",
        "venue": "学校礼堂",
        "online_url": "",
        "capacity": "50",
        "signup_opens_at_0": f"{timezone.localtime():%Y-%m-%d}",
        "signup_opens_at_1": "00:00:00",
        "signup_closes_at_0": f"{closes:%Y-%m-%d}",
        "signup_closes_at_1": "12:00:00",
        "replay_url": "",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_school_leader_publishes_a_lecture_in_the_back_office(client, people, city):
    school = LectureParentSchoolFactory(level="school", school=city.school, district=city.qingxiu)
    staff_login(client, people.school_leader)

    response = client.post(reverse("admin:families_lecture_add"), lecture_form(school))

    assert response.status_code == 302, response.content.decode()[:3000]
    lecture = Lecture.objects.get()
    assert (lecture.capacity, lecture.audience_grades) == (50, [1, 2])


def test_back_office_refuses_a_window_closing_after_the_start(client, people, city):
    school = LectureParentSchoolFactory(level="school", school=city.school, district=city.qingxiu)
    staff_login(client, people.school_leader)
    starts = timezone.localtime() + datetime.timedelta(days=10)

    response = client.post(
        reverse("admin:families_lecture_add"),
        lecture_form(school, signup_closes_at_0=f"{starts:%Y-%m-%d}", signup_closes_at_1="20:00"),
    )

    assert response.status_code == 200
    assert "Sign-up closes before the lecture starts." in response.content.decode()
    assert not Lecture.objects.exists()


def test_back_office_lecture_list_is_scoped(client, people, city):
    mine = LectureParentSchoolFactory(level="school", school=city.school, district=city.qingxiu)
    other = LectureParentSchoolFactory(
        level="school", school=city.other_school, district=city.xixiangtang
    )
    LectureFactory(parent_school=mine, title="Our lecture")
    theirs = LectureFactory(parent_school=other, title="Their lecture")
    staff_login(client, people.school_leader)

    page = client.get(reverse("admin:families_lecture_changelist")).content.decode()

    # Lectures are public to read; the back office lists the ones one manages.
    assert "Our lecture" in page and "Their lecture" not in page
    url = reverse("admin:families_lecture_change", args=[theirs.pk])
    assert client.get(url).status_code == 404


def test_back_office_cancel_action_promotes_the_waiting_list(client, people, city):
    school = LectureParentSchoolFactory(level="school", school=city.school, district=city.qingxiu)
    lecture = LectureFactory(parent_school=school, capacity=1)
    held = sign_up(lecture, UserFactory())
    waiting = sign_up(lecture, UserFactory())
    staff_login(client, people.school_leader)

    client.get(reverse("admin:families_lecture_change", args=[lecture.pk]))
    response = client.post(
        reverse("admin:families_registration_changelist"),
        {"action": "cancel", "_selected_action": [held.pk]},
        follow=True,
    )

    assert "1 registrations cancelled." in response.content.decode()
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.CONFIRMED
