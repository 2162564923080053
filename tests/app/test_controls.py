"""Controls do what their labels say: "Select all" selects all, or is not offered."""

from __future__ import annotations

import pytest

from archive.validation import THEMES, check
from tests.app.helpers import PAGES, open_page
from tests.archive.helpers import draft

SHOWN_WITH = {"app_pages/present.py": {"deck": "picked"}}  # the hand-picked list's box


@pytest.mark.parametrize("page", PAGES)
def test_no_select_all_that_quietly_picks_fewer(artifact, page):
    at = open_page(page, **SHOWN_WITH.get(page, {}))
    for box in at.multiselect:
        limit, offered = box.proto.max_selections, len(box.proto.options)
        if limit and limit < offered:
            assert box.proto.select_all == 0, f"{page}: {box.label!r} offers 'Select all'"


def test_select_all_themes_selects_every_theme_and_the_story_may_keep_them(artifact):
    at = open_page("app_pages/share.py")
    themes = at.multiselect(key="share_themes")
    assert themes.proto.max_selections in (0, len(THEMES))  # "Select all" picks all ten
    assert themes.proto.select_all != 0
    problems = check(draft(themes=THEMES), {("wd25", "E05016085")})
    assert "themes" not in problems.by_field
