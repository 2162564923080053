"""In Chromium: the change map opens profiles; a story on the deprivation history is
shown over its years and opens by mouse, by tap and by keyboard."""

from __future__ import annotations

import re

import pytest

from archive import StoryStore
from geo import change
from tests.archive.helpers import draft
from tests.browser.helpers import (
    MAP_FRAME,
    click_area,
    largest_areas,
    profile_heading,
    wait_for_map,
)
from tests.servers import running_app

LSOA = "E01027356"  # Northumberland 004A
TITLE = "Pit closures and after"


def test_the_change_map_for_imd_2004_to_2025_opens_a_profile(page, app_url, artifact):
    page.goto(f"{app_url}/map?mode=change&change=imd&since=2004&until=2025")
    frame = wait_for_map(page)
    picture = change.change_map(artifact, "imd", "lsoa21", "2004", "2025")
    page.get_by_text(picture.classification.labels[-1]).first.wait_for()  # the legend
    fills = {
        frame.locator("path.leaflet-interactive").nth(i).get_attribute("fill") for i in range(200)
    }
    assert fills <= set(picture.classification.colours)
    assert len(fills) >= 5
    dashed = frame.locator('path[stroke-dasharray="5 4"]')
    assert dashed.count() == len(picture.changed)  # boundary changes marked
    code = largest_areas(artifact, 1)[0]
    click_area(page, artifact, code)
    profile_heading(page, artifact.local_name("lsoa21", code)).wait_for()
    page.get_by_text(picture.row(code)["value_text"]).first.wait_for()  # its change, in words
    page.get_by_text("Relative deprivation, 2004 to 2025").first.wait_for()  # and its history
    page.wait_for_url(re.compile(f"mode=change.*area={code}"))
    assert page.locator(MAP_FRAME).count() == 1


@pytest.fixture(scope="module")
def story_server(built, browser_path, tmp_path_factory):
    """The app on an archive holding one approved story about 1990 to 2010."""
    url = f"sqlite:///{tmp_path_factory.mktemp('stories') / 'archive.db'}"
    store = StoryStore(url)
    receipt = store.submit(
        draft(title=TITLE, year_from=1990, year_to=2010, areas=(("lsoa21", LSOA),))
    )
    store.approve(receipt.public_id, "test moderator")
    store.dispose()
    with running_app(built, {"DATABASE_URL": url, "OBSERVATORY_EXAMPLE_STORIES": "off"}) as app:
        yield app, receipt.public_id


def history_chart(page):
    return page.locator("[data-testid='stVegaLiteChart']").filter(
        has=page.locator("text", has_text="Relative deprivation, 2004 to 2025")
    )


def story_bar(page):
    bar = history_chart(page).locator(f'[aria-label^="Community story 1: {TITLE}"]')
    bar.wait_for()
    return bar


def label_centre(chart, year: int) -> float:
    box = chart.locator("g.role-axis-label text", has_text=re.compile(f"^{year}$")).bounding_box()
    return box["x"] + box["width"] / 2


def opened(page, story_id: str) -> None:
    page.wait_for_url(re.compile(f"/stories\\?story={story_id}"))
    page.get_by_role("heading", name="The story you opened").wait_for()
    page.get_by_role("heading", name=TITLE).wait_for()


def test_a_story_is_drawn_over_its_years_and_opens_with_the_mouse(page, story_server):
    app, story_id = story_server
    page.goto(f"{app}/area?geo=lsoa21&area={LSOA}")
    bar = story_bar(page)
    chart = history_chart(page)
    box = bar.bounding_box()
    # Over 1990 to the end of 2010: from the axis's first label to just past 2010.
    assert abs(box["x"] - label_centre(chart, 1990)) < 3
    assert label_centre(chart, 2010) < box["x"] + box["width"] < label_centre(chart, 2015)
    bar.hover()
    page.locator("#vg-tooltip-element").filter(has_text=TITLE).wait_for()
    bar.click()
    opened(page, story_id)


def test_the_same_story_opens_from_the_keyboard(page, story_server):
    app, story_id = story_server
    page.goto(f"{app}/area?geo=lsoa21&area={LSOA}")
    story_bar(page)
    # The first of its links: under the deprivation history, the first chart.
    link = page.get_by_role("link", name=re.compile(f"^1 · {TITLE} \\(1990–2010\\)")).first
    link.wait_for()
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e && e.tagName === 'A' ? e.textContent : ''; })()"
        )
        if TITLE in focused:
            break
    else:
        pytest.fail("Tab never reached the story's link")
    page.keyboard.press("Enter")
    opened(page, story_id)


def test_on_a_phone_the_story_is_named_in_the_legend_and_opens_with_a_tap(browser, story_server):
    app, story_id = story_server
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])"), lambda r: r.abort())
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{app}/area?geo=lsoa21&area={LSOA}")
        bar = story_bar(page)
        legend = history_chart(page).locator("g.role-legend text", has_text="Community stories")
        box = legend.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390
        bar.scroll_into_view_if_needed()
        bar.tap()
        opened(page, story_id)
    finally:
        context.close()
