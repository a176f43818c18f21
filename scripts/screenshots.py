#!/usr/bin/env python
"""Full-page screenshots of every page, at phone and desktop width, in
Chinese and English, into test-artifacts/screenshots/.

It builds a throwaway SQLite database with a small city and a few people,
serves it with `manage.py runserver` on a free port, and drives the system
Chromium (never a downloaded one). Sessions are made directly in the
database, so the pictures do not depend on the login flow working.

    .venv/bin/python scripts/screenshots.py [--only inbox] [--keep]
"""

import argparse
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
LANGUAGES = {
    "zh": {"locale": "zh-CN", "django": "zh-hans"},
    "en": {"locale": "en-US", "django": "en"},
}
PASSWORD = "correct horse battery"

# name, path, who is logged in (None: nobody)
PAGES = [
    ("home", "/", None),
    ("login", "/accounts/login/", None),
    ("signup", "/accounts/signup/", None),
    ("login-code", "/accounts/login/code/", None),
    ("home-parent", "/", "parent"),
    ("workbench", "/workbench/", "teacher"),
    ("menu-open", "/workbench/", "teacher"),
    ("inbox", "/inbox/", "teacher"),
    ("notification-settings", "/settings/notifications/", "teacher"),
    ("admin-index", "/admin/", "officer"),
    ("admin-schools", "/admin/schools/school/", "officer"),
    ("admin-students", "/admin/schools/student/", "officer"),
    ("admin-school-change", "/admin/schools/school/{school_pk}/change/", "officer"),
    ("api-docs", "/api/docs/", "officer"),
    ("dashboard-district", "/dashboard/district/{district_pk}/", "district"),
    ("reports", "/dashboard/reports/", "district"),
    ("report-roster", "/dashboard/reports/{roster_pk}/", "district"),
    ("healthz", "/healthz", None),
]


