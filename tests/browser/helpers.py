"""Helpers for browser tests: real clicks on areas of the county map, profile headings."""

from __future__ import annotations

import time

from geo.maps import centre_of
from tools.browser import MAP_FRAME, settled_point, wait_for_map

__all__ = [
    "MAP_FRAME",
    "click_area",
    "largest_areas",
    "map_view",
    "profile_heading",
    "settled_view",
    "wait_for_map",
]

MAP_VIEW_JS = (
    "() => { const c = window.map.getCenter(); return [c.lat, c.lng, window.map.getZoom()]; }"
)


def click_area(page, artifact, code: str) -> None:
    """A real mouse click on a point inside the area, wherever the map has put it."""
    page.mouse.click(*settled_point(page, centre_of(artifact.areas("lsoa21", display=True), code)))


def largest_areas(artifact, n: int) -> list[str]:
    """Big rural LSOAs: easy targets for a mouse at county zoom."""
    areas = artifact.areas("lsoa21").to_crs(27700)
    return list(areas.assign(size=areas.area).nlargest(n, "size")["code"])


def profile_heading(page, name: str):
    return page.get_by_role("heading", name=name, exact=True)


def map_view(page) -> list[float]:
    """The map's centre and zoom now."""
    return page.locator(MAP_FRAME).element_handle().content_frame().evaluate(MAP_VIEW_JS)


def settled_view(page) -> list[float]:
    """The map's centre and zoom once two readings a moment apart agree (its first fit
    is animated, and a view set before it ends is undone by it)."""
    last = None
    while (view := map_view(page)) != last:
        last = view
        time.sleep(0.3)
    return view
