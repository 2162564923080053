"""AppTest of the Present page: decks, stepping, the slide's content, comparing, packs."""

from __future__ import annotations

import html

from tests.app.helpers import chart_specs, click

PAGE = "app_pages/present.py"


def slide_html(at) -> str:
    return " ".join(e.proto.body for e in at.get("html") if 'class="slide"' in e.proto.body)


def test_the_default_deck_steps_through_several_areas(app, artifact):
    app.switch_page(PAGE).run()
    assert not app.exception
    assert any("1 of 10" in m.value for m in app.markdown)
    first = app.title[0].value
    click(app, "Next")
    assert any("2 of 10" in m.value for m in app.markdown)
    assert app.title[0].value != first
    click(app, "Previous")
    assert app.title[0].value == first


def test_a_slide_has_its_figures_sources_map_chart_and_links(app, artifact):
    app.switch_page(PAGE)
    app.query_params.update({"deck": "division", "division": "E05016087"})  # Ashington Central
    app.run()
    body = slide_html(app)
    code = artifact.members("wd25", "E05016087")[0]
    assert app.title[0].value == artifact.local_name("lsoa21", code)  # named as people do
    assert artifact.name("lsoa21", code) in body  # with the ONS name, for officers
    assert body.count("class='fig'") == 3
    assert body.count("Source: MHCLG, IoD 2025") == 2
    assert "data:image/png;base64," in body  # the map and the chart
    assert "IMD 2025 England decile" in body  # the map's legend, as text
    assert "See the live profile" in body
    assert "Share a story about it" in body
    assert "/share?area=E01" in body
    assert "In their words" not in body
    assert "not a real account" in body  # the example story, badged


def test_a_slide_escapes_story_text(app, artifact):
    from outputs import content

    quote = content.Quote("<script>x</script> & more", "<b>t</b>", "A & B", "1990", "x", False)
    area = content.AreaContent(
        "lsoa21", "E01027356", "Name", "Kind", (), (), (), (), (quote,), (),
        content.area_links(artifact, "lsoa21", "E01027356", "https://x.org"),
    )  # fmt: skip
    from outputs import slide

    html = slide.html(area, map_png=b"png", legend_title="L", legend=[], charts={})
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; &amp; more" in html
    assert "<b>t</b>" not in html


def test_the_set_up_picks_a_division(app):
    app.switch_page(PAGE).run()
    app.radio(key="present_deck").set_value("division").run()
    app.selectbox(key="present_division").select("E05016087").run()
    assert any("1 of 4 · Ashington Central division" in m.value for m in app.markdown)
    assert app.query_params["division"] == "E05016087"


def test_compare_lists_areas_in_order_of_need_with_ranks_and_deciles(app, artifact):
    app.switch_page(PAGE)
    app.query_params.update({"mode": "compare", "compare": "E01027356,E01027416,E05016087"})
    app.run()
    assert not app.exception
    table = next(e.proto.body for e in app.get("html") if "class='compare'" in e.proto.body)
    names = [artifact.local_name("lsoa21", "E01027416"), artifact.name("wd25", "E05016087"),
             artifact.local_name("lsoa21", "E01027356")]  # fmt: skip
    positions = [table.index(html.escape(n)) for n in names]  # names as the HTML spells them
    assert positions == sorted(positions), "most need first"
    assert "1st of 200 · England decile 1" in table
    [spec] = chart_specs(app)
    assert spec["title"]["text"] == "Relative deprivation, 2004 to 2025"
    assert "Source:" in " ".join(spec["title"]["subtitle"])
    colour = spec["layer"][0]["encoding"]["color"]
    assert colour["title"] == "Area"  # not "Neighbourhood": divisions are compared too


def test_high_contrast_reaches_the_charts(app):
    app.switch_page(PAGE)
    app.query_params.update({"mode": "compare", "contrast": "on"})
    app.run()
    [spec] = chart_specs(app)
    assert spec["background"] == "#000000"


def test_makes_a_pdf_pack_on_request(app):
    app.switch_page(PAGE).run()
    click(app, "Make the A4 area pack (PDF)")
    assert not app.exception
    assert any(s.label == "Area pack ready" for s in app.status)
    assert any(d.label == "Download the area pack (PDF)" for d in app.get("download_button"))


def test_comparing_fewer_than_two_areas_asks_for_two(app):
    app.switch_page(PAGE)
    app.query_params.update({"mode": "compare", "compare": "E01027356"})
    app.run()
    assert not app.exception
    assert any("at least two areas" in i.value for i in app.info)
