"""What people type is shown as they typed it, in a real browser: no link, no image, no
request to anywhere, no doubled escaping, wherever the app draws it (titles, names,
themes, excerpts, full stories, photo captions)."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from archive import StoryStore
from archive.photos import process
from tests.archive.helpers import draft
from tests.servers import running_app

#: Addresses a hostile story points at; no browser may ever ask for them.
TRAPS = ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "example.org")
TITLE = "Fish & chips ![t](http://127.0.0.2/title.png) at www.example.org"
BODY = (
    "Fish & chips on Fridays. See https://example.org/a or ![i](http://127.0.0.3/body.png) "
    "and <img src=http://127.0.0.4/raw.png> or write to pat@example.org [x](http://example.org)"
)
CAPTION = "![i](http://127.0.0.5/pixel.png) The harbour & boats, https://example.org"


@pytest.fixture
def hostile_story_app(built, browser_path, tmp_path):
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    store = StoryStore(url)
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (40, 90, 160)).save(out, format="JPEG")
    receipt = store.submit(
        draft(title=TITLE, body=BODY, display_name="Pat & Jo", areas=(("wd25", "E05016086"),)),
        [process(out.getvalue(), caption=CAPTION)],
    )
    store.approve(receipt.public_id, "test moderator")
    store.dispose()
    with running_app(built, {"DATABASE_URL": url, "OBSERVATORY_EXAMPLE_STORIES": "off"}) as app:
        yield app


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/stories", [TITLE, "Fish & chips on Fridays.", "Pat & Jo", CAPTION]),
        ("/area?geo=wd25&area=E05016086", [TITLE, "Fish & chips on Fridays.", "Pat & Jo"]),
    ],
    ids=["full stories with photos", "excerpts on a profile"],
)
def test_story_text_is_plain_text_in_the_browser(page, hostile_story_app, path, shown):
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(hostile_story_app + path)
    page.get_by_text("Pat & Jo").first.wait_for()
    if path == "/stories":
        page.locator("[data-testid='stImage'] img").first.wait_for()
    text = page.locator("[data-testid='stMain']").inner_text().replace("\u2060", "")
    for typed in shown:
        assert typed in " ".join(text.split()), typed
    assert "&amp;" not in text
    story_links = page.locator("[data-testid='stMain'] a[href*='example.org']")
    assert story_links.count() == 0
    images = page.locator("[data-testid='stMain'] img").evaluate_all("els => els.map(e => e.src)")
    assert all(re.match(r"^http://127\.0\.0\.1:\d+/", src) for src in images), images
    assert not [url for url in asked if any(trap in url for trap in TRAPS)]
