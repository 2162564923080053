"""The living archive: community stories linked to areas, collected and moderated safely.

* :mod:`~archive.store`: the database (SQLite or PostgreSQL), with migrations and an
  audit log;
* :mod:`~archive.validation`: what a submission must satisfy, the spam guard and the
  rate limit;
* :mod:`~archive.photos`: photo checks and re-encoding without metadata;
* :mod:`~archive.text`: cleaning and safe display of story text;
* :mod:`~archive.moderators`: passphrase sign-in for moderators;
* :mod:`~archive.transfer`: import and export;
* :mod:`~archive.examples`: example stories for a fresh install.
"""

from archive.photos import PhotoError, ProcessedPhoto, process
from archive.store import (
    ArchiveError,
    ArchiveUnavailableError,
    Event,
    Receipt,
    StoryStore,
    StoryView,
)
from archive.validation import (
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
