"""Browser fixtures: one headless Debian Chromium for the session, a fresh
context per test at phone or desktop width, pointed at pytest-django's
live server, and a screenshot of each test's last page for people to look at.

The browser is the system's (`/usr/bin/chromium`, or `$CHROMIUM`): municipal
build machines have no internet, so Playwright's own download is never used.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


def pytest_collection_modifyitems(items):
    """Browser tests run last: while Chromium is open, Playwright keeps an
    event loop running in this thread, which the tests after them would
    otherwise share (see the `browser` fixture)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}; set $CHROMIUM to the system browser")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which
    # makes Django refuse ORM calls from the test body (persona fixtures,
    # reading what the live server wrote) unless told that this is
    # deliberate. Only for as long as the browser is open: `check --deploy`
    # in a subprocess rightly fails when it inherits this variable.
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    yield browser
    browser.close()
    playwright.stop()
    if previous is None:
        del os.environ[ASYNC_UNSAFE]
    else:
        os.environ[ASYNC_UNSAFE] = previous


def _open_page(browser, live_server, request, viewport, *, is_mobile: bool):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=viewport,
        device_scale_factor=2 if is_mobile else 1,
        is_mobile=is_mobile,
        has_touch=is_mobile,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    try:
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    finally:
        context.close()


@pytest.fixture
def page(browser, live_server, request):
    """A page at phone width (390 × 844), the portal's first audience."""
    yield from _open_page(browser, live_server, request, PHONE, is_mobile=True)


@pytest.fixture
def desktop_page(browser, live_server, request):
    """A page at desktop width (1280 × 900)."""
    yield from _open_page(browser, live_server, request, DESKTOP, is_mobile=False)
