"""The real app in Chromium: what a resident waits for, and what their phone downloads.

Measured against a real server (``streamlit run``) with Debian's Chromium, at phone
(390 × 844, touch) and desktop (1366 × 768) sizes, each figure the median of ``runs``
visits in fresh browser contexts (nothing cached in the browser):

* navigation → map painted (all 200 LSOAs drawn), with where that time goes: the page
  and Streamlit's JavaScript, the websocket's first message, the server's script run,
  the map component's iframe and its files, and Leaflet drawing the areas;
* tap (phone) or click (desktop) on an area → its profile heading on screen;
* the first visit after a server start against a warm one, over several restarts;
* bytes and requests of a first visit to the map, against a bare Streamlit page on the
  same configuration;
* the same first visit under Chromium's emulation of a slow mobile link.

Benchmarks report figures; no test asserts a timing.
"""

from __future__ import annotations

import contextlib
import gzip
import shutil
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

from geo import paths
from tools import browser
from tools.localserver import local_app

#: The profile's heading (ui/profile.py gives it this anchor).
PROFILE_HEADING = "#profile"
BARE_PAGE = 'import streamlit as st\n\nst.title("A bare page")\nst.write("Nothing else.")\n'

#: Runs in every frame: the map's frame notes when Leaflet has drawn every area. (It
#: polls: the component's document replaces the iframe's first, blank one in the same
#: window, so observers set up at start would watch the wrong document.)
PAINT_MARK_JS = """
(() => {
  if (window.top === window) return;
  const timer = setInterval(() => {
    if (document.querySelectorAll("path.leaflet-interactive").length >= WANTED) {
      window.__painted = performance.timeOrigin + performance.now();
      clearInterval(timer);
    }
  }, 10);
})();
""".replace("WANTED", str(browser.LSOA_COUNT))

#: Resource timings of a frame, as epoch milliseconds.
RESOURCES_JS = """() => [performance.timeOrigin, window.__painted || null,
  performance.getEntriesByType("navigation").map(e => e.domContentLoadedEventEnd)[0] || 0,
  performance.getEntriesByType("resource").map(e => [e.name, e.responseEnd])]"""


def median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present)) if present else None


def measure(build_dir: Path, target: tuple[float, float], *, runs: int = 5) -> dict:
    """Every browser figure, for the report's ``browser`` section."""
    env = {"OBSERVATORY_BUILD_DIR": str(build_dir)}
    from playwright.sync_api import sync_playwright

    report: dict[str, object] = {"runs": runs}
    with sync_playwright() as pw:
        chromium = browser.launch(pw)
        try:
            with local_app(env) as url:
                visit(chromium, url, "desktop", target)  # the server's first visitor
                for size in browser.SIZES:
                    visits = [visit(chromium, url, size, target) for _ in range(runs)]
                    report[size] = summarise(visits)
                report["first_visit"] = first_visit_bytes(chromium, url, "/map")
                report["slow_link"] = slow_link(chromium, url, target)
            report["bare_page"] = bare_page(chromium)
            report["restart"] = restarts(chromium, env, runs)
        finally:
            chromium.close()
    return report


@contextlib.contextmanager
def _context(chromium, size: str):
    context = browser.offline_context(chromium, size)
    try:
        yield context
    finally:
        context.close()


def visit(chromium, url: str, size: str, target: tuple[float, float] | None) -> dict:
    """One visit to the map: load it, then tap an area and wait for its profile."""
    with _context(chromium, size) as context:
        context.add_init_script(PAINT_MARK_JS)
        page = context.new_page()
        messages: list[tuple[float, bytes]] = []
        page.on(
            "websocket",
            lambda ws: ws.on("framereceived", lambda p: messages.append((time.time() * 1000, p))),
        )
        start = time.perf_counter()
        page.goto(f"{url}/map")
        browser.wait_for_map(page, timeout=120_000)
        result = {"painted_ms": (time.perf_counter() - start) * 1000}
        result["breakdown"] = breakdown(page, messages)
        if target is not None:
            result.update(tap_to_profile(page, size, target))
        return result


