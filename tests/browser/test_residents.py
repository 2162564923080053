"""Residents first, in a real browser: the plain answer on a phone's first screen,
places typed loosely, and the keyboard alone from the postcode box through a profile."""

from __future__ import annotations

from geo.search import TOWN, search


def on_first_screen(page, locator) -> bool:
    """True when the element lies wholly inside the viewport as the page first shows it."""
    locator.wait_for()
    box = locator.bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= size["width"]
        and box["y"] + box["height"] <= size["height"]
    )


def search_for(page, label: str, typed: str) -> None:
    box = page.get_by_role("textbox", name=label)
    box.fill(typed)
    box.press("Enter")


def test_a_careless_postcode_is_answered_on_a_phones_first_screen(phone, app_url, artifact):
    phone.goto(app_url)
    search_for(phone, "Your postcode or place", "  ne63   9dz ")
    code = search(artifact, "NE63 9DZ").matches[0].code
    heading = phone.get_by_role("heading", level=1, name=artifact.local_name("lsoa21", code))
    heading.wait_for()
    answer = phone.locator(".answer")
    division = artifact.name("wd25", artifact.parent(code, "wd25"))
    shown = {
        "the postcode, in standard form": answer.locator("strong", has_text="NE63 9DZ"),
        "the settlement and the division": answer.get_by_text(
            f"is in Ashington, in the {division} division (2025)"
        ),
        "the comparison with England": answer.get_by_text(
            "Among the 10% most deprived neighbourhoods in England"
        ),
        "the change since 2004": answer.get_by_text("Relatively, it is more deprived than in 2004"),
        "the stories": answer.get_by_text("community stor"),
        "the name people know": heading,
    }
    off_screen = [what for what, where in shown.items() if not on_first_screen(phone, where)]
    assert not off_screen, f"not on the first screen: {off_screen}"
    assert phone.get_by_text(artifact.name("lsoa21", code)).first.is_visible()  # for officers
    assert "9DZ" not in phone.url  # a postcode says where someone lives: never in the link


#: Ten places of different kinds, typed as people type them.
LOOSELY_TYPED = [
    ("berwick", "Berwick-upon-Tweed"),  # a town, without "upon Tweed"
    ("newbiggin by the sea", "Newbiggin-by-the-Sea"),  # a town, no hyphens
    ("SEAHOUSES", "Seahouses"),  # a village, shouted
    ("allendale", "Allendale Town"),  # a village, by the start of its name
    ("scots gap", "Scots' Gap"),  # a village, no apostrophe
    ("heddon on the wall", "Heddon-on-the-Wall"),  # a village, no hyphens
    ("sheepwash", "Sheepwash"),  # a hamlet
    ("spittal", "Spittal"),  # a suburb
    ("aydon road estate", "Aydon Road Estate"),  # an "other settlement"
    ("collingwood chase", "Collingwood Chase"),  # a Cramlington estate (ONS locality)
]


def test_ten_places_typed_loosely_are_found(phone, app_url, artifact):
    phone.goto(f"{app_url}/area")
    label = "Your postcode or place"
    for typed, name in LOOSELY_TYPED:
        place = search(artifact, typed).matches[0]
        title = place.code if place.geography == TOWN else artifact.local_name("lsoa21", place.code)
        search_for(phone, label, typed)
        phone.get_by_role("heading", level=1, name=title, exact=True).wait_for()
        phone.locator(".answer strong", has_text=name).first.wait_for()
        label = "Find another postcode or place"
    # A typo is offered as a suggestion, and one tap opens it.
    search_for(phone, label, "Otterbrun")
    phone.get_by_role("button", name="Otterburn — village, Bellingham division").tap()
    code = search(artifact, "Otterburn").matches[0].code
    phone.get_by_role("heading", level=1, name=artifact.local_name("lsoa21", code)).wait_for()


def focused_text(page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.textContent : ''")


def press_until(page, key: str, wanted, limit: int = 80) -> None:
    """Press ``key`` until ``wanted(page)`` is true (at most ``limit`` times)."""
    for _ in range(limit):
        if wanted(page):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} pressed {limit} times without reaching the target")


def test_the_keyboard_alone_goes_from_the_postcode_box_through_a_profile(page, app_url, artifact):
    page.goto(app_url)
    page.get_by_role("textbox", name="Your postcode or place").wait_for()
    press_until(
        page,
        "Tab",
        lambda p: (
            p.evaluate("document.activeElement.getAttribute('aria-label')")
            == "Your postcode or place"
        ),
    )
    page.keyboard.type("ne63 9dz")
    page.keyboard.press("Enter")
    code = search(artifact, "NE63 9DZ").matches[0].code
    page.get_by_role("heading", level=1, name=artifact.local_name("lsoa21", code)).wait_for()
    sections = {
        "Figures": "figures",
        "Community stories": "stories",
        "How it has changed": "trends",
    }
    for link, anchor in sections.items():
        # From wherever the last jump left off, back or on to the link, then Enter.
        on_link = lambda p, link=link: focused_text(p).strip() == link  # noqa: E731
        try:
            press_until(page, "Shift+Tab", on_link)
        except AssertionError:
            press_until(page, "Tab", on_link, limit=200)
        page.keyboard.press("Enter")
        heading = page.locator(f"#{anchor}")
        page.wait_for_function(
            "id => { const r = document.getElementById(id).getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight; }",
            arg=anchor,
        )
        assert heading.is_visible()
        # The next Tab carries on inside the section the link led to.
        page.keyboard.press("Tab")
        below = page.evaluate(
            "id => document.getElementById(id).compareDocumentPosition(document.activeElement)"
            " & Node.DOCUMENT_POSITION_FOLLOWING",
            anchor,
        )
        assert below, f"after {link!r}, Tab went back above the section"