def environment(database: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.local",
        DATABASE_URL=f"sqlite:///{database}",
        # DEBUG lets WhiteNoise serve static files from the finders, with no
        # collectstatic into the repository.
        DEBUG="true",
        REDIS_URL="",
        CELERY_BROKER_URL="",
        SMS_BACKEND="portal.sms.ConsoleBackend",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    return env


def build_city():
    """A district, two schools, a class with students and guardians, and
    the people whose pages are photographed; returns their sessions."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from portal import notify
    from portal.middleware import TWO_FACTOR_SESSION_KEY
    from portal.models import Role
    from portal.tests.factories import UserFactory, assign
    from schools.tests.factories import (
        DistrictFactory,
        SchoolClassFactory,
        SchoolFactory,
        StudentFactory,
    )

    call_command("migrate", verbosity=0, interactive=False)
    qingxiu = DistrictFactory(name="青秀区", code="450103")
    xixiangtang = DistrictFactory(name="西乡塘区", code="450107")
    school = SchoolFactory(district=qingxiu, name="南宁市青秀区第一实验小学", code="S450103001")
    SchoolFactory(district=qingxiu, name="青秀区长塘镇中心学校", code="S450103002")
    SchoolFactory(district=xixiangtang, name="西乡塘区滨江小学", code="S450107001")
    class_1 = SchoolClassFactory(school=school, grade=3, number=1)
    for name in ["李明", "王芳", "黄小雨", "韦嘉怡", "陆子轩", "覃思远", "蒙欣然", "农家宝"]:
        StudentFactory(school_class=class_1, name=name)

    teacher = UserFactory(username="huang", name="黄丽华", phone="13807710001")
    assign(teacher, Role.HEAD_TEACHER, school_class=class_1)
    officer = UserFactory(username="chen", name="陈志远", phone="13807710002")
    assign(officer, Role.CITY_OFFICER)
    parent = UserFactory(username="pan", name="潘秀英", phone="13807710003")
    assign(parent, Role.PARENT)
    district_officer = UserFactory(username="deng", name="邓卫东", phone="13807710004")
    assign(district_officer, Role.DISTRICT_OFFICER, district=qingxiu)
    reports = _district_reports(district_officer, qingxiu)

    now = timezone.now()
    items = [
        (
            "portal.safety",
            "暴雨红色预警：明日全市中小学停课",
            "请通知班级家长，做好学生居家安全提醒。",
        ),
        (
            "portal.announcement",
            "关于开展2026年春季学期“万名教师访万家”活动的通知",
            "各校请于4月30日前完成第一轮家访，并在平台登记家访记录。",
        ),
        ("portal.account", "您已被授予“班主任”角色", "三年级（1）班"),
        ("portal.announcement", "新父母大讲堂第12期：如何陪伴孩子度过青春期", ""),
        ("portal.announcement", "家长学校星级评定材料提交提醒", "截止日期：5月15日。"),
    ]
    for index, (kind, title, body) in enumerate(items):
        notify.notify(
            kind=kind,
            recipient=teacher,
            subject_key=f"screenshot-{index}",
            title=title,
            body=body,
            url="/workbench/" if index == 1 else "",
            due_at=now - timezone.timedelta(hours=index * 7),
        )
    teacher.notifications.filter(subject_key="screenshot-4").update(read_at=now)

    sessions = {}
    people = {
        "teacher": teacher,
        "officer": officer,
        "parent": parent,
        "district": district_officer,
    }
    for who, user in people.items():
        client = Client()
        client.force_login(user)
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
        # The screenshots show pages, not the TOTP ceremony in front of them.
        session = SessionStore(session_key=key)
        session[TWO_FACTOR_SESSION_KEY] = True
        session.save()
        sessions[who] = key
    return sessions, {"school_pk": school.pk, "district_pk": qingxiu.pk, **reports}


def _district_reports(officer, district) -> dict:
    """Last month's indicator report and the district's roster export,
    built in-process as a worker would."""
    from django.db import transaction

    from portal.dashboard.periods import parse_month
    from portal.dashboard.selectors import Area
    from portal.models import AreaLevel, ReportKind
    from portal.reports.services import request_report

    area = Area(AreaLevel.DISTRICT, district=district)
    with transaction.atomic():
        request_report(user=officer, area=area, month=parse_month(None), kind=ReportKind.INDICATORS)
        roster = request_report(
            user=officer, area=area, month=parse_month(None), kind=ReportKind.STUDENTS
        )
    return {"roster_pk": roster.pk}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"runserver exited with {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"runserver did not answer at {url}")


outside_requests: set[str] = set()


def note_outside(url: str, base_url: str) -> None:
    """Every script, stylesheet and font must come from the portal itself."""
    if not url.startswith((base_url, "data:", "blob:")):
        outside_requests.add(url)


def photograph(base_url: str, sessions: dict, values: dict, only: str | None) -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for language, width_name, (name, path, who) in itertools.product(LANGUAGES, WIDTHS, PAGES):
            if only and only not in name:
                continue
            if name == "menu-open" and width_name != "phone":
                continue
            target = OUT / f"{language}-{width_name}-{name}.png"
            status, url = shoot(
                browser,
                base_url,
                path.format(**values),
                target,
                language=language,
                width_name=width_name,
                session=sessions.get(who),
                open_menu=name == "menu-open",
            )
            print(f"{status} {target.relative_to(ROOT)}  ({url.removeprefix(base_url)})")
            taken.append(target)
        browser.close()
    return taken


def shoot(browser, base_url, path, target, *, language, width_name, session, open_menu):
    width, height = WIDTHS[width_name]
    phone = width_name == "phone"
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=2 if phone else 1,
        is_mobile=phone,
        has_touch=phone,
        locale=LANGUAGES[language]["locale"],
        timezone_id="Asia/Shanghai",
    )
    cookies = [{"name": "django_language", "value": LANGUAGES[language]["django"], "url": base_url}]
    if session:
        cookies.append({"name": "sessionid", "value": session, "url": base_url})
    context.add_cookies(cookies)
    page = context.new_page()
    page.on("request", lambda request: note_outside(request.url, base_url))
    response = page.goto(base_url + path, wait_until="networkidle")
    if open_menu:
        page.locator(".menu-toggle").click()
        page.mouse.move(0, height - 1)
        page.wait_for_timeout(300)
    page.screenshot(path=target, full_page=True)
    final_url = page.url
    context.close()
    return (response.status if response else "?"), final_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="photograph only pages whose name contains this")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    args = parser.parse_args()
    if not shutil.which(CHROMIUM):
        sys.exit(f"no Chromium at {CHROMIUM}; set $CHROMIUM to the system browser")

    workdir = Path(tempfile.mkdtemp(prefix="tongxin-screenshots-"))
    env = environment(workdir / "screenshots.sqlite3")
    os.environ.update(env)
    os.environ["SMS_BACKEND"] = "portal.sms.LocmemBackend"
    # Playwright's sync API runs an event loop in this thread; the ORM work
    # here happens before it starts, but Django checks for any loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    sessions, values = build_city()

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base_url}/healthz", server)
        taken = photograph(base_url, sessions, values, args.only)
    finally:
        server.terminate()
        try:
            _out, errors = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            _out, errors = server.communicate()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    tracebacks = [line for line in (errors or "").splitlines() if "Traceback" in line]
    print(f"{len(taken)} screenshots in {OUT.relative_to(ROOT)}")
    if outside_requests:
        print("requests outside the portal:", *sorted(outside_requests), sep="\n  ")
    if tracebacks:
        print(errors, file=sys.stderr)
        sys.exit("the server raised errors while being photographed")
    if outside_requests:
        sys.exit("pages asked for assets outside the portal")


if __name__ == "__main__":
    main()
