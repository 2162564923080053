"""AppTest of the map explorer and the area page: state, search, links, fallbacks."""

from __future__ import annotations

import pytest

from tests.app.helpers import chart_titles, texts

MAP = "app_pages/map.py"
AREA = "app_pages/area.py"


def headers(at):
    return [h.value for h in at.header]


def answer(at) -> str:
    return " ".join(m.value for m in at.markdown if 'class="answer"' in m.value)


def test_map_page_starts_with_a_legend_and_an_empty_state(app):
    app.switch_page(MAP).run()
    assert not app.exception
    assert app.title[0].value == "Map explorer"
    legend = " ".join(h.proto.body for h in app.get("html"))
    assert "Darker = more deprived" in legend
    assert "(40 areas)" in legend
    assert any("Click an area on the map" in i.value for i in app.info)
    assert app.query_params["indicator"] == "imd2025_score"


def test_choosing_an_area_from_the_list_opens_its_profile(app, artifact):
    app.switch_page(MAP).run()
    app.selectbox(key="map_area").select("E01027356").run()
    assert headers(app) == [artifact.local_name("lsoa21", "E01027356")]
    assert any("Northumberland 004A · E01027356" in c.value for c in app.caption)
    assert "Relative deprivation, 2004 to 2025" in chart_titles(app)
    assert app.query_params["area"] == "E01027356"


@pytest.mark.parametrize("typed", ["ne611aa", "NE61 1AA"])
def test_a_postcode_in_any_form_opens_its_neighbourhood(app, artifact, typed):
    app.switch_page(MAP).run()
    app.text_input(key="map_search").input(typed).run()
    assert headers(app) == [artifact.local_name("lsoa21", "E01027453")]  # drawn once
    assert "<strong>NE61 1AA</strong> is in Morpeth, in the Morpeth North division" in (answer(app))


def test_a_bad_postcode_explains_and_keeps_the_page(app):
    app.switch_page(MAP).run()
    app.text_input(key="map_search").input("SW1A 1AA").run()
    assert not app.exception
    assert "outside Northumberland" in app.warning[0].value
    assert headers(app) == []


def test_places_sharing_a_name_are_offered_as_buttons(app, artifact):
    app.switch_page(MAP).run()
    app.text_input(key="map_search").input("bridge end").run()
    labels = [b.label for b in app.button]
    assert "Bridge End — suburban area, Corbridge division" in labels
    next(b for b in app.button if b.label.endswith("Corbridge division")).click().run()
    assert headers(app) == [artifact.local_name("lsoa21", "E01027504")]
    assert "<strong>Bridge End</strong> is in the neighbourhood we call" in answer(app)


def test_a_division_name_opens_the_division(app):
    app.switch_page(MAP).run()
    app.text_input(key="map_search").input("hexham east").run()
    assert headers(app) == ["Hexham East"]
    assert app.radio(key="map_geo").value == "wd25"


def test_a_town_outlines_its_neighbourhoods_and_answers_for_them(app, artifact):
    app.switch_page(MAP).run()
    app.text_input(key="map_search").input("Berwick").run()
    assert headers(app) == ["Berwick-upon-Tweed"]
    assert app.session_state["map_town"] == "Berwick-upon-Tweed"
    members = len(artifact.towns()["Berwick-upon-Tweed"])
    assert f"is a town of {members} neighbourhoods" in answer(app)
    app.selectbox(key="map_area").select("E01027389").run()  # one of them, from the list
    assert headers(app) == ["Spittal, Berwick-upon-Tweed"]


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
    """The table is drawn only when asked for (its grid is heavy for a phone)."""
    app.switch_page(MAP).run()
    assert len(app.dataframe) == 0
    app.button_group(key="map_shown").set_value("Table").run()
    table = app.dataframe[0].value
    assert len(table) == 200
    assert list(table.columns[:3]) == ["Area", "ONS name", "Code"]
    assert "Hirst, Ashington" in set(table["Area"])
    assert any(d.label == "Download this table (CSV)" for d in app.get("download_button"))


def test_area_page_from_a_link(app):
    app.switch_page(AREA)
    app.query_params.update({"geo": "lsoa21", "area": "E01035636"})
    app.run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Edgewell, Prudhoe"]  # the page's one h1
    assert any("merging" in i.value for i in app.info)
    assert "Relative deprivation, 2004 to 2025" in chart_titles(app)


def test_area_page_without_a_link_offers_a_picker(app, artifact):
    app.switch_page(AREA).run()
    assert app.title[0].value == "Area profile"
    app.selectbox(key="map_area").select("E01027356").run()
    assert [t.value for t in app.title] == [artifact.local_name("lsoa21", "E01027356")]


def test_area_page_search_answers_first_and_keeps_the_postcode_out_of_the_link(app, artifact):
    app.switch_page(AREA).run()
    app.text_input(key="area_search").input("ne63 9dz").run()
    assert not app.exception
    assert [t.value for t in app.title] == [artifact.local_name("lsoa21", "E01027539")]
    assert "<strong>NE63 9DZ</strong> is in Ashington, in the Hirst division (2025)." in (
        answer(app)
    )
    assert "Among the 10% most deprived neighbourhoods in England." in answer(app)
    assert dict(app.query_params) == {"geo": "lsoa21", "area": "E01027539"}


def test_overview_search_opens_the_town_view(app, artifact):
    app.run()
    app.text_input(key="home_search").input("newbiggin by the sea").run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Newbiggin-by-the-Sea"]
    assert app.query_params["town"] == "Newbiggin-by-the-Sea"
    listed = app.dataframe[0].value
    assert set(listed["Code"]) == set(artifact.towns()["Newbiggin-by-the-Sea"])


@pytest.mark.parametrize(("town", "shown"), [("HEXHAM", "Hexham"), ("Nowhere<b>", None)])
def test_a_town_link_opens_its_view_or_explains(app, town, shown):
    app.switch_page(AREA)
    app.query_params.update({"town": town})
    app.run()
    assert not app.exception
    if shown:
        assert app.title[0].value == shown
    else:
        assert "is not one we know" in app.warning[0].value
        assert "<b>" not in app.warning[0].value


def test_england_deciles_give_way_to_quantiles_on_divisions(app):
    app.switch_page(MAP).run()
    app.selectbox(key="map_scheme").select("england_deciles").run()
    app.radio(key="map_geo").set_value("wd25").run()
    assert not app.exception
    assert app.selectbox(key="map_scheme").value == "quantiles"
    assert not any("England deciles" in o for o in app.selectbox(key="map_scheme").options)
    assert app.query_params["scheme"] == "quantiles"


def test_a_link_warning_stays_until_the_view_changes(app):
    app.switch_page(MAP)
    app.query_params.update({"indicator": "nope"})
    app.run()
    app.run()  # as when the map component reruns the page after drawing
    assert "not one we can map" in texts(app, ("warning",))
    app.selectbox(key="map_indicator").select("fuel_poverty_2021").run()
    assert "not one we can map" not in texts(app, ("warning",))
