"""A real Celery worker against Redis delivers a notification queued after
commit."""

import email
import os
import signal
import subprocess
import sys
import time
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.db import connection

from portal import notify
from portal.celery import app
from portal.models import Delivery
from portal.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]

ROOT = Path(__file__).resolve().parents[2]
RESULT_BACKEND = "redis://127.0.0.1:6379/12"


@pytest.fixture
def worker(tmp_path, settings):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "TEST_DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_RESULT_BACKEND": RESULT_BACKEND,
    }
    app.control.purge()
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "solo", "-l", "info"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    app.conf.task_always_eager = False
    try:
        yield tmp_path / "mail"
    finally:
        app.conf.task_always_eager = True
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for(predicate, seconds=45):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


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
    mail_files = list(worker.glob("*.log"))
    assert len(mail_files) == 1
    message = email.message_from_bytes(mail_files[0].read_bytes())
    assert message["To"] == "teacher@example.cn"
    assert "家访周提醒" in str(make_header(decode_header(message["Subject"])))
