"""End to end in a real browser: the map draws offline, a click opens the profile."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import click_area, largest_areas, profile_heading, wait_for_map


def test_map_draws_without_internet_and_loads_leaflet_from_the_app(page, app_url):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{app_url}/map")
    wait_for_map(page)
    leaflet = [u for u in requested if u.endswith("leaflet.js")]
    assert leaflet
    assert all(u.startswith(app_url) for u in leaflet)
    # The map above was drawn with every request beyond this machine refused (see
    # conftest.page); the only ones it tried are the optional basemap's tiles.
    outside = {
        re.sub(r"^https?://([^/]+).*", r"\1", u) for u in requested if not u.startswith(app_url)
    }
    assert outside <= {"tile.openstreetmap.org"}, outside


def test_clicking_polygons_opens_their_profiles_every_time(page, app_url, artifact):
    names = artifact.local_names("lsoa21")
    first, second = largest_areas(artifact, 2)
    page.goto(f"{app_url}/map")
    wait_for_map(page)
    for code in (first, second, first):  # another area, then the same one again
        click_area(page, artifact, code)
        profile_heading(page, names[code]).wait_for()
        page.get_by_text("Relative deprivation, 2004 to 2025").first.wait_for()
        page.wait_for_url(re.compile(f"area={code}"))  # the link now reproduces this view
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.wait_for()
    assert chart.bounding_box()["height"] > 150


@pytest.mark.parametrize("path", ["map", "area"])
def test_a_deep_link_shows_the_same_profile(page, app_url, artifact, path):
    code = "E01035636"
    page.goto(f"{app_url}/{path}?geo=lsoa21&area={code}")
    profile_heading(page, artifact.local_names("lsoa21")[code]).wait_for()
    page.get_by_text("Relative deprivation, 2004 to 2025").first.wait_for()
    page.get_by_text("formed by merging").first.wait_for()
    assert not page.get_by_text("Page not found").is_visible()
