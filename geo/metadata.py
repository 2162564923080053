"""The observatory's metadata files (``indicators.toml``, ``geographies.toml``,
``priorities.toml``): TOML read with messages a person can act on."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from geo.errors import RegistryError


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """The parsed file; ``what`` names it in messages ("The indicator registry").

    Raises
    ------
    RegistryError
        If the file is missing, unreadable or not valid TOML.
    """
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RegistryError(f"{what} {path} is missing.") from exc
    except OSError as exc:
        raise RegistryError(f"{what} {path} could not be read ({exc.strerror or exc}).") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{what} {path} is not valid TOML: {exc}") from exc
