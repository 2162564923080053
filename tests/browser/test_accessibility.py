"""No accessibility barriers: axe-core finds 0 critical and 0 serious WCAG 2.1 A/AA
violations on every page of the app's navigation, at 1366 px and on a 390 px phone, in
the states people reach; the keyboard alone gets from the postcode box through a profile.
"""

from __future__ import annotations

import pytest

from tools import browser as chromium

POSTCODE = "ne61 1aa"  # typed carelessly: lower case, no space
#: The answer's heading (its anchor), which names the neighbourhood of the postcode.
PROFILE = "#profile"


def settle(page) -> None:
    """Wait for the page's run to finish and for its map and charts to be drawn."""
    chromium.wait_for_run(page)
    if page.locator(chromium.MAP_FRAME).count():
        # The county's areas, or the England layer once drawn (pictures, no areas): which
        # one cannot be told before the map's frame has loaded, so wait for either.
        drawn = 'path.leaflet-interactive, [data-england-state="drawn"]'
        chromium.map_frame(page).locator(drawn).first.wait_for(state="attached")
    chromium.wait_for_charts(page)


def search(page, box: str, text: str) -> None:
    field = page.get_by_role("textbox", name=box)
    field.fill(text)
    field.press("Enter")


def overview_after_a_search(page, url):
    page.goto(url)
    search(page, "Your postcode or place", POSTCODE)
    page.locator(PROFILE).wait_for()


def map_after_a_search(page, url):
    page.goto(f"{url}/map")
    chromium.wait_for_map(page)
    search(page, "Find a postcode or place", POSTCODE)
    page.locator(PROFILE).wait_for()


def map_as_a_table(page, url):
    page.goto(f"{url}/map")
    page.get_by_role("radio", name="Table").click()
    page.locator("[data-testid=stDataFrame]").wait_for()


def story_half_written(page, url):
    page.goto(f"{url}/share")
    page.get_by_role("textbox", name="Title").fill("The pit baths")
    page.get_by_role("textbox", name="Your story").fill("When the pit closed, the baths became")


def visit(path: str):
    def open_page(page, url):
        page.goto(f"{url}/{path}")

    return open_page


#: Every page in app.py's navigation, and the states people reach on them.
STATES = {
    "overview": visit(""),
    "overview, after a search": overview_after_a_search,
    "map": visit("map"),
    "map, after a search": map_after_a_search,
    "map, as a table": map_as_a_table,
    "profile of a neighbourhood": visit("area?geo=lsoa21&area=E01027356"),
    "profile of a division": visit("area?geo=wd25&area=E05016086"),
    "map of all of England": visit("map?extent=england"),
    "profile of a neighbourhood elsewhere in England": visit("area?area=E01012345"),
    "priorities": visit("priorities"),
    "present": visit("present"),
    "present, comparing areas": visit("present?mode=compare"),
    "stories": visit("stories"),
    "share a story, half written": story_half_written,
    "moderate": visit("moderate"),
    "data and sources": visit("sources"),
}


@pytest.mark.parametrize("size", list(chromium.SIZES))
@pytest.mark.parametrize("state", list(STATES))
def test_no_serious_or_critical_accessibility_violations(browser, app_url, size, state, request):
    if "England" in state:
        request.getfixturevalue("england_built")  # England's part of the data
    page = chromium.offline_page(browser, size)
    try:
        STATES[state](page, app_url)
        settle(page)
        violations = chromium.axe_violations(page)
        assert violations == [], chromium.describe(violations)
        assert page.locator("h1").count() == 1
    finally:
        page.context.close()


def focused(page) -> str:
    """What the keyboard is on: its id, its label, or its text (icons' names included)."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.id || e.getAttribute('aria-label') || e.textContent.trim().slice(0, 60); }"
    )


def test_the_keyboard_alone_reaches_a_profile_and_its_sections(page, app_url):
    page.goto(f"{app_url}/map")
    chromium.wait_for_map(page)
    page.get_by_role("textbox", name="Find a postcode or place").focus()
    page.keyboard.type(POSTCODE)
    page.keyboard.press("Enter")
    page.locator(PROFILE).wait_for()
    page.wait_for_function("() => document.activeElement.id === 'profile'")
    chromium.wait_for_charts(page)
    assert focused(page) == "profile"  # still there once the whole profile is drawn
    # The answer's own links skip the map: on to "How it has changed", then into it.
    reached = []
    for _ in range(10):
        page.keyboard.press("Tab")
        reached.append(focused(page))
        if reached[-1] == "How it has changed":
            break
    assert reached[-1] == "How it has changed", reached
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(focused(page))
        if reached[-1].endswith("Chart as PNG"):
            break
    assert reached[-1].endswith("Chart as PNG"), "\n".join(reached)
    # On the way: the trends' tables, before their PNG buttons.
    table = [i for i, r in enumerate(reached) if r.endswith("The numbers as a table")]
    assert table, reached
