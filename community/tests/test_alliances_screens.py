"""Partner and alliance pages in a real browser at phone and desktop width,
with a screenshot of each in test-artifacts/partners/ for people to look at."""

import datetime
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from community.models import Department
from community.tests.factories_partners import (
    AllianceFactory,
    DepartmentFactory,
    FollowUpTaskFactory,
    JointMeetingFactory,
    LecturerFactory,
    LecturerGroupFactory,
    MeetingAttendeeFactory,
    OrganisationFactory,
    VolunteerFactory,
    VolunteerHoursFactory,
)
from portal.tests.factories import UserFactory

CHROMIUM = "/usr/bin/chromium"
OUT = Path(settings.BASE_DIR) / "test-artifacts" / "partners"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="no system Chromium"),
]


def _partners_and_alliances(city, people):
    today = timezone.localdate()
    for name, district, phone in [
        ("南宁市青秀区同心社会工作服务中心", city.qingxiu, "13977001234"),
        ("西乡塘区阳光家庭教育促进会", city.xixiangtang, "13977005678"),
        ("南宁市关心下一代志愿者协会", None, "13977009012"),
    ]:
        OrganisationFactory(
            name=name, district=district, contact_phone=phone, contact_name="覃主任",
            services="家庭教育指导、亲子阅读、留守儿童关爱、周末课业辅导与心理疏导",
        )  # fmt: skip
    group = LecturerGroupFactory(
        name="南宁市家庭教育讲师团", description="市妇联、市教育局联合组建的家庭教育讲师团。"
    )
    LecturerFactory(
        group=group, name="黄丽华", title="广西师范大学教授", expertise="亲子沟通与青春期教育"
    )
    LecturerFactory(group=group, name="梁志强", title="心理咨询师", expertise="儿童情绪管理",
                    bio="从事中小学心理健康教育二十年，主讲“新父母大讲堂”。")  # fmt: skip
    LecturerFactory(group=LecturerGroupFactory(name="青秀区家长学校讲师团", district=city.qingxiu),
                    name="韦秀英", expertise="隔代教育")  # fmt: skip
    volunteer = VolunteerFactory(
        name="蒙晓燕", phone="13912345678", districts=[city.qingxiu, city.xixiangtang],
        skills=["心理辅导", "课业辅导", "亲子阅读"], account=people.stranger,
    )  # fmt: skip
    for days, hours, verified in [(1, 3, False), (5, 2, True), (12, "4.5", True)]:
        VolunteerHoursFactory(
            volunteer=volunteer, district=city.qingxiu, hours=hours,
            served_on=today - datetime.timedelta(days=days), activity="留守儿童周末课业辅导",
            verified_by=people.district_officer if verified else None,
            verified_at=timezone.now() if verified else None,
        )  # fmt: skip
    for index in range(4):
        VolunteerFactory(name=f"志愿者{index}", districts=[city.qingxiu], skills=["护学岗"])

    liaison = UserFactory(username="police", name="蒙警官")
    police = DepartmentFactory(
        name="南宁市公安局青秀分局", district=city.qingxiu, liaisons=[liaison]
    )
    health = DepartmentFactory(
        name="青秀区卫生健康局", kind=Department.Kind.HEALTH, district=city.qingxiu
    )
    alliance = AllianceFactory(
        name="青秀区警教协同育人联盟", district=city.qingxiu, departments=[police, health],
        schools=[city.school], purpose="护航校园安全，开展法治教育与校园周边环境整治。",
    )  # fmt: skip
    AllianceFactory(name="青秀区医教协同联盟", kind="medical_education", district=city.qingxiu,
                    departments=[health])  # fmt: skip
    meeting = JointMeetingFactory(
        alliance=alliance, held_on=today - datetime.timedelta(days=20),
        location="青秀区教育局三楼会议室", recorded_by=people.district_officer,
        minutes="一、通报上学期校园周边治安情况。\n二、部署开学季护学岗和防溺水宣传。",
    )  # fmt: skip
    MeetingAttendeeFactory(meeting=meeting, name="蒙警官", department=police)
    MeetingAttendeeFactory(meeting=meeting, name="陆医生", department=health)
    MeetingAttendeeFactory(meeting=meeting, name="梁校长", department=None, school=city.school)
    FollowUpTaskFactory(meeting=meeting, owner=liaison, owner_department=police,
                        title="上下学时段校门口增设护学岗",
                        due_on=today - datetime.timedelta(days=3))  # fmt: skip
    FollowUpTaskFactory(meeting=meeting, owner=liaison, title="排查学校周边网吧和娱乐场所",
                        due_on=today + datetime.timedelta(days=10))  # fmt: skip
    FollowUpTaskFactory(meeting=meeting, owner=people.school_leader, title="开展防溺水主题班会",
                        due_on=today - datetime.timedelta(days=5), status="done",
                        done_at=timezone.now(), outcome="全校32个班已完成。")  # fmt: skip
    return alliance, volunteer, liaison


def test_partner_and_alliance_pages_at_phone_and_desktop_width(
    live_server, client, people, city, monkeypatch
):
    alliance, volunteer, liaison = _partners_and_alliances(city, people)
    pages = [
        ("partners", people.city_officer, "/community/partners/", "南宁市家庭教育讲师团"),
        ("volunteers", people.district_officer, "/community/partners/volunteers/", "蒙晓燕"),
        ("volunteer-hours", people.district_officer,
         f"/community/partners/volunteers/{volunteer.pk}/hours/", "13912345678"),
        ("volunteer-account", people.stranger, "/community/partners/account/", "9.5"),
        ("alliances", people.district_officer, "/community/alliances/", "青秀区警教协同育人联盟"),
        ("alliance", people.district_officer, f"/community/alliances/{alliance.pk}/", "陆医生"),
        ("meeting-form", people.district_officer,
         f"/community/alliances/{alliance.pk}/meetings/new/", "csrfmiddlewaretoken"),
        ("my-tasks", liaison, "/community/alliances/my-tasks/", "排查学校周边网吧"),
    ]  # fmt: skip
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    too_wide = []
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
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth"
                        " - document.documentElement.clientWidth"
                    )
                    page.screenshot(path=OUT / f"{name}-{width}.png", full_page=True)
                    if overflow > 0:
                        too_wide.append((url, width, overflow))
                    context.close()
        finally:
            browser.close()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert too_wide == []
