"""What a deployment promises: HTTPS only, security headers on every kind of
page, cookies that stay on HTTPS, uploads checked, the back office behind
two-factor for staff who see case data."""

import json
import os
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook
from rest_framework.test import APIClient

from portal.tests.helpers import log_in
from schools.models import Student
from schools.services.roster_import import template_header

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
]


def production_env() -> dict:
    """A production environment as a deployment would give it."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x7!" + "k2%Lq9#v" * 8,
        "ALLOWED_HOSTS": "tongxin.example.gov.cn",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/11",
        "TONGXIN_ENV_FILE": "/nonexistent",
    }
    # The browser tests' switch for Playwright's event loop is no deployment setting.
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    return env


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.fixture(scope="module")
def production():
    """The security settings as portal.settings.production makes them, read
    in a fresh interpreter: the tests' own process runs the test settings."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production_client(production, client):
    with override_settings(**production):
        yield client


# --- HTTPS ------------------------------------------------------------------


def test_production_cookies_are_secure_http_only_and_same_site(production):
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_HTTPONLY"] is True
    assert production["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert production["LANGUAGE_COOKIE_SECURE"] is True
    assert production["LANGUAGE_COOKIE_SAMESITE"] == "Lax"


def test_production_sends_a_year_of_hsts_on_https(production_client):
    response = production_client.get("/", secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_production_trusts_https_from_the_proxy(production_client):
    response = production_client.get("/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_production_redirects_plain_http_to_https(production_client):
    response = production_client.get("/family/?page=2")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/family/?page=2"
    assert "Strict-Transport-Security" not in response


def test_a_login_over_https_sets_only_secure_cookies(production_client, people):
    production_client.get(reverse("account_login"), secure=True)

    response = production_client.post(
        reverse("account_login"), {"login": "pan", "password": PASSWORD}, secure=True
    )

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    csrf = production_client.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    assert csrf["samesite"] == "Lax"


def test_the_language_switch_sets_a_secure_cookie(production_client):
    response = production_client.post(reverse("set_language"), {"language": "en"}, secure=True)

    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["secure"] and cookie["samesite"] == "Lax"


# --- Security headers ---------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/accounts/login/",
        "/community/",
        "/admin/login/",
        "/api/me/",
        "/api/schema/",
        "/api/docs/",
        "/no-such-page/",
    ],
)
def test_every_kind_of_page_carries_the_security_headers(client, city, url):
    response = client.get(url)

    assert response.status_code < 500
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_admin_page_carries_the_security_headers(client, people):
    log_in(client, people.school_leader)

    response = client.get(reverse("admin:schools_student_changelist"))

    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_an_api_answer_carries_the_security_headers(people):
    api = APIClient()
    api.force_authenticate(people.parent)

    response = api.get(reverse("api:me"))

    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- Uploads ------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GOOD_ROW = ["青秀区", "青秀区第一小学", "三年级", "1班", "Q001", "陈晨", "男", "2016-03-14"]
WRONG_FILES = [
    pytest.param("roster.csv", b"a,b\n1,2\n", "is not an .xlsx workbook", id="csv"),
    pytest.param("roster.xls", b"\xd0\xcf\x11\xe0", "is not an .xlsx workbook", id="xls"),
    pytest.param("roster.xlsx", b"not a zip", "is not an Excel workbook", id="fake-xlsx"),
    pytest.param("roster.xlsx", b"", "The submitted file is empty", id="empty"),
    pytest.param("roster.xlsx", b"PK" + b"x" * (5 * 1024 * 1024), "the limit is 5.0", id="6MB"),
]


def workbook_upload(name="roster.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(template_header())
    book.active.append(GOOD_ROW)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def test_every_file_field_is_known_and_none_is_uploaded_through_the_admin():
    """A new upload field must come with its type and size checks: add it
    here once it has them, with a test below."""
    file_fields = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }

    assert file_fields == {"portal.Report.xlsx", "portal.Report.csv"}
    from portal.models import Report

    report_admin = admin.site._registry[Report]
    assert not report_admin.has_add_permission(None)
    assert not report_admin.has_change_permission(None)


@pytest.mark.parametrize(("name", "content", "message"), WRONG_FILES)
def test_the_roster_page_refuses_a_wrong_file_and_saves_nothing(
    client, city, people, name, content, message
):
    log_in(client, people.school_leader)
    students = Student.objects.count()

    response = client.post(
        reverse("schools:roster-import"), {"file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Student.objects.count() == students


@pytest.mark.parametrize(("name", "content", "message"), WRONG_FILES)
def test_the_roster_api_refuses_a_wrong_file_and_saves_nothing(
    city, people, name, content, message
):
    api = APIClient()
    api.force_authenticate(people.school_leader)
    students = Student.objects.count()

    response = api.post(
        reverse("api:roster-import"),
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )

    assert response.status_code == 400
    assert message in json.dumps(response.json(), ensure_ascii=False)
    assert Student.objects.count() == students


def test_the_roster_api_accepts_the_template(city, people):
    api = APIClient()
    api.force_authenticate(people.school_leader)

    response = api.post(
        reverse("api:roster-import"), {"file": workbook_upload()}, format="multipart"
    )

    assert response.status_code == 200, response.content
    assert Student.objects.filter(student_number="Q001", name="陈晨").exists()


# --- The back office behind two-factor ------------------------------------------

CASE_DATA_STAFF = ["city_officer", "district_officer", "school_leader", "counsellor", "case_worker"]
ADMIN_PAGES = [
    "/admin/",
    "/admin/schools/student/",
    "/admin/programs/",
    "/admin/portal/report/",
]


@pytest.mark.parametrize("persona", CASE_DATA_STAFF)
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_case_data_staff_meet_two_factor_before_any_admin_page(client, people, persona, url):
    client.force_login(getattr(people, persona))

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("persona", CASE_DATA_STAFF)
def test_case_data_staff_reach_the_admin_after_two_factor(client, people, persona):
    log_in(client, getattr(people, persona))

    response = client.get("/admin/")

    assert response.status_code == 200


def test_the_admin_login_form_cannot_skip_two_factor(client, people):
    response = client.post(
        reverse("admin:login"), {"username": "lu", "password": PASSWORD, "next": "/admin/"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
