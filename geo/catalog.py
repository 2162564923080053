"""The indicator registry: what each indicator is, where it comes from, how to read it.

The registry lives in ``data/indicators.toml`` (metadata is data, not code). It has two
kinds of entry:

* a **source** is one published file (a layer): publisher, edition, licence, the
  geography its key column holds;
* an **indicator** is one measure read from a source: label, unit, which direction
  means more need, and how LSOA figures add up to divisions.

An indicator is read in one of three ways, chosen by its fields:

``column``
    one row per area; the value is ``column``.
``share``
    a long table with one row per area and category (``categories`` given); the value
    is 100 × (sum of ``column`` over ``categories``) / denominator, where the
    denominator is ``denominator_column`` or, without one, the sum over all categories.
``series``
    one row per area and period (the source has a ``period_column``); the map value
    is the latest period.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from geo import geographies, paths
from geo.errors import RegistryError
from geo.metadata import read_toml

#: The attribution the open data's licences require, wherever figures are shown.
ATTRIBUTION = (
    "Source: Office for National Statistics, MHCLG, DESNZ, DWP and the Insolvency Service, "
    "licensed under the Open Government Licence v3.0. Contains OS data © Crown copyright and "
    "database right 2025. Contains Royal Mail data © Royal Mail copyright and database right 2025."
)

Direction = Literal["higher", "lower", "neither"]
Kind = Literal["score", "rank", "decile", "percent", "count", "category"]
Aggregation = Literal["sum", "ratio", "population_weighted_mean", "majority", "none"]
Mode = Literal["column", "share", "series"]

DIRECTIONS: tuple[str, ...] = ("higher", "lower", "neither")
KINDS: tuple[str, ...] = ("score", "rank", "decile", "percent", "count", "category")
AGGREGATIONS: tuple[str, ...] = ("sum", "ratio", "population_weighted_mean", "majority", "none")

_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")

_SOURCE_FIELDS = {
    "required": {"title", "publisher", "edition", "year", "geography", "file", "key", "licence"},
    "optional": {
        "url",
        "notes",
        "provenance",
        "england_areas",
        "where",
        "period_column",
        "category_column",
        "denominator_column",
    },
}
_INDICATOR_FIELDS = {
    "required": {
        "id",
        "source",
        "label",
        "theme",
        "description",
        "column",
        "unit",
        "kind",
        "more_need",
        "aggregate",
    },
    "optional": {
        "need_label",
        "categories",
        "numerator_column",
        "denominator_column",
        "scale",
        "where",
        "series_break",
        "break_note",
        "period_notes",
        "decile_indicator",
        "previous",
        "trend",
    },
}


@dataclass(frozen=True)
class Source:
    """One published file feeding the observatory."""

    id: str
    title: str
    publisher: str
    edition: str
    year: int
    geography: str
    file: str
    key: str
    licence: str
    url: str = ""
    notes: str = ""
    #: where the pack's copy of the figures came from and how it was checked, when it is
    #: not the publisher's own file; shown with every figure's source
    provenance: str = ""
    england_areas: int | None = None
    where: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    period_column: str | None = None
    category_column: str | None = None
    denominator_column: str | None = None

    @property
    def citation(self) -> str:
        """One line naming publisher, title and edition, for captions."""
        if self.edition.lower() in self.title.lower():
            return f"{self.publisher}, {self.title}"
        return f"{self.publisher}, {self.title} ({self.edition})"

    @property
    def short_publisher(self) -> str:
        """The publisher's abbreviation when it gives one ("MHCLG"), else its name."""
        found = re.search(r"\(([A-Z][A-Za-z]{1,9})\)", self.publisher)
        return found.group(1) if found else self.publisher


