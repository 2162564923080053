"""AppTest of the Present page: stepping through areas, comparing, making a pack."""

from __future__ import annotations

from tests.app.helpers import click

PAGE = "app_pages/present.py"


def test_walks_through_a_divisions_neighbourhoods(app):
    app.switch_page(PAGE).run()
    assert not app.exception
    app.selectbox(key="present_division").select("E05016087").run()  # Ashington Central: 4 LSOAs
    assert "Area 1 of 4" in " ".join(m.value for m in app.markdown)
    first = app.title[0].value
    click(app, "Next ▶")
    assert "Area 2 of 4" in " ".join(m.value for m in app.markdown)
    assert app.title[0].value != first
    click(app, "◀ Previous")
    assert app.title[0].value == first
    assert any("In their words" in m.value for m in app.markdown)  # the example story
    assert app.get("image"), "the area's map"


def test_walks_through_the_shortlist(app):
    app.switch_page(PAGE).run()
    app.radio(key="present_kind").set_value("shortlist").run()
    assert "Area 1 of 10" in " ".join(m.value for m in app.markdown)


def test_compares_two_areas(app):
    app.switch_page(PAGE).run()
    table = app.dataframe[0].value
    assert len(table.columns) == 2, "two areas side by side"
    assert list(table.columns) == sorted(table.columns)
    assert "Index of Multiple Deprivation 2025: score" in table.index


def test_makes_a_pdf_pack_on_request(app):
    app.switch_page(PAGE).run()
    click(app, "Make the A4 area pack (PDF)")
    assert not app.exception
    assert any(s.label == "Area pack ready" for s in app.status)
    assert any(d.label == "Download the area pack (PDF)" for d in app.get("download_button"))


def test_comparing_an_area_with_itself_asks_for_two(app):
    app.switch_page(PAGE).run()
    app.selectbox(key="compare_b").select(app.selectbox(key="compare_a").value).run()
    assert not app.exception
    assert any("two different areas" in i.value for i in app.info)
