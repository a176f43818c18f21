"""Logging in and signing up through the real pages, as people do it.

Expected texts come from the translation catalogue, so the tests hold in
Chinese (the browser asks for zh-CN) whether or not a string is translated yet.
"""

import re
import time

import pytest
from allauth.account.adapter import get_adapter
from playwright.sync_api import expect

from portal import sms
from portal.models import Role, User
from tests.browser.helpers import PASSWORD, log_in, zh

pytestmark = pytest.mark.browser


def wait_for_sms(phone: str, timeout: float = 5.0) -> sms.SmsMessage:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in sms.outbox:
            if message.phone == phone:
                return message
        time.sleep(0.05)
    raise AssertionError(f"no SMS reached {phone}; outbox: {sms.outbox!r}")


def code_in(message: sms.SmsMessage) -> str:
    """The verification code is the only run of capitals and digits (with
    dashes) in the text, whatever language the text is in."""
    match = re.search(r"(?<![\w-])[A-Z0-9]{3,}(?:-[A-Z0-9]{3,})*(?![\w-])", message.text)
    assert match, f"no code in {message.text!r}"
    return match.group(0)


def test_head_teacher_logs_in_with_password_and_lands_on_workbench(desktop_page, people):
    page = desktop_page

    log_in(page, "huang", PASSWORD)

    expect(page).to_have_url(re.compile(r"/workbench/$"))
    expect(page.locator("h1")).to_contain_text("黄老师")
    expect(page.locator("main")).to_contain_text(zh(Role.HEAD_TEACHER.label))


def test_head_teacher_logs_in_on_a_phone(page, people):
    log_in(page, "huang", PASSWORD)

    expect(page).to_have_url(re.compile(r"/workbench/$"))
    expect(page.locator("h1")).to_contain_text("黄老师")


def test_wrong_password_shows_an_error_and_stays_on_login(desktop_page, people):
    page = desktop_page

    log_in(page, "huang", "not the password")

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    message = zh(get_adapter().error_messages["username_password_mismatch"])
    expect(page.get_by_text(message)).to_be_visible()
    expect(page.locator("input[name=login]")).to_have_value("huang")


def test_parent_signs_up_with_mobile_number_and_sms_code(page, transactional_db):
    phone = "13812345678"
    page.goto("/")
    page.locator("main a[href='/accounts/signup/']").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))

    page.locator("input[name=phone]").fill(phone)
    page.locator("input[name=phone]").press("Enter")

    code_input = page.locator("input[name=code]")
    expect(code_input).to_be_visible()
    code = code_in(wait_for_sms(phone))
    code_input.fill(code)
    code_input.press("Enter")

    expect(page.locator("header")).to_contain_text("138****5678")
    expect(page.get_by_role("link", name=zh("Sign up"))).to_have_count(0)
    user = User.objects.get(phone=phone)
    assert user.phone_verified
    assert set(user.role_assignments.values_list("role", flat=True)) == {Role.PARENT}
