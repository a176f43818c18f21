"""Completion (结业): attend N of a course's M lectures and get one
completion, with a certificate number sequential per year."""

import datetime
import threading
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from families.models import Completion, RegistrationStatus
from families.services import attendance, completion
from families.tests.factories_attendance import (
    CourseFactory,
    LectureFactory,
    RegistrationFactory,
)
from portal.models import Notification
from portal.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def course(db):
    course = CourseFactory(title="科学育儿十讲", lectures_to_complete=2)
    for _ in range(3):
        LectureFactory(course=course, parent_school=course.parent_school)
    return course


@pytest.fixture
def staff(db):
    return UserFactory(username="checker", is_superuser=True)


def seats_for(user, course):
    return [RegistrationFactory(lecture=lecture, user=user) for lecture in course.lectures.all()]


def test_meeting_the_rule_creates_one_completion_exactly_once(course, staff):
    parent = UserFactory(name="王小华")
    first, second, third = seats_for(parent, course)

    attendance.check_in(lecture=first.lecture, code=first.check_in_code, by=staff)
    assert not Completion.objects.exists()

    attendance.check_in(lecture=second.lecture, code=second.check_in_code, by=staff)
    attendance.check_in(lecture=second.lecture, code=second.check_in_code, by=staff)
    attendance.check_in(lecture=third.lecture, code=third.check_in_code, by=staff)

    done = Completion.objects.get()
    assert (done.user, done.course) == (parent, course)
    year = timezone.localdate().year
    assert done.certificate_number == f"TX{year}-000001"
    notice = Notification.objects.get(recipient=parent, kind="families.course_completed")
    assert "科学育儿十讲" in notice.title and done.certificate_number in notice.body


def test_waiting_list_or_cancelled_seats_do_not_count(course, staff):
    parent = UserFactory()
    first, second, _third = seats_for(parent, course)
    attendance.check_in(lecture=first.lecture, code=first.check_in_code, by=staff)
    second.status = RegistrationStatus.CANCELLED
    second.checked_in_at = timezone.now()  # a stale mark on a cancelled seat
    second.save()

    assert completion.complete_if_qualified(user=parent, course=course) is None
    assert not Completion.objects.exists()


def test_roll_call_and_replay_both_lead_to_completion(course, staff):
    parent = UserFactory()
    first, second, _ = seats_for(parent, course)
    attendance.mark_roll_call(lecture=first.lecture, registration_ids=[first.pk], by=staff)
    ended = timezone.now() - datetime.timedelta(hours=1)
    second.lecture.__class__.objects.filter(pk=second.lecture_id).update(
        online_url="https://live.example.cn/1",
        replay_url="https://replay.example.cn/1",
        starts_at=ended - datetime.timedelta(hours=2),
        ends_at=ended,
        signup_opens_at=ended - datetime.timedelta(days=9),
        signup_closes_at=ended - datetime.timedelta(hours=3),
    )
    second.lecture.refresh_from_db()

    attendance.record_replay_view(lecture=second.lecture, user=parent)

    assert Completion.objects.filter(user=parent, course=course).count() == 1


def test_certificate_numbers_run_on_within_the_year(course, staff):
    numbers = []
    for n in range(3):
        parent = UserFactory(username=f"seq{n}")
        first, second, _ = seats_for(parent, course)
        for seat in (first, second):
            attendance.check_in(lecture=seat.lecture, code=seat.check_in_code, by=staff)
        numbers.append(Completion.objects.get(user=parent).certificate_number)
    year = timezone.localdate().year
    assert numbers == [f"TX{year}-000001", f"TX{year}-000002", f"TX{year}-000003"]


def test_numbering_starts_again_each_year(course):
    year = timezone.localdate().year
    Completion.objects.create(
        course=course, user=UserFactory(), certificate_number=f"TX{year - 1}-000041"
    )
    assert completion.next_certificate_number(year) == f"TX{year}-000001"
    assert completion.next_certificate_number(year - 1) == f"TX{year - 1}-000042"


def test_my_completions_page_and_api_show_only_my_own(client, course, staff):
    parent = UserFactory(username="mine")
    other = UserFactory(username="theirs")
    mine = Completion.objects.create(course=course, user=parent, certificate_number="TX2026-000007")
    Completion.objects.create(course=course, user=other, certificate_number="TX2026-000008")
    client.force_login(parent)

    page = client.get(reverse("families:my-completions")).content.decode()
    rows = client.get(reverse("api:my-completion-list")).json()["results"]

    assert "TX2026-000007" in page and "TX2026-000008" not in page
    assert reverse("families:certificate", args=[mine.pk]) in page
    assert [row["certificate_number"] for row in rows] == ["TX2026-000007"]


def rush_to_complete(count: int) -> tuple[list[Exception], list[str]]:
    """`count` guardians meet a course's rule at the same instant, each in
    its own connection; returns the errors and the numbers given."""
    course = CourseFactory(lectures_to_complete=1)
    lecture = LectureFactory(course=course, parent_school=course.parent_school)
    seats = [
        RegistrationFactory(
            lecture=lecture, user=UserFactory(username=f"rush{n}"), checked_in_at=timezone.now()
        )
        for n in range(count)
    ]
    barrier = threading.Barrier(count)
    errors = []

    def complete(seat):
        try:
            barrier.wait()
            completion.complete_if_qualified(user=seat.user, course=course)
        except Exception as error:  # noqa: BLE001 — reported to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete, args=(seat,)) for seat in seats]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    numbers = sorted(Completion.objects.values_list("certificate_number", flat=True))
    return errors, numbers


@pytest.fixture
def slow_numbering(monkeypatch):
    """Widen the window between reading the last number and inserting the
    next, so that a missing lock shows every time, not now and then."""
    choose = completion.next_certificate_number

    def slowly(year):
        number = choose(year)
        time.sleep(0.2)
        return number

    monkeypatch.setattr(completion, "next_certificate_number", slowly)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_completions_get_distinct_consecutive_numbers(slow_numbering):
    errors, numbers = rush_to_complete(6)

    assert errors == []
    year = timezone.localdate().year
    assert numbers == [f"TX{year}-{n:06d}" for n in range(1, 7)]


@pytest.mark.django_db(transaction=True)
def test_negative_control_without_the_year_lock_numbers_collide(slow_numbering, monkeypatch):
    monkeypatch.setattr(completion, "_lock_year", lambda year: None)

    errors, numbers = rush_to_complete(6)

    assert errors, "without the lock the race should have broken something"
    assert len(numbers) < 6
