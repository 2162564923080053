"""What a story submission must satisfy, and the spam guard.

Every check returns a message for the person, tied to the field at fault, so the form
can show it next to what they typed (which is kept).
"""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from archive import settings
from archive.text import clean_text

EARLIEST_YEAR = 1900
TITLE_LIMITS = (3, 120)
BODY_LIMITS = (20, 5000)
NAME_LIMIT = 60
MAX_AREAS = 5
MAX_LINKS = 2
MAX_PHOTOS = 4
THEMES = (
    "Work and industry",
    "Housing and home",
    "Health and care",
    "Schools and young people",
    "Community and clubs",
    "Shops and high streets",
    "Transport and getting about",
    "Countryside and coast",
    "Money and cost of living",
    "Change over time",
)
#: A story may touch every theme: "Select all" in the form must be allowed to mean all.
MAX_THEMES = len(THEMES)
LICENCES = {
    "CC-BY-4.0": "Creative Commons Attribution 4.0: anyone may reuse it, naming me",
    "CC-BY-NC-4.0": "Creative Commons Attribution-NonCommercial 4.0: reuse, not for profit",
    "display-only": "Show it in the observatory only; no other reuse",
}
#: The kinds of area a story can be about, and the GSS code prefix of each.
AREA_PREFIXES = {"lsoa21": "E01", "wd25": "E05"}
GEOGRAPHIES = tuple(AREA_PREFIXES)
_LINK = re.compile(r"(https?://|www\.)", re.IGNORECASE)
_NAME_OK = re.compile(r"^[\w .,'’&()-]+$")


@dataclass(frozen=True)
class StoryDraft:
    """A story as typed into the form (or read from an import file)."""

    title: str
    body: str
    year_from: int | None
    year_to: int | None = None
    themes: tuple[str, ...] = ()
    areas: tuple[tuple[str, str], ...] = ()
    display_name: str | None = None
    consent: bool = False
    licence: str = "display-only"
    honeypot: str = ""
    started_at: float | None = None


@dataclass
class Problems:
    """Messages by field name; empty when the draft is acceptable."""

    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def messages(self) -> list[str]:
        return [m for ms in self.by_field.values() for m in ms]


def normalise(draft: StoryDraft) -> StoryDraft:
    """The draft with text cleaned and lists de-duplicated (nothing else changed)."""
    name = clean_text(draft.display_name or "", multiline=False) or None
    return replace(
        draft,
        title=clean_text(draft.title, multiline=False),
        body=clean_text(draft.body),
        display_name=name,
        themes=tuple(dict.fromkeys(clean_text(t, multiline=False) for t in draft.themes)),
        areas=tuple(dict.fromkeys((g.strip(), c.strip().upper()) for g, c in draft.areas)),
    )


def area_kind(code: str) -> str | None:
    """The kind of story area a code is shaped like (``lsoa21``, ``wd25``), or None."""
    for geography, prefix in AREA_PREFIXES.items():
        if re.fullmatch(rf"{prefix}\d{{6}}", code):
            return geography
    return None


def min_seconds_to_write() -> float:
    """The spam guard's minimum writing time: ``OBSERVATORY_MIN_SECONDS_TO_WRITE`` or 5 s."""
    return settings.MIN_SECONDS_TO_WRITE.value()


