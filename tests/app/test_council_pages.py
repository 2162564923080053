"""A second council (Rutland, built from the England files) on every page.

The app reads ``OBSERVATORY_AREA`` when it loads its artifact, as a server started with
that setting does. Caches are process-wide, so each test starts and ends with them empty:
one process serves one council.
"""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo import paths
from tests.app.helpers import APP, PAGES, chart_titles, open_page, texts
from tests.conftest import COUNCIL
from ui.state import key

ALL_TEXT = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error")


@pytest.fixture
def rutland(council_built, england_built, monkeypatch):
    """The app set up for Rutland; its artifact (and England's) already built."""
    monkeypatch.setenv(paths.AREA_SETTING, COUNCIL)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield council_built
    st.cache_resource.clear()
    st.cache_data.clear()


def labels(at: AppTest) -> str:
    """Labels and placeholders of the page's widgets, as one string."""
    widgets = [*at.selectbox, *at.multiselect, *at.radio, *at.text_input, *at.number_input]
    return " ".join(f"{w.label} {getattr(w, 'placeholder', '')}" for w in widgets)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_works_and_names_the_council(rutland, page):
    at = open_page(page)
    assert not at.exception, at.exception
    assert at.title, f"{page} has no title"
    shown = texts(at, ALL_TEXT) + labels(at) + " ".join(e.proto.body for e in at.get("html"))
    assert "Northumberland" not in shown, page
    assert "Rutland Living Archive Data Observatory" in texts(at, ("markdown",))  # the sidebar
    assert any("Open Government Licence" in c.value for c in at.caption), "attribution"


def test_the_overview_has_england_wide_figures_only(rutland):
    at = open_page("app_pages/home.py")
    assert at.title[0].value == "Rutland Living Archive Data Observatory"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Neighbourhoods in England's most deprived 10%": "0 of 26"}


def test_a_neighbourhood_profile_has_its_history_and_says_what_is_missing(
    rutland, council_artifact
):
    code = council_artifact.names("lsoa21").index[0]
    at = open_page("app_pages/area.py", geo="lsoa21", area=code)
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == [council_artifact.local_name("lsoa21", code)]
    shown = texts(at)
    assert "Ward (2024, approximate)" in shown  # its best-fit ward
    assert "Relative deprivation, 2004 to 2025" in chart_titles(at)
    assert "Areas like yours across England" in [s.value for s in at.subheader]
    missing = " ".join(i.value for i in at.info)
    assert "Not available for Rutland: population and age, Census 2011 and 2021" in missing
    assert "fuel poverty" in missing


def test_a_ward_profile_is_labelled_approximate(rutland, council_artifact):
    ward = council_artifact.names("wd24").index[0]
    at = open_page("app_pages/area.py", geo="wd24", area=ward)
    assert not at.exception, at.exception
    shown = texts(at)
    assert "approximate" in shown
    assert "count each LSOA equally" in shown, "no population figures: the method says so"
    assert "Neighbourhoods in this ward" in shown


def test_the_map_draws_wards_and_search_says_there_are_no_postcodes(rutland, council_artifact):
    ward = council_artifact.names("wd24").index[0]
    at = open_page("app_pages/map.py", geo="wd24", area=ward)
    assert not at.exception, at.exception
    assert at.radio(key="map_geo").value == "wd24"
    assert [h.value for h in at.header] == [council_artifact.name("wd24", ward)]
    at.text_input(key="map_search").input("LE15 6AA").run()
    assert "Postcode search is not available for Rutland" in texts(at, ("warning",))
    name = council_artifact.name("wd24", ward)
    at.text_input(key="map_search").input(name).run()
    assert [h.value for h in at.header] == [name]  # the answer, under the search box
    assert at.selectbox(key=key("area")).value == ward


def test_links_to_the_countys_own_data_are_refused_plainly(rutland):
    at = open_page("app_pages/map.py", indicator="fuel_poverty_2021", geo="wd25")
    assert not at.exception, at.exception
    warnings = texts(at, ("warning",))
    assert "“fuel_poverty_2021” is not one we can map" in warnings
    assert "“wd25” is not available" in warnings
    at = open_page("app_pages/priorities.py", geo="wd25", division="E05016087", minpop="900")
    assert not at.exception, at.exception
    assert "using neighbourhoods" in texts(at, ("warning",))
    assert not [n for n in at.number_input if n.label == "Minimum residents"]
    assert at.subheader[0].value == "Top 20 of 26 areas"


def test_sharing_a_story_says_what_is_not_available(rutland):
    at = open_page("app_pages/share.py")
    info = " ".join(i.value for i in at.info)
    assert "Choosing a division is not available for Rutland" in info
    assert "Finding the area by postcode is not available for Rutland" in info
    assert [m.label for m in at.multiselect] == ["Themes", "Neighbourhoods (LSOAs)"]


def test_the_countys_stories_are_not_shown_for_another_council(rutland, artifact):
    at = open_page("app_pages/stories.py")
    assert not at.exception, at.exception
    assert "Filtering by division is not available for Rutland" in texts(at, ("info",))
    assert not [m for m in at.markdown if "Example" in m.value], "no county example stories"


def test_present_walks_through_a_shortlist_and_offers_no_divisions(rutland, council_artifact):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/present.py").run()
    assert not at.exception, at.exception
    assert at.radio(key="present_deck").options == ["The priorities shortlist", "Areas I choose"]
    assert at.title[0].value in set(council_artifact.names("lsoa21"))  # the first slide
    assert any("1 of 10" in m.value for m in at.markdown)
    at = open_page("app_pages/present.py", deck="division", division="E05016087")
    assert not at.exception, at.exception
    assert at.title[0].value in set(council_artifact.names("lsoa21")), "the shortlist instead"
