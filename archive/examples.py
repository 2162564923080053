"""Example stories for a fresh install, so people can see how the archive works.

They are invented, and every view of them carries the badge "Example — not a real
account". They are added only to an empty archive, and only while the setting
``OBSERVATORY_EXAMPLE_STORIES`` is not ``off``; ``python -m archive remove-examples``
deletes them.
"""

from __future__ import annotations

import os

from archive.store import ArchiveError, StoryStore
from archive.validation import StoryDraft

BADGE = "Example — not a real account"
SETTING = "OBSERVATORY_EXAMPLE_STORIES"

EXAMPLES = (
    StoryDraft(
        title="The last shift and the first allotment",
        body=(
            "When the pit closed, the men on our street did not know what to do with their "
            "mornings. Within a year half of them had plots on the allotments behind the "
            "welfare.\n\nThe leeks got bigger every show. What we lost in wages we never got "
            "back, but the allotments kept people talking to each other."
        ),
        year_from=1986,
        year_to=1994,
        themes=("Work and industry", "Community and clubs", "Change over time"),
        areas=(("wd25", "E05016087"),),
        display_name="Example writer",
        consent=True,
        licence="CC-BY-4.0",
    ),
    StoryDraft(
        title="Harbour mornings",
        body=(
            "Before school we would go down to the harbour to watch the boats come in. There "
            "are fewer boats now and more visitors, and the café by the quay stays open all "
            "year.\n\nSome of us wonder whether our children will be able to afford to live "
            "here."
        ),
        year_from=1998,
        year_to=2023,
        themes=("Countryside and coast", "Housing and home", "Change over time"),
        areas=(("wd25", "E05016085"),),
        consent=True,
        licence="CC-BY-NC-4.0",
    ),
    StoryDraft(
        title="The bus that stopped coming",
        body=(
            "The Sunday bus to town was cut the year my mother stopped driving. After that, "
            "getting to the doctor meant a lift from a neighbour or a taxi we could not "
            "really afford. The community car scheme that started later made a real "
            "difference."
        ),
        year_from=2011,
        year_to=2016,
        themes=("Transport and getting about", "Health and care"),
        areas=(("wd25", "E05016111"),),
        display_name="Example neighbour",
        consent=True,
        licence="display-only",
    ),
)


def enabled() -> bool:
    """False when the setting turns examples off."""
    return os.environ.get(SETTING, "on").strip().lower() not in ("0", "off", "false", "no")


def seed_if_empty(store: StoryStore) -> int:
    """Add the examples (approved) to an empty archive; returns how many were added.

    Replicas starting together may all find the archive empty. Each example has a fixed
    story number, so only one replica's copy of it can be stored; the others stop there.
    """
    if not enabled() or store.count() > 0:
        return 0
    for n, draft in enumerate(EXAMPLES, start=1):
        try:
            store.submit(
                draft,
                source="example",
                status="approved",
                is_example=True,
                actor="set-up",
                public_id=f"example-{n}",
            )
        except ArchiveError:  # another replica is adding the examples at this moment
            return n - 1
    return len(EXAMPLES)