def check(
    draft: StoryDraft, known_areas: set[tuple[str, str]], *, now: float | None = None
) -> Problems:
    """Every reason the (normalised) draft cannot be accepted."""
    problems = Problems()
    this_year = datetime.now(UTC).year
    lo, hi = TITLE_LIMITS
    if not lo <= len(draft.title) <= hi:
        problems.add("title", f"Give your story a title of {lo} to {hi} characters.")
    lo, hi = BODY_LIMITS
    if len(draft.body) < lo:
        problems.add("body", f"Please write at least {lo} characters.")
    elif len(draft.body) > hi:
        problems.add(
            "body", f"Stories can be up to {hi:,} characters; this one has {len(draft.body):,}."
        )
    if len(_LINK.findall(f"{draft.title} {draft.body}")) > MAX_LINKS:
        problems.add("body", f"Please include no more than {MAX_LINKS} web links.")

    if draft.year_from is None:
        problems.add("period", "Say which year (or years) the story is about.")
    else:
        end = draft.year_to if draft.year_to is not None else draft.year_from
        if not (
            EARLIEST_YEAR <= draft.year_from <= this_year and EARLIEST_YEAR <= end <= this_year
        ):
            problems.add("period", f"Years must be between {EARLIEST_YEAR} and {this_year}.")
        elif end < draft.year_from:
            problems.add("period", "The end year is before the start year.")

    unknown_themes = [t for t in draft.themes if t not in THEMES]
    if unknown_themes or len(draft.themes) > MAX_THEMES:
        problems.add("themes", f"Choose up to {MAX_THEMES} themes from the list.")
    if not draft.areas:
        problems.add("areas", "Choose at least one area the story is about.")
    elif len(draft.areas) > MAX_AREAS:
        problems.add("areas", f"Choose up to {MAX_AREAS} areas.")
    elif any(area not in known_areas for area in draft.areas):
        problems.add("areas", "One of the areas is not a neighbourhood or division we cover.")

    if draft.display_name and (
        len(draft.display_name) > NAME_LIMIT
        or not _NAME_OK.match(draft.display_name)
        or _LINK.search(draft.display_name)
    ):
        problems.add(
            "display_name",
            f"Names can be up to {NAME_LIMIT} letters, spaces and simple punctuation.",
        )
    if draft.licence not in LICENCES:
        problems.add("licence", "Choose how your story may be used.")
    if not draft.consent:
        problems.add(
            "consent", "Please tick the consent box: we can only publish with your permission."
        )

    # Spam guard: a hidden field people never fill, and a minimum time to write.
    if draft.honeypot.strip():
        problems.add("spam", "This submission looks automated and was not accepted.")
    if (
        draft.started_at is not None
        and (now or time.time()) - draft.started_at < min_seconds_to_write()
    ):
        problems.add("spam", "That was very quick. Please check your story and send it again.")
    return problems


EDITABLE = ("title", "body", "themes", "areas")


def story_draft(story) -> StoryDraft:
    """A stored story (a :class:`~archive.store.StoryView`) as a draft, for editing."""
    return StoryDraft(
        title=story.title,
        body=story.body,
        year_from=story.year_from,
        year_to=story.year_to,
        themes=tuple(story.themes),
        areas=tuple(story.areas),
        display_name=story.display_name,
        consent=True,
        licence=story.licence,
    )


def check_edit(draft: StoryDraft, known_areas: set[tuple[str, str]]) -> Problems:
    """The rules a moderator's edit must still meet: the same as for a new story's
    title, text, themes and areas."""
    problems = check(draft, known_areas)
    return Problems({k: v for k, v in problems.by_field.items() if k in EDITABLE})


class RateLimiter:
    """At most ``limit`` in ``window`` seconds (kept per browser session): a number of
    stories, or an amount such as megabytes of photos checked."""

    def __init__(self, limit: float = 3, window: float = 600.0) -> None:
        self.limit = limit
        self.window = window
        self._spent: deque[tuple[float, float]] = deque()  # (when, how much)

    def _trim(self, now: float) -> float:
        while self._spent and now - self._spent[0][0] > self.window:
            self._spent.popleft()
        return sum(amount for _, amount in self._spent)

    def allowed(self, now: float | None = None, *, amount: float = 1) -> bool:
        now = time.time() if now is None else now
        return self._trim(now) + amount <= self.limit

    def record(self, now: float | None = None, *, amount: float = 1) -> None:
        self._spent.append((time.time() if now is None else now, amount))

    def wait_seconds(self, now: float | None = None, *, amount: float = 1) -> int:
        """Seconds until ``amount`` more is allowed (0 if it is now)."""
        now = time.time() if now is None else now
        total = self._trim(now)
        if total + amount <= self.limit:
            return 0
        for when, spent in self._spent:  # oldest first: each one's expiry frees its amount
            total -= spent
            if total + amount <= self.limit:
                return int(self.window - (now - when)) + 1
        return int(self.window) + 1
