"""Attendance: tickets with a QR code, check-in by code (idempotent), roll
call, replays that count, and who may take attendance."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from families.models import Lecture, Registration, RegistrationStatus, ReplayView
from families.tests.factories_attendance import (
    LectureFactory,
    RegistrationFactory,
    SchoolParentSchoolFactory,
)
from portal.tests.factories import UserFactory
from portal.tests.helpers import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def principal(db):
    return UserFactory(username="zhou", name="周校长")


@pytest.fixture
def lecture(city, principal):
    school = SchoolParentSchoolFactory(school=city.school, principal=principal)
    return LectureFactory(parent_school=school, title="家庭教育第一课")


@pytest.fixture
def registration(lecture, people):
    return RegistrationFactory(lecture=lecture, user=people.parent, check_in_code="QX7K2M9P")


def check_in(client, lecture, code):
    return client.post(reverse("families:check-in", args=[lecture.pk]), {"code": code}, follow=True)


# --- Ticket ---------------------------------------------------------------


def test_parent_sees_their_ticket_with_a_qr_code_and_the_code(client, registration):
    log_in(client, registration.user)
    page = client.get(reverse("families:ticket", args=[registration.pk])).content.decode()
    assert "家庭教育第一课" in page
    assert "<svg" in page and "QX7K2M9P" in page
    assert "Show this code at the entrance" in page


def test_someone_elses_ticket_is_a_404_even_for_staff(client, registration, people):
    for person in (people.stranger, people.school_leader):
        log_in(client, person)
        assert client.get(reverse("families:ticket", args=[registration.pk])).status_code == 404


def test_a_waiting_list_ticket_shows_no_code(client, lecture, people):
    waiting = RegistrationFactory(
        lecture=lecture, user=people.parent, status=RegistrationStatus.WAITING
    )
    log_in(client, people.parent)
    page = client.get(reverse("families:ticket", args=[waiting.pk])).content.decode()
    assert waiting.check_in_code not in page and "<svg" not in page
    assert "appears here once your seat is confirmed" in page


# --- Check-in -------------------------------------------------------------


def test_school_leader_checks_a_family_in_by_code(client, registration, people):
    log_in(client, people.school_leader)
    page = check_in(client, registration.lecture, " qx7k-2m9p ").content.decode()
    assert "Checked in: 潘家长, 1 seat(s)" in page
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == people.school_leader


def test_a_second_scan_says_already_checked_in_and_changes_nothing(client, registration, people):
    log_in(client, people.school_leader)
    check_in(client, registration.lecture, "QX7K2M9P")
    registration.refresh_from_db()
    first_time = registration.checked_in_at

    response = check_in(client, registration.lecture, "QX7K2M9P")

    assert response.status_code == 200
    local = timezone.localtime(first_time)
    assert f"潘家长 was already checked in at {local:%H:%M}" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at == first_time


def test_a_wrong_code_gets_a_clear_message_and_changes_nothing(client, registration, people):
    log_in(client, people.school_leader)
    page = check_in(client, registration.lecture, "NOPE1234").content.decode()
    assert "No registration has the code NOPE1234" in page
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_an_empty_code_is_refused(client, registration, people):
    log_in(client, people.school_leader)
    page = check_in(client, registration.lecture, "--").content.decode()
    assert "Enter or scan the check-in code" in page


def test_a_code_for_another_lecture_is_refused(client, registration, lecture, people):
    other = RegistrationFactory(
        lecture=LectureFactory(parent_school=lecture.parent_school), check_in_code="OTHER001"
    )
    log_in(client, people.school_leader)
    page = check_in(client, lecture, "OTHER001").content.decode()
    assert "is for a different lecture" in page
    other.refresh_from_db()
    assert other.checked_in_at is None


def test_a_waiting_list_family_cannot_be_checked_in(client, lecture, people):
    waiting = RegistrationFactory(
        lecture=lecture, status=RegistrationStatus.WAITING, check_in_code="WAIT0001"
    )
    log_in(client, people.school_leader)
    page = check_in(client, lecture, "WAIT0001").content.decode()
    assert "has no confirmed seat (On the waiting list)" in page
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None


def test_the_parent_schools_principal_and_officers_may_check_in(
    client, registration, principal, people
):
    for person in (principal, people.district_officer, people.city_officer):
        log_in(client, person)
        assert (
            client.get(reverse("families:check-in", args=[registration.lecture.pk])).status_code
            == 200
        )


def test_staff_out_of_scope_get_404_and_nothing_changes(client, registration, people):
    lecture = registration.lecture
    for person in (
        people.other_district_officer,
        people.other_school_teacher,
        people.teacher,
        people.parent,
        people.stranger,
    ):
        log_in(client, person)
        assert client.get(reverse("families:check-in", args=[lecture.pk])).status_code == 404
        response = client.post(
            reverse("families:check-in", args=[lecture.pk]), {"code": "QX7K2M9P"}
        )
        assert response.status_code == 404
        assert client.get(reverse("families:roll-call", args=[lecture.pk])).status_code == 404
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_staff_see_their_lectures_to_take_attendance_at(client, registration, people):
    RegistrationFactory(lecture=registration.lecture).__class__.objects.update(
        checked_in_at=timezone.now()
    )
    log_in(client, people.school_leader)
    page = client.get(reverse("families:attendance-lectures")).content.decode()
    assert "家庭教育第一课" in page and "2 / 2" in page
    log_in(client, people.other_district_officer)
    page = client.get(reverse("families:attendance-lectures")).content.decode()
    assert "家庭教育第一课" not in page


# --- Roll call ------------------------------------------------------------


def test_roll_call_lists_confirmed_families_and_ticks_them_in(client, lecture, people):
    present = RegistrationFactory(lecture=lecture, user=UserFactory(name="黄妈妈"))
    absent = RegistrationFactory(lecture=lecture, user=UserFactory(name="蓝爸爸"))
    waiting = RegistrationFactory(
        lecture=lecture, user=UserFactory(name="候补家长"), status=RegistrationStatus.WAITING
    )
    log_in(client, people.school_leader)
    page = client.get(reverse("families:roll-call", args=[lecture.pk])).content.decode()
    assert "黄妈妈" in page and "蓝爸爸" in page and "候补家长" not in page

    response = client.post(
        reverse("families:roll-call", args=[lecture.pk]), {"present": [present.pk]}, follow=True
    )

    assert "1 families checked in" in response.content.decode()
    present.refresh_from_db(), absent.refresh_from_db(), waiting.refresh_from_db()
    assert present.checked_in_by == people.school_leader
    assert absent.checked_in_at is None and waiting.checked_in_at is None


def test_roll_call_with_a_family_not_confirmed_here_saves_nothing(client, lecture, people):
    good = RegistrationFactory(lecture=lecture)
    waiting = RegistrationFactory(lecture=lecture, status=RegistrationStatus.WAITING)
    elsewhere = RegistrationFactory()
    log_in(client, people.school_leader)
    for bad in (waiting.pk, elsewhere.pk):
        response = client.post(
            reverse("families:roll-call", args=[lecture.pk]),
            {"present": [good.pk, bad]},
            follow=True,
        )
        assert "have no confirmed seat at this lecture; nothing was saved" in (
            response.content.decode()
        )
    response = client.post(
        reverse("families:roll-call", args=[lecture.pk]), {"present": ["x"]}, follow=True
    )
    assert "nothing was saved" in response.content.decode()
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


@pytest.mark.parametrize("rows", [10, 100])
def test_roll_call_page_queries_do_not_grow_with_families(
    client, lecture, people, rows, django_assert_num_queries
):
    Registration.objects.bulk_create(
        Registration(
            lecture=lecture,
            user=UserFactory(username=f"roll{rows}-{n}"),
            seats=1,
            status=RegistrationStatus.CONFIRMED,
            check_in_code=f"R{rows}X{n:05d}",
        )
        for n in range(rows)
    )
    log_in(client, people.school_leader)
    client.get(reverse("families:roll-call", args=[lecture.pk]))  # warm the session
    with django_assert_num_queries(6):
        response = client.get(reverse("families:roll-call", args=[lecture.pk]))
    assert response.content.decode().count('name="present"') == rows


# --- Replays --------------------------------------------------------------


@pytest.fixture
def ended_online_lecture(lecture):
    starts = timezone.now() - datetime.timedelta(days=2)
    return LectureFactory(
        parent_school=lecture.parent_school,
        online=True,
        starts_at=starts,
        signup_opens_at=starts - datetime.timedelta(days=7),
    )


def test_watching_a_replay_counts_a_view_and_redirects(client, ended_online_lecture, people):
    log_in(client, people.stranger)
    response = client.get(reverse("families:replay", args=[ended_online_lecture.pk]))
    client.get(reverse("families:replay", args=[ended_online_lecture.pk]))

    assert response.status_code == 302
    assert response["Location"] == "https://replay.example.cn/v/1"
    ended_online_lecture.refresh_from_db()
    assert ended_online_lecture.replay_views == 2
    assert (
        ReplayView.objects.filter(lecture=ended_online_lecture, user=people.stranger).count() == 2
    )


def test_anonymous_replay_views_count_too(client, ended_online_lecture):
    client.get(reverse("families:replay", args=[ended_online_lecture.pk]))
    assert Lecture.objects.get(pk=ended_online_lecture.pk).replay_views == 1
    assert ReplayView.objects.get().user is None


def test_watching_an_ended_online_lecture_marks_the_family_attended(
    client, ended_online_lecture, people
):
    seat = RegistrationFactory(lecture=ended_online_lecture, user=people.parent)
    log_in(client, people.parent)
    client.get(reverse("families:replay", args=[ended_online_lecture.pk]))
    seat.refresh_from_db()
    assert seat.checked_in_at is not None and seat.checked_in_by is None


def test_replay_does_not_count_as_attending_before_the_end_or_offline(client, lecture, people):
    upcoming_online = LectureFactory(parent_school=lecture.parent_school, online=True)
    offline_with_replay = LectureFactory(
        parent_school=lecture.parent_school,
        replay_url="https://replay.example.cn/v/2",
        starts_at=timezone.now() - datetime.timedelta(days=2),
        signup_opens_at=timezone.now() - datetime.timedelta(days=9),
    )
    seats = [
        RegistrationFactory(lecture=upcoming_online, user=people.parent),
        RegistrationFactory(lecture=offline_with_replay, user=people.parent),
    ]
    log_in(client, people.parent)
    for seat in seats:
        client.get(reverse("families:replay", args=[seat.lecture_id]))
        seat.refresh_from_db()
        assert seat.checked_in_at is None
    assert Lecture.objects.get(pk=upcoming_online.pk).replay_views == 1


def test_a_lecture_without_a_replay_says_so(client, lecture, people):
    log_in(client, people.parent)
    response = client.get(reverse("families:replay", args=[lecture.pk]), follow=True)
    assert "This lecture has no replay yet." in response.content.decode()
    assert not ReplayView.objects.exists()


def test_a_replay_of_an_inactive_parent_school_is_a_404(client, ended_online_lecture, people):
    ended_online_lecture.parent_school.is_active = False
    ended_online_lecture.parent_school.save()
    log_in(client, people.stranger)
    response = client.get(reverse("families:replay", args=[ended_online_lecture.pk]))
    assert response.status_code == 404


# --- API ------------------------------------------------------------------


def test_api_check_in_is_idempotent_and_refuses_wrong_codes(client, registration, people):
    log_in(client, people.school_leader)
    url = reverse("api:lecture-check-in", args=[registration.lecture.pk])

    first = client.post(url, {"code": "QX7K2M9P"}, content_type="application/json")
    second = client.post(url, {"code": "QX7K2M9P"}, content_type="application/json")
    wrong = client.post(url, {"code": "ZZZ"}, content_type="application/json")

    assert first.status_code == 200 and first.json()["already_checked_in"] is False
    assert second.status_code == 200 and second.json()["already_checked_in"] is True
    assert first.json()["checked_in_at"] == second.json()["checked_in_at"]
    assert wrong.status_code == 400
    assert "No registration has the code ZZZ" in wrong.json()["code"][0]


def test_api_check_in_out_of_scope_is_404(client, registration, people):
    log_in(client, people.other_district_officer)
    url = reverse("api:lecture-check-in", args=[registration.lecture.pk])
    assert (
        client.post(url, {"code": "QX7K2M9P"}, content_type="application/json").status_code == 404
    )


def test_api_roll_call(client, lecture, people):
    seats = [RegistrationFactory(lecture=lecture) for _ in range(3)]
    log_in(client, people.school_leader)
    url = reverse("api:lecture-roll-call", args=[lecture.pk])

    response = client.post(
        url, {"registrations": [s.pk for s in seats[:2]]}, content_type="application/json"
    )
    again = client.post(
        url, {"registrations": [s.pk for s in seats]}, content_type="application/json"
    )
    bad = client.post(url, {"registrations": [999999]}, content_type="application/json")

    assert response.json() == {"checked_in": 2}
    assert again.json() == {"checked_in": 1}
    assert bad.status_code == 400
