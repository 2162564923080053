"""``python -m tools.screenshots``: the README's screenshots of the answer first.

Starts the app on this machine (on the artifact in ``data/build``, built if needed),
drives Debian's Chromium offline, searches as a resident would and saves what the first
screen shows: on a phone (390 × 844, touch) and on a laptop (1366 × 900).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo import paths
from tools import browser as browser_tools
from tools.localserver import local_app

OUT = paths.PROJECT_ROOT / "docs" / "screenshots"
#: (file, browser context options, postcode typed): each is the first screen after it.
SHOTS = (
    (
        "phone-answer.png",
        {
            "viewport": {"width": 390, "height": 844},
            "device_scale_factor": 2,
            "is_mobile": True,
            "has_touch": True,
        },
        "ne63 9dz",
    ),
    ("area.png", {"viewport": {"width": 1366, "height": 900}}, "NE66 3TX"),
)


def take(url: str, out: Path) -> list[Path]:
    """Take every shot of :data:`SHOTS` from the app at ``url`` into ``out``."""
    from playwright.sync_api import sync_playwright

    if browser_tools.chromium_path() is None:
        raise SystemExit("Chromium is needed: apt-get install chromium")
    saved = []
    with sync_playwright() as playwright:
        browser = browser_tools.launch(playwright)
        for name, options, postcode in SHOTS:
            # Offline, as in the tests: no basemap.
            context = browser_tools.offline_context(browser, **options)
            page = context.new_page()
            page.set_default_timeout(120_000)
            page.goto(url)
            box = page.get_by_role("textbox", name="Your postcode or place")
            box.fill(postcode)
            box.press("Enter")
            page.locator(".answer").wait_for()
            page.get_by_role("heading", name="Headline figures").wait_for()
            page.get_by_role("button", name="Stop").wait_for(state="hidden")  # run finished
            page.evaluate("document.fonts.ready")
            page.screenshot(path=out / name)
            saved.append(out / name)
            context.close()
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT, help="folder (default docs/screenshots)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with local_app(timeout=180) as url:
        for path in take(url, args.out):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
