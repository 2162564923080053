"""Exceptions a person can act on.

Each message says what was wrong and, where it can, what to do about it; the app shows
the message as it is, so it is written for people, not for a traceback.
"""

from __future__ import annotations

from pathlib import Path


class ObservatoryError(Exception):
    """Base class for errors the observatory reports to people."""


class DataError(ObservatoryError):
    """An input file is missing, unreadable or does not hold what it should.

    Parameters
    ----------
    path
        The file at fault, named in the message.
    problem
        What is wrong with it, in plain words.
    """

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class RegistryError(ObservatoryError):
    """A metadata file (``indicators.toml``, ``geographies.toml``) is malformed."""


class ArtifactError(ObservatoryError):
    """The built data artifact is missing, out of date or damaged."""


class SettingError(ObservatoryError):
    """A setting (an environment variable) has a value the observatory cannot use."""
