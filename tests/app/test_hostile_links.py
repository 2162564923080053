"""Every page opened from a hostile link: a clear fallback, never a traceback or markup."""

from __future__ import annotations

import pytest

from tests.app.helpers import PAGES

HOSTILE_VALUES = (
    "<script>alert(1)</script>[click](javascript:alert(1))",
    "{{7*7}}</script><img src=x onerror=alert(1)>",
    "E01027356' OR '1'='1",
    "\u202e\u0000\ufeff../../etc/passwd" + "x" * 3000,
    "-1e309",
)
LINK_KEYS = (
    "indicator", "geo", "area", "scheme", "k", "method", "weights", "n", "seed",
    "type", "division", "minpop", "deck", "areas", "step", "contrast", "full", "mode",
    "compare",
)  # fmt: skip


@pytest.mark.parametrize("nasty", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
@pytest.mark.parametrize("page", PAGES)
def test_every_page_survives_a_hostile_link(app, page, nasty):
    app.query_params.update(dict.fromkeys(LINK_KEYS, nasty))
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.title, "the page still draws"
    for element in (*app.markdown, *app.warning, *app.error, *app.info, *app.caption):
        shown_text = str(element.value)
        assert not any(tag in shown_text for tag in ("<script", "<img")), shown_text[:200]
