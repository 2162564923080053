"""The living archive: community stories linked to areas, collected and moderated safely.

* :mod:`~geo.archive.store`: the database (SQLite or PostgreSQL), with migrations and an
  audit log;
* :mod:`~geo.archive.validation`: what a submission must satisfy, the spam guard and the
  rate limit;
* :mod:`~geo.archive.photos`: photo checks and re-encoding without metadata;
* :mod:`~geo.archive.text`: cleaning and safe display of story text;
* :mod:`~geo.archive.moderators`: passphrase sign-in for moderators;
* :mod:`~geo.archive.transfer`: import and export;
* :mod:`~geo.archive.examples`: example stories for a fresh install.
"""

from geo.archive.photos import PhotoError, ProcessedPhoto, process
from geo.archive.store import (
    ArchiveError,
    ArchiveUnavailableError,
    Event,
    Receipt,
    StoryStore,
    StoryView,
)
from geo.archive.validation import (
    LICENCES,
    THEMES,
    Problems,
    RateLimiter,
    StoryDraft,
    check,
    normalise,
)

__all__ = [
    "LICENCES",
    "THEMES",
    "ArchiveError",
    "ArchiveUnavailableError",
    "Event",
    "PhotoError",
    "Problems",
    "ProcessedPhoto",
    "RateLimiter",
    "Receipt",
    "StoryDraft",
    "StoryStore",
    "StoryView",
    "check",
    "normalise",
    "process",
]
