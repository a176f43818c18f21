"""A head teacher on a phone finds a student not visited yet, logs a home
visit in a few taps, and sees the class's coverage rise."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from schools.models import HomeVisit
from schools.tests.factories import GuardianFactory, GuardianshipFactory, StudentFactory
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import PASSWORD, log_in, zh

pytestmark = pytest.mark.browser


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"home_visits_{name}.png"
    # From the top, so the sticky header is not painted over the middle.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=path, full_page=True)
    return path


def test_head_teacher_logs_a_visit_on_a_phone_and_coverage_rises(page, people, city):
    second = StudentFactory(school_class=city.class_1, name="陈静")
    mother = GuardianFactory(name="陈母")
    GuardianshipFactory(student=second, guardian=mother)
    log_in(page, "huang", PASSWORD)
    expect(page).to_have_url(re.compile(r"/workbench/$"))

    page.goto("/schools/coverage/")
    row = page.locator(".coverage-table tbody tr", has_text=city.class_1.label)
    expect(row).to_contain_text("0.0%")

    page.goto("/schools/my-students/")
    expect(page.locator(".student-list li.is-unvisited")).to_have_count(2)
    page.get_by_role("link", name=re.compile(zh("Not visited yet"))).click()
    expect(page).to_have_url(re.compile(r"show=unvisited"))
    shot(page, "my_students_phone")

    page.locator(".student-list li", has_text="陈静").get_by_role(
        "link", name=re.compile(zh("Log visit"))
    ).click()
    expect(page.locator(".student-card")).to_contain_text("陈母")
    page.locator(".field-topics label", has_text=zh("Study")).click()
    page.locator(".field-topics label", has_text=zh("Family-education guidance")).click()
    page.locator("textarea[name=summary]").fill("与母亲交流了孩子的阅读习惯，约定每天亲子共读。")
    shot(page, "form_phone")
    page.get_by_role("button", name=zh("Save visit")).click()

    expect(page).to_have_url(re.compile(r"/schools/visits/\d+/$"))
    expect(page.locator(".visit-detail")).to_contain_text("陈静")
    shot(page, "detail_phone")
    visit = HomeVisit.objects.get()
    assert (visit.form, visit.people_met, visit.topics) == (
        "home",
        ["parent"],
        ["study", "family_guidance"],
    )

    page.goto("/schools/coverage/")
    row = page.locator(".coverage-table tbody tr", has_text=city.class_1.label)
    expect(row).to_contain_text("50.0%")
    shot(page, "coverage_phone")

    page.goto(f"/schools/coverage/classes/{city.class_1.pk}/unvisited/")
    expect(page.locator(".student-list")).to_contain_text("李明")
    expect(page.locator(".student-list")).not_to_contain_text("陈静")

    # The last of the class, by phone call this time: the class is covered.
    page.goto("/schools/my-students/?show=unvisited")
    page.locator(".student-list li", has_text="李明").get_by_role(
        "link", name=re.compile(zh("Log visit"))
    ).click()
    page.locator(".field-form label", has_text=zh("By phone")).click()
    page.locator(".field-topics label", has_text=zh("Study")).click()
    page.locator("textarea[name=summary]").fill("电话联系父亲，了解孩子在家作业情况。")
    page.get_by_role("button", name=zh("Save visit")).click()
    expect(page).to_have_url(re.compile(r"/schools/visits/\d+/$"))
    page.goto("/schools/coverage/")
    row = page.locator(".coverage-table tbody tr", has_text=city.class_1.label)
    expect(row).to_contain_text("100.0%")
    assert HomeVisit.objects.count() == 2


def test_home_visit_pages_at_desktop_width(desktop_page, people, city):
    page = desktop_page
    StudentFactory(school_class=city.class_1, name="陈静")
    log_in(page, "huang", PASSWORD)
    expect(page).to_have_url(re.compile(r"/workbench/$"))
    page.goto("/schools/my-students/")
    shot(page, "my_students_desktop")
    page.locator(".student-list li", has_text="李明").get_by_role(
        "link", name=re.compile(zh("Log visit"))
    ).click()
    page.locator(".field-topics label", has_text=zh("Study")).click()
    page.locator("textarea[name=summary]").fill("家访记录")
    page.locator("textarea[name=concerns]").fill("孩子近期情绪低落。")
    page.locator(".field-flag label").click()
    shot(page, "form_desktop")
    page.get_by_role("button", name=zh("Save visit")).click()
    expect(page).to_have_url(re.compile(r"/schools/visits/\d+/$"))
    shot(page, "detail_desktop")
    page.goto("/schools/coverage/")
    expect(page.locator(".coverage-table")).to_contain_text("50.0%")
    shot(page, "coverage_desktop")
