"""The benchmark's England views, measured in Chromium on the running app: every view is
counted (the one the map opens on too) and keeps to its budget. Relations only: timings
are reported by the benchmark, never asserted here."""

from __future__ import annotations

import pytest

from tools import bench, englandbench

pytestmark = pytest.mark.slow  # five views in a real browser


def test_every_england_view_is_counted_and_within_budget(app_url, browser_path, england):
    views = englandbench.browser_views(app_url, browser_path, runs=1)
    assert set(views) == set(englandbench.VIEWS)
    for name, view in views.items():
        assert view["files"] > 0, f"{name}: no files counted"
        assert 0 < view["bytes"] <= bench.TARGETS["view_bytes"], name
    opening, busiest = views["England"], views["London (zoom 10, busiest detail)"]
    town = views["town (Darlington, zoom 13)"]
    assert opening["zoom"] < 10 <= busiest["zoom"] <= town["zoom"], "pictures, then outlines"
    assert busiest["bytes"] > opening["bytes"], "outlines of 5,739 LSOAs weigh more"
    assert busiest["bytes"] > town["bytes"], "the busiest detail view is the biggest"
    ratio = englandbench.explore_ratio(england, views)
    assert ratio["view"] == "London (zoom 10, busiest detail)"
    assert ratio["lsoas"] > 4000
    assert ratio["explore_bytes"] > 5 * ratio["view_bytes"]
