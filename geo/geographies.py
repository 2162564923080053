"""The kinds of area the observatory knows, read from ``data/geographies.toml``.

Geographies are data, like indicators: each has an id used in links and in the
registry, the words people read ("Electoral division (2025)", "12th of 69 divisions"),
the GSS code prefix of its areas, how many areas the county has, and (when it has
boundaries) the file and columns they are read from. The county itself (its GSS code
and name) is set in the same file.

The build checks every boundary against these definitions and copies the file into the
artifact, so a running app reads them from :attr:`geo.artifact.Artifact.geographies`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo import paths
from geo.errors import RegistryError
from geo.metadata import read_toml

FILE_NAME = "geographies.toml"

_REQUIRED = {"id", "label", "plural", "noun", "singular", "code_prefix", "expected_count"}
_OPTIONAL = {
    "file",
    "code_column",
    "name_column",
    "display_tolerance_m",
    "mappable",
    "best_fit",
}
#: What ``[county] built_from`` may say: the county's own pack, or England's files.
BUILT_FROM = ("county pack", "england")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_PREFIX = re.compile(r"^[EWSNK]\d{2}$")
_GSS = re.compile(r"^[EWSNK]\d{8}$")


@dataclass(frozen=True)
class Geography:
    """A kind of area. ``file`` is None for geographies known only from lookups."""

    id: str
    label: str
    plural: str
    #: plural for sentences: "12th of 200 neighbourhoods"
    noun: str
    #: singular for sentences: "the neighbourhoods in this division"
    singular: str
    code_prefix: str
    expected_count: int
    file: str | None = None
    code_column: str | None = None
    name_column: str | None = None
    #: Douglas-Peucker-like tolerance (metres) for the display copy (see geo.boundaries).
    display_tolerance_m: float = 0.0
    mappable: bool = False
    #: For areas made of 2021 LSOAs by best fit (wards, divisions): the column of
    #: ``lookups/lsoa21_to_ward.csv`` naming each LSOA's area.
    best_fit: str | None = None

    @property
    def code_pattern(self) -> re.Pattern[str]:
        return re.compile(rf"^{self.code_prefix}\d{{{9 - len(self.code_prefix)}}}$")

    def is_code(self, code: object) -> bool:
        """True if ``code`` has the shape of a GSS code of this geography."""
        return isinstance(code, str) and bool(self.code_pattern.match(code))


@dataclass(frozen=True)
class Geographies(Mapping[str, Geography]):
    """Every geography by id, in file order, and the county they belong to."""

    county_code: str
    county_name: str
    by_id: Mapping[str, Geography]
    #: "county pack" (the county's own files, the default) or "england" (a council
    #: built from the England files, which have no Census, postcodes or ward series)
    built_from: str = "county pack"

    def __getitem__(self, geo_id: str) -> Geography:
        try:
            return self.by_id[geo_id]
        except KeyError:
            known = ", ".join(self.by_id)
            raise KeyError(f"Unknown geography {geo_id!r}; known: {known}.") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_id)

    def __len__(self) -> int:
        return len(self.by_id)

    @property
    def with_boundaries(self) -> tuple[Geography, ...]:
        """Geographies that have a boundary file."""
        return tuple(g for g in self.by_id.values() if g.file)

    @property
    def mappable(self) -> tuple[str, ...]:
        """Ids of the geographies the map can draw."""
        return tuple(g.id for g in self.by_id.values() if g.mappable)

    @property
    def parents(self) -> tuple[str, ...]:
        """Ids of the geographies made of 2021 LSOAs by best fit (divisions, wards)."""
        return tuple(g.id for g in self.by_id.values() if g.best_fit)

    @property
    def from_england(self) -> bool:
        """True for a council built from the England files alone."""
        return self.built_from == "england"


def load_geographies(path: Path | None = None) -> Geographies:
    """Read and check the geographies file.

    Parameters
    ----------
    path
        The TOML file; defaults to ``geographies.toml`` in the data folder.

    Raises
    ------
    RegistryError
        If the file is missing or malformed; the message names the entry and field.
    """
    path = path or paths.data_dir() / FILE_NAME
    raw = read_toml(path, "The geographies file")

    county = raw.get("county", {})
    code, name = county.get("code"), county.get("name")
    if not isinstance(code, str) or not _GSS.match(code) or not isinstance(name, str):
        raise RegistryError(f"{path}: [county] needs a GSS code (E06000057) and a name.")
    built_from = county.get("built_from", BUILT_FROM[0])
    if built_from not in BUILT_FROM:
        raise RegistryError(f"{path}: [county] built_from must be one of {', '.join(BUILT_FROM)}.")
    by_id: dict[str, Geography] = {}
    for n, entry in enumerate(raw.get("geography", []), start=1):
        geo = _parse(f"{path}: geography {entry.get('id', f'number {n}')!r}", entry)
        if geo.id in by_id:
            raise RegistryError(f"{path}: geography id {geo.id!r} appears more than once.")
        by_id[geo.id] = geo
    if not by_id:
        raise RegistryError(f"{path} defines no [[geography]] entries.")
    return Geographies(code, name, by_id, built_from)


def _parse(what: str, entry: Mapping[str, Any]) -> Geography:
    missing = sorted(_REQUIRED - entry.keys())
    if missing:
        raise RegistryError(f"{what} is missing {', '.join(missing)}.")
    unknown = sorted(entry.keys() - _REQUIRED - _OPTIONAL)
    if unknown:
        raise RegistryError(f"{what} has unknown field(s) {', '.join(unknown)} (a typo?).")
    if not _ID.match(str(entry["id"])):
        raise RegistryError(f"{what}: ids use lower-case letters, digits and underscores.")
    if not _PREFIX.match(str(entry["code_prefix"])):
        raise RegistryError(f"{what}: code_prefix must be a GSS entity code such as E01.")
    count = entry["expected_count"]
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise RegistryError(f"{what}: expected_count must be a whole number above zero.")
    file_fields = [entry.get(k) for k in ("file", "code_column", "name_column")]
    if any(file_fields) and not all(file_fields):
        raise RegistryError(f"{what}: file, code_column and name_column go together.")
    if entry.get("best_fit") is not None and entry["code_prefix"] != "E05":
        raise RegistryError(f"{what}: only wards and divisions (E05) are made by best fit.")
    file = entry.get("file")
    if file is not None and (Path(file).is_absolute() or ".." in Path(file).parts):
        raise RegistryError(f"{what}: file must be a path inside the data folder.")
    return Geography(
        id=str(entry["id"]),
        label=str(entry["label"]),
        plural=str(entry["plural"]),
        noun=str(entry["noun"]),
        singular=str(entry["singular"]),
        code_prefix=str(entry["code_prefix"]),
        expected_count=count,
        file=None if file is None else str(file),
        code_column=entry.get("code_column"),
        name_column=entry.get("name_column"),
        display_tolerance_m=float(entry.get("display_tolerance_m", 0.0)),
        mappable=bool(entry.get("mappable", False)),
        best_fit=None if entry.get("best_fit") is None else str(entry["best_fit"]),
    )
