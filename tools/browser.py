"""Chromium driven by Playwright, shared by the benchmark and the browser tests.

Debian's ``chromium`` package is launched through Playwright (``playwright install``
downloads a browser, which cannot work offline). Helpers here: the two screen sizes
people use (a 390 × 844 phone with touch, a 1366 × 768 laptop), waiting for the map,
finding a map point on the page, a real one-finger touch swipe, the page's scroll
position, axe-core accessibility checks across every frame, the bytes each request
moves, and Chromium's emulation of a slow mobile link.
"""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass, field
from functools import cache

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

#: A phone as residents hold it, and a laptop as officers use it (Playwright context options).
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
SIZES = {"phone": PHONE, "desktop": DESKTOP}

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: What "painted" means: every one of the county's 200 LSOAs is an SVG path.
LSOA_COUNT = 200

#: A slow rural mobile link: 1.6 Mbps down, 750 kbps up, 150 ms round trip.
SLOW_LINK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}

#: The WCAG 2.1 A and AA rules of axe-core.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BARRIERS = ("critical", "serious")


def chromium_path() -> str | None:
    """Path of an installed Chromium, if any."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def launch(playwright, executable: str | None = None):
    """Debian's Chromium, headless, with nothing that calls out to the internet."""
    return playwright.chromium.launch(
        executable_path=executable or chromium_path(), args=CHROMIUM_FLAGS
    )


#: Anything not served by this machine (basemap tiles above all): tests and benchmarks
#: must not need it, so it is refused, as if offline.
OUTSIDE = re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])")


def offline_context(chromium, size: str | None = None, **options):
    """A fresh browser context at ``size`` (see :data:`SIZES`) that refuses ``OUTSIDE``."""
    context = chromium.new_context(**(SIZES[size] if size else {}), **options)
    context.route(OUTSIDE, lambda route: route.abort())
    return context


def offline_page(chromium, size: str | None = None, **options):
    """A page in a fresh :func:`offline_context`."""
    page = offline_context(chromium, size, **options).new_page()
    page.set_default_timeout(30_000)
    return page


def wait_for_run(page, timeout: float = 30) -> None:
    """Wait until the page's script run has finished and every element it sent is drawn.

    "notRunning" comes when the last element has arrived, not when it is drawn: widgets
    whose code is loaded on first use (a multiselect, say) show a placeholder
    (``stSkeleton``) until then, which on a busy machine is long enough to be seen.
    """
    page.locator("[data-test-script-state=notRunning]").wait_for(timeout=timeout * 1000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stSkeleton]')", timeout=timeout * 1000
    )


def map_frame(page):
    """The map's iframe (the streamlit-folium component)."""
    return page.frame_locator(MAP_FRAME)


def wait_for_map(page, areas: int = LSOA_COUNT, timeout: float = 30_000):
    """Wait until Leaflet has drawn ``areas`` areas; returns the map's frame locator."""
    frame = map_frame(page)
    frame.locator("path.leaflet-interactive").nth(areas - 1).wait_for(
        state="attached", timeout=timeout
    )
    return frame


