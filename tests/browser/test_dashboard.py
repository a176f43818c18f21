"""A district officer reads the dashboard in a real browser, drills into an
indicator, requests the month's report and downloads it."""

import datetime
import io
import re

import openpyxl
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import expect

from portal.dashboard.measures import measures
from schools.services.semesters import current_semester
from schools.tests.factories import GuidanceActivityFactory
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import PASSWORD, log_in, totp_code, zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_district_officer_reads_the_dashboard_and_downloads_the_report(
    desktop_page, city, people
):
    page = desktop_page
    GuidanceActivityFactory(
        school=city.school, semester=current_semester(), held_on=datetime.date.today()
    )
    secret = generate_totp_secret()
    TOTP.activate(people.district_officer, secret)
    log_in(page, "deng", PASSWORD)
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("input[name=code]").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/"))

    page.get_by_role("link", name=zh("Dashboard")).first.click()
    expect(page.locator("h1")).to_have_text(city.qingxiu.name)
    assert page.locator("li.card.indicator").count() == len(measures())
    assert page.locator("li.card.indicator svg.trend").count() == len(measures())
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    page.get_by_role("link", name=zh("Students visited at home this semester")).first.click()
    expect(page.locator("table.places")).to_contain_text(city.school.name)

    page.get_by_role("link", name=zh("All indicators")).click()
    month = timezone.localdate().strftime("%Y-%m")
    page.locator(".report-form button[value=indicators]").click()
    expect(page.locator(".report-card")).to_contain_text(zh("Download Excel"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "dashboard_report_ready.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name=zh("Download Excel")).click()
    assert download.value.suggested_filename.endswith(f"{city.qingxiu.name} {month}.xlsx")
    with open(download.value.path(), "rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True)
    assert book.sheetnames[0] == city.qingxiu.name
