"""A parent's whole year in a real browser, on a phone and in Chinese: signs
up with a mobile number and an email address, confirms the email from the
link it brings, binds a child with the school's code, takes a seat at a
lecture, is reminded the evening before by the task the beat runs, is
checked in at the door by the school leader on another phone, and downloads
the completion certificate."""

import datetime
import re
import shutil
import subprocess

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from families import tasks
from families.models import Completion, Registration, RegistrationStatus
from families.services import binding as binding_services
from families.tests.factories_attendance import (
    CourseFactory,
    LectureFactory,
    SchoolParentSchoolFactory,
)
from portal.models import User
from schools.tests.factories import GuardianFactory, GuardianshipFactory
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import zh
from tests.browser.test_care_journey import person_page
from tests.browser.test_login import code_in, wait_for_sms

pytestmark = pytest.mark.browser

PHONE = "13912340002"
EMAIL = "pan.mother@example.cn"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=ARTIFACTS / f"parent_{name}.png", full_page=True)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def link_in(message) -> str:
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert match, f"no confirmation link in {message.body!r}"
    return match.group(0)


@pytest.fixture
def lecture(city):
    """Tomorrow evening, one lecture of a one-lecture course, at the child's school."""
    school = SchoolParentSchoolFactory(school=city.school, name="青秀区第一小学家长学校")
    course = CourseFactory(
        parent_school=school, title="新父母大讲堂·幼小衔接", lectures_to_complete=1
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    starts_at = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(19)))
    return LectureFactory(
        parent_school=school,
        course=course,
        title="陪孩子迈好小学第一步",
        venue="青秀区第一小学报告厅",
        starts_at=starts_at,
        capacity=50,
    )


def test_a_parent_signs_up_by_email_binds_attends_and_downloads_the_certificate(
    page, browser, live_server, city, people, lecture
):
    mother = GuardianFactory(name="潘丽", phone=PHONE)
    GuardianshipFactory(student=city.student_1, guardian=mother, relation="mother")
    [code] = [
        c
        for c in binding_services.issue_codes_for_class(
            issued_by=people.head_teacher, school_class=city.class_1
        )
        if c.student_id == city.student_1.pk
    ]
    secret = generate_totp_secret()
    TOTP.activate(people.school_leader, secret)

    # Sign up with the mobile number and an email address; the SMS code first.
    page.goto("/accounts/signup/")
    page.locator("input[name=phone]").fill(PHONE)
    page.locator("input[name=email]").fill(EMAIL)
    page.get_by_role("button", name=zh("Send me the code")).click()
    code_input = page.locator("input[name=code]")
    code_input.fill(code_in(wait_for_sms(PHONE)))
    code_input.press("Enter")
    expect(page.locator("header")).to_contain_text("139****0002")

    # The email brings a link that confirms the address.
    [confirmation] = [m for m in mail.outbox if EMAIL in m.to]
    assert "139****0002" in confirmation.body and "example.com" not in confirmation.body
    page.goto(link_in(confirmation))
    shot(page, "confirm_email")
    page.locator("main form button[type=submit]").click()
    shot(page, "email_confirmed")
    assert EmailAddress.objects.get(email=EMAIL).verified

    # Bind the child with the code on the school's slip.
    page.goto("/family/bind/")
    page.locator("input[name='code-code']").fill(code.code)
    page.get_by_role("button", name=zh("Add my child")).first.click()
    expect(page.locator("main")).to_contain_text("李明")
    parent = User.objects.get(phone=PHONE)

    # Take one seat at tomorrow's lecture.
    page.goto("/family/lectures/")
    page.get_by_role("link", name=lecture.title).click()
    page.locator("label[for=id_seats_0]").click()
    page.get_by_role("button", name=zh("Confirm")).click()
    registration = Registration.objects.get(user=parent, lecture=lecture)
    assert registration.status == RegistrationStatus.CONFIRMED
    expect(page.locator("#my-registration")).to_contain_text(registration.check_in_code)

    # The evening before, the beat's task reminds every family with a seat.
    mail.outbox.clear()
    assert tasks.send_lecture_reminders() == 1
    [reminder] = [m for m in mail.outbox if EMAIL in m.to]
    assert lecture.title in reminder.subject and registration.check_in_code in reminder.body
    page.goto("/inbox/")
    notice = page.locator(".inbox li", has_text=lecture.title)
    expect(notice).to_contain_text(registration.check_in_code)
    notice.get_by_role("button", name=zh("Open")).click()
    expect(page.locator(".ticket .code")).to_have_text(registration.check_in_code)
    expect(page.locator(".ticket")).to_contain_text(
        zh("Show this code at the entrance to check in.")
    )
    assert fits_the_phone(page)
    shot(page, "ticket")

    # At the door the school leader checks the family in by the ticket's code.
    door = person_page(browser, live_server, "liang", secret)
    door.goto("/family/attendance/lectures/")
    door.locator("tr", has_text=lecture.title).get_by_role("link", name=zh("Check in")).click()
    door.locator("input[name=code]").fill(registration.check_in_code)
    door.locator("form.check-in-form").get_by_role("button", name=zh("Check in")).click()
    expect(door.locator(".message.success")).to_contain_text("潘丽")
    assert fits_the_phone(door)
    shot(door, "check_in_by_staff")
    door.context.close()

    # The parent's ticket says so, and the certificate is ready.
    page.reload()
    expect(page.locator(".ticket .message.success")).to_be_visible()
    completion = Completion.objects.get(user=parent)
    page.get_by_role("link", name=zh("My certificates")).click()
    card = page.locator("section.card", has_text="新父母大讲堂·幼小衔接")
    expect(card).to_contain_text(completion.certificate_number)
    with page.expect_download() as download_info:
        card.get_by_role("link", name=zh("Download the certificate (PDF)")).click()
    download = download_info.value
    assert download.suggested_filename == f"certificate-{completion.certificate_number}.pdf"
    saved = ARTIFACTS / "parent_certificate.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(saved), "-"], capture_output=True, text=True, check=True
        ).stdout
        text = "".join(text.split())  # a long course title wraps across lines
        for expected in (
            "潘丽",
            "新父母大讲堂·幼小衔接",
            "青秀区第一小学家长学校",
            completion.certificate_number,
        ):
            assert expected in text
    assert fits_the_phone(page)
    shot(page, "certificates")
