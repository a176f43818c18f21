"""Pages at scale: the pages people open most, on the seeded city, at 50
concurrent users through gunicorn, each beside the bare view (one query,
same server, same middleware) as a ratio of requests per second.

Queries per request are counted in-process with Django's test client on the
same database, for the same persona, after one warming request."""

from __future__ import annotations

from dataclasses import dataclass

from bench import server

CONCURRENCY = 50
SECONDS = 10
RATIO_TARGET = 0.6


@dataclass
class Page:
    name: str
    path: str
    user: object | None  # None: anonymous


def pick_pages() -> list[Page]:
    """A typical user of each page from the seeded city: a median class's
    head teacher, a median school's leader, the largest district's officer."""
    from django.db.models import Count

    from portal.models import Role, RoleAssignment
    from schools.models import District, School, SchoolClass

    primary = SchoolClass.objects.filter(school__stage="primary", is_active=True)
    school_class = primary.order_by("pk")[primary.count() // 2]
    head_teacher = (
        RoleAssignment.objects.filter(role=Role.HEAD_TEACHER, school_class=school_class)
        .select_related("user")
        .first()
        .user
    )
    school = School.objects.filter(pk=school_class.school_id).get()
    leader = (
        RoleAssignment.objects.filter(role=Role.SCHOOL_LEADER, school=school)
        .select_related("user")
        .first()
        .user
    )
    district = District.objects.annotate(enrolled=Count("students")).order_by("-enrolled").first()
    officer = (
        RoleAssignment.objects.filter(role=Role.DISTRICT_OFFICER, district=district)
        .select_related("user")
        .first()
        .user
    )
    city = RoleAssignment.objects.filter(role=Role.CITY_OFFICER).select_related("user").first()
    return [
        Page("teacher: my students", "/schools/my-students/", head_teacher),
        Page("school leader: coverage", f"/schools/coverage/schools/{school.pk}/", leader),
        Page("district officer: dashboard", f"/dashboard/district/{district.pk}/", officer),
        Page("city officer: admin students", "/admin/schools/student/", city.user),
        Page("city officer: admin home visits", "/admin/schools/homevisit/", city.user),
        Page("public: map data", "/community/map/resources.geojson", None),
    ]


def queries_per_request(page: Page) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.tests.helpers import log_in

    client = Client()
    if page.user is not None:
        log_in(client, page.user)
    client.get(page.path)  # warms the per-process caches a running server has
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.path)
    assert response.status_code == 200, (page.path, response.status_code)
    return len(queries)


def measure(gunicorn: server.Gunicorn, path: str, cookie: str) -> dict:
    status, body = server.fetch(gunicorn.base + path, cookie)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
    meter = gunicorn.meter()
    meter.start()
    result = server.wrk(
        gunicorn.base + path, cookie=cookie, connections=CONCURRENCY, seconds=SECONDS
    )
    result["cpu"] = meter.stop()
    result["response_kb"] = round(len(body) / 1024, 1)  # as sent: compressed where it is
    return result


def run(database: str) -> dict:
    pages = pick_pages()
    cookies = {id(page): server.session_cookie(page.user) if page.user else "" for page in pages}
    queries = {page.name: queries_per_request(page) for page in pages}
    results = {}
    with server.Gunicorn(database) as gunicorn:
        bare = measure(gunicorn, "/bench/bare", "")
        results["pages.bare view (SELECT 1)"] = _row(bare, bare, 1)
        for page in pages:
            measured = measure(gunicorn, page.path, cookies[id(page)])
            results[f"pages.{page.name}"] = _row(measured, bare, queries[page.name])
    return results


def _row(measured: dict, bare: dict, queries: int) -> dict:
    ratio = measured["rps"] / bare["rps"]
    return {
        "rps": measured["rps"],
        "ratio_to_bare": round(ratio, 2),
        "target": RATIO_TARGET,
        "meets_target": ratio >= RATIO_TARGET,
        "p50_ms": measured["p50_ms"],
        "p95_ms": measured["p95_ms"],
        "queries_per_request": queries,
        "errors": measured["non_2xx_3xx"] + measured["socket_errors"],
        "response_kb": measured["response_kb"],
        "load_generator_cpu_share": measured["cpu"]["load_generator_share"],
        "cpu_s": measured["cpu"]["cpu_s"],
    }


if __name__ == "__main__":
    from bench.city import main

    raise SystemExit(main(run))
