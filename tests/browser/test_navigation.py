"""Finding one's way: the phone menu, the inbox and the language switch."""

import re

import pytest
from playwright.sync_api import expect

from portal import notify
from tests.browser.helpers import PASSWORD, log_in, zh

pytestmark = pytest.mark.browser


def test_phone_menu_leads_to_the_inbox_where_a_notice_is_marked_read(page, people):
    notify.notify(
        kind="portal.announcement",
        recipient=people.head_teacher,
        subject_key="browser-test",
        title="关于开展“万名教师访万家”活动的通知",
    )
    log_in(page, "huang", PASSWORD)
    expect(page).to_have_url(re.compile(r"/workbench/$"))
    nav = page.locator("#site-nav")
    expect(nav).to_be_hidden()

    page.locator(".menu-toggle").click()
    expect(nav).to_be_visible()
    nav.get_by_role("link", name=re.compile(zh("Inbox"))).click()

    expect(page).to_have_url(re.compile(r"/inbox/$"))
    item = page.locator(".inbox li", has_text="万名教师访万家")
    expect(item).to_have_class(re.compile(r"\bunread\b"))
    item.get_by_role("button", name=zh("Mark read")).click()
    expect(page.locator(".inbox li", has_text="万名教师访万家")).not_to_have_class(
        re.compile(r"\bunread\b")
    )
    expect(page.locator(".menu-toggle .badge")).to_have_count(0)


def test_language_switch_changes_the_page_to_english(desktop_page):
    page = desktop_page
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    page.locator("#language-select").select_option("en")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/$"))
