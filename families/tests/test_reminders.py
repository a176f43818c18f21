"""Reminders the day before a lecture: exactly once, confirmed seats only,
by the channels each family chose."""

import datetime
import time

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from families.models import RegistrationStatus
from families.services import reminders
from families.tests.factories_attendance import LectureFactory, RegistrationFactory
from portal import sms
from portal.models import Delivery, Notification
from portal.tests.celery_worker import running_worker, wait_for
from portal.tests.factories import UserFactory
from portal.tests.helpers import mails_in

pytestmark = pytest.mark.django_db

# 18:00 on a Sunday evening in Nanning; "tomorrow" is Monday 2026-05-11.
EVENING = timezone.make_aware(datetime.datetime(2026, 5, 10, 18, 0))


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 5, day, hour, minute))


def tomorrows_lecture(**extra):
    return LectureFactory(title="如何与青春期孩子沟通", starts_at=at(11, 19, 30), **extra)


def family(username, **extra):
    return UserFactory(username=username, phone=extra.pop("phone", None), **extra)


def reminders_for(user):
    return Notification.objects.filter(recipient=user, kind="families.lecture_reminder")


def test_each_confirmed_family_is_reminded_once_even_when_the_task_runs_twice(
    django_capture_on_commit_callbacks,
):
    lecture = tomorrows_lecture()
    parent = family("mum", email="mum@example.cn", phone="13800138001")
    registration = RegistrationFactory(lecture=lecture, user=parent, seats=2)

    with django_capture_on_commit_callbacks(execute=True):
        first = reminders.send_lecture_reminders(now=EVENING)
        second = reminders.send_lecture_reminders(now=EVENING + datetime.timedelta(hours=2))

    assert (first, second) == (1, 0)
    reminder = reminders_for(parent).get()
    assert reminder.subject_key == f"lecture:{lecture.pk}"
    assert reminder.due_at == lecture.starts_at
    assert "如何与青春期孩子沟通" in reminder.title
    assert registration.check_in_code in reminder.body
    assert reminder.url == f"/family/attendance/tickets/{registration.pk}/"
    assert [m.to for m in mail.outbox] == [["mum@example.cn"]]
    assert [m.phone for m in sms.outbox] == ["13800138001"]


def test_waiting_list_and_cancelled_families_are_not_reminded():
    lecture = tomorrows_lecture()
    waiting = family("waiting")
    cancelled = family("cancelled")
    left = family("left")
    RegistrationFactory(lecture=lecture, user=waiting, status=RegistrationStatus.WAITING)
    RegistrationFactory(lecture=lecture, user=cancelled, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(lecture=lecture, user=left, status=RegistrationStatus.LEFT_WAITING_LIST)

    assert reminders.send_lecture_reminders(now=EVENING) == 0
    assert not Notification.objects.filter(kind="families.lecture_reminder").exists()


def test_a_family_promoted_between_the_two_runs_is_reminded_by_the_second():
    lecture = tomorrows_lecture()
    registration = RegistrationFactory(lecture=lecture, status=RegistrationStatus.WAITING)
    assert reminders.send_lecture_reminders(now=EVENING) == 0

    registration.status = RegistrationStatus.CONFIRMED
    registration.save(update_fields=["status"])

    assert reminders.send_lecture_reminders(now=EVENING + datetime.timedelta(hours=2)) == 1


def test_only_lectures_on_tomorrows_shanghai_calendar_day_are_reminded():
    late_tonight = at(10, 23, 30)
    just_after_midnight = RegistrationFactory(lecture=LectureFactory(starts_at=at(11, 0, 10)))
    last_thing_tomorrow = RegistrationFactory(lecture=LectureFactory(starts_at=at(11, 23, 50)))
    day_after = RegistrationFactory(lecture=LectureFactory(starts_at=at(12, 0, 5)))
    tonight = RegistrationFactory(lecture=LectureFactory(starts_at=at(10, 23, 45)))

    assert reminders.send_lecture_reminders(now=late_tonight) == 2

    reminded = set(
        Notification.objects.filter(kind="families.lecture_reminder").values_list(
            "recipient_id", flat=True
        )
    )
    assert reminded == {just_after_midnight.user_id, last_thing_tomorrow.user_id}
    assert day_after.user_id not in reminded and tonight.user_id not in reminded


def test_reminders_follow_each_familys_chosen_channels(django_capture_on_commit_callbacks):
    lecture = tomorrows_lecture()
    email_only = family("email-only", email="e@example.cn", phone="13800138002")
    email_only.notify_by_sms = False
    email_only.save()
    sms_only = family("sms-only", email="s@example.cn", phone="13800138003")
    sms_only.notify_by_email = False
    sms_only.save()
    inbox_only = family("inbox-only", email="i@example.cn", phone="13800138004")
    inbox_only.notify_by_email = inbox_only.notify_by_sms = False
    inbox_only.save()
    for user in (email_only, sms_only, inbox_only):
        RegistrationFactory(lecture=lecture, user=user)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_lecture_reminders(now=EVENING) == 3

    assert [m.to for m in mail.outbox] == [["e@example.cn"]]
    assert [m.phone for m in sms.outbox] == ["13800138003"]
    for user in (email_only, sms_only, inbox_only):
        assert reminders_for(user).count() == 1  # every family sees it in the inbox
    assert not Delivery.objects.filter(notification__recipient=inbox_only).exists()


def test_a_family_that_turned_lecture_reminders_off_gets_none():
    from portal import notify

    registration = RegistrationFactory(lecture=tomorrows_lecture())
    notify.set_preference(user=registration.user, kind_key="families.lecture_reminder", mode="off")

    assert reminders.send_lecture_reminders(now=EVENING) == 0


def test_the_task_takes_a_date_to_replay_an_evening():
    from families.tasks import send_lecture_reminders

    RegistrationFactory(lecture=tomorrows_lecture())

    assert send_lecture_reminders.delay("2026-05-10").get() == 1
    assert send_lecture_reminders.delay("2026-05-10").get() == 0


def test_the_reminder_runs_twice_each_evening_in_the_beat_schedule():
    entries = [
        entry
        for entry in settings.TONGXIN_BEAT_SCHEDULE.values()
        if entry["task"] == "families.tasks.send_lecture_reminders"
    ]
    assert entries == [
        {
            "task": "families.tasks.send_lecture_reminders",
            "crontab": {"minute": "0", "hour": "18,20"},
        }
    ]


# --- A real worker --------------------------------------------------------


@pytest.fixture
def worker(tmp_path):
    with running_worker(tmp_path / "mail") as mail:
        yield mail


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_reminds_and_mails_once_when_the_task_is_queued_twice(worker):
    from families.tasks import send_lecture_reminders

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    starts = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(19, 30)))
    parent = family("worker-mum", email="worker-mum@example.cn")
    RegistrationFactory(lecture=LectureFactory(starts_at=starts), user=parent)

    send_lecture_reminders.delay()
    send_lecture_reminders.delay()

    def mailed():
        return Delivery.objects.filter(
            notification__recipient=parent, status=Delivery.Status.SENT
        ).exists()

    assert wait_for(mailed), "the worker did not send the reminder in time"
    time.sleep(2)  # give the second task its chance to (wrongly) send again
    assert reminders_for(parent).count() == 1
    assert len(mails_in(worker)) == 1
