"""A real app server and a real Chromium (Debian's package, driven by Playwright).

Tests here are marked ``browser``. Without Chromium they are skipped, unless
``OBSERVATORY_REQUIRE_BROWSER=1`` (set by CI), when its absence is a failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests.conftest import PROJECT

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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def browser_path() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("OBSERVATORY_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (OBSERVATORY_REQUIRE_BROWSER=1) but not installed.")
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    return path


@contextlib.contextmanager
def running_app(built, env: dict[str, str] | None = None) -> Iterator[str]:
    """``streamlit run app.py`` on a free port with the session's artifact; yields its URL."""
    port = _free_port()
    environment = {**os.environ, "OBSERVATORY_BUILD_DIR": str(built.path.parent), **(env or {})}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=PROJECT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    server.kill()
                    output = server.stdout.read() if server.stdout else ""
                    pytest.fail(f"The app did not start:\n{output[-3000:]}")
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="session")
def app_url(built, browser_path) -> Iterator[str]:
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


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
