"""The England map in a real browser: zoom to a town outside the county, click, profile."""

from __future__ import annotations

import re

import shapely

from tests.browser.helpers import settled_view

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
DARLINGTON = "E01012345"  # Darlington 015D, well outside Northumberland


def drawn(page, **state: str):
    """The England layer's container once it says it has drawn the asked-for view."""
    attributes = "".join(f'[data-england-{k}="{v}"]' for k, v in state.items())
    locator = page.frame_locator(MAP_FRAME).locator(f'[data-england-state="drawn"]{attributes}')
    locator.wait_for(timeout=90_000)
    return locator


def map_frame(page):
    return page.locator(MAP_FRAME).element_handle().content_frame()


def test_zoom_to_a_town_outside_the_county_click_and_see_its_profile(page, app_url, england):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{app_url}/map?extent=england")
    drawn(page, level="overview")
    settled_view(page)  # its first fit is animated: let it finish, or it undoes the zoom
    point = shapely.point_on_surface(england.shape(DARLINGTON))
    inner = map_frame(page)
    # A programmatic zoom (like a pinch) to street level around the town.
    inner.evaluate(
        "([lat, lon]) => { window.map.setView([lat, lon], 13, {animate: false}); return 1; }",
        [point.y, point.x],
    )
    drawn(page, level="detail", zoom="13")
    features = int(drawn(page, level="detail").get_attribute("data-england-features"))
    assert 0 < features < 2000  # the viewport's outlines, not England's
    box = inner.locator("#map_div").bounding_box()
    x, y = inner.evaluate(
        "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
        " return [p.x, p.y]; }",
        [point.y, point.x],
    )
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.get_by_role("heading", name="Darlington 015D", exact=True).wait_for(timeout=60_000)
    page.get_by_text("Relative deprivation, 2004 to 2025").first.wait_for()
    page.wait_for_url(re.compile(f"area={DARLINGTON}"))
    # The map kept its street-level view through the click (it was not rebuilt).
    assert map_frame(page).evaluate("() => window.map.getZoom()") == 13
    # Every England file came from the app itself.
    tiles = [u for u in requested if "/england/" in u]
    assert tiles
    assert all(u.startswith(app_url) for u in tiles)
    # The six-edition trend chart is drawn (its numbers are checked in tests/app).
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.wait_for()
    assert chart.bounding_box()["height"] > 150


def test_a_county_profile_shows_similar_areas_in_england(page, app_url):
    page.goto(f"{app_url}/area?geo=lsoa21&area=E01027356")
    page.get_by_role("heading", name="Areas like yours across England").wait_for(timeout=60_000)
    page.get_by_text(re.compile(r"Of 20 areas like yours, \d+ became relatively")).wait_for()
