"""Targets are data: a city officer at a desk logs in with two-factor,
raises the guidance-activity target in the back office, and the city's
dashboard judges every school against the new figure at once."""

import datetime
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from portal.models import Target
from schools.indicators import GUIDANCE_ACTIVITIES
from schools.services.semesters import current_semester
from schools.tests.factories import GuidanceActivityFactory
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import PASSWORD, log_in, totp_code, zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABEL = zh("Family-education guidance activities per school per semester")


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"target_{name}.png", full_page=True)


def target_line(target: int) -> re.Pattern:
    """The card's target line, whatever share of the target is due by today."""
    line = zh("Target %(target)s · by now %(expected)s") % {"target": target, "expected": "@"}
    return re.compile(re.escape(line).replace("@", r"[\d.]+"))


def test_a_city_officer_edits_a_target_and_the_dashboard_follows(desktop_page, city, people):
    page = desktop_page
    semester = current_semester()
    for school in (city.school, city.other_school):
        GuidanceActivityFactory(school=school, semester=semester, held_on=datetime.date.today())
    secret = generate_totp_secret()
    TOTP.activate(people.city_officer, secret)
    log_in(page, "chen", PASSWORD)
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("input[name=code]").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/"))

    page.goto("/dashboard/city/")
    card = page.locator("li.card.indicator", has_text=LABEL)
    expect(card).to_contain_text(target_line(2))
    expect(card.locator(".rag")).to_have_text(zh("Behind"))

    # In the back office: Targets, this indicator's city-wide row, 2 → 1.
    page.goto("/admin/")
    page.get_by_role("link", name=zh("targets").capitalize(), exact=True).click()
    page.get_by_role("link", name=LABEL).click()
    expect(page.locator(".breadcrumbs")).to_contain_text(f"{LABEL} = 2.00")
    expect(page.locator("#user-tools")).to_contain_text("陈")
    page.locator("input[name=value]").fill("1")
    page.locator("input[name=note]").fill("试点学期：每校每学期至少 1 次")
    shot(page, "admin_form")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    row = Target.objects.get(indicator=GUIDANCE_ACTIVITIES.key, district=None, school=None)
    assert row.value == 1

    page.goto("/dashboard/city/")
    card = page.locator("li.card.indicator", has_text=LABEL)
    expect(card).to_contain_text(target_line(1))
    expect(card.locator(".rag")).to_have_text(zh("On track"))
    card.scroll_into_view_if_needed()
    shot(page, "dashboard_after")
