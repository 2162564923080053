"""Small builders for archive tests."""

from __future__ import annotations

import itertools

from geo.archive import StoryDraft, normalise

_counter = itertools.count()


def draft(**changes) -> StoryDraft:
    """A valid draft; each call has a different body so duplicates are not triggered."""
    n = next(_counter)
    base = dict(
        title="Growing up by the harbour",
        body=f"We used to watch the boats come in every morning before school. ({n})",
        year_from=1985,
        year_to=1992,
        themes=("Countryside and coast",),
        areas=(("wd25", "E05016085"),),
        display_name="Pat",
        consent=True,
        licence="CC-BY-4.0",
    )
    base.update(changes)
    return normalise(StoryDraft(**base))


KNOWN = {("wd25", "E05016085"), ("wd25", "E05016087"), ("lsoa21", "E01027356")}
