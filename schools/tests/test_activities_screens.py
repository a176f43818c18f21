"""The school-life pages in a real browser at phone and desktop width, with
a screenshot of each in test-artifacts/school-life/ for people to look at."""

import datetime
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from schools.models import CommitteeDecision, CommitteeMeeting, CommitteeMember, LawSession
from schools.services.semesters import current_semester
from schools.tests.factories import (
    GuardianshipFactory,
    GuidanceActivityFactory,
    LawAppointmentFactory,
    LawVicePrincipalFactory,
    ParentCommitteeFactory,
    SchoolFactory,
    StudentFactory,
)

CHROMIUM = "/usr/bin/chromium"
OUT = Path(settings.BASE_DIR) / "test-artifacts" / "school-life"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="no system Chromium"),
]


def _school_life(city):
    today = timezone.localdate()
    semester = current_semester()
    names = ["青秀区民主路小学", "青秀区桃源路小学", "青秀区长湖路小学", "青秀区凤翔路小学"]
    schools = [SchoolFactory(district=city.qingxiu, name=name) for name in names]
    for index, school in enumerate(schools):
        for _ in range(index):
            GuidanceActivityFactory(school=school, semester=semester, held_on=today)
    GuidanceActivityFactory(
        school=city.school, semester=semester, held_on=today, kind="lecture",
        title="“双减”政策解读家长讲座", audience="全体家长", invited=420, attendance=388,
        notes="邀请市家庭教育讲师团专家主讲，线上同步直播。",
    )  # fmt: skip
    committee = ParentCommitteeFactory(
        school=city.school, established_on=datetime.date(2025, 9, 10)
    )
    people = ["李建国", "王秀英", "张伟", "刘芳", "陈静"]
    for index, role in enumerate(["chair", "vice_chair", "secretary", "member", "member"]):
        guardian = GuardianshipFactory(
            student=StudentFactory(school_class=city.class_1),
            guardian__name=people[index],
            guardian__phone=f"1381234{index:04d}",
        ).guardian
        CommitteeMember.objects.create(
            committee=committee, guardian=guardian, role=role,
            term_starts_on=datetime.date(2025, 9, 10), term_ends_on=datetime.date(2027, 8, 31),
        )  # fmt: skip
    meeting = CommitteeMeeting.objects.create(
        committee=committee, held_on=today, attendees=4,
        minutes="讨论春季研学活动安排与家长志愿者护学岗排班。",
    )  # fmt: skip
    CommitteeDecision.objects.create(
        meeting=meeting, kind="fee", text="春季研学活动费用（自愿参加）",
        amount_yuan=Decimal("120.00"), votes_for=4,
    )  # fmt: skip
    CommitteeDecision.objects.create(
        meeting=meeting, text="成立家长志愿者护学岗", votes_for=3, votes_against=1
    )
    police = LawVicePrincipalFactory(
        name="韦警官", district=city.qingxiu, organisation_name="南宁市公安局青秀分局"
    )
    appointment = LawAppointmentFactory(vice_principal=police, school=city.school)
    LawAppointmentFactory(vice_principal=police, school=schools[0])
    LawSession.objects.create(
        appointment=appointment, school=city.school, district=city.qingxiu, held_on=today,
        class_hours=Decimal(4), topic="预防校园欺凌", audience="五年级",
    )  # fmt: skip
    prosecutor = LawVicePrincipalFactory(
        name="黄检察官", district=city.qingxiu, organisation_kind="procuratorate",
        organisation_name="青秀区人民检察院",
    )  # fmt: skip
    LawAppointmentFactory(vice_principal=prosecutor, school=schools[1])
    return committee


def test_school_life_pages_at_phone_and_desktop_width(
    live_server, client, people, city, monkeypatch
):
    committee = _school_life(city)
    pages = [
        ("activities-school", people.school_leader,
         f"/schools/activities/school/{city.school.pk}/", "388"),
        ("activities-district", people.district_officer,
         f"/schools/activities/district/{city.qingxiu.pk}/", "青秀区凤翔路小学"),
        ("activities-city", people.city_officer, "/schools/activities/", "西乡塘区"),
        ("committee", people.school_leader, f"/schools/committees/{committee.pk}/", "138****0000"),
        ("committee-meeting-form", people.school_leader,
         f"/schools/committees/{committee.pk}/meetings/new/", "csrfmiddlewaretoken"),
        ("committees", people.district_officer, "/schools/committees/", "青秀区第一小学"),
        ("law", people.district_officer, "/schools/law/", "黄检察官"),
        ("law-session-form", people.school_leader, "/schools/law/sessions/new/", "韦警官"),
    ]  # fmt: skip
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            for name, user, url, expected in pages:
                client.force_login(user)
                session = client.session
                session["tongxin_two_factor_ok"] = True
                session.save()
                cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
                for width, mobile in ((390, True), (1280, False)):
                    context = browser.new_context(
                        viewport={"width": width, "height": 844}, is_mobile=mobile, locale="zh-CN"
                    )
                    context.add_cookies(
                        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie,
                          "url": live_server.url}]
                    )  # fmt: skip
                    page = context.new_page()
                    response = page.goto(live_server.url + url)
                    assert response.status == 200, url
                    assert expected in page.content(), (url, expected)
                    # Nothing wider than the screen: no sideways scrolling on a phone.
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth"
                        " - document.documentElement.clientWidth"
                    )
                    assert overflow <= 0, (url, width, overflow)
                    page.screenshot(path=OUT / f"{name}-{width}.png", full_page=True)
                    context.close()
        finally:
            browser.close()
