"""A real Celery worker against Redis delivers a notification queued after
commit."""

import email
from email.header import decode_header, make_header

import pytest

from portal import notify
from portal.celery import app
from portal.models import Delivery
from portal.tests.celery_worker import running_worker, wait_for
from portal.tests.factories import UserFactory
from portal.tests.helpers import mails_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]

RESULT_BACKEND = "redis://127.0.0.1:6379/12"


@pytest.fixture
def worker(tmp_path, settings):
    with running_worker(tmp_path / "mail", result_backend=RESULT_BACKEND) as mail:
        yield mail


def test_worker_runs_a_task_and_returns_its_result(worker):
    from celery.backends.redis import RedisBackend

    from portal.tasks import ping

    backend = RedisBackend(app=app, url=RESULT_BACKEND)
    task_id = ping.apply_async(args=["tongxin"]).id

    def finished():
        return backend.get_task_meta(task_id)["status"] == "SUCCESS"

    assert wait_for(finished), "the worker did not run the task in time"
    assert backend.get_task_meta(task_id)["result"] == "pong:tongxin"


def test_worker_delivers_a_notification_queued_after_commit(worker):
    person = UserFactory(username="worker-test", email="teacher@example.cn", phone=None)
    notification = notify.notify(
        kind="portal.announcement",
        recipient=person,
        subject_key="worker-test",
        title="家访周提醒",
        body="本周请完成家访。",
    )
    assert notification is not None

    def sent():
        return Delivery.objects.filter(
            notification=notification, status=Delivery.Status.SENT
        ).exists()

    assert wait_for(sent), "the worker did not deliver the notification in time"
    [sent_mail] = mails_in(worker)
    message = email.message_from_string(sent_mail)
    assert message["To"] == "teacher@example.cn"
    assert "家访周提醒" in str(make_header(decode_header(message["Subject"])))
