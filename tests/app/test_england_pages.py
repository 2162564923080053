"""England on the app's pages: any English LSOA's profile, the England map, areas like yours."""

from __future__ import annotations

from tests.app.helpers import chart_titles, open_page, texts


def test_a_profile_outside_the_county_has_englands_figures_and_history(app):
    at = open_page("app_pages/area.py", geo="lsoa21", area="E01012345")  # Darlington 015D
    assert not at.exception
    shown = texts(at)
    assert at.title[0].value == "Darlington 015D"  # the page's one h1
    assert "Darlington" in shown
    assert "of 33,755 LSOAs in England" in shown
    assert "most deprived of 66 in Darlington" in shown
    assert "Relative deprivation, 2004 to 2025" in chart_titles(at)
    assert "not shown for this area" in shown  # county-only sections say so
    assert "Of 20 areas like yours" in shown
    # The six editions are in the chart's table.
    table = next(d.value for d in at.dataframe if "year" in d.value.columns)
    assert sorted(table["year"]) == [2004, 2007, 2010, 2015, 2019, 2025]


def test_a_county_profile_lists_similar_areas_across_england(app):
    at = open_page("app_pages/area.py", geo="lsoa21", area="E01027356")
    assert not at.exception
    shown = texts(at)
    assert "Areas like yours across England" in [s.value for s in at.subheader]
    assert "Of 20 areas like yours" in shown
    links = next(d.value for d in at.dataframe if "link" in d.value.columns)
    assert len(links) == 20
    assert links["link"].str.fullmatch(r"/area\?geo=lsoa21&area=E01\d{6}").all()


def test_a_made_up_code_is_refused_plainly(app):
    at = open_page("app_pages/area.py", geo="lsoa21", area="E01999999")
    assert not at.exception
    assert "is not a Neighbourhood (LSOA 2021)" in texts(at)


def test_the_england_map_opens_from_a_link_with_its_area(app):
    at = open_page(
        "app_pages/map.py", extent="england", measure="iod2025_health_decile", area="E01012345"
    )
    assert not at.exception
    assert at.radio(key="map_extent").value == "england"
    assert at.selectbox(key="england_measure").value == "iod2025_health_decile"
    assert at.selectbox(key="england_authority").value == "E06000005"
    assert "Darlington 015D" in [h.value for h in at.header]
    assert "Decile 1 (most deprived 10%)" in texts(at)  # the legend


def test_the_england_map_refuses_bad_link_values(app):
    at = open_page("app_pages/map.py", extent="england", measure="<script>", area="E0102")
    assert not at.exception
    shown = texts(at)
    assert "is not on the England map" in shown
    assert "is not an English LSOA 2021" in shown


def test_choosing_an_authority_and_area_by_keyboard(app):
    at = open_page("app_pages/map.py", extent="england")
    at.selectbox(key="england_authority").select("E06000005").run()
    at.selectbox(key="england_pick").select("E01012345").run()
    assert not at.exception
    assert "Darlington 015D" in [h.value for h in at.header]