def breakdown(page, messages: list[tuple[float, bytes]]) -> dict[str, float | None]:
    """Where the time to a painted map went, in milliseconds from navigation start."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    origin, _, dom_ready, _ = page.evaluate(RESOURCES_JS)
    frame = page.locator(browser.MAP_FRAME).element_handle().content_frame()
    frame_origin, painted, _, resources = frame.evaluate(RESOURCES_JS)
    kinds = [(t, ForwardMsg.FromString(p).WhichOneof("type")) for t, p in messages if p]
    first = next((t for t, k in kinds if k == "new_session"), None)
    finished = next((t for t, k in kinds if k == "script_finished"), None)

    def loaded(name: str) -> float | None:
        ends = [end for url, end in resources if url.split("?")[0].endswith(name)]
        return frame_origin + ends[0] - origin if ends else None

    component = next(
        (frame_origin + end - origin for url, end in resources if "/static/js/main" in url), None
    )
    # The component loads its scripts one after another, then the map script draws.
    scripts = [loaded(n) for n in ("leaflet.js", "areas.js")]
    files = max((t for t in scripts if t is not None), default=None)
    return {
        "page_and_streamlit_js": round(dom_ready),
        "websocket_first_message": round(first - origin) if first else None,
        "server_script_run": round(finished - first) if first and finished else None,
        "map_iframe_created": round(frame_origin - origin),
        "map_component_js_loaded": round(component) if component else None,
        "leaflet_scripts_loaded": round(files) if files else None,
        "leaflet_drawing": round(painted - origin - files) if painted and files else None,
        "map_painted": round(painted - origin) if painted else None,
    }


def tap_to_profile(page, size: str, target: tuple[float, float]) -> dict:
    """Tap or click an area; time until its profile heading is drawn, and on screen."""
    x, y = browser.settled_point(page, target)
    heading = page.locator(PROFILE_HEADING)
    start = time.perf_counter()
    if size == "phone":
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)
    heading.wait_for(state="attached", timeout=60_000)
    drawn = (time.perf_counter() - start) * 1000
    deadline = time.monotonic() + 10
    visible = None
    while time.monotonic() < deadline:
        if browser.in_viewport(page, heading):
            visible = (time.perf_counter() - start) * 1000
            break
        time.sleep(0.02)
    focused = page.evaluate(
        "sel => document.activeElement === document.querySelector(sel)", PROFILE_HEADING
    )
    return {
        "tap_to_heading_drawn_ms": drawn,
        "tap_to_heading_visible_ms": visible,
        "focused": focused,
    }


def summarise(visits: list[dict]) -> dict:
    parts = visits[0]["breakdown"].keys()
    return {
        "navigation_to_map_painted_ms": median([v["painted_ms"] for v in visits]),
        "tap_to_heading_drawn_ms": median([v.get("tap_to_heading_drawn_ms") for v in visits]),
        "tap_to_heading_visible_ms": median([v.get("tap_to_heading_visible_ms") for v in visits]),
        "heading_in_view_after_tap": sum(
            v.get("tap_to_heading_visible_ms") is not None for v in visits
        ),
        "focus_on_heading_after_tap": sum(bool(v.get("focused")) for v in visits),
        "breakdown_ms": {p: median([v["breakdown"][p] for v in visits]) for p in parts},
    }


def gzipped_bytes(traffic: browser.Traffic) -> int:
    """What the same first visit would move with gzip at a reverse proxy (DEPLOY.md).

    Each response is fetched again from the local server; text (scripts, styles, pages,
    JSON) is counted gzipped at level 6, as nginx's ``gzip on`` does, and everything
    else (fonts, images, what the server already compressed) as it came.
    """
    total = traffic.ws_received
    for request in traffic.requests.values():
        if not request["url"].startswith("http") or request["type"] not in TEXT_TYPES:
            total += request["bytes"]
            continue
        try:
            with urllib.request.urlopen(request["url"], timeout=30) as reply:
                body = reply.read()
        except OSError:
            total += request["bytes"]
            continue
        total += min(request["bytes"], len(gzip.compress(body, compresslevel=6)) + HEADERS)
    return total


TEXT_TYPES = {"Script", "Stylesheet", "Document", "Fetch", "XHR"}
HEADERS = 300  # about what the response headers add, uncompressed


def first_visit_bytes(chromium, url: str, path: str, *, wait_for_map: bool = True) -> dict:
    """Bytes and requests of a first visit, counted once the page has settled."""
    with _context(chromium, "desktop") as context:
        page = context.new_page()
        traffic, _ = browser.Traffic.record(page)
        page.goto(url + path)
        page.locator("[data-test-script-state=notRunning]").wait_for(timeout=120_000)
        if wait_for_map:
            browser.wait_for_map(page, timeout=120_000)
        page.wait_for_load_state("networkidle")
        return {**traffic.summary(), "bytes_with_gzip": gzipped_bytes(traffic)}


def slow_link(chromium, url: str, target: tuple[float, float]) -> dict:
    """A phone's first visit over a slow mobile link: bytes, map painted, and a profile."""
    with _context(chromium, "phone") as context:
        page = context.new_page()
        traffic, cdp = browser.Traffic.record(page)
        browser.emulate_slow_link(cdp)
        start = time.perf_counter()
        page.goto(f"{url}/map", timeout=300_000)
        browser.wait_for_map(page, timeout=300_000)
        painted = (time.perf_counter() - start) * 1000
        page.wait_for_load_state("networkidle", timeout=300_000)
        first = traffic.summary()
        answer = tap_to_profile(page, "phone", target)
    return {
        "link": browser.SLOW_LINK,
        "navigation_to_map_painted_ms": round(painted),
        "tap_to_heading_visible_ms": _round(answer["tap_to_heading_visible_ms"]),
        "tap_to_heading_drawn_ms": _round(answer["tap_to_heading_drawn_ms"]),
        "bytes": first["bytes"],
        "requests": first["requests"],
    }


def _round(value: float | None) -> int | None:
    return None if value is None else round(value)


