"""Sign-up rush: 3,000 families ask for 300 seats at one lecture at the same
moment, through gunicorn on the city database, ten times over. One family in
ten double-clicks (its second request goes out at the same moment), so
"no family holds two registrations" is really put to the test.

Each run must end with exactly 300 confirmed seats, no family registered
twice and no server error. Requests per second are compared with the bare
view (one query, same server, same middleware) hit by the same client at
the same concurrency. The client is one asyncio process that opens every
connection at once (Connection: close), the way a crowd arrives."""

from __future__ import annotations

import asyncio
import json
import statistics
import time

from bench import server

FAMILIES = 3_000
CAPACITY = 300
DOUBLE_CLICK_EVERY = 10
RUNS = 10
RATIO_TARGET = 0.5


async def _one(port: int, request: bytes) -> int:
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        await writer.drain()
        data = await reader.read()
        writer.close()
        return int(data[9:12])
    except (OSError, ValueError):
        return 0  # a refused or broken connection


async def _crowd(port: int, requests: list[bytes]) -> tuple[list[int], float]:
    started = time.perf_counter()
    statuses = await asyncio.gather(*(_one(port, request) for request in requests))
    return list(statuses), time.perf_counter() - started


def crowd(port: int, requests: list[bytes]) -> tuple[list[int], float]:
    return asyncio.run(_crowd(port, requests))


def _post(path: str, token: str, body: dict) -> bytes:
    payload = json.dumps(body).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"Authorization: Token {token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


def _get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()


def _families(count: int) -> list[str]:
    """`count` parent accounts with API tokens, made once per database."""
    from rest_framework.authtoken.models import Token

    from portal.models import User

    users = list(User.objects.filter(username__startswith="rush-family-").order_by("pk")[:count])
    if len(users) < count:
        users += User.objects.bulk_create(
            User(username=f"rush-family-{n:05d}", name=f"抢报家庭{n}")
            for n in range(len(users), count)
        )
        Token.objects.bulk_create(
            (Token(user=user, key=f"rush{user.pk:036d}") for user in users),
            ignore_conflicts=True,
        )
    return [f"rush{user.pk:036d}" for user in users]


def _lecture(run: int):
    from families.tests.factories_lectures import LectureFactory

    # Named by the clock: the city database is kept from one benchmark run to the next.
    stamp = time.time_ns()
    return LectureFactory(
        title=f"抢报基准讲座 第{run + 1}轮",
        capacity=CAPACITY,
        parent_school__name=f"抢报基准家长学校{stamp}",
    )


def _outcome(lecture, statuses: list[int]) -> dict:
    from django.db.models import Count

    from families.models import Lecture, Registration, RegistrationStatus

    rows = Registration.objects.filter(lecture=lecture)
    doubled = rows.values("user").annotate(n=Count("pk")).filter(n__gt=1).count()
    return {
        "confirmed": rows.filter(status=RegistrationStatus.CONFIRMED).count(),
        "seats_taken": Lecture.objects.get(pk=lecture.pk).seats_taken,
        "waiting": rows.filter(status=RegistrationStatus.WAITING).count(),
        "duplicates": doubled,
        "server_errors": sum(1 for s in statuses if s >= 500 or s == 0),
        "refused_second_clicks": sum(1 for s in statuses if s == 400),
    }


def run(database: str) -> dict:
    tokens = _families(FAMILIES)
    runs = []
    with server.Gunicorn(database) as gunicorn:
        meter = gunicorn.meter()
        meter.start()
        for number in range(RUNS):
            lecture = _lecture(number)
            path = f"/api/lectures/{lecture.pk}/register/"
            requests = [_post(path, token, {"seats": 1}) for token in tokens]
            requests += requests[::DOUBLE_CLICK_EVERY]
            statuses, seconds = crowd(gunicorn.port, requests)
            bare_statuses, bare_seconds = crowd(
                gunicorn.port, [_get("/bench/bare")] * len(requests)
            )
            runs.append(
                {
                    **_outcome(lecture, statuses),
                    "rps": round(len(requests) / seconds, 1),
                    "bare_rps": round(len(requests) / bare_seconds, 1),
                    "bare_errors": sum(1 for s in bare_statuses if s != 200),
                }
            )
        cpu = meter.stop()
    _drop_queued_notifications()
    return {"signup_rush": _summary(runs, cpu, len(requests))}


def _summary(runs: list[dict], cpu: dict, requests: int) -> dict:
    exact = all(
        r["confirmed"] == CAPACITY and r["seats_taken"] == CAPACITY and r["duplicates"] == 0
        for r in runs
    )
    ratio = statistics.median(r["rps"] / r["bare_rps"] for r in runs)
    return {
        "families": FAMILIES,
        "requests_per_run": requests,
        "seats": CAPACITY,
        "runs": len(runs),
        "confirmed_per_run": [r["confirmed"] for r in runs],
        "duplicates": sum(r["duplicates"] for r in runs),
        "server_errors": sum(r["server_errors"] for r in runs),
        "refused_second_clicks_per_run": [r["refused_second_clicks"] for r in runs],
        "exactly_300_every_run": exact,
        "rps_median": statistics.median(r["rps"] for r in runs),
        "bare_rps_median": statistics.median(r["bare_rps"] for r in runs),
        "ratio_to_bare": round(ratio, 2),
        "target": RATIO_TARGET,
        "meets_target": ratio >= RATIO_TARGET,
        "load_generator_cpu_share": cpu["load_generator_share"],
        "cpu_s": cpu["cpu_s"],
    }


def _drop_queued_notifications() -> None:
    """The confirmations the rush queued have no worker in this benchmark."""
    import redis

    redis.Redis.from_url("redis://127.0.0.1:6379/11").flushdb()


if __name__ == "__main__":
    from bench.city import main

    raise SystemExit(main(run))