def wait_for_charts(page, timeout: float = 30) -> None:
    """Wait until every chart shown on the page has been drawn (Vega draws each as an SVG;
    one in a tab not chosen is drawn only when the tab is)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stVegaLiteChart]')]"
        ".filter(c => c.offsetParent !== null).every(c => c.querySelector('svg, canvas'))",
        timeout=timeout * 1000,
    )


def settled_point(page, target: tuple[float, float]) -> tuple[float, float]:
    """Where ``target`` (lat, lon) is on the page, once the page and map stop moving.

    Streamlit lays the page out in steps and Leaflet animates its first fit, so the point
    is read until it is the same twice running.
    """
    inner = page.locator(MAP_FRAME).element_handle().content_frame()
    inner.locator("#map_div").scroll_into_view_if_needed()
    last = None
    for _ in range(40):
        box = inner.locator("#map_div").bounding_box()
        x, y = inner.evaluate(
            "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
            " return [p.x, p.y]; }",
            list(target),
        )
        point = (round(box["x"] + x, 1), round(box["y"] + y, 1))
        if point == last:
            return point
        last = point
        time.sleep(0.25)
    return last


#: Streamlit scrolls its main area, not the window; either may move.
SCROLL_TOP_JS = """() => {
  const main = document.querySelector('section.stMain, [data-testid="stMain"]');
  return (main ? main.scrollTop : 0) + window.scrollY;
}"""


def scroll_top(page) -> float:
    """How far the page is scrolled, in CSS pixels."""
    return page.evaluate(SCROLL_TOP_JS)


def _touches(page, frames: list[list[tuple[float, float]]]) -> None:
    """Fingers down, moving through ``frames`` (one list of points per step), then up.

    Sent through Chromium's input pipeline (CDP ``Input.dispatchTouchEvent``), so the
    page's ``touch-action`` and Leaflet's handlers decide what moves, as on a phone.
    """
    cdp = page.context.new_cdp_session(page)
    try:
        points = [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(frames[0])]
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": points})
        time.sleep(0.1)  # a finger rests a moment before it moves
        for frame in frames[1:]:
            points = [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(frame)]
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": points})
            time.sleep(1 / 60)  # a finger moves at screen rate
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    finally:
        cdp.detach()


def swipe(page, x: float, y: float, distance: float, steps: int = 12) -> None:
    """One finger from (x, y) up the screen by ``distance`` px, as a thumb scrolls."""
    _touches(page, [[(x, y - distance * i / steps)] for i in range(steps + 1)])


def pinch(page, x: float, y: float, spread: float, steps: int = 12) -> None:
    """Two fingers around (x, y) moving apart by ``spread`` px (zoom in), as on a phone."""
    _touches(
        page,
        [
            [(x - 20 - spread * i / steps / 2, y), (x + 20 + spread * i / steps / 2, y)]
            for i in range(steps + 1)
        ],
    )


def in_viewport(page, locator) -> bool:
    """True when the element is on screen (its top within the viewport)."""
    box = locator.bounding_box()
    if box is None:
        return False
    height = page.viewport_size["height"]
    return box["height"] > 0 and 0 <= box["y"] < height


def wait_in_viewport(page, locator, timeout: float = 30) -> None:
    """Wait until ``locator`` is on screen (a profile scrolled into view, say)."""
    deadline = time.monotonic() + timeout
    locator.wait_for(timeout=timeout * 1000)
    while not in_viewport(page, locator):
        if time.monotonic() > deadline:
            raise AssertionError(f"{locator} never came into view")
        time.sleep(0.05)


# ---- accessibility ---------------------------------------------------------------------


@cache
def _axe_source() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def axe_violations(page, impacts: tuple[str, ...] = BARRIERS) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations of ``impacts`` on the page and in its iframes.

    axe is put into every frame first, so the map's iframe is checked as part of the
    page rather than reported as untested.
    """
    for frame in page.frames:
        if not frame.is_detached():
            frame.evaluate(_axe_source())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [
                {"target": n["target"], "html": n["html"][:200], "summary": n.get("failureSummary")}
                for n in v["nodes"]
            ],
        }
        for v in results["violations"]
        if v["impact"] in impacts
    ]


