"""Where the observatory's files live: the one place that knows.

Every other module asks here instead of building paths from the working directory, so
the app, the build and the tests agree whichever folder they are started from. Three
environment variables change them, which is also how tests work on temporary copies:

``OBSERVATORY_DATA_DIR``
    the data pack and ``indicators.toml`` (default: ``data/`` beside this package);
``OBSERVATORY_BUILD_DIR``
    where builds write their artifacts (default: ``data/build/``);
``OBSERVATORY_AREA``
    the council the observatory covers, by its GSS code (``E06000017``). Unset, or the
    code of the county whose pack is in the data folder (Northumberland), means that
    county. Any other English local authority is built from the England files, into a
    folder of its own (``data/build/E06000017/``), so switching councils never mixes
    artifacts.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

REGISTRY_FILE = "indicators.toml"
AREA_SETTING = "OBSERVATORY_AREA"
_LAD_CODE = re.compile(r"^E0[6-9]\d{6}$")


def data_dir() -> Path:
    """Folder holding the raw data pack and the indicator registry."""
    override = os.environ.get("OBSERVATORY_DATA_DIR")
    return Path(override).resolve() if override else PROJECT_ROOT / "data"


def build_root() -> Path:
    """Folder holding every built artifact (git-ignored); England's part is shared here."""
    override = os.environ.get("OBSERVATORY_BUILD_DIR")
    return Path(override).resolve() if override else data_dir() / "build"


def council() -> str | None:
    """The council chosen with ``OBSERVATORY_AREA`` when it is not the data pack's county.

    The value is returned as given (upper-cased); :mod:`geo.council` checks that it is
    an English local authority and says so plainly if not. Values shaped like no GSS
    code at all are returned too, so that check can name them.
    """
    chosen = os.environ.get(AREA_SETTING, "").strip().upper()
    if not chosen or chosen == pack_county():
        return None
    return chosen


def pack_county() -> str | None:
    """GSS code of the county whose own data pack is in the data folder (its
    ``geographies.toml``), or None when that file cannot be read (the build says why)."""
    try:
        raw = tomllib.loads((data_dir() / "geographies.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    code = raw.get("county", {}).get("code")
    return code if isinstance(code, str) else None


def is_council_code(code: str) -> bool:
    """True when ``code`` has the shape of a local authority district code (E06–E09)."""
    return bool(_LAD_CODE.match(code))


def build_dir() -> Path:
    """Folder holding the artifact of the county or council being served."""
    chosen = council()
    if chosen is None:
        return build_root()
    if not is_council_code(chosen):  # never a path out of the build folder
        chosen = "invalid-area"
    return build_root() / chosen


def registry_path() -> Path:
    """The indicator registry, ``indicators.toml`` in the data folder."""
    return data_dir() / REGISTRY_FILE
