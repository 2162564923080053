"""The map on a 390 × 844 touch phone (and with a mouse): it lets the page scroll, moves
with two fingers, answers a tap where the person is looking, and keeps its text in view."""

from __future__ import annotations

import time

import pytest

from geo.maps import centre_of
from tests.browser.helpers import largest_areas, map_view, settled_view
from tools import browser


def point_of(artifact, code: str) -> tuple[float, float]:
    return centre_of(artifact.areas("lsoa21", display=True), code)


def wait_until(check, what: str, timeout: float = 30, seen=None) -> None:
    """Poll ``check`` until it is true (states, not clocks: the limit only ends a failure).
    A failure says ``what`` never happened and, given ``seen``, what was there instead."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            instead = f"; instead: {seen()!r}" if seen else ""
            raise AssertionError(f"never happened: {what}{instead}")
        time.sleep(0.05)


def test_a_tap_brings_the_profile_into_view_and_moves_focus_to_it(phone, app_url, artifact):
    phone.goto(f"{app_url}/map")
    browser.wait_for_map(phone)
    for code in largest_areas(artifact, 2):  # a first tap, then another area
        name = artifact.local_name("lsoa21", code)
        phone.touchscreen.tap(*browser.settled_point(phone, point_of(artifact, code)))
        heading = phone.get_by_role("heading", name=name, exact=True)
        browser.wait_in_viewport(phone, heading)
        wait_until(
            lambda: phone.evaluate("() => document.activeElement.id") == "profile",
            "keyboard focus on the profile heading",
        )
        assert phone.evaluate("() => document.activeElement.textContent").startswith(name)


def test_one_finger_over_the_map_scrolls_the_page_not_the_map(phone, app_url):
    phone.goto(f"{app_url}/map")
    frame = browser.wait_for_map(phone)
    phone.locator(browser.MAP_FRAME).scroll_into_view_if_needed()
    box = phone.locator(browser.MAP_FRAME).bounding_box()
    before, (lat, lng, zoom) = browser.scroll_top(phone), settled_view(phone)
    # Thumb low on the map, pushing the page up.
    browser.swipe(phone, box["x"] + box["width"] / 2, box["y"] + box["height"] - 80, 300)
    wait_until(
        lambda: browser.scroll_top(phone) > before + 100,
        f"the page scrolled from {before} (now {browser.scroll_top(phone)}), map at {box}",
    )
    # The map stayed where it was (to the pixel), at the same zoom.
    inner = phone.locator(browser.MAP_FRAME).element_handle().content_frame()
    moved = inner.evaluate(
        "([lat, lng]) => { const m = window.map, p = m.latLngToContainerPoint([lat, lng]),"
        " c = m.getSize().divideBy(2); return p.distanceTo(c); }",
        [lat, lng],
    )
    assert moved < 2
    assert map_view(phone)[2] == zoom
    hint = frame.locator(".observatory-hint")
    assert hint.get_attribute("aria-hidden") == "true"
    assert "two fingers" in hint.text_content()


def test_two_fingers_move_and_zoom_the_map(phone, app_url):
    phone.goto(f"{app_url}/map")
    browser.wait_for_map(phone)
    phone.locator(browser.MAP_FRAME).scroll_into_view_if_needed()
    box = phone.locator(browser.MAP_FRAME).bounding_box()
    before = settled_view(phone)  # the first fit is animated: let it finish
    browser.pinch(phone, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, 150)
    wait_until(lambda: map_view(phone)[2] > before[2], "the map zoomed in")


def test_the_reset_button_shows_the_whole_county_again(page, app_url):
    page.goto(f"{app_url}/map")
    frame = browser.wait_for_map(page)
    page.locator(browser.MAP_FRAME).scroll_into_view_if_needed()
    start = settled_view(page)[2]  # the first fit is animated: let it finish
    frame.get_by_role("button", name="Zoom in").click()
    wait_until(lambda: map_view(page)[2] > start, "zoomed in")
    settled_view(page)  # a zoom is animated too
    frame.get_by_role("button", name="Show the whole county").click()
    wait_until(
        lambda: abs(map_view(page)[2] - start) < 0.01, f"back to zoom {start}: {map_view(page)}"
    )


#: A point on an area, just inside one edge of the map (in the map's own pixels), found
#: by looking along that edge, clear of the zoom buttons and the scale and attribution.
EDGE_POINT_JS = """edge => {
  const box = document.querySelector("#map_div").getBoundingClientRect();
  const inset = 10;
  for (let t = 0.15; t <= 0.85; t += 0.01) {
    const [x, y] = {
      left: [inset, box.height * t], right: [box.width - inset, box.height * t],
      top: [box.width * t, inset], bottom: [box.width * t, box.height - 40],
    }[edge];
    const hit = document.elementFromPoint(x, y);
    if (hit && hit.matches("path.leaflet-interactive")) return [x, y];
  }
  return null;
}"""


@pytest.mark.parametrize("edge", ["left", "right", "top", "bottom"])
def test_tooltips_stay_inside_the_map(page, app_url, artifact, edge):
    page.goto(f"{app_url}/map")
    frame = browser.wait_for_map(page)
    page.locator(browser.MAP_FRAME).scroll_into_view_if_needed()
    inner = page.locator(browser.MAP_FRAME).element_handle().content_frame()
    # Closer in, over the middle of the county, so that areas reach every edge of the map.
    middle = artifact.areas("lsoa21", display=True).union_all().representative_point()
    settled_view(page)  # the first fit is animated: let it finish, or it undoes the next
    inner.evaluate(
        "([lat, lng]) => window.map.setView([lat, lng], window.map.getZoom() + 2)",
        [middle.y, middle.x],
    )
    settled_view(page)
    point = inner.evaluate(EDGE_POINT_JS, edge)
    assert point is not None, f"no area along the {edge} edge of {map_view(page)}"
    box = page.locator(browser.MAP_FRAME).bounding_box()
    x, y = box["x"] + point[0], box["y"] + point[1]
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for()
    tip, area = tooltip.bounding_box(), frame.locator("#map_div").bounding_box()
    assert tip["x"] >= area["x"]
    assert tip["y"] >= area["y"]
    assert tip["x"] + tip["width"] <= area["x"] + area["width"]
    assert tip["y"] + tip["height"] <= area["y"] + area["height"]


def test_on_a_phone_the_map_keeps_its_size_while_it_loads(phone, app_url):
    phone.goto(f"{app_url}/map")
    box = phone.locator(".st-key-map_box")
    box.wait_for()
    loading = box.bounding_box()["height"]
    browser.wait_for_map(phone)
    assert loading == box.bounding_box()["height"]


@pytest.mark.parametrize(
    "path",
    [
        "",
        "map",
        "map?geo=lsoa21&area=E01027356",
        "area?geo=wd25&area=E05016086",
        "priorities",
        "stories",
        "share",
        "sources",
    ],
)
def test_no_text_runs_off_a_phone_screen(phone, app_url, path):
    phone.goto(f"{app_url}/{path}")
    browser.wait_for_run(phone)
    phone.get_by_text("Open Government Licence").last.wait_for(state="attached")
    if path.startswith("map"):
        browser.wait_for_map(phone)
    browser.wait_for_charts(phone)
    # Charts are drawn, then fitted to the phone's width as the layout settles.
    wait_until(
        lambda: browser.text_off_screen(phone) == [],
        "nothing runs off the screen",
        seen=lambda: browser.text_off_screen(phone),
    )