@dataclass(frozen=True)
class Indicator:
    """One measure the observatory can map, chart or rank."""

    id: str
    label: str
    theme: str
    description: str
    source: Source
    column: str
    unit: str
    kind: Kind
    more_need: Direction
    aggregate: Aggregation
    need_label: str = "more need"
    categories: tuple[str, ...] = ()
    numerator_column: str | None = None
    denominator_column: str | None = None
    scale: float = 1.0
    where: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    series_break: str | None = None
    break_note: str | None = None
    #: what a period's figure counts where it differs from the rest (period → note)
    period_notes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: id of the published England decile belonging to this score or rank
    decile_indicator: str | None = None
    #: id of the same measure in the previous edition
    previous: str | None = None
    #: name of a series of editions charted together (e.g. "imd")
    trend: str | None = None

    # The source's facts, reachable from the indicator so callers need not know the split.
    @property
    def geography(self) -> str:
        return self.source.geography

    @property
    def edition(self) -> str:
        return self.source.edition

    @property
    def year(self) -> int:
        return self.source.year

    @property
    def licence(self) -> str:
        return self.source.licence

    @property
    def file(self) -> str:
        return self.source.file

    @property
    def key(self) -> str:
        return self.source.key

    @property
    def mode(self) -> Mode:
        """How the value is read from the source file (see the module docstring)."""
        if self.categories:
            return "share"
        if self.source.period_column:
            return "series"
        return "column"

    @property
    def row_filter(self) -> dict[str, str]:
        """Source-level and indicator-level ``where`` filters, merged."""
        return {**self.source.where, **self.where}

    @property
    def has_ratio_parts(self) -> bool:
        """True when numerator and denominator are kept, so rates can be re-derived."""
        return self.mode == "share" or bool(self.numerator_column and self.denominator_column)

    @property
    def is_numeric(self) -> bool:
        return self.kind != "category"

    @property
    def caption(self) -> str:
        """Source line for figures: publisher, title, edition, licence and, for a copy
        that is not the publisher's own file, where it came from."""
        via = f" {self.source.provenance}" if self.source.provenance else ""
        return f"Source: {self.source.citation}. {licence_name(self.licence)}.{via}"

    def period_note(self, period: object) -> str:
        """What the figure for ``period`` counts where that differs (a definition or a
        series break), or ""."""
        notes = [self.period_notes.get(str(period), "")]
        if self.series_break and str(period) == self.series_break:
            notes.append(f"Series break: {self.break_note or 'the measure changed'}.")
        return " ".join(n for n in notes if n)

    @property
    def direction_note(self) -> str:
        """Plain words for what "higher" means for this indicator."""
        if self.more_need == "higher":
            return f"Higher values mean {self.need_label}."
        if self.more_need == "lower":
            return f"Lower values mean {self.need_label}."
        return "Neither direction means more need."


def licence_name(code: str) -> str:
    """Human name of a licence code used in the registry."""
    return {"OGL-3.0": "Open Government Licence v3.0"}.get(code, code)


@dataclass(frozen=True)
class Registry:
    """All indicators and sources, in registry order."""

    indicators: tuple[Indicator, ...]
    sources: Mapping[str, Source]
    settings: Mapping[str, Any]

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    @functools.cached_property
    def _by_id(self) -> Mapping[str, Indicator]:
        return MappingProxyType({ind.id: ind for ind in self.indicators})

    def __contains__(self, indicator_id: object) -> bool:
        return isinstance(indicator_id, str) and indicator_id in self._by_id

    def get(self, indicator_id: str) -> Indicator:
        """The indicator with this id.

        Raises
        ------
        KeyError
            With a message naming the unknown id.
        """
        try:
            return self._by_id[indicator_id]
        except (KeyError, TypeError):  # TypeError: an unhashable id from a crafted link
            raise KeyError(f"No indicator with id {indicator_id!r} in the registry.") from None

    def for_geography(self, geography: str) -> tuple[Indicator, ...]:
        """Indicators whose source is published on ``geography``."""
        return tuple(ind for ind in self.indicators if ind.geography == geography)

    def from_source(self, source_id: str) -> tuple[Indicator, ...]:
        return tuple(ind for ind in self.indicators if ind.source.id == source_id)

    def trend(self, name: str) -> tuple[Indicator, ...]:
        """The editions of a trend series, oldest first."""
        return tuple(sorted((i for i in self.indicators if i.trend == name), key=lambda i: i.year))

    @property
    def profile_indicators(self) -> tuple[Indicator, ...]:
        """Headline figures of an area profile, from ``[settings] profile_indicators``."""
        return tuple(self.get(i) for i in self.settings.get("profile_indicators", ()))

    def themes(self) -> dict[str, tuple[Indicator, ...]]:
        """Indicators grouped by theme, themes in order of first appearance."""
        grouped: dict[str, list[Indicator]] = {}
        for ind in self.indicators:
            grouped.setdefault(ind.theme, []).append(ind)
        return {theme: tuple(inds) for theme, inds in grouped.items()}

    @property
    def population_indicator(self) -> Indicator | None:
        """The LSOA 2021 count used to weight population-weighted means, or None for a
        registry without population figures (a council built from the England files,
        whose LSOAs then count equally)."""
        pop_id = self.settings.get("population_indicator")
        return None if pop_id is None else self.get(pop_id)


