"""Where the observatory's files live: the one place that knows.

Every other module asks here instead of building paths from the working directory, so
the app, the build and the tests agree whichever folder they are started from. Two
environment variables move the folders, which is how tests work on temporary copies:

``OBSERVATORY_DATA_DIR``
    the data pack and ``indicators.toml`` (default: ``data/`` beside this package);
``OBSERVATORY_BUILD_DIR``
    where ``python -m geo.build`` writes its artifact (default: ``data/build/``).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

REGISTRY_FILE = "indicators.toml"


def data_dir() -> Path:
    """Folder holding the raw data pack and the indicator registry."""
    override = os.environ.get("OBSERVATORY_DATA_DIR")
    return Path(override).resolve() if override else PROJECT_ROOT / "data"


def build_dir() -> Path:
    """Folder holding built artifacts (git-ignored)."""
    override = os.environ.get("OBSERVATORY_BUILD_DIR")
    return Path(override).resolve() if override else data_dir() / "build"


def registry_path() -> Path:
    """The indicator registry, ``indicators.toml`` in the data folder."""
    return data_dir() / REGISTRY_FILE
