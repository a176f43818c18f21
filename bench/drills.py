"""Fault drills (`make drills`): faults a real deployment meets, on the
seeded city, with what was lost or doubled printed and written to
bench/drills.json.

1. PostgreSQL restarts while 3,000 families sign up for 300 seats. Families
   whose request failed try again once the database is back, as people do.
   Nothing may be lost (a family told "signed up" without a row) or doubled
   (a family with two rows), and the seats must end at exactly 300.
2. Redis (the broker) restarts, losing its queue, and a worker is killed,
   while 100,000 reminders go out. The portal's sweeper must bring every
   lost reminder back: each sent exactly once. The drill counts on a second
   Redis, so the restart does not wipe the count.

These stop and start the machine's PostgreSQL and Redis: never run them
beside the test suite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import counting, reminders, server, signup_rush

ROOT = Path(__file__).resolve().parent.parent
COUNTER_PORT = 6390
RESTART_AFTER_S = 1.5


def _restart_postgres() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )


def _restart_redis() -> None:
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], check=False)
    time.sleep(1)
    _start_redis(6379)


def _start_redis(port: int) -> None:
    subprocess.run(
        ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", str(port),
         "--save", "", "--appendonly", "no"],
        check=True,
    )  # fmt: skip
    for _ in range(50):
        if (
            subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode
            == 0
        ):
            return
        time.sleep(0.1)


def postgres_restart_during_rush(database: str) -> dict:
    from django.db import connections

    from families.models import Registration, RegistrationStatus

    tokens = signup_rush._families(signup_rush.FAMILIES)
    with server.Gunicorn(database) as gunicorn:
        lecture = signup_rush._lecture(100)
        path = f"/api/lectures/{lecture.pk}/register/"
        requests = [signup_rush._post(path, token, {"seats": 1}) for token in tokens]
        answers: dict = {}
        crowd = threading.Thread(
            target=lambda: answers.update(first=signup_rush.crowd(gunicorn.port, requests)[0])
        )
        crowd.start()
        time.sleep(RESTART_AFTER_S)
        _restart_postgres()
        crowd.join()
        connections.close_all()
        failed = [n for n, status in enumerate(answers["first"]) if status not in (201, 400)]
        retried, _seconds = signup_rush.crowd(gunicorn.port, [requests[n] for n in failed])
    told_yes = {tokens[n] for n, status in enumerate(answers["first"]) if status == 201}
    told_yes |= {tokens[n] for n, status in zip(failed, retried, strict=True) if status == 201}
    rows = Registration.objects.filter(lecture=lecture)
    holders = {f"rush{user_id:036d}" for user_id in rows.values_list("user_id", flat=True)}
    confirmed = rows.filter(status=RegistrationStatus.CONFIRMED).count()
    return {
        "drill.postgres restart during the rush": {
            "families": len(tokens),
            "failed_during_restart": len(failed),
            "failed_again_after": sum(1 for s in retried if s not in (201, 400)),
            "confirmed": confirmed,
            "lost": len(told_yes - holders),
            "doubled": rows.count() - len(holders),
            "phantom": len(holders - told_yes),
            "ok": confirmed == signup_rush.CAPACITY
            and not (told_yes - holders)
            and rows.count() == len(holders),
        }
    }


def redis_restart_and_worker_kill_during_reminders(database: str) -> dict:
    def fault(doomed) -> None:
        _restart_redis()
        reminders.kill_worker(doomed)

    found = reminders.run(database, fault=fault, during_queueing=False)["reminders"]
    return {"drill.redis restart and a worker killed during reminders": found}


def run(database: str) -> dict:
    _start_redis(COUNTER_PORT)
    os.environ["BENCH_COUNTER_URL"] = f"redis://127.0.0.1:{COUNTER_PORT}/0"
    counting.reset()
    results = {}
    results.update(postgres_restart_during_rush(database))
    results.update(redis_restart_and_worker_kill_during_reminders(database))
    (ROOT / "bench" / "drills.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return results


if __name__ == "__main__":
    from bench.city import main

    sys.exit(main(run))
