"""Abuse- and load-control settings: safe defaults, changed through the environment.

Deployments tune them, and tests of the whole app lower them by configuration instead of
patching code or waiting. A value that is missing, not a number or below the setting's
minimum falls back to the default, so a typo never switches a control off. The README's
Settings table lists them all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """One number read from the environment variable ``name``."""

    name: str
    default: float
    minimum: float
    meaning: str

    def value(self) -> float:
        raw = os.environ.get(self.name, "").strip()
        try:
            number = float(raw) if raw else self.default
        except ValueError:
            return self.default
        return number if number >= self.minimum and number == number else self.default

    def whole(self) -> int:
        return int(self.value())


MIN_SECONDS_TO_WRITE = Setting(
    "OBSERVATORY_MIN_SECONDS_TO_WRITE",
    5.0,
    0.0,
    "a story sent sooner after the form opened is taken for a script",
)
PHOTO_BUDGET_MB = Setting(
    "OBSERVATORY_PHOTO_BUDGET_MB",
    256.0,
    1.0,
    "megabytes of decoded photos one session may have checked in 10 minutes",
)
PHOTO_DECODES_AT_ONCE = Setting(
    "OBSERVATORY_PHOTO_DECODES_AT_ONCE",
    1,
    1,
    "photos decoded at the same time in one app process (the rest wait their turn)",
)
SIGNIN_FREE_TRIES = Setting(
    "OBSERVATORY_SIGNIN_FREE_TRIES",
    5,
    1,
    "wrong moderator passphrases from one client before it must wait",
)
SIGNIN_FIRST_WAIT = Setting(
    "OBSERVATORY_SIGNIN_FIRST_WAIT",
    30.0,
    0.0,
    "seconds the client then waits; the wait doubles with each further wrong passphrase",
)
SIGNIN_LONGEST_WAIT = Setting(
    "OBSERVATORY_SIGNIN_LONGEST_WAIT",
    900.0,
    0.0,
    "the longest wait, in seconds; a client's count is forgotten after it",
)
SIGNIN_ALERT = Setting(
    "OBSERVATORY_SIGNIN_ALERT",
    20,
    1,
    "wrong passphrases from all clients within 15 minutes that raise an alert in the log",
)
PAGE_RUNS_AT_ONCE = Setting(
    "OBSERVATORY_PAGE_RUNS_AT_ONCE",
    2,
    1,
    "page runs one app process works on at once (the others wait their turn)",
)
TRUSTED_PROXIES = Setting(
    "OBSERVATORY_TRUSTED_PROXIES",
    0,
    0,
    "reverse proxies in front of the app that append the client to X-Forwarded-For",
)

ALL = (
    MIN_SECONDS_TO_WRITE,
    PHOTO_BUDGET_MB,
    PHOTO_DECODES_AT_ONCE,
    SIGNIN_FREE_TRIES,
    SIGNIN_FIRST_WAIT,
    SIGNIN_LONGEST_WAIT,
    SIGNIN_ALERT,
    PAGE_RUNS_AT_ONCE,
    TRUSTED_PROXIES,
)
