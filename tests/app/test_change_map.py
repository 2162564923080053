"""AppTest of the map explorer's change mode: the legend, a split and a merged LSOA, the
controls and the link."""

from __future__ import annotations

import pytest

from geo import change, trends
from tests.app.helpers import open_page, texts

MAP = "app_pages/map.py"
IMD_LINK = {"mode": "change", "change": "imd", "since": "2004", "until": "2025"}


def headers(at):
    return [h.value for h in at.header]


def legend(at) -> str:
    return next(m.value for m in at.markdown if "Map legend" in m.value)


@pytest.mark.parametrize(
    ("code", "kind", "words"),
    [("E01035630", "split", "as a whole"), ("E01035636", "merged", "averaged")],
)
def test_a_changed_lsoa_on_the_change_map_shows_its_change_and_where_it_comes_from(
    artifact, england_built, code, kind, words
):
    at = open_page(MAP, **IMD_LINK, area=code)
    assert not at.exception
    assert headers(at) == [artifact.local_name("lsoa21", code)]
    row = change.change_map(artifact, "imd", "lsoa21", "2004", "2025").row(code)
    shown = texts(at)
    assert row["value_text"] in shown  # the change in words, beside the map
    former = [c for c, _ in trends.lineage(artifact, code).parents11]
    warning = next(
        c.value for c in at.caption if ":material/warning:" in c.value and "IoD 2004" in c.value
    )
    assert f"({kind} in 2021), {words}" in warning
    assert all(c in warning for c in former)
    assert "Dashed outline" in legend(at)
    assert dict(at.query_params) == {**IMD_LINK, "geo": "lsoa21", "area": code}


def test_the_change_legend_says_more_or_less_need_with_ranges_and_counts(artifact, england_built):
    at = open_page(MAP, **IMD_LINK)
    shown = legend(at)
    assert "Orange = more need (relatively more deprived)" in shown
    picture = change.change_map(artifact, "imd", "lsoa21", "2004", "2025")
    for label, count in zip(
        picture.classification.labels, picture.classification.counts, strict=True
    ):
        assert f"{label} <small>({count} area" in shown
    assert at.radio(key="map_geo").options == ["Neighbourhood (LSOA 2021)"]
    assert any("never shared out" in c.value for c in at.caption)


def test_switching_to_change_and_choosing_a_measure_on_divisions(artifact, england_built):
    at = open_page(MAP)
    at.segmented_control(key="map_mode").set_value("change").run()
    assert at.query_params["mode"] == "change"
    assert at.selectbox(key="map_since").value == "2004"
    at.selectbox(key="map_since").select("2019").run()
    assert at.selectbox(key="map_until").value == "2025"
    assert at.selectbox(key="map_until").options == ["IoD 2025"]
    at.selectbox(key="map_change").select("census_deprived").run()
    assert (at.selectbox(key="map_since").value, at.selectbox(key="map_until").value) == (
        "2011",
        "2021",
    )
    at.radio(key="map_geo").set_value("wd25").run()
    at.selectbox(key="map_area").select("E05016084").run()
    assert not at.exception
    assert headers(at) == ["Alnwick Hotspur"]
    row = change.change_map(artifact, "census_deprived", "wd25", "2011", "2021").row("E05016084")
    assert row["value_text"] in texts(at)
    assert dict(at.query_params) == {
        "mode": "change",
        "change": "census_deprived",
        "since": "2011",
        "until": "2021",
        "geo": "wd25",
        "area": "E05016084",
    }
    at.segmented_control(key="map_mode").set_value("level").run()
    assert at.query_params["indicator"] == "imd2025_score"
    assert "mode" not in at.query_params
    assert headers(at) == ["Alnwick Hotspur"]  # the selection is carried over


def test_the_change_table_lists_every_area_with_both_figures(artifact, england_built):
    at = open_page(MAP, **IMD_LINK)
    [table] = [d for d in at.dataframe if "Boundaries" in d.value.columns]
    assert len(table.value) == 200
    assert {"IoD 2004", "IoD 2025", "Change (points)", "What changed"} <= set(table.value.columns)
    marked = table.value.set_index("Code")["Boundaries"]
    assert marked["E01035630"]
    assert marked["E01035636"]