def load_registry(path: Path | None = None) -> Registry:
    """Read and validate the indicator registry.

    Parameters
    ----------
    path
        The TOML file; defaults to ``indicators.toml`` in the data folder. Sources'
        geographies are checked against ``geographies.toml`` in the same folder.

    Returns
    -------
    Registry

    Raises
    ------
    RegistryError
        If the file is missing, is not valid TOML, or an entry is incomplete or
        inconsistent. The message names the entry and the field.
    """
    path = path or paths.registry_path()
    raw = read_toml(path, "The indicator registry")

    known = tuple(geographies.load_geographies(path.with_name(geographies.FILE_NAME)))
    sources = {
        sid: _parse_source(sid, entry, known) for sid, entry in raw.get("source", {}).items()
    }
    indicators: list[Indicator] = []
    seen: set[str] = set()
    for n, entry in enumerate(raw.get("indicator", []), start=1):
        ind = _parse_indicator(n, entry, sources)
        if ind.id in seen:
            raise RegistryError(f"Indicator id {ind.id!r} appears more than once.")
        seen.add(ind.id)
        indicators.append(ind)
    if not indicators:
        raise RegistryError(f"The indicator registry {path} defines no [[indicator]] entries.")

    _check_references(indicators)
    settings = dict(raw.get("settings", {}))
    unknown = [i for i in settings.get("profile_indicators", []) if i not in seen]
    if unknown:
        raise RegistryError(f"[settings] profile_indicators names unknown id(s) {unknown}.")
    pop_id = settings.get("population_indicator")
    if pop_id is None:
        return Registry(tuple(indicators), MappingProxyType(sources), MappingProxyType(settings))
    if pop_id not in seen:
        raise RegistryError(
            "[settings] population_indicator must name an indicator in the registry "
            f"(got {pop_id!r})."
        )
    pop = next(ind for ind in indicators if ind.id == pop_id)
    if pop.geography != "lsoa21" or pop.kind != "count":
        raise RegistryError(f"The population indicator {pop_id!r} must be an LSOA 2021 count.")
    return Registry(tuple(indicators), MappingProxyType(sources), MappingProxyType(settings))


def _check_references(indicators: list[Indicator]) -> None:
    by_id = {ind.id: ind for ind in indicators}
    for ind in indicators:
        for name in ("decile_indicator", "previous"):
            ref = getattr(ind, name)
            if ref is None:
                continue
            target = by_id.get(ref)
            if target is None:
                raise RegistryError(f"Indicator {ind.id!r}: {name} {ref!r} is not in the registry.")
            if name == "decile_indicator" and target.kind != "decile":
                raise RegistryError(f"Indicator {ind.id!r}: {ref!r} is not a decile.")
        if ind.trend and ind.kind != "rank":
            raise RegistryError(f"Indicator {ind.id!r}: a trend series is made of ranks.")


def _check_fields(what: str, entry: Mapping[str, Any], spec: dict[str, set[str]]) -> None:
    missing = sorted(spec["required"] - entry.keys())
    if missing:
        raise RegistryError(f"{what} is missing {', '.join(missing)}.")
    unknown = sorted(entry.keys() - spec["required"] - spec["optional"])
    if unknown:
        raise RegistryError(f"{what} has unknown field(s) {', '.join(unknown)} (a typo?).")


def _where(what: str, value: Any, name: str = "where") -> Mapping[str, str]:
    """A TOML table of text keys and values (``where`` filters, ``period_notes``)."""
    if not isinstance(value, dict):
        raise RegistryError(f"{what}: {name!r} must be a table of key = value.")
    return MappingProxyType({str(k): str(v) for k, v in value.items()})


