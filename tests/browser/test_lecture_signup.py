"""A parent on a phone: signs up with a mobile number, binds a child with the
school's code, asks for a seat at a full lecture, lands on the waiting
list, is promoted when another family cancels, and downloads the .ics.
Screenshots at phone and desktop width go to test-artifacts/lectures/."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from families.models import FamilyLink, Registration, RegistrationStatus
from families.services import binding as binding_services
from families.services import lectures as services
from families.tests.factories_lectures import LectureFactory
from portal.models import Notification, User
from portal.tests.factories import UserFactory
from schools.tests.factories import GuardianshipFactory
from tests.browser.helpers import PASSWORD, log_in, zh
from tests.browser.test_login import code_in, wait_for_sms

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "lectures"
PHONE = "13912340001"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


@pytest.fixture
def full_lecture(city, people):
    lecture = LectureFactory(
        title="如何陪伴孩子度过青春期",
        capacity=2,
        venue="青秀区第一小学报告厅",
        online_url="https://live.example.cn/room/88",
        audience_grades=[3, 4],
        starts_at=timezone.localtime(timezone.now() + datetime.timedelta(days=5)).replace(
            hour=19, minute=0, second=0, microsecond=0
        ),
        description="市家庭教育讲师团专家主讲,欢迎三、四年级家长参加。",
    )
    LectureFactory(title="隔代教育:祖辈如何帮忙不添乱", venue="", online_url="https://x.cn/1")
    holder = UserFactory(username="holder")
    held = services.register_for_lecture(lecture=lecture, user=holder, seats=2)
    return lecture, held


def test_parent_signs_up_binds_joins_waiting_list_is_promoted_and_gets_ics(
    page, city, people, full_lecture
):
    lecture, held = full_lecture
    GuardianshipFactory(student=city.student_1, guardian__phone=PHONE)
    [code] = [
        c
        for c in binding_services.issue_codes_for_class(
            issued_by=people.head_teacher, school_class=city.class_1
        )
        if c.student_id == city.student_1.pk
    ]

    # Sign up with the mobile number and the SMS code.
    page.goto("/accounts/signup/")
    page.locator("input[name=phone]").fill(PHONE)
    page.locator("input[name=phone]").press("Enter")
    code_input = page.locator("input[name=code]")
    expect(code_input).to_be_visible()
    code_input.fill(code_in(wait_for_sms(PHONE)))
    code_input.press("Enter")
    expect(page.locator("header")).to_contain_text("139****0001")

    # Bind the child with the school's code.
    page.goto("/family/bind/")
    page.locator("input[name='code-code']").fill(code.code)
    page.locator("input[name='code-code']").press("Enter")
    expect(page.locator("main")).to_contain_text("李明")
    parent = User.objects.get(phone=PHONE)
    assert FamilyLink.objects.filter(user=parent, student=city.student_1).exists()

    # The lecture is full: join the waiting list.
    page.goto("/family/lectures/")
    shot(page, "list-390")
    page.get_by_role("link", name=lecture.title).click()
    expect(page.locator("main")).to_contain_text(zh("Join the waiting list"))
    page.locator("label[for=id_seats_1]").click()
    shot(page, "signup-390")
    page.get_by_role("button", name=zh("Join the waiting list")).click()
    expect(page.locator("#my-registration")).to_contain_text(
        zh("You are number %(n)s on the waiting list.") % {"n": 1}
    )
    mine = Registration.objects.get(user=parent, lecture=lecture)
    assert (mine.status, mine.seats) == (RegistrationStatus.WAITING, 2)
    shot(page, "waiting-390")

    # Another family cancels; this one is promoted and told.
    services.cancel_registration(registration=held, by=held.user)
    page.reload()
    mine.refresh_from_db()
    assert mine.status == RegistrationStatus.CONFIRMED
    expect(page.locator("#my-registration")).to_contain_text(mine.check_in_code)
    assert Notification.objects.filter(recipient=parent, kind="families.promoted").exists()
    shot(page, "detail-confirmed-390")

    # Download the calendar file and read it.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"\.ics")).click()
    download = download_info.value
    assert download.suggested_filename == f"lecture-{lecture.pk}.ics"
    with open(download.path(), encoding="utf-8", newline="") as file:
        body = file.read().replace("\r\n ", "")
    assert "BEGIN:VEVENT" in body
    assert f"UID:registration-{mine.pk}@tongxin" in body
    assert "SUMMARY:如何陪伴孩子度过青春期" in body
    assert "DTSTART;TZID=Asia/Shanghai:" in body and "T190000" in body
    assert "LOCATION:青秀区第一小学报告厅" in body
    assert mine.check_in_code in body

    page.goto("/family/lectures/mine/")
    expect(page.locator("main")).to_contain_text(lecture.title)
    shot(page, "mine-390")


def test_lecture_pages_at_desktop_width(desktop_page, people, full_lecture):
    lecture, _held = full_lecture
    page = desktop_page
    log_in(page, "pan", PASSWORD)
    page.goto("/family/lectures/")
    expect(page.locator("h1")).to_be_visible()
    shot(page, "list-1280")
    page.goto(f"/family/lectures/{lecture.pk}/")
    shot(page, "detail-1280")
    page.get_by_role("button", name=zh("Join the waiting list")).click()
    expect(page.locator("#my-registration")).to_be_visible()
    shot(page, "waiting-1280")
    page.goto("/family/lectures/mine/")
    shot(page, "mine-1280")
