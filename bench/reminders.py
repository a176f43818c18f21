"""Reminders: 100,000 lecture reminders sent by two real Celery workers,
queued as a reminder job queues them (notify.batched_deliveries: a hundred
to a task),
through a counting email backend, with one worker killed (SIGKILL, its whole
process group) a third of the way through. Every reminder must leave exactly
once: the counter must read 100,000 with no family reached twice.

What brings back the killed worker's share is the portal's own sweeper
(`notify.release_stalled_claims`, which beat runs as
`retry_stalled_notifications`), called here every few seconds with a short
claim timeout, as beat would call it with the production one."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import time

from bench import counting, server
from bench.city import REDIS_URL

REMINDERS = 100_000
KILL_AT = REMINDERS // 3
CLAIM_TIMEOUT_SECONDS = 120
SWEEP_EVERY = 10
DEADLINE_SECONDS = 1800
BATCH = 10_000


def _create(run_key: str) -> list[int]:
    """The reminders as notify() leaves them: one notification and one
    pending email delivery each, inserted in bulk (the fan-out itself is
    not what is measured here)."""
    from django.utils import timezone

    from families.services.reminders import LECTURE_REMINDER
    from portal.models import Delivery, Notification, Role, RoleAssignment

    parents = RoleAssignment.objects.filter(role=Role.PARENT).order_by("user_id")
    recipients = list(parents.values_list("user_id", flat=True)[:REMINDERS])
    if len(recipients) < REMINDERS:
        raise RuntimeError(f"the city has {len(recipients)} parent accounts, {REMINDERS} needed")
    now = timezone.now()
    # What an interrupted earlier run left pending is not this run's to send.
    Delivery.objects.filter(
        address__contains="@bench-reminders-", status__in=["pending", "claimed"]
    ).update(status=Delivery.Status.FAILED, error="left by an interrupted benchmark run")
    ids = []
    for start in range(0, REMINDERS, BATCH):
        notifications = Notification.objects.bulk_create(
            Notification(
                recipient_id=user_id,
                kind=LECTURE_REMINDER.key,
                subject_key=f"{run_key}:{start + n}",
                due_at=now,
                title="明晚家长讲座提醒",
                body="请准时参加家长学校讲座。",
                url="/families/lectures/",
                mode="instant",
            )
            for n, user_id in enumerate(recipients[start : start + BATCH])
        )
        Delivery.objects.bulk_create(
            Delivery(
                notification=notification,
                channel="email",
                address=f"family{start + n}@{run_key}.invalid",
                status=Delivery.Status.PENDING,
                queued_at=now,
            )
            for n, notification in enumerate(notifications)
        )
        ids += [notification.pk for notification in notifications]
    return ids


def _worker(name: str, database: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": server.database_url(database),
        "REDIS_URL": REDIS_URL,
        "CONN_MAX_AGE": "600",
        "EMAIL_BACKEND": "bench.counting.CountingBackend",
        "NOTIFICATION_CLAIM_TIMEOUT_SECONDS": str(CLAIM_TIMEOUT_SECONDS),
    }
    return subprocess.Popen(
        [
            str(server.ROOT / ".venv" / "bin" / "celery"),
            "-A",
            "portal",
            "worker",
            "--concurrency=2",
            "--loglevel=ERROR",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname={name}@%h",
        ],
        cwd=server.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so a kill takes its children too
    )


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)


def _sent_rows(ids_from: int) -> int:
    from portal.models import Delivery

    return Delivery.objects.filter(
        notification_id__gte=ids_from, status=Delivery.Status.SENT
    ).count()


def kill_worker(doomed: subprocess.Popen) -> None:
    os.killpg(doomed.pid, signal.SIGKILL)


class Run:
    """Watches the counter: brings the fault (by default, kills the doomed
    worker) at KILL_AT, sweeps every SWEEP_EVERY seconds after that."""

    def __init__(self, doomed: subprocess.Popen, fault=kill_worker):
        self.doomed = doomed
        self.fault = fault
        self.armed = True
        self.killed_at = None
        self.last_sweep = time.perf_counter()

    def watch(self) -> int:
        from portal import notify

        sent = counting.sent()
        if self.armed and self.killed_at is None and sent >= KILL_AT:
            self.fault(self.doomed)
            self.killed_at = sent
        if self.killed_at is not None and time.perf_counter() - self.last_sweep > SWEEP_EVERY:
            notify.release_stalled_claims()
            self.last_sweep = time.perf_counter()
        return sent


def run(database: str, *, fault=kill_worker, during_queueing: bool = True) -> dict:
    import redis
    from django.conf import settings

    from portal import notify
    from portal.models import Delivery

    settings.NOTIFICATION_CLAIM_TIMEOUT = datetime.timedelta(seconds=CLAIM_TIMEOUT_SECONDS)
    redis.Redis.from_url(REDIS_URL).flushdb()  # no leftover tasks from other benchmarks
    counting.reset()
    run_key = f"bench-reminders-{int(time.time())}"
    started = time.perf_counter()
    ids = _create(run_key)
    created_s = time.perf_counter() - started
    workers = [_worker("doomed", database), _worker("survivor", database)]
    watcher = Run(workers[0], fault)
    watcher.armed = during_queueing
    try:
        started = time.perf_counter()
        for start in range(0, len(ids), BATCH):  # as a reminder job queues them
            notify.queue_deliveries(ids[start : start + BATCH])
            watcher.watch()
        queued_s = time.perf_counter() - started
        watcher.armed = True
        while time.perf_counter() - started < DEADLINE_SECONDS:
            if watcher.watch() >= REMINDERS and _sent_rows(ids[0]) >= REMINDERS:
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        time.sleep(CLAIM_TIMEOUT_SECONDS + SWEEP_EVERY)  # anything sent twice shows by now
        notify.release_stalled_claims()
        time.sleep(3)
    finally:
        for worker in workers:
            _stop(worker)
    sent, recipients, twice = counting.counted(f"{run_key}.invalid")
    rows = Delivery.objects.filter(notification_id__gte=ids[0])
    redis.Redis.from_url(REDIS_URL).flushdb()
    return {
        "reminders": {
            "reminders": REMINDERS,
            "workers": "2 x 2 processes (prefork)",
            "killed_worker_at_sent": watcher.killed_at,
            "sent": sent,
            "distinct_recipients": recipients,
            "duplicates": twice,
            "exactly_once": sent == REMINDERS and recipients == REMINDERS and twice == 0,
            "rows_sent": rows.filter(status=Delivery.Status.SENT).count(),
            "rows_not_sent": rows.exclude(status=Delivery.Status.SENT).count(),
            "messages_per_s": round(sent / seconds, 1),
            "seconds": round(seconds, 1),
            "queueing_s": round(queued_s, 1),
            "creating_rows_s": round(created_s, 1),
        }
    }


if __name__ == "__main__":
    from bench.city import main

    raise SystemExit(main(run))
