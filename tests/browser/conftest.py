"""A real app server and a real Chromium (Debian's package, driven by Playwright).

Tests here are marked ``browser``. Without Chromium they are skipped, unless
``OBSERVATORY_REQUIRE_BROWSER=1`` (set by CI), when its absence is a failure.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator

import pytest

from tests.servers import running_app

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_path() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("OBSERVATORY_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (OBSERVATORY_REQUIRE_BROWSER=1) but not installed.")
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    return path


@pytest.fixture(scope="session")
def app_url(built, england_built, browser_path) -> Iterator[str]:
    """The app on the session's artifact and archive."""
    with running_app(built) as url:
        yield url


@pytest.fixture(scope="session")
def browser(browser_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


#: Anything not served by this machine (basemap tiles above all): tests must not need it.
OUTSIDE = re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])")


@contextlib.contextmanager
def offline_page(browser, **options) -> Iterator:
    """A page in a fresh browser context that refuses every request beyond this machine."""
    context = browser.new_context(**options)
    context.route(OUTSIDE, lambda route: route.abort())  # as if offline
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser):
    with offline_page(browser, viewport={"width": 1400, "height": 1000}) as page:
        yield page


#: A phone as most residents hold one: 390 × 844 CSS pixels, touch, mobile layout.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def phone(browser):
    with offline_page(browser, **PHONE) as page:
        yield page