def bare_page(chromium) -> dict:
    """A first visit to a one-title Streamlit page with the app's own configuration."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "bare.py").write_text(BARE_PAGE, encoding="utf-8")
        shutil.copytree(paths.PROJECT_ROOT / ".streamlit", root / ".streamlit")
        (root / ".streamlit" / "secrets.toml").unlink(missing_ok=True)
        with local_app(script="bare.py", cwd=root) as url:
            return first_visit_bytes(chromium, url, "/", wait_for_map=False)


def restarts(chromium, env: dict[str, str], runs: int) -> dict:
    """The first visit after each of ``runs`` server starts, against the visit after it."""
    first, second, startup = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        with local_app(env, timeout=300) as url:
            startup.append((time.perf_counter() - started) * 1000)
            first.append(visit(chromium, url, "desktop", None)["painted_ms"])
            second.append(visit(chromium, url, "desktop", None)["painted_ms"])
    ratios = [a / b for a, b in zip(first, second, strict=True)]
    return {
        "server_start_to_healthy_ms": median(startup),
        "first_visit_painted_ms": median(first),
        "warm_visit_painted_ms": median(second),
        "first_over_warm": round(statistics.median(ratios), 2),
    }


SIZES_SHOWN = ("phone", "desktop")
#: The targets for the figures below (milliseconds, a ratio, bytes).
TARGETS = {"painted_ms": 1500, "tap_ms": 1000, "first_over_warm": 2.0, "extra_bytes": 1_000_000}


def _ms(value: float | None) -> str:
    return "not in view" if value is None else f"{value:,.0f} ms"


def rows(report: dict) -> list[tuple[str, str, str, str, str]]:
    """Rows for the README's performance table (measure, baseline, ours, ratio, target)."""
    out = []
    for size in SIZES_SHOWN:
        figures = report[size]
        out.append(
            (
                f"Chromium, {size}: navigation to map painted (median of {report['runs']})",
                "",
                _ms(figures["navigation_to_map_painted_ms"]),
                "",
                f"≤ {TARGETS['painted_ms']:,} ms",
            )
        )
        out.append(
            (
                f"Chromium, {size}: tap on an area to its profile heading on screen",
                "",
                _ms(figures["tap_to_heading_visible_ms"]),
                f"focus moved {figures['focus_on_heading_after_tap']} of {report['runs']}",
                f"≤ {TARGETS['tap_ms']:,} ms",
            )
        )
    restart = report["restart"]
    out.append(
        (
            "First visit after a server start / warm visit (median of restarts)",
            "",
            f"{_ms(restart['first_visit_painted_ms'])} / {_ms(restart['warm_visit_painted_ms'])}",
            f"{restart['first_over_warm']}×",
            f"≤ {TARGETS['first_over_warm']}×",
        )
    )
    first, bare = report["first_visit"], report["bare_page"]
    out.append(
        (
            "First visit to the map: bytes (requests), against a bare Streamlit page",
            f"{bare['bytes'] / 1e6:.2f} MB ({bare['requests']})",
            f"{first['bytes'] / 1e6:.2f} MB ({first['requests']})",
            f"+{(first['bytes'] - bare['bytes']) / 1e6:.2f} MB",
            f"≤ +{TARGETS['extra_bytes'] / 1e6:.0f} MB",
        )
    )
    out.append(
        (
            "The same first visit with gzip at the reverse proxy (DEPLOY.md)",
            f"{bare['bytes_with_gzip'] / 1e6:.2f} MB",
            f"{first['bytes_with_gzip'] / 1e6:.2f} MB",
            "",
            "",
        )
    )
    slow = report["slow_link"]
    out.append(
        (
            "Phone on a slow link (1.6 Mbps, 150 ms): first visit to map painted / tap answered",
            "",
            " / ".join(
                _ms(slow[k]) for k in ("navigation_to_map_painted_ms", "tap_to_heading_visible_ms")
            ),
            "",
            "",
        )
    )
    return out


PARTS = {
    "page_and_streamlit_js": "page and Streamlit's JavaScript loaded (DOMContentLoaded)",
    "websocket_first_message": "first message over the websocket",
    "server_script_run": "the server's script run (first to last message)",
    "map_iframe_created": "map component's iframe created",
    "map_component_js_loaded": "component's JavaScript loaded",
    "leaflet_scripts_loaded": "Leaflet and the area decoder loaded",
    "leaflet_drawing": "Leaflet drawing the 200 areas (duration)",
    "map_painted": "map painted",
}


def breakdown_table(report: dict) -> str:
    """Where the time to a painted map goes, in ms from navigation start (medians)."""
    head = "| step (ms from navigation start) | phone | desktop |\n|---|---|---|\n"
    lines = []
    for part, label in PARTS.items():
        cells = [report[size]["breakdown_ms"].get(part) for size in SIZES_SHOWN]
        lines.append(
            f"| {label} | " + " | ".join("" if c is None else f"{c:,}" for c in cells) + " |"
        )
    return head + "\n".join(lines)
