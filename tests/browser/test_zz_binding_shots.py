import pytest

from families.services import binding as services
from families.tests.factories import ParentSchoolFactory, give_phone, guardian_with_phone
from families.models import ParentSchoolLevel
from tests.browser.helpers import PASSWORD, log_in

pytestmark = pytest.mark.browser
OUT = "test-artifacts/families-binding"


def setup(people, city):
    give_phone(people.parent, "13800138000")
    guardian_with_phone(city.student_1, "13800138000")
    ParentSchoolFactory(school=city.school, name="青秀区第一小学家长学校", star_rating=4)
    ParentSchoolFactory(level=ParentSchoolLevel.VILLAGE, school=None, village=city.village,
                        district=city.qingxiu, name="长塘村家长学校", star_rating=None)
    ParentSchoolFactory(level=ParentSchoolLevel.ONLINE, school=None, district=None, name="南宁空中家长学校", star_rating=5)
    return services.issue_codes_for_class(issued_by=people.head_teacher, school_class=city.class_1)[0].code


@pytest.mark.parametrize("size", ["page", "desktop_page"])
def test_shots(request, size, people, city):
    import os
    os.makedirs(OUT, exist_ok=True)
    page = request.getfixturevalue(size)
    w = "390" if size == "page" else "1280"
    code = setup(people, city)
    log_in(page, "pan", PASSWORD)
    page.wait_for_url("**/family/")
    page.screenshot(path=f"{OUT}/home-empty-{w}.png", full_page=True)
    page.goto("/family/bind/")
    page.locator("input[name=code-code]").fill("WRONG123")
    page.locator("input[name=code-code]").press("Enter")
    page.wait_for_load_state()
    page.screenshot(path=f"{OUT}/bind-error-{w}.png", full_page=True)
    page.locator("input[name=code-code]").fill(code)
    page.locator("input[name=code-code]").press("Enter")
    page.wait_for_url("**/family/")
    page.screenshot(path=f"{OUT}/home-{w}.png", full_page=True)
    page.goto("/family/parent-schools/")
    page.screenshot(path=f"{OUT}/parent-schools-{w}.png", full_page=True)
    page.goto("/family/")
    page.locator("footer .elder-switch button").click()
    page.wait_for_load_state()
    page.screenshot(path=f"{OUT}/home-elder-{w}.png", full_page=True)
    page.goto("/family/bind/")
    page.screenshot(path=f"{OUT}/bind-elder-{w}.png", full_page=True)


@pytest.mark.parametrize("size", ["page", "desktop_page"])
def test_shots_staff(request, size, people, city):
    page = request.getfixturevalue(size)
    w = "390" if size == "page" else "1280"
    setup(people, city)
    log_in(page, "huang", PASSWORD)
    page.wait_for_load_state()
    page.goto(f"/family/binding-codes/classes/{city.class_1.pk}/")
    page.screenshot(path=f"{OUT}/codes-{w}.png", full_page=True)
    # coverage as superuser-ish: the city officer needs 2FA; use a superuser.
    from portal.tests.factories import UserFactory
    boss = UserFactory(username="boss", is_superuser=True, is_staff=True)
    page.context.clear_cookies()
    log_in(page, "boss", PASSWORD)
    page.wait_for_load_state()
    page.goto("/family/parent-schools/coverage/")
    page.screenshot(path=f"{OUT}/coverage-{w}.png", full_page=True)
