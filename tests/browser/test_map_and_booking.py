"""The education map and a study-trip booking in a real browser: a parent
filters the map and opens a place; a teacher books a slot and sees it
confirmed once the base has answered. Screenshots at phone and desktop
width go to test-artifacts/community/ for people to look at."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from community.models import Booking, BookingStatus, ResourceCategory, Theme
from community.services import bookings as booking_services
from community.tests.factories import (
    BookingSlotFactory,
    EducationResourceFactory,
    ResourceCourseFactory,
    fill_class,
)
from tests.browser.helpers import PASSWORD, log_in, zh

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "community"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


@pytest.fixture
def places(city, people):
    museum = EducationResourceFactory(
        name="广西民族博物馆",
        category=ResourceCategory.MUSEUM,
        district=city.qingxiu,
        address="南宁市青秀区青环路11号",
        description="壮族、瑶族等民族的文物与非遗技艺展示,适合亲子参观。",
        themes=[Theme.HERITAGE, Theme.CULTURE_ART],
        age_groups=["family", "primary_lower"],
        accessibility="无障碍坡道、轮椅借用",
        open_for_bookings=False,
        latitude="22.786000",
        longitude="108.395000",
    )
    base = EducationResourceFactory(
        name="南宁市青少年综合实践学校",
        district=city.xixiangtang,
        address="南宁市西乡塘区大学东路188号",
        description="四个课程体系、96个课程主题,可同时容纳1300名学生开展活动。",
        managers=[people.partner],
        latitude="22.840000",
        longitude="108.280000",
    )
    EducationResourceFactory(
        name="邕州科技馆",
        category=ResourceCategory.SCIENCE_CENTRE,
        district=city.qingxiu,
        open_for_bookings=False,
        latitude="22.815000",
        longitude="108.350000",
    )
    ResourceCourseFactory(resource=base, title="无人机编程", duration_minutes=120)
    ResourceCourseFactory(resource=base, title="壮锦织造体验")
    return museum, base


def test_parent_filters_the_map_and_opens_a_place(page, desktop_page, places):
    museum, _base = places
    page.goto("/community/map/")
    expect(page.locator("#education-map")).to_have_attribute("data-loaded", "3")
    expect(page.locator(".leaflet-interactive")).to_have_count(3)  # one marker per place
    # One finger scrolls the page past the map instead of dragging it.
    expect(page.locator("#education-map")).to_have_css("touch-action", "pan-x pan-y")
    shot(page, "map-390")

    page.get_by_text(zh("More filters")).click()
    page.get_by_label(zh("Category")).select_option("museum")
    page.get_by_role("button", name=zh("Show places")).click()
    expect(page.locator(".place")).to_have_count(1)
    expect(page.locator("#education-map")).to_have_attribute("data-loaded", "1")

    page.get_by_role("link", name="广西民族博物馆").click()
    expect(page).to_have_url(re.compile(rf"/community/map/resources/{museum.pk}/$"))
    expect(page.locator("h1")).to_have_text("广西民族博物馆")
    expect(page.get_by_text("无障碍坡道、轮椅借用")).to_be_visible()
    shot(page, "resource-390")

    desktop_page.goto("/community/map/")
    expect(desktop_page.locator("#education-map")).to_have_attribute("data-loaded", "3")
    shot(desktop_page, "map-1280")
    desktop_page.goto(f"/community/map/resources/{museum.pk}/")
    shot(desktop_page, "resource-1280")


def test_teacher_books_a_slot_and_sees_it_confirmed(page, desktop_page, places, city, people):
    _museum, base = places
    fill_class(city.class_1, 44)
    slot = BookingSlotFactory(resource=base, capacity=120)
    BookingSlotFactory(resource=base, starts_at="14:00", ends_at="16:00", capacity=80)

    log_in(page, "huang", PASSWORD)
    expect(page).to_have_url(re.compile(r"/workbench/$"))
    page.goto(f"/community/map/resources/{base.pk}/")
    expect(page.get_by_text(zh("Free slots for school visits"))).to_be_visible()
    shot(page, "resource-teacher-390")
    page.locator(".slot-list li").first.get_by_role("link", name=zh("Book")).click()

    expect(page.get_by_label(zh("Date and time"))).to_have_value(str(slot.pk))
    page.get_by_label(zh("Students")).fill("40")
    page.get_by_label(zh("Accompanying teachers")).fill("3")
    page.get_by_label(zh("Course")).select_option(label="无人机编程")
    shot(page, "booking-form-390")
    page.locator("form.booking-form").get_by_role("button", name=zh("Book")).click()

    booking = Booking.objects.get()
    expect(page).to_have_url(re.compile(rf"/community/bookings/{booking.pk}/$"))
    expect(page.locator(".page-head .tag")).to_have_text(zh("Waiting for the base"))

    booking_services.confirm_booking(booking=booking, by=people.partner)
    page.goto("/community/bookings/")
    item = page.locator(".booking-list li", has_text="南宁市青少年综合实践学校")
    expect(item.locator(".tag")).to_have_text(zh("Confirmed"))
    shot(page, "bookings-390")
    assert Booking.objects.get().status == BookingStatus.CONFIRMED

    log_in(desktop_page, "huang", PASSWORD)
    desktop_page.goto(f"/community/bookings/new/?resource={base.pk}&slot={slot.pk}")
    shot(desktop_page, "booking-form-1280")
    desktop_page.goto("/community/bookings/")
    shot(desktop_page, "bookings-1280")
