"""Sign-up rush: hundreds of families ask for a seat at one lecture at the
same moment, through a real gunicorn on a throwaway PostgreSQL database.
Reports confirmed seats, waiting list, errors and requests per second,
beside a bare view (/healthz: one `SELECT 1`, the broker check is in-process
under the test settings) on the same server with the same concurrency.

Run alone (`.venv/bin/python bench/signup_rush.py`: builds and drops the
database `tongxin_bench_rush`, merges its numbers into bench/results.json)
or from bench/run.py, which passes the database it built. Only 127.0.0.1 is
contacted; counts and time are bounded."""

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = 400
CAPACITY = 250
CONCURRENCY = 64
WORKERS = 8
BARE_REQUESTS = 800
TIMEOUT = 30


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _build(n_families: int, capacity: int):
    from rest_framework.authtoken.models import Token

    from families.tests.factories_lectures import LectureFactory
    from portal.models import User

    lecture = LectureFactory(title="基准讲座", capacity=capacity)
    users = User.objects.bulk_create(
        User(username=f"rush{n:04d}", name=f"家庭{n}") for n in range(n_families)
    )
    tokens = Token.objects.bulk_create(Token(user=user, key=f"{user.pk:040d}") for user in users)
    return lecture, [token.key for token in tokens]


def _start_server(port: int, database_name: str) -> subprocess.Popen:
    from django.db import connection

    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}"
        + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
        + f"@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{database_name}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "TEST_DATABASE_URL": url,
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _ = _request(port, "GET", "/healthz")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"gunicorn did not start: {server.stderr.read().decode()[-2000:]}")


def _request(port: int, method: str, url: str, token: str = "", body: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    headers = {"Host": "127.0.0.1"}
    payload = None
    if token:
        headers["Authorization"] = f"Token {token}"
    if body is not None:
        payload = json.dumps(body)
        headers["Content-Type"] = "application/json"
    try:
        conn.request(method, url, body=payload, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _fire(jobs, concurrency: int):
    """Run all `jobs` (callables) from `concurrency` threads released
    together; returns (results, seconds)."""
    barrier = threading.Barrier(concurrency + 1)
    results = [None] * len(jobs)
    cursor = iter(range(len(jobs)))
    lock = threading.Lock()

    def worker():
        barrier.wait()
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                return
            try:
                results[index] = jobs[index]()
            except Exception as error:  # noqa: BLE001 - counted as an error
                results[index] = ("error", repr(error))

    with ThreadPoolExecutor(concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(worker)
        barrier.wait()
        started = time.perf_counter()
    return results, time.perf_counter() - started


def rush(database_name: str) -> dict:
    from families.models import Lecture, Registration, RegistrationStatus

    lecture, tokens = _build(FAMILIES, CAPACITY)
    port = _free_port()
    server = _start_server(port, database_name)
    try:
        url = f"/api/lectures/{lecture.pk}/register/"

        def sign_up(token):
            status, body = _request(port, "POST", url, token, {"seats": 1})
            if status != 201:
                return ("error", status)
            return ("ok", json.loads(body)["status"])

        results, seconds = _fire([lambda t=t: sign_up(t) for t in tokens], CONCURRENCY)
        bare, bare_seconds = _fire(
            [lambda: _request(port, "GET", "/healthz")] * BARE_REQUESTS, CONCURRENCY
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    lecture = Lecture.objects.get(pk=lecture.pk)
    rows = Registration.objects.filter(lecture=lecture)
    errors = [r for r in results if r[0] == "error"]
    return {
        "signup_rush": {
            "families": FAMILIES,
            "capacity": CAPACITY,
            "concurrency": CONCURRENCY,
            "gunicorn_workers": WORKERS,
            "confirmed_seats": lecture.seats_taken,
            "confirmed_rows": rows.filter(status=RegistrationStatus.CONFIRMED).count(),
            "waiting": rows.filter(status=RegistrationStatus.WAITING).count(),
            "errors": len(errors),
            "overbooked": lecture.seats_taken > lecture.capacity,
            "signup_rps": round(len(results) / seconds, 1),
            "signup_seconds": round(seconds, 2),
        },
        "signup_rush_bare_view": {
            "view": "/healthz (SELECT 1)",
            "requests": BARE_REQUESTS,
            "errors": sum(1 for status, _ in bare if status != 200),
            "rps": round(BARE_REQUESTS / bare_seconds, 1),
        },
    }


def run() -> dict:
    """Called by bench/run.py inside its throwaway database."""
    from django.db import connection

    return rush(connection.settings_dict["NAME"])


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ["TEST_DB_NAME"] = "tongxin_bench_rush"
    import django

    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    config = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        results = run()
    finally:
        from django.db import connections

        connections.close_all()
        teardown_databases(config, verbosity=0)
    path = ROOT / "bench" / "results.json"
    merged = json.loads(path.read_text()) if path.exists() else {}
    merged.update(results)
    path.write_text(json.dumps(merged, indent=2, ensure_ascii=False))
    for name, row in results.items():
        print(name, ", ".join(f"{key}={value}" for key, value in row.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
