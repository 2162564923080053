"""AppTest of the map explorer and the area page: state, search, links, fallbacks."""

from __future__ import annotations

import pytest

from tests.app.helpers import chart_titles, texts

MAP = "app_pages/map.py"
AREA = "app_pages/area.py"


def headers(at):
    return [h.value for h in at.header]


def test_map_page_starts_with_a_legend_and_an_empty_state(app):
    app.switch_page(MAP).run()
    assert not app.exception
    assert app.title[0].value == "Map explorer"
    legend = " ".join(m.value for m in app.markdown)
    assert "Darker = more deprived" in legend
    assert "(40 areas)" in legend
    assert any("Click an area on the map" in i.value for i in app.info)
    assert app.query_params["indicator"] == "imd2025_score"


def test_choosing_an_area_from_the_list_opens_its_profile(app):
    app.switch_page(MAP).run()
    app.selectbox(key="map_area").select("E01027356").run()
    assert headers(app) == ["Northumberland 004A"]
    assert "Relative deprivation, 2004 to 2025" in chart_titles(app)
    assert app.query_params["area"] == "E01027356"


@pytest.mark.parametrize("typed", ["ne611aa", "NE61 1AA"])
def test_a_postcode_in_any_form_opens_its_neighbourhood(app, typed):
    app.switch_page(MAP).run()
    app.text_input(key="map_search").input(typed).run()
    assert headers(app) == ["Northumberland 016B"]
    assert "NE61 1AA" in app.success[0].value


def test_a_bad_postcode_explains_and_keeps_the_page(app):
    app.switch_page(MAP).run()
    app.text_input(key="map_search").input("SW1A 1AA").run()
    assert not app.exception
    assert "outside Northumberland" in app.warning[0].value
    assert headers(app) == []


def test_a_place_with_several_matches_offers_buttons(app):
    app.switch_page(MAP).run()
    app.text_input(key="map_search").input("hexham").run()
    labels = [b.label for b in app.button]
    assert any(label.startswith("Hexham East") for label in labels)
    next(b for b in app.button if b.label.startswith("Hexham East (Electoral")).click().run()
    assert headers(app) == ["Hexham East"]
    assert app.radio(key="map_geo").value == "wd25"


def test_a_deep_link_restores_map_and_profile(app):
    app.switch_page(MAP)
    app.query_params.update(
        {
            "indicator": "fuel_poverty_2021",
            "geo": "wd25",
            "area": "E05016084",
            "scheme": "natural_breaks",
            "k": "7",
        }
    )
    app.run()
    assert not app.exception
    assert app.selectbox(key="map_indicator").value == "fuel_poverty_2021"
    assert app.radio(key="map_geo").value == "wd25"
    assert app.selectbox(key="map_scheme").value == "natural_breaks"
    assert app.slider(key="map_k").value == 7
    assert headers(app) == ["Alnwick Hotspur"]
    assert any("residents' postcodes" in i.value for i in app.info)  # how it was made


def test_a_hostile_link_falls_back_with_a_message(app):
    app.switch_page(MAP)
    app.query_params.update({"indicator": "<script>x</script>", "area": "nope", "k": "99"})
    app.run()
    assert not app.exception
    warnings = texts(app, ("warning",))
    assert "not one we can map" in warnings
    assert "must be 3 to 9" in warnings
    assert "<script>" not in warnings
    assert app.selectbox(key="map_indicator").value == "imd2025_score"


def test_switching_to_a_ward_series_moves_to_wards_and_keeps_the_place(app):
    app.switch_page(MAP).run()
    app.selectbox(key="map_area").select("E01027356").run()
    app.selectbox(key="map_indicator").select("housing_benefit_claimants").run()
    assert app.radio(key="map_geo").value == "wd22"
    assert headers(app) == ["Alnwick"]  # the LSOA's ward


def test_table_view_is_offered_for_download(app):
    app.switch_page(MAP).run()
    table = app.dataframe[0].value
    assert len(table) == 200
    assert list(table.columns[:2]) == ["Area", "Code"]
    assert any(d.label == "Download this table (CSV)" for d in app.get("download_button"))


def test_area_page_from_a_link(app):
    app.switch_page(AREA)
    app.query_params.update({"geo": "lsoa21", "area": "E01035636"})
    app.run()
    assert not app.exception
    assert headers(app) == ["Northumberland 038G"]
    assert any("merging" in i.value for i in app.info)
    assert "Relative deprivation, 2004 to 2025" in chart_titles(app)


def test_area_page_without_a_link_offers_a_picker(app):
    app.switch_page(AREA).run()
    assert app.title[0].value == "Area profile"
    app.selectbox(key="map_area").select("E01027356").run()
    assert headers(app) == ["Northumberland 004A"]


def test_england_deciles_give_way_to_quantiles_on_divisions(app):
    app.switch_page(MAP).run()
    app.selectbox(key="map_scheme").select("england_deciles").run()
    app.radio(key="map_geo").set_value("wd25").run()
    assert not app.exception
    assert app.selectbox(key="map_scheme").value == "quantiles"
    assert not any("England deciles" in o for o in app.selectbox(key="map_scheme").options)
    assert app.query_params["scheme"] == "quantiles"
