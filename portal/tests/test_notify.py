import datetime
import uuid

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from portal import notify, sms
from portal.models import Delivery, Notification, NotificationMode
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DUE = timezone.make_aware(datetime.datetime(2026, 11, 23, 9, 0))


@pytest.fixture
def parent(db):
    return UserFactory(username="notify-parent", email="mum@example.cn", phone="13800138000")


def send(recipient, key="lecture:1", kind="portal.announcement", **extra):
    return notify.notify(
        kind=kind,
        recipient=recipient,
        subject_key=key,
        title="明晚家长讲座",
        body="请准时参加。",
        due_at=DUE,
        **extra,
    )


def test_one_notification_reaches_inbox_email_and_sms_once(
    parent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = send(parent)
        second = send(parent)
    assert first is not None and second is None
    assert Notification.objects.filter(recipient=parent).count() == 1
    assert [m.to for m in mail.outbox] == [["mum@example.cn"]]
    assert [m.phone for m in sms.outbox] == ["13800138000"]
    assert set(first.deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_a_retried_delivery_sends_nothing_twice(parent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = send(parent)
    assert notify.deliver(notification.pk) == 0
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1


def test_nothing_is_queued_when_the_transaction_rolls_back(
    parent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                send(parent)
                raise RuntimeError("the caller's work failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_channels_follow_the_persons_choice(parent, django_capture_on_commit_callbacks):
    notify.set_channels(user=parent, notify_by_email=False, notify_by_sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        send(parent)
    assert mail.outbox == []
    assert len(sms.outbox) == 1


def test_a_kind_turned_off_is_not_sent_but_urgent_safety_notices_are(
    parent, django_capture_on_commit_callbacks
):
    notify.set_preference(user=parent, kind_key="portal.announcement", mode=NotificationMode.OFF)
    assert notify.set_preference(user=parent, kind_key="portal.safety", mode="off") is None
    notify.set_channels(user=parent, notify_by_email=False, notify_by_sms=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send(parent) is None
        urgent = send(parent, key="drowning:summer", kind="portal.safety")
    assert urgent.urgent and urgent.mode == NotificationMode.INSTANT
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1


def test_digest_gathers_deferred_notifications_once_a_day(
    parent, django_capture_on_commit_callbacks
):
    notify.set_preference(user=parent, kind_key="portal.announcement", mode="digest")
    with django_capture_on_commit_callbacks(execute=True):
        send(parent, key="a")
        send(parent, key="b")
    assert mail.outbox == []
    day = datetime.date(2026, 11, 23)
    with django_capture_on_commit_callbacks(execute=True):
        digest = notify.send_digest(user=parent, day=day)
        again = notify.send_digest(user=parent, day=day)
    assert digest is not None and again is None
    assert len(mail.outbox) == 1
    assert "明晚家长讲座" in mail.outbox[0].body
    assert not Delivery.objects.filter(status=Delivery.Status.DEFERRED).exists()


def test_a_failed_send_is_released_for_retry_and_then_sent_once(
    parent, monkeypatch, django_capture_on_commit_callbacks
):
    notify.set_channels(user=parent, notify_by_email=True, notify_by_sms=False)

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(notify, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=False):
        notification = send(parent)
    with pytest.raises(ConnectionError):
        notify.deliver(notification.pk)
    delivery = notification.deliveries.get()
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1
    monkeypatch.undo()
    assert notify.deliver(notification.pk) == 1
    assert len(mail.outbox) == 1


def test_a_claim_left_by_a_dead_worker_is_released_after_the_timeout(
    parent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        notification = send(parent)
    stale = timezone.now() - datetime.timedelta(hours=1)
    notification.deliveries.update(status=Delivery.Status.CLAIMED, claimed_at=stale)
    assert notify.deliver(notification.pk) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert notify.release_stalled_claims() == 1
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1


def test_the_sweeper_queues_a_lost_delivery_again_once_and_leaves_a_backlog_alone(
    parent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        waiting = send(parent, key="waiting")
        lost = send(parent, key="lost")
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    lost.deliveries.update(queued_at=long_ago)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert notify.release_stalled_claims() == 1
    assert len(queued) == 1
    assert not lost.deliveries.filter(queued_at=long_ago).exists()
    assert set(waiting.deliveries.values_list("status", flat=True)) == {Delivery.Status.PENDING}
    with django_capture_on_commit_callbacks(execute=False):
        assert notify.release_stalled_claims() == 0  # queued again just now


def test_the_sweeper_waits_for_the_broker_queue_to_drain_before_queueing_again(
    parent, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        late = send(parent, key="late")
    late.deliveries.update(queued_at=timezone.now() - datetime.timedelta(hours=1))

    monkeypatch.setattr(notify, "broker_backlog", lambda: 40_000)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert notify.release_stalled_claims() == 0
    assert queued == []

    monkeypatch.setattr(notify, "broker_backlog", lambda: 0)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert notify.release_stalled_claims() == 1
    assert len(queued) == 1


def test_broker_backlog_counts_the_tasks_waiting_in_redis(settings):
    from portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    queue = f"tongxin-backlog-{uuid.uuid4().hex}"
    with app.connection_for_write() as connection:
        waiting = connection.SimpleQueue(queue)
        for number in range(3):
            waiting.put({"n": number})
        try:
            assert notify.broker_backlog(queue) == 3
        finally:
            waiting.clear()
            waiting.close()
    assert not notify.broker_backlog(queue)


def test_broker_backlog_is_unknown_when_tasks_run_in_process(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert notify.broker_backlog() is None


def test_a_job_that_notifies_many_queues_them_a_hundred_to_a_task(
    parent, monkeypatch, django_capture_on_commit_callbacks
):
    from portal import tasks

    notify.set_channels(user=parent, notify_by_email=True, notify_by_sms=False)
    batches, singles = [], []
    monkeypatch.setattr(tasks.deliver_notifications, "delay", batches.append)
    monkeypatch.setattr(tasks.deliver_notification, "delay", singles.append)

    with notify.batched_deliveries(), django_capture_on_commit_callbacks(execute=True):
        made = [send(parent, key=f"lecture:{n}") for n in range(250)]

    assert [len(batch) for batch in batches] == [100, 100, 50]
    assert sorted(sum(batches, [])) == sorted(n.pk for n in made) and singles == []
    assert tasks.deliver_notifications(batches[0]) == 100  # one email each
    assert len(mail.outbox) == 100


def test_a_failed_send_in_a_batch_is_retried_alone(
    parent, monkeypatch, django_capture_on_commit_callbacks
):
    from portal import tasks

    notify.set_channels(user=parent, notify_by_email=True, notify_by_sms=False)
    retried = []
    monkeypatch.setattr(tasks.deliver_notifications, "delay", lambda ids: None)
    monkeypatch.setattr(
        tasks.deliver_notification, "apply_async", lambda args, countdown: retried.append(args)
    )
    with notify.batched_deliveries(), django_capture_on_commit_callbacks(execute=True):
        good, bad = send(parent, key="good"), send(parent, key="bad")
    real_send = notify.send_mail

    def flaky(subject, text, sender, to):
        if "坏" in text:
            raise ConnectionError("SMTP down")
        return real_send(subject, text, sender, to)

    bad.body = "坏"
    bad.save(update_fields=["body"])
    monkeypatch.setattr(notify, "send_mail", flaky)

    assert tasks.deliver_notifications([good.pk, bad.pk]) == 1
    assert retried == [(bad.pk,)]
    assert bad.deliveries.get(channel="email").status == Delivery.Status.PENDING


def test_unknown_kind_is_refused(parent):
    with pytest.raises(LookupError):
        send(parent, kind="nobody.registered.this")
