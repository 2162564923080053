"""Submission rules, the spam guard and the per-session rate limit."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from archive.validation import RateLimiter, StoryDraft, check, normalise
from tests.archive.helpers import KNOWN, draft


def problems_of(d: StoryDraft, **kw):
    return check(normalise(d), KNOWN, **kw).by_field


def test_a_good_draft_has_no_problems():
    assert problems_of(draft()) == {}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "Hi"}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"body": "Too short"}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"body": "see http://a.example http://b.example http://c.example for more text"}, "body"),
        ({"year_from": None}, "period"),
        ({"year_from": 1850}, "period"),
        ({"year_from": datetime.now(UTC).year + 1}, "period"),
        ({"year_from": 2000, "year_to": 1990}, "period"),
        ({"themes": ("Not a theme",)}, "themes"),
        ({"areas": ()}, "areas"),
        ({"areas": (("wd25", "E05999999"),)}, "areas"),
        ({"areas": (("msoa", "E02000001"),)}, "areas"),
        ({"display_name": "<b>Me</b>"}, "display_name"),
        ({"display_name": "www.spam.example"}, "display_name"),
        ({"licence": "public-domain-ish"}, "licence"),
        ({"consent": False}, "consent"),
        ({"honeypot": "http://buy.example"}, "spam"),
    ],
)
def test_each_rule_names_its_field(change, field):
    found = problems_of(replace(draft(), **change))
    assert field in found, found
    assert all(isinstance(m, str) and m for m in found[field])


def test_writing_too_fast_looks_automated():
    now = time.time()
    assert "spam" in problems_of(replace(draft(), started_at=now - 1), now=now)
    assert "spam" not in problems_of(replace(draft(), started_at=now - 60), now=now)


def test_normalise_cleans_text_and_deduplicates():
    d = normalise(
        StoryDraft(
            title="  A\u200b title ",
            body="b",
            year_from=1990,
            themes=("Health and care", "Health and care"),
            areas=(("wd25", "e05016085"), ("wd25", "E05016085")),
        )
    )
    assert d.title == "A title"
    assert d.themes == ("Health and care",)
    assert d.areas == (("wd25", "E05016085"),)


def test_rate_limit_per_session():
    limiter = RateLimiter(limit=3, window=600)
    t = 1000.0
    for i in range(3):
        assert limiter.allowed(t + i)
        limiter.record(t + i)
    assert not limiter.allowed(t + 10)
    assert 0 < limiter.wait_seconds(t + 10) <= 600
    assert limiter.allowed(t + 601)
