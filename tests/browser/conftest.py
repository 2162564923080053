"""A real app server and a real Chromium (Debian's package, driven by Playwright).

Tests here are marked ``browser``. Without Chromium they are skipped, unless
``OBSERVATORY_REQUIRE_BROWSER=1`` (set by CI), when its absence is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.servers import running_app
from tools import browser as chromium


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_path() -> str:
    path = chromium.chromium_path()
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
        launched = chromium.launch(playwright, browser_path)
        yield launched
        launched.close()


#: Anything not served by this machine: refused in every test page, as if offline.
OUTSIDE = chromium.OUTSIDE


@pytest.fixture
def page(browser):
    page = chromium.offline_page(browser, viewport={"width": 1400, "height": 1000})
    yield page
    page.context.close()


@pytest.fixture
def phone(browser):
    """A 390 × 844 phone with a touch screen."""
    page = chromium.offline_page(browser, "phone")
    yield page
    page.context.close()
