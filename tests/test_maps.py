"""Map builders, tested on the rendered HTML (as geopandas tests its maps)."""

from __future__ import annotations

import json
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


def test_choropleth_loads_leaflet_from_the_app_not_a_cdn(lsoa_map):
    display, rows, classes = lsoa_map
    html = (
        maps.choropleth(display, rows, classes, layer_name="IMD", basemap=False).get_root().render()
    )
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert scripts == [static.LEAFLET_JS]
    assert styles == [static.LEAFLET_CSS]
    assert "tile.openstreetmap" not in html


def test_basemap_is_optional(lsoa_map):
    display, rows, classes = lsoa_map
    html = (
        maps.choropleth(display, rows, classes, layer_name="IMD", basemap=True).get_root().render()
    )
    assert "tile.openstreetmap.org" in html
    assert "OpenStreetMap contributors" in html


def test_every_area_is_drawn_with_its_class_colour_and_tooltip(lsoa_map):
    display, rows, classes = lsoa_map
    data = maps.features(display, rows, classes)
    assert len(data["features"]) == 200
    worst = rows["value"].idxmax()
    feature = next(f for f in data["features"] if f["properties"]["code"] == worst)
    assert feature["properties"]["fill"] == classes.colours[-1]  # darkest
    assert feature["properties"]["rank"].startswith("1st of 200")
    assert set(feature["properties"]) == {"code", "name", "value", "rank", "fill"}
    html = (
        maps.choropleth(display, rows, classes, layer_name="IMD", basemap=False).get_root().render()
    )
    assert '"Area"' in html
    assert '"In Northumberland"' in html
    assert worst in html


def test_coordinates_are_rounded_for_the_browser(lsoa_map):
    display, rows, classes = lsoa_map
    text = json.dumps(maps.features(display, rows, classes))
    decimals = [len(n.split(".")[1]) for n in re.findall(r"-?\d+\.\d+", text)[:2000]]
    assert max(decimals) <= maps.MAP_DECIMALS


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
