"""Sign-up, the waiting list, cancellation and promotion, and publishing
lectures: the rules of families.services.lectures."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from community.tests.factories_partners import LecturerFactory
from families.models import Lecture, Registration, RegistrationStatus
from families.selectors import lectures as selectors
from families.services import lectures as services
from families.services.errors import LectureError
from families.tests.factories_lectures import (
    CourseFactory,
    LectureFactory,
    LectureParentSchoolFactory,
)
from portal.models import Notification
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONFIRMED = RegistrationStatus.CONFIRMED
WAITING = RegistrationStatus.WAITING


def families(n):
    return [UserFactory() for _ in range(n)]


def sign_up(lecture, user, seats=1):
    return services.register_for_lecture(lecture=lecture, user=user, seats=seats)


def taken(lecture) -> int:
    lecture.refresh_from_db()
    return lecture.seats_taken


def test_family_gets_confirmed_seats_and_a_check_in_code(people):
    lecture = LectureFactory(capacity=10)

    registration = sign_up(lecture, people.parent, seats=3)

    assert registration.status == CONFIRMED
    assert len(registration.check_in_code) == services.CODE_LENGTH
    assert taken(lecture) == 3


def test_full_lecture_puts_the_family_on_the_waiting_list_with_its_position(people):
    lecture = LectureFactory(capacity=2)
    first, second = families(2)
    sign_up(lecture, first, seats=2)

    waiting = sign_up(lecture, second)
    mine = sign_up(lecture, people.parent, seats=2)

    assert (waiting.status, mine.status) == (WAITING, WAITING)
    assert taken(lecture) == 2
    assert selectors.active_registration(people.parent, lecture).waiting_position == 2
    assert selectors.active_registration(second, lecture).waiting_position == 1


@pytest.mark.parametrize("seats", [0, 4, -1, "2"])
def test_seats_out_of_range_are_refused_and_nothing_is_saved(people, english, seats):
    lecture = LectureFactory()

    with pytest.raises(LectureError, match="one to 3 seats") as error:
        sign_up(lecture, people.parent, seats=seats)

    assert error.value.field == "seats"
    assert not Registration.objects.exists()
    assert taken(lecture) == 0


def test_a_family_cannot_register_twice_for_one_lecture(people, english):
    lecture = LectureFactory(capacity=5)
    sign_up(lecture, people.parent)

    with pytest.raises(LectureError, match="already has a place"):
        sign_up(lecture, people.parent, seats=2)

    assert Registration.objects.count() == 1
    assert taken(lecture) == 1


def test_the_database_refuses_a_second_active_registration(people):
    lecture = LectureFactory()
    sign_up(lecture, people.parent)

    with pytest.raises(IntegrityError):
        Registration.objects.create(
            lecture=lecture, user=people.parent, seats=1, status=WAITING, check_in_code="X2345678"
        )


def test_the_database_refuses_overbooking(people):
    lecture = LectureFactory(capacity=2)

    with pytest.raises(IntegrityError):
        Lecture.objects.filter(pk=lecture.pk).update(seats_taken=3)


def test_a_family_may_sign_up_again_after_cancelling(people):
    lecture = LectureFactory()
    first = sign_up(lecture, people.parent)
    services.cancel_registration(registration=first, by=people.parent)

    again = sign_up(lecture, people.parent, seats=2)

    assert again.status == CONFIRMED
    assert taken(lecture) == 2


def test_sign_up_is_closed_after_the_cutoff(people, english):
    now = timezone.now()
    lecture = LectureFactory(
        signup_opens_at=now - datetime.timedelta(days=3),
        signup_closes_at=now - datetime.timedelta(minutes=1),
    )

    with pytest.raises(LectureError, match="Sign-up closed at"):
        sign_up(lecture, people.parent)

    assert not Registration.objects.exists()


def test_sign_up_is_not_open_before_the_window(people, english):
    lecture = LectureFactory(signup_opens_at=timezone.now() + datetime.timedelta(hours=1))

    with pytest.raises(LectureError, match="Sign-up opens at"):
        sign_up(lecture, people.parent)


def test_lecture_of_an_inactive_parent_school_is_not_open(people, english):
    lecture = LectureFactory(parent_school__is_active=False)

    with pytest.raises(LectureError, match="not open to you"):
        sign_up(lecture, people.parent)


def test_cancelling_frees_seats_and_promotes_the_waiting_list_in_order(people, english):
    lecture = LectureFactory(capacity=2)
    holder, first, second, third = families(4)
    held = sign_up(lecture, holder, seats=2)
    waiting = [sign_up(lecture, user) for user in (first, second, third)]

    services.cancel_registration(registration=held, by=holder)

    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [CONFIRMED, CONFIRMED, WAITING]
    assert taken(lecture) == 2
    assert Registration.objects.get(pk=held.pk).status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(pk=waiting[0].pk).promoted_at is not None
    notices = Notification.objects.filter(kind="families.promoted")
    assert sorted(n.recipient_id for n in notices) == sorted([first.pk, second.pk])
    assert notices.first().title.startswith("You have a seat")
    assert selectors.active_registration(third, lecture).waiting_position == 1


def test_strict_fifo_a_bigger_family_at_the_head_is_not_skipped(people):
    """Strict first come, first served: two seats free, the head of the list
    needs three, so nobody behind it is promoted and a newcomer waits too."""
    lecture = LectureFactory(capacity=3)
    a, b, big, small, late = families(5)
    held_a = sign_up(lecture, a, seats=2)
    sign_up(lecture, b, seats=1)
    big_one = sign_up(lecture, big, seats=3)
    small_one = sign_up(lecture, small, seats=1)

    services.cancel_registration(registration=held_a, by=a)

    assert Registration.objects.get(pk=big_one.pk).status == WAITING
    assert Registration.objects.get(pk=small_one.pk).status == WAITING
    assert taken(lecture) == 1
    assert sign_up(lecture, late).status == WAITING

    # Once the big family leaves, the rest move up in order.
    services.leave_waiting_list(registration=big_one, by=big)
    assert Registration.objects.get(pk=small_one.pk).status == CONFIRMED
    assert selectors.active_registration(late, lecture).status == CONFIRMED
    assert taken(lecture) == 3


def test_leaving_the_waiting_list_moves_the_others_up(people):
    lecture = LectureFactory(capacity=1)
    holder, first = families(2)
    sign_up(lecture, holder)
    mine = sign_up(lecture, people.parent)
    after = sign_up(lecture, first)

    left = services.leave_waiting_list(registration=mine, by=people.parent)

    assert left.status == RegistrationStatus.LEFT_WAITING_LIST
    assert selectors.active_registration(first, lecture).waiting_position == 1
    assert Registration.objects.get(pk=after.pk).status == WAITING
    assert taken(lecture) == 1


def test_leaving_when_not_waiting_is_refused(people, english):
    lecture = LectureFactory()
    confirmed = sign_up(lecture, people.parent)

    with pytest.raises(LectureError, match="not on this lecture's waiting list"):
        services.leave_waiting_list(registration=confirmed, by=people.parent)


def test_cancelling_twice_frees_the_seats_once(people, english):
    lecture = LectureFactory(capacity=5)
    registration = sign_up(lecture, people.parent, seats=2)
    services.cancel_registration(registration=registration, by=people.parent)

    with pytest.raises(LectureError, match="no longer active"):
        services.cancel_registration(registration=registration, by=people.parent)

    assert taken(lecture) == 0


def test_cancelling_someone_elses_registration_is_refused(people, english):
    lecture = LectureFactory()
    registration = sign_up(lecture, people.parent)

    with pytest.raises(LectureError, match="Only the family"):
        services.cancel_registration(registration=registration, by=people.stranger)

    assert Registration.objects.get(pk=registration.pk).status == CONFIRMED


def test_a_started_lecture_cannot_be_cancelled(people, english):
    lecture = LectureFactory()
    registration = sign_up(lecture, people.parent)
    Lecture.objects.filter(pk=lecture.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        signup_closes_at=timezone.now() - datetime.timedelta(minutes=10),
    )

    with pytest.raises(LectureError, match="has started"):
        services.cancel_registration(registration=registration, by=people.parent)


def test_more_seats_promote_the_waiting_list(people, city):
    school = LectureParentSchoolFactory(level="school", school=city.school, district=city.qingxiu)
    lecture = LectureFactory(parent_school=school, capacity=1)
    holder, first = families(2)
    sign_up(lecture, holder)
    waiting = sign_up(lecture, first)

    services.update_lecture(lecture=lecture, by=people.school_leader, capacity=2)

    assert Registration.objects.get(pk=waiting.pk).status == CONFIRMED
    assert taken(lecture) == 2


def test_capacity_cannot_drop_below_the_seats_taken(people, english):
    lecture = LectureFactory(capacity=3)
    sign_up(lecture, people.parent, seats=3)

    with pytest.raises(LectureError, match="3 seats are already taken"):
        services.update_lecture(lecture=lecture, by=people.city_officer, capacity=2)


def lecture_values(**overrides):
    starts = timezone.now() + datetime.timedelta(days=10)
    values = {
        "title": "隔代教育的智慧",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "venue": "长塘村文化室",
        "online_url": "",
        "capacity": 40,
        "signup_opens_at": timezone.now(),
        "signup_closes_at": starts - datetime.timedelta(days=1),
        "audience_grades": [0, 1, 2],
    }
    values.update(overrides)
    return values


def test_school_leader_publishes_a_lecture_with_a_speaker(people, city):
    school = LectureParentSchoolFactory(level="school", school=city.school, district=city.qingxiu)
    speaker = LecturerFactory()
    course = CourseFactory(parent_school=school)

    lecture = services.create_lecture(
        parent_school=school,
        by=people.school_leader,
        course=course,
        speaker=speaker,
        **lecture_values(),
    )

    assert (lecture.speaker, lecture.course, lecture.seats_taken) == (speaker, course, 0)


def _starts():
    return timezone.now() + datetime.timedelta(days=10)


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        ({"ends_at": _starts() - datetime.timedelta(hours=1)}, "ends after it starts", "ends_at"),
        (
            {"signup_closes_at": _starts() + datetime.timedelta(hours=1)},
            "closes before the lecture starts",
            "signup_closes_at",
        ),
        (
            {"signup_opens_at": _starts() - datetime.timedelta(hours=1)},
            "closes after it opens",
            "signup_closes_at",
        ),
        ({"venue": "", "online_url": ""}, "venue, an online link", "venue"),
        ({"capacity": 0}, "at least one seat", "capacity"),
        ({"title": "  "}, "title", "title"),
        ({"audience_grades": [13]}, "list of grades", "audience_grades"),
    ],
)
def test_bad_lecture_input_is_refused(people, english, overrides, message, field):
    school = LectureParentSchoolFactory()
    values = lecture_values(starts_at=_starts(), ends_at=_starts() + datetime.timedelta(hours=2))
    values["signup_closes_at"] = values["starts_at"] - datetime.timedelta(days=1)
    values.update(overrides)

    with pytest.raises(LectureError, match=message) as error:
        services.create_lecture(parent_school=school, by=people.city_officer, **values)

    assert error.value.field == field
    assert not Lecture.objects.exists()


def test_other_districts_officer_cannot_publish_for_a_school(people, city, english):
    school = LectureParentSchoolFactory(level="school", school=city.school, district=city.qingxiu)

    with pytest.raises(LectureError, match="Only the parent school"):
        services.create_lecture(
            parent_school=school, by=people.other_district_officer, **lecture_values()
        )

    assert not Lecture.objects.exists()


def test_principal_publishes_for_their_own_parent_school(people):
    principal = UserFactory()
    school = LectureParentSchoolFactory(principal=principal)

    lecture = services.create_lecture(parent_school=school, by=principal, **lecture_values())

    assert lecture.parent_school == school


def test_course_of_another_parent_school_is_refused(people, english):
    school = LectureParentSchoolFactory()

    with pytest.raises(LectureError, match="this parent school's courses"):
        services.create_lecture(
            parent_school=school,
            by=people.city_officer,
            course=CourseFactory(),
            **lecture_values(),
        )


def test_calendar_file_has_stable_uid_shanghai_times_and_place(people):
    lecture = LectureFactory(venue="", online_url="https://meeting.example.cn/123")
    registration = sign_up(lecture, people.parent, seats=2)

    first = services.registration_ics(registration=registration).decode()
    second = services.registration_ics(registration=registration).decode()

    uid = f"UID:registration-{registration.pk}@tongxin"
    assert uid in first and uid in second
    start = timezone.localtime(lecture.starts_at)
    assert f"DTSTART;TZID=Asia/Shanghai:{start:%Y%m%dT%H%M%S}" in first
    assert "LOCATION:https://meeting.example.cn/123" in first
    assert registration.check_in_code in first.replace("\r\n ", "")
