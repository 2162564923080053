"""AppTest: a profile's time series show the area's approved stories at the years they
are about, with links a keyboard can reach; the stories page opens the story a link names."""

from __future__ import annotations

from archive.text import escape_markdown
from geo import timeline
from tests.app.helpers import chart_specs, open_page, texts
from tests.archive.helpers import draft

AREA, STORIES = "app_pages/area.py", "app_pages/stories.py"
LSOA = "E01027356"  # Northumberland 004A


def approved(store, **changes) -> str:
    receipt = store.submit(draft(**changes))
    store.approve(receipt.public_id, "test moderator")
    return receipt.public_id


def pit_closures(store) -> str:
    """The story most tests draw: about LSOA from 1990 to 2010, approved."""
    return approved(
        store,
        title="Pit closures and after",
        year_from=1990,
        year_to=2010,
        areas=(("lsoa21", LSOA),),
    )


def story_rows(spec: dict) -> list[dict]:
    """The rows of a chart's story bars (the layer that links to stories)."""
    return [
        row
        for layer in spec.get("layer", [])
        if "href" in layer.get("encoding", {}) and layer["mark"]["type"] == "rect"
        for row in layer["data"]["values"]
    ]


def history(at) -> dict:
    return next(s for s in chart_specs(at) if s["title"]["text"].startswith("Relative deprivation"))


def story_links(at) -> dict[str, str]:
    return {
        e.proto.label: e.proto.query_string
        for e in at.get("page_link")
        if e.proto.query_string.startswith("story=")
    }


def test_a_story_is_drawn_over_the_years_it_is_about_and_linked(archive):
    store = archive.store()
    story = pit_closures(store)
    approved(store, title="Not here at all", areas=(("wd25", "E05016111"),))
    at = open_page(AREA, geo="lsoa21", area=LSOA)
    assert not at.exception
    spec = history(at)
    [row] = story_rows(spec)
    assert (row["start"], row["end"]) == (1990, 2011)  # over its years, to the end of 2010
    assert row["title"] == "Pit closures and after"
    assert row["link"] == f"stories?story={story}"
    assert "Pit closures and after (1990–2010)" in spec["description"]
    assert spec["usermeta"]["embedOptions"]["renderer"] == "svg"  # bars are elements
    time_axis = next(
        layer for layer in spec["layer"] if layer["encoding"]["x"].get("field") == "year"
    )
    assert time_axis["encoding"]["x"]["scale"]["domain"][0] == 1990  # the axis shows it
    legend = [layer["encoding"]["fill"] for layer in spec["layer"] if "fill" in layer["encoding"]]
    assert legend[0]["title"] == timeline.LEGEND_TITLE
    links = story_links(at)
    assert links == {"1 · Pit closures and after (1990–2010)": f"story={story}"}
    assert "Not here at all" not in str(chart_specs(at))


def test_only_approved_stories_are_drawn_and_titles_stay_text(archive):
    store = archive.store()
    store.submit(draft(title="Still waiting for a moderator", areas=(("lsoa21", LSOA),)))
    hostile = approved(
        store,
        title="<img src=x onerror=alert(1)> **bold** [link](http://evil.example)",
        year_from=2012,
        year_to=2014,
        areas=(("lsoa21", LSOA),),
    )
    at = open_page(AREA, geo="lsoa21", area=LSOA)
    rows = [row for spec in chart_specs(at) for row in story_rows(spec)]
    assert {row["link"] for row in rows} == {f"stories?story={hostile}"}
    assert "Still waiting" not in str(chart_specs(at))
    [label] = story_links(at)
    assert escape_markdown("<img src=x onerror=alert(1)>") in label  # shown as typed
    assert "\\[link\\]" in label
    assert "\\*\\*bold\\*\\*" in label


def test_a_divisions_charts_carry_the_stories_of_its_neighbourhoods(archive):
    store = archive.store()
    approved(
        store,
        title="Allotments by the line",
        year_from=2005,
        year_to=2019,
        areas=(("lsoa21", LSOA),),
    )
    division = archive.artifact().parent(LSOA, "wd25")
    at = open_page(AREA, geo="wd25", area=division)
    titles = {row["title"] for spec in chart_specs(at) for row in story_rows(spec)}
    assert "Allotments by the line" in titles


def test_the_stories_page_opens_the_story_a_link_names(archive):
    store = archive.store()
    story = approved(store, title="The ferry steps", areas=(("lsoa21", LSOA),))
    at = open_page(STORIES, story=story)
    assert not at.exception
    assert next(h.value for h in at.subheader) == "The story you opened"
    assert "The ferry steps" in texts(at)
    pending = store.submit(draft(title="Not yet public")).public_id
    for missing in (pending, "no-such-story", "<script>"):
        at = open_page(STORIES, story=missing)
        assert not at.exception
        assert "not in the archive" in at.warning[0].value
        assert "Not yet public" not in texts(at)


def test_then_and_now_tells_the_editions_with_the_stories_beside_them(archive):
    from geo import thenandnow

    store = archive.store()
    story = pit_closures(store)
    at = open_page(AREA, geo="lsoa21", area=LSOA)
    assert "Then and now" in [h.value for h in at.subheader]
    assert thenandnow.GENERATED in [c.value for c in at.caption]
    account = thenandnow.moments(archive.artifact(), "lsoa21", LSOA)
    shown = texts(at)
    for moment in account:  # every edition and census, in words
        assert escape_markdown(moment.text) in shown
    assert "Stories from these years:" in shown
    assert f"story={story}" in story_links(at).values()


def test_the_stories_timeline_shows_the_countys_figures_of_those_years(archive):
    from geo import timeline

    store = archive.store()
    pit_closures(store)
    at = open_page(STORIES)
    at.segmented_control[0].set_value("Timeline").run()
    assert not at.exception
    county = next(s for s in chart_specs(at) if s["title"]["text"].startswith("Northumberland in"))
    titles = {row["title"] for row in story_rows(county)}
    assert "Pit closures and after" in titles
    measures = {
        layer["encoding"]["color"]["field"]
        for layer in county["layer"]
        if "color" in layer.get("encoding", {})
    }
    assert measures == {"measure"}
    [beside] = [d.value for d in at.dataframe if "Northumberland in these years" in d.value.columns]
    row = beside.set_index("Story").loc["Pit closures and after"]
    figures = timeline.county_figures(archive.artifact())
    assert row["Northumberland in these years"] == timeline.county_in_years(
        figures, timeline.StoryMark("x", "Pit closures and after", 1990, 2010)
    )
    assert "IoD 2004" in row["Northumberland in these years"]
    assert "IoD 2010" in row["Northumberland in these years"]