def describe(violations: list[dict]) -> str:
    """A readable list of violations for a failing test's message."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {n['target']}: {n['html']}" for n in v["nodes"][:5])
    return "\n".join(lines)


# ---- network -----------------------------------------------------------------------------


@dataclass
class Traffic:
    """Bytes moved by a page, per request, as Chromium's network layer counts them.

    ``encodedDataLength`` is what crossed the wire (headers included, compressed if
    the server compressed it); websocket frames are counted apart.
    """

    requests: dict[str, dict] = field(default_factory=dict)
    ws_received: int = 0
    ws_sent: int = 0
    ws_frames: int = 0

    @classmethod
    def record(cls, page) -> tuple[Traffic, object]:
        """Start recording ``page``'s traffic; returns it and the CDP session."""
        traffic = cls()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", traffic._response)
        cdp.on("Network.loadingFinished", traffic._finished)
        cdp.on("Network.webSocketFrameReceived", traffic._frame_in)
        cdp.on("Network.webSocketFrameSent", traffic._frame_out)
        return traffic, cdp

    def _response(self, event: dict) -> None:
        self.requests[event["requestId"]] = {
            "url": event["response"]["url"],
            "type": event["type"],
            "bytes": 0,
        }

    def _finished(self, event: dict) -> None:
        entry = self.requests.setdefault(event["requestId"], {"url": "", "type": "", "bytes": 0})
        entry["bytes"] = int(event["encodedDataLength"])

    def _frame_in(self, event: dict) -> None:
        self.ws_frames += 1
        self.ws_received += _frame_bytes(event)

    def _frame_out(self, event: dict) -> None:
        self.ws_sent += _frame_bytes(event)

    @property
    def total(self) -> int:
        return sum(r["bytes"] for r in self.requests.values()) + self.ws_received

    def summary(self) -> dict[str, object]:
        """Requests, bytes and the biggest files, for a report."""
        biggest = sorted(self.requests.values(), key=lambda r: -r["bytes"])[:12]
        by_type: dict[str, int] = {}
        for r in self.requests.values():
            by_type[r["type"]] = by_type.get(r["type"], 0) + r["bytes"]
        return {
            "requests": len(self.requests),
            "bytes": self.total,
            "http_bytes": self.total - self.ws_received,
            "websocket_bytes_received": self.ws_received,
            "websocket_frames_received": self.ws_frames,
            "bytes_by_type": dict(sorted(by_type.items(), key=lambda kv: -kv[1])),
            "biggest": [
                {"url": r["url"].split("?")[0].rsplit("/", 1)[-1][:60], "bytes": r["bytes"]}
                for r in biggest
            ],
        }


def _frame_bytes(event: dict) -> int:
    response = event["response"]
    data = response.get("payloadData", "")
    # Binary frames (Streamlit's protobuf messages) arrive base64-encoded (opcode 2).
    return len(data) * 3 // 4 if response.get("opcode") == 2 else len(data.encode())


def emulate_slow_link(cdp) -> None:
    """Throttle a page to :data:`SLOW_LINK` (the CDP session from :meth:`Traffic.record`)."""
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)


#: Text the reader cannot see whole: text whose box reaches past the viewport's right
#: edge, or past the edge of a box that clips it (overflow hidden or clip, as for
#: labels cut short with an ellipsis). Scroll boxes do not excuse it: the reader would
#: have to scroll sideways. The values of form fields may scroll inside their box, and
#: the chosen items of a multiselect are cut short by Streamlit itself.
OFF_SCREEN_JS = """() => {
  const FIELDS = "input, textarea, [role=combobox], [role=listbox], [aria-hidden=true],"
    + " .stMultiSelect";
  const width = document.documentElement.clientWidth;
  const range = document.createRange();
  const found = [];
  const cut = (el, rect) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const overflow = getComputedStyle(a).overflowX;
      if ((overflow === "hidden" || overflow === "clip") && a.clientWidth > 0
          && rect.right > a.getBoundingClientRect().right + 1) return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || !node.textContent.trim()) continue;
    if (el.closest(FIELDS)) continue;
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      if (rect.width > 0 && rect.left >= 0 && (rect.right > width + 1 || cut(el, rect))) {
        found.push(node.textContent.trim().slice(0, 80));
        break;
      }
    }
  }
  return found;
}"""


def text_off_screen(page) -> list[str]:
    """Texts that run off the screen or are cut short (see :data:`OFF_SCREEN_JS`)."""
    return page.evaluate(OFF_SCREEN_JS)
