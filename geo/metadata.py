"""The observatory's metadata files (``indicators.toml``, ``geographies.toml``,
``priorities.toml``): TOML read with messages a person can act on."""

from __future__ import annotations

import json
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


def write_toml(path: Path, data: dict[str, Any], header: str = "") -> None:
    """Write ``data`` as TOML: tables of tables (``[source.id]``), arrays of tables
    (``[[indicator]]``), and strings, numbers, booleans, lists and small tables as values.

    Only what the metadata files use is supported; it reads back with :func:`read_toml`
    to the same data.
    """
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    scalars = {k: v for k, v in data.items() if not isinstance(v, dict | list) or _inline(v)}
    lines += [f"{k} = {_value(v)}" for k, v in scalars.items()]
    for name, value in data.items():
        if name in scalars:
            continue
        if isinstance(value, list):
            for entry in value:
                lines += ["", f"[[{name}]]", *(f"{k} = {_value(v)}" for k, v in entry.items())]
        elif value and all(isinstance(v, dict) for v in value.values()):
            for sub, table in value.items():
                lines += ["", f"[{name}.{sub}]", *(f"{k} = {_value(v)}" for k, v in table.items())]
        else:
            lines += ["", f"[{name}]", *(f"{k} = {_value(v)}" for k, v in value.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _inline(value: object) -> bool:
    """Lists of plain values, and tables of plain values, are written inline."""
    if isinstance(value, list):
        return not any(isinstance(v, dict) for v in value)
    if isinstance(value, dict):
        return not any(isinstance(v, dict | list) for v in value.values())
    return True


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"Cannot write {type(value).__name__} as TOML.")
