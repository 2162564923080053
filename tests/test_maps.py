"""Map builders, tested on the rendered HTML (as geopandas tests its maps)."""

from __future__ import annotations

import re

import pytest

from geo import maps, static
from geo.classify import classify


@pytest.fixture
def lsoa_map(artifact):
    ind = artifact.registry.get("imd2025_score")
    classes = classify(artifact.values("lsoa21")[ind.id], ind, "quantiles", 5)
    rows = maps.map_table(artifact, "lsoa21", ind, classes)
    display = artifact.areas("lsoa21", display=True)
    return display, rows, classes


def render(artifact, display, rows, classes, *, basemap=False):
    fmap = maps.choropleth(
        display, artifact.encoded("lsoa21"), rows, classes, value_label="IMD score", basemap=basemap
    )
    return fmap.get_root().render()


def test_choropleth_loads_its_scripts_from_the_app_not_a_cdn(artifact, lsoa_map):
    html = render(artifact, *lsoa_map)
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert scripts == [static.LEAFLET_JS, static.AREAS_JS]
    assert styles == [static.LEAFLET_CSS]
    assert "tile.openstreetmap" not in html
    assert (static.STATIC_DIR / "observatory" / "areas.js").is_file()


def test_basemap_is_optional(artifact, lsoa_map):
    html = render(artifact, *lsoa_map, basemap=True)
    assert "tile.openstreetmap.org" in html
    assert "OpenStreetMap contributors" in html


def test_every_area_is_drawn_with_its_class_and_tooltip_texts(artifact, lsoa_map):
    display, rows, classes = lsoa_map
    data = maps.area_data(display, rows, classes, {"value": "v", "rank": "r", "code": "c"})
    assert data["codes"] == list(display["code"])
    assert len(data["codes"]) == 200
    worst = rows["value"].idxmax()
    i = data["codes"].index(worst)
    assert data["classes"][i] == classes.k - 1  # darkest class
    assert data["ranks"][i] == "1st of 200"
    html = render(artifact, *lsoa_map)
    assert "ObservatoryAreas.layer(" in html
    assert worst in html
    assert '"IMD score"' in html


def test_the_map_is_small(artifact, lsoa_map):
    """The whole LSOA map page, geometry included, is a small fraction of a GeoJSON map."""
    html = render(artifact, *lsoa_map)
    assert len(html) < 120_000


def test_names_cannot_close_the_script(artifact, lsoa_map):
    display, rows, classes = lsoa_map
    hostile = rows.copy()
    hostile.loc[hostile.index[0], "name"] = "</script><script>alert(1)</script>"
    html = render(artifact, display, hostile, classes)
    assert "</script><script>alert(1)" not in html


def test_selection_layer_outlines_only_the_chosen_area(artifact):
    display = artifact.areas("wd25", display=True)
    group = maps.selection_layer(display, ["E05016084"])
    html = group._children  # two outlines: black under white
    assert len(html) == 2
    assert maps.selection_layer(display, [])._children == {}


def test_legend_escapes_and_lists_ranges(lsoa_map):
    _, _, classes = lsoa_map
    html = maps.legend_html(classes, "<b>IMD</b> & more")
    assert "&lt;b&gt;IMD&lt;/b&gt; &amp; more" in html
    for label in classes.labels:
        assert label in html
    assert "Darker = more deprived" in html
    assert "(40 areas)" in html


def test_map_table_for_a_category(artifact):
    from geo.classify import categorical

    ind = artifact.registry.get("ruc21_urban_rural")
    classes = categorical(artifact.values("wd25")[ind.id], ind)
    table = maps.map_table(artifact, "wd25", ind, classes)
    assert set(table["value_text"]) <= {"Urban", "Rural"}
    assert (table["rank_text"] == "").all()


def test_centre_is_inside_the_area(artifact):
    import shapely

    display = artifact.areas("lsoa21", display=True)
    lat, lon = maps.centre_of(display, "E01027356")
    polygon = display.set_index("code").geometry["E01027356"]
    assert polygon.contains(shapely.Point(lon, lat))
    assert maps.centre_of(display, "E01999999") is None


def test_click_resolves_from_feature_code(artifact):
    clicked = {"last_active_drawing": {"properties": {"code": "E01027356"}}}
    assert maps.resolve_click(artifact, "lsoa21", clicked) == "E01027356"


def test_click_with_a_forged_code_falls_back_to_the_point(artifact):
    clicked = {
        "last_active_drawing": {"properties": {"code": "E01999999"}},
        "last_object_clicked": {"lat": 55.17, "lng": -1.69},
    }
    assert maps.resolve_click(artifact, "lsoa21", clicked) == "E01027457"


@pytest.mark.parametrize(
    "clicked",
    [
        None,
        {},
        {"last_active_drawing": "x"},
        {"last_object_clicked": {"lat": "a", "lng": None}},
        {"last_object_clicked": {"lat": 10, "lng": 10}},
        ["not", "a", "dict"],
    ],
)
def test_odd_clicks_select_nothing(artifact, clicked):
    assert maps.resolve_click(artifact, "lsoa21", clicked) is None
