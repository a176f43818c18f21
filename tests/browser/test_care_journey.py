"""A concern travels the ladder in a real browser: a head teacher flags it
on a home visit from a phone; the school's counsellor sees the alert,
opens a plan, gets it approved by the school leader and refers the family
to the police station, whose liaison accepts the referral."""

import datetime
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from playwright.sync_api import expect

from community.models import Department
from portal.models import AuditEntry
from portal.tests.factories import UserFactory
from programs.models import Alert, AlertStatus, Case, Referral, ReferralStatus
from schools.tests.factories import GuardianFactory, GuardianshipFactory
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import PASSWORD, log_in, totp_code, zh

pytestmark = pytest.mark.browser


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=ARTIFACTS / f"care_{name}.png", full_page=True)


def person_page(browser, live_server, username: str, secret: str | None = None):
    """Each person on their own phone: a context of their own, so a second
    login within one 30-second TOTP window is never needed."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, username, PASSWORD)
    if secret is not None:
        page.locator("input[name=code]").fill(totp_code(secret))
        page.locator("input[name=code]").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/"))
    return page


def test_a_flagged_concern_becomes_a_plan_and_a_referral_the_police_accept(
    page, browser, live_server, people, city
):
    grandmother = GuardianFactory(name="李奶奶")
    GuardianshipFactory(student=city.student_1, guardian=grandmother, relation="grandmother")
    liaison = UserFactory(username="police", name="民警小韦")
    station = Department.objects.create(name="青秀分局长塘派出所", kind="public_security")
    station.liaisons.add(liaison)
    secrets = {}
    for person in (people.counsellor, people.school_leader):
        secrets[person.username] = generate_totp_secret()
        TOTP.activate(person, secrets[person.username])

    # The head teacher flags a concern while logging a visit.
    log_in(page, "huang", PASSWORD)
    expect(page).to_have_url(re.compile(r"/workbench/$"))
    page.goto(f"/schools/visits/new/?student={city.student_1.pk}")
    page.locator(".field-topics label", has_text=zh("Study")).click()
    page.locator("textarea[name=summary]").fill("与祖母交流了孩子的学习情况。")
    page.locator("textarea[name=concerns]").fill("孩子说晚上常常一个人在家，情绪低落。")
    page.locator("label.toggle").click()
    page.get_by_role("button", name=zh("Save visit")).click()
    expect(page).to_have_url(re.compile(r"/schools/visits/\d+/$"))
    page.get_by_role("link", name=zh("See whether the counsellors received it")).click()
    expect(page.locator("main")).to_contain_text(zh(AlertStatus.OPEN.label))
    alert = Alert.objects.get()
    assert alert.level == "early_warning" and alert.raised_by == people.head_teacher

    # The counsellor sees it, receives it and opens a plan.
    page = counsellor = person_page(browser, live_server, "lu", secrets["lu"])
    page.goto("/care/")
    page.locator(".care-grid").get_by_role("link", name="李明").click()
    expect(page.locator(".steps")).to_contain_text("孩子说晚上常常一个人在家")
    shot(page, "alert_phone")
    page.get_by_role("button", name=zh("Mark as received")).click()
    page.get_by_role("button", name=zh("Open or link a plan")).click()
    expect(page).to_have_url(re.compile(r"/care/cases/\d+/$"))
    case = Case.objects.get()
    page.locator("summary", has_text=zh("Add a goal")).click()
    page.locator("input[name=goal]").fill("孩子每周至少三晚有成人陪伴")
    page.locator("textarea[name=measures]").fill("联系村委会，安排邻居照看；班主任每周电话家访。")
    due = timezone.localdate() + datetime.timedelta(days=60)
    page.locator("input[name=due_on]").fill(due.isoformat())
    page.get_by_role("button", name=zh("Add the goal")).click()
    page.get_by_role("button", name=zh("Record consent")).click()
    page.get_by_role("button", name=zh("Submit the plan")).click()
    expect(page.locator(".lead")).to_contain_text(zh("Submitted for approval"))

    # The school leader approves it.
    page = person_page(browser, live_server, "liang", secrets["liang"])
    page.goto(f"/care/cases/{case.pk}/")
    page.get_by_role("button", name=zh("Approve and make active")).click()
    expect(page.locator(".lead")).to_contain_text(zh("Active"))

    # The counsellor refers the family to the police station.
    page = counsellor
    page.goto(f"/care/cases/{case.pk}/")
    page.get_by_role("link", name=zh("Refer the family")).click()
    page.locator("select[name=receiver]").select_option(label=station.name)
    page.locator("textarea[name=reason]").fill("晚间无人监护。")
    page.locator("textarea[name=asked]").fill("请社区民警上门核实监护情况。")
    page.get_by_role("button", name=zh("Send the referral")).click()
    expect(page).to_have_url(re.compile(r"/care/referrals/\d+/$"))

    # The liaison accepts it.
    page = person_page(browser, live_server, "police")
    page.goto("/inbox/")
    notice = page.locator(".inbox li", has_text=zh("A family is referred to you for support"))
    notice.get_by_role("button", name=zh("Open")).click()
    expect(page.locator("main")).to_contain_text("请社区民警上门核实监护情况。")
    page.locator("textarea[name=text]").fill("已安排民警周五上门。")
    page.get_by_role("button", name=zh("Accept")).click()
    expect(page.locator(".lead")).to_contain_text(zh(ReferralStatus.ACCEPTED.label))
    shot(page, "referral_accepted_phone")

    referral = Referral.objects.get()
    assert referral.status == "accepted" and referral.answered_by == liaison
    assert Case.objects.get().status == "active"
    readers = set(AuditEntry.objects.filter(action="view").values_list("user__username", flat=True))
    assert {"lu", "liang", "police"} <= readers
