"""AppTest of Present's "Twenty years" mode: a division's change map, step by step, and
each neighbourhood's deprivation history with its stories."""

from __future__ import annotations

from tests.app.helpers import chart_specs, click
from tests.app.test_story_timeline import approved, story_rows

PAGE = "app_pages/present.py"
DIVISION = "E05016087"  # Ashington Central: four neighbourhoods


def test_twenty_years_steps_through_a_divisions_change_map(app, artifact):
    app.switch_page(PAGE)
    app.query_params.update({"deck": "division", "division": DIVISION, "mode": "change"})
    app.run()
    assert not app.exception
    members = list(artifact.members("wd25", DIVISION))
    assert app.title[0].value == f"{artifact.local_name('lsoa21', members[0])}: twenty years"
    assert any("1 of 4 · Ashington Central division" in m.value for m in app.markdown)
    [picture] = app.get("image")
    caption = picture.proto.imgs[0].caption
    assert caption.startswith("Relative deprivation")
    assert "IoD 2004 to IoD 2025, Ashington Central division" in caption
    [history] = chart_specs(app)
    assert history["title"]["text"].startswith("Relative deprivation")
    click(app, "Next")
    assert app.title[0].value == f"{artifact.local_name('lsoa21', members[1])}: twenty years"
    assert app.query_params["mode"] == "change"
    assert app.query_params["step"] == "2"


def test_twenty_years_draws_an_areas_stories_on_its_history(archive, app, artifact):
    code = artifact.members("wd25", DIVISION)[0]
    approved(
        archive.store(),
        title="The pit closes",
        year_from=2005,
        year_to=2008,
        areas=(("lsoa21", code),),
    )
    app.switch_page(PAGE)
    app.query_params.update({"deck": "division", "division": DIVISION, "mode": "change"})
    app.run()
    assert not app.exception
    [history] = chart_specs(app)
    assert "The pit closes" in [row["title"] for row in story_rows(history)]


def test_twenty_years_in_high_contrast(app):
    app.switch_page(PAGE)
    app.query_params.update(
        {"deck": "division", "division": DIVISION, "mode": "change", "contrast": "on"}
    )
    app.run()
    assert not app.exception
    [history] = chart_specs(app)
    assert history["background"] == "#000000"