def _parse_source(source_id: str, entry: Mapping[str, Any], known: tuple[str, ...]) -> Source:
    what = f"Source {source_id!r}"
    _check_fields(what, entry, _SOURCE_FIELDS)
    if not _ID.match(source_id):
        raise RegistryError(f"{what}: ids use lower-case letters, digits and underscores.")
    if entry["geography"] not in known:
        raise RegistryError(
            f"{what}: geography {entry['geography']!r} is not one of {', '.join(known)} "
            f"(see {geographies.FILE_NAME})."
        )
    if Path(entry["file"]).is_absolute() or ".." in Path(entry["file"]).parts:
        raise RegistryError(f"{what}: file must be a path inside the data folder.")
    return Source(
        id=source_id,
        title=str(entry["title"]),
        publisher=str(entry["publisher"]),
        edition=str(entry["edition"]),
        year=int(entry["year"]),
        geography=entry["geography"],
        file=str(entry["file"]),
        key=str(entry["key"]),
        licence=str(entry["licence"]),
        url=str(entry.get("url", "")),
        notes=str(entry.get("notes", "")),
        provenance=str(entry.get("provenance", "")),
        england_areas=entry.get("england_areas"),
        where=_where(what, entry.get("where", {})),
        period_column=entry.get("period_column"),
        category_column=entry.get("category_column"),
        denominator_column=entry.get("denominator_column"),
    )


def _parse_indicator(n: int, entry: Mapping[str, Any], sources: Mapping[str, Source]) -> Indicator:
    what = f"Indicator {entry.get('id', f'number {n}')!r}"
    _check_fields(what, entry, _INDICATOR_FIELDS)
    if not _ID.match(entry["id"]):
        raise RegistryError(f"{what}: ids use lower-case letters, digits and underscores.")
    for name, allowed in (("kind", KINDS), ("more_need", DIRECTIONS), ("aggregate", AGGREGATIONS)):
        if entry[name] not in allowed:
            raise RegistryError(f"{what}: {name} must be one of {', '.join(allowed)}.")
    source = sources.get(entry["source"])
    if source is None:
        raise RegistryError(f"{what}: source {entry['source']!r} is not defined.")

    categories = tuple(str(c) for c in entry.get("categories", ()))
    ind = Indicator(
        id=entry["id"],
        label=str(entry["label"]),
        theme=str(entry["theme"]),
        description=str(entry["description"]),
        source=source,
        column=str(entry["column"]),
        unit=str(entry["unit"]),
        kind=entry["kind"],
        more_need=entry["more_need"],
        aggregate=entry["aggregate"],
        need_label=str(entry.get("need_label", "more need")),
        categories=categories,
        numerator_column=entry.get("numerator_column"),
        denominator_column=entry.get("denominator_column"),
        scale=float(entry.get("scale", 1.0)),
        where=_where(what, entry.get("where", {})),
        series_break=None if entry.get("series_break") is None else str(entry["series_break"]),
        break_note=entry.get("break_note"),
        period_notes=_where(what, entry.get("period_notes", {}), "period_notes"),
        decile_indicator=entry.get("decile_indicator"),
        previous=entry.get("previous"),
        trend=entry.get("trend"),
    )
    _check_consistency(what, ind)
    return ind


def _check_consistency(what: str, ind: Indicator) -> None:
    if ind.mode == "share" and not ind.source.category_column:
        raise RegistryError(f"{what}: categories need a category_column on its source.")
    if ind.kind in ("rank", "decile") and ind.source.england_areas is None:
        raise RegistryError(f"{what}: ranks and deciles need england_areas on the source.")
    if ind.aggregate == "ratio" and not ind.has_ratio_parts:
        raise RegistryError(
            f"{what}: aggregate = 'ratio' needs categories or numerator_column and "
            "denominator_column, so division rates can be re-derived."
        )
    if ind.kind == "category" and ind.aggregate not in ("majority", "none"):
        raise RegistryError(f"{what}: a category can only be aggregated by 'majority' or 'none'.")
    if ind.kind != "category" and ind.aggregate == "majority":
        raise RegistryError(f"{what}: 'majority' is only for categories.")
    if ind.kind == "category" and ind.more_need != "neither":
        raise RegistryError(f"{what}: a category has no direction of need; use 'neither'.")
