"""Change between two editions or years of a measure, area by area: change maps.

The measures that can be mapped as a change are data (``data/changes.toml``). Each
area's two figures are found by the rules its other figures follow:

* relative deprivation is the England percentile of each IMD edition (0 = most
  deprived), carried onto today's LSOAs as the profile's history is
  (:func:`geo.trends.imd_history`): ranks describe whole LSOAs and are never shared out,
  so this map is for neighbourhoods only;
* a figure published on 2011 LSOAs (Census 2011, mid-year estimates) stands for a 2021
  LSOA as the whole 2011 LSOAs it came from, and for a division or ward as those LSOAs
  shared out by residents (:meth:`geo.artifact.Artifact.shares`), with the gap rule of
  :func:`geo.aggregate.aggregate`: an area some of whose LSOAs lack a value has no figure,
  and says why;
* a series published for wards is mapped on wards only.

A change is worked out from the two figures *as shown* (rounded as the map's tooltip
prints them), then put in one of seven fixed classes either side of "about the same",
so the words, the colour and the number always agree, and maps of different pairs can
be read with one legend. Areas whose figures come from former, differently drawn LSOAs
(split or merged in 2011 or 2021) are listed with a note, to be marked on the map.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from geo import paths, trends
from geo.aggregate import N_LSOAS, aggregate, missing_column
from geo.artifact import BLOCKS, Artifact
from geo.catalog import Indicator, Registry
from geo.classify import Classification
from geo.errors import RegistryError
from geo.format import format_value, is_missing
from geo.metadata import read_toml
from geo.ranks import ordinal

CHANGES_FILE = "changes.toml"
KINDS = ("percentile", "editions", "series")
DEFAULT_MEASURE = "imd"
#: Seven classes, in order of increasing need (or, without a direction, of increase):
#: ColorBrewer's colour-blind-safe diverging palettes, light in the middle.
NEED_COLOURS = ("#542788", "#998ec3", "#d8daeb", "#f7f7f7", "#fee0b6", "#f1a340", "#b35806")
NEUTRAL_COLOURS = ("#8c510a", "#d8b365", "#f6e8c3", "#f5f5f5", "#c7eae5", "#5ab4ac", "#01665e")
MIDDLE = 3  # the "about the same" class
#: The ONS lookups' word for an LSOA redrawn from parts of others, as people read it.
REDRAWN = {"irregular": "redrawn"}

_FIELDS = {
    "required": {"id", "label", "kind", "unit", "decimals", "steps", "rise", "fall", "from", "to"},
    "optional": {"trend", "indicator", "relative"},
}


@dataclass(frozen=True)
class Measure:
    """A measure that can be mapped as the change between two of its periods.

    ``periods`` are in time order, as the data names them ("2004", "2018-04");
    ``editions`` gives the registry indicator holding each period's figures (for a
    series, the series indicator itself).
    """

    id: str
    label: str
    kind: str
    indicator: Indicator
    unit: str
    relative: bool
    decimals: int
    steps: tuple[float, float, float]
    rise: str
    fall: str
    periods: tuple[str, ...]
    labels: Mapping[str, str]
    editions: Mapping[str, Indicator]
    default: tuple[str, str]

    @property
    def need(self) -> str:
        """Which direction of the figures means more need: "higher", "lower", "neither".

        A percentile is low for the most deprived, as the ranks it comes from."""
        return "lower" if self.kind == "percentile" else self.indicator.more_need

    def label_of(self, period: str) -> str:
        """A period as people read it: "IoD 2004", "Census 2011", "April 2018"."""
        return self.labels.get(period, period)

    def source(self, since: str, until: str) -> str:
        """Publisher and the two editions or periods compared, for captions and charts."""
        first, last = self.editions[since], self.editions[until]
        publisher = last.source.short_publisher
        if self.kind == "series":
            periods = f"{self.label_of(since)} and {self.label_of(until)}"
            return f"{publisher}, {last.source.title} ({periods})"
        if first.source.short_publisher != publisher:
            publisher = f"{publisher} and predecessors"
        return f"{publisher}, {first.edition} and {last.edition}"

    def amount(self, value: float) -> str:
        """A size of change in the measure's unit: "12 points", "1 point", "4.5%"."""
        number = f"{abs(value):,.{self.decimals}f}"
        return f"{number}%" if self.unit == "%" else f"{number} {self.unit_for(abs(value))}"

    def unit_for(self, value: float) -> str:
        """The unit's word for ``value``: "1 point", "1 person", "2 points"."""
        if value != 1 or self.unit == "%":
            return self.unit
        return {"people": "person"}.get(self.unit, re.sub(r"s$", "", self.unit))

    @property
    def more_words(self) -> str:
        """What a change towards more need is (or, without a direction, a rise)."""
        return self.fall if self.need == "lower" else self.rise

    @property
    def less_words(self) -> str:
        return self.rise if self.need == "lower" else self.fall


def _period_label(period: str) -> str:
    try:
        return datetime.strptime(period, "%Y-%m").strftime("%B %Y")
    except ValueError:
        return period


def load_measures(
    registry: Registry, series_periods: Mapping[str, Sequence[str]], path: Path | None = None
) -> tuple[Measure, ...]:
    """Read ``changes.toml`` and check it against the registry and the data's periods.

    Parameters
    ----------
    series_periods
        The periods each series indicator has, in time order.

    Raises
    ------
    RegistryError
        Naming the entry and field that is wrong.
    """
    path = path or paths.data_dir() / CHANGES_FILE
    raw = read_toml(path, "The change maps file")
    out: list[Measure] = []
    for n, entry in enumerate(raw.get("change", []), start=1):
        what = f"Change map {entry.get('id', f'number {n}')!r}"
        missing = sorted(_FIELDS["required"] - entry.keys())
        unknown = sorted(entry.keys() - _FIELDS["required"] - _FIELDS["optional"])
        if missing or unknown:
            problem = f"is missing {', '.join(missing)}" if missing else "has unknown field(s) "
            raise RegistryError(f"{what} {problem}{', '.join(unknown)}.")
        kind = entry["kind"]
        if kind not in KINDS:
            raise RegistryError(f"{what}: kind must be one of {', '.join(KINDS)}.")
        try:
            editions = _editions(registry, kind, entry, series_periods)
        except KeyError as exc:
            raise RegistryError(f"{what}: {exc.args[0]}") from None
        periods = tuple(editions)
        steps = tuple(float(s) for s in entry["steps"])
        if len(steps) != 3 or not 0 < steps[0] < steps[1] < steps[2]:
            raise RegistryError(f"{what}: steps must be three increasing positive numbers.")
        default = (str(entry["from"]), str(entry["to"]))
        if not (
            default[0] in periods
            and default[1] in periods
            and periods.index(default[0]) < periods.index(default[1])
        ):
            raise RegistryError(
                f"{what}: from and to must be two of {', '.join(periods)}, in order."
            )
        labels = {
            p: (_period_label(p) if kind == "series" else ind.edition)
            for p, ind in editions.items()
        }
        out.append(
            Measure(
                id=str(entry["id"]),
                label=str(entry["label"]),
                kind=kind,
                indicator=editions[periods[-1]],
                unit=str(entry["unit"]),
                relative=bool(entry.get("relative", False)),
                decimals=int(entry["decimals"]),
                steps=steps,  # type: ignore[arg-type]
                rise=str(entry["rise"]),
                fall=str(entry["fall"]),
                periods=periods,
                labels=MappingProxyType(labels),
                editions=MappingProxyType(editions),
                default=default,
            )
        )
    if len({m.id for m in out}) != len(out):
        raise RegistryError("Change map ids must be unique.")
    return tuple(out)


def _editions(
    registry: Registry, kind: str, entry: Mapping, series_periods: Mapping[str, Sequence[str]]
) -> dict[str, Indicator]:
    """Period → indicator holding its figures, in time order (KeyError: what is wrong)."""
    if kind == "percentile":
        editions = registry.trend(str(entry.get("trend")))
        if len(editions) < 2:
            raise KeyError(f"trend {entry.get('trend')!r} has fewer than two editions.")
        return {str(ind.year): ind for ind in editions}
    ind = registry.get(str(entry.get("indicator")))
    if kind == "editions":
        if ind.previous is None:
            raise KeyError(f"indicator {ind.id!r} has no previous edition.")
        before = registry.get(ind.previous)
        return {str(before.year): before, str(ind.year): ind}
    periods = list(series_periods.get(ind.id, ()))
    if len(periods) < 2:
        raise KeyError(f"{ind.id!r} is not a series with two periods or more.")
    return {str(p): ind for p in periods}


def measures(artifact: Artifact) -> tuple[Measure, ...]:
    """The change measures, checked against this artifact (read once)."""

    def load(art: Artifact) -> tuple[Measure, ...]:
        series = art.series
        periods = {
            ind_id: sorted(rows["period"].astype(str).unique())
            for ind_id, rows in series.groupby("indicator")
        }
        return load_measures(art.registry, periods)

    return artifact.memo("change_measures", load)


def measure(artifact: Artifact, measure_id: str) -> Measure:
    """One change measure (a KeyError naming the known ones otherwise)."""
    for found in measures(artifact):
        if found.id == measure_id:
            return found
    known = ", ".join(m.id for m in measures(artifact))
    raise KeyError(f"No change map {measure_id!r}; there are {known}.")


def _series_geography(artifact: Artifact, ind: Indicator) -> str:
    rows = artifact.series[artifact.series["indicator"] == ind.id]
    geos = [g for g in rows["geography"].unique() if g != "county"]
    return str(geos[0]) if geos else ind.geography


def _blocks(artifact: Artifact, measure: Measure, period: str) -> str:
    """The geography a period's figures are published on."""
    ind = measure.editions[period]
    return _series_geography(artifact, ind) if measure.kind == "series" else ind.geography


def geographies(artifact: Artifact, measure: Measure) -> list[str]:
    """Map geographies a measure's change can be shown on, by the rules of its figures."""
    if measure.kind == "percentile":
        return ["lsoa21"]
    blocks = {_blocks(artifact, measure, p) for p in measure.periods}
    out = []
    for geo in artifact.geographies.mappable:
        reachable = all(
            b == geo or (b in BLOCKS and geo in ("lsoa21", *artifact.parent_geographies))
            for b in blocks
        )
        has_now = measure.kind == "series" or measure.indicator.id in artifact.values(geo).columns
        if reachable and has_now:
            out.append(geo)
    return out


def not_shown(artifact: Artifact, measure: Measure) -> str:
    """Why a measure's change is not mapped on some geographies, in words, or ""."""
    missing = [g for g in artifact.geographies.mappable if g not in geographies(artifact, measure)]
    if not missing:
        return ""
    kinds = " or ".join(artifact.geography(g).plural for g in missing)
    if measure.kind == "percentile":
        return (
            f"Not shown for {kinds}: IMD ranks describe whole neighbourhoods and are never "
            "shared out. A division's profile lists its neighbourhoods' histories."
        )
    return f"Not shown for {kinds}: this series is published for 2022 wards only."


# ---- the two figures of every area -------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """One period's figure for every area of a geography.

    ``missing`` counts the LSOAs without a value among ``counted`` (both 0 where the
    figure is published for the area itself)."""

    values: pd.Series
    missing: pd.Series
    counted: pd.Series


def _block_shares(artifact: Artifact, geography: str, blocks: str) -> pd.DataFrame:
    """``lsoa``, ``code``, ``share``: how areas of ``blocks`` count in ``geography``."""
    if geography == "lsoa21" and blocks == "lsoa11":
        # Each 2021 LSOA stands for the whole 2011 LSOAs it came from, as on its profile.
        lookup = artifact.lookup("lsoa11_lsoa21")
        inside = lookup[lookup["LSOA11CD"].isin(artifact.names("lsoa11").index)]
        return pd.DataFrame(
            {
                "lsoa": inside["LSOA11CD"].to_numpy(),
                "code": inside["LSOA21CD"].to_numpy(),
                "share": 1.0,
            }
        )
    return artifact.shares(geography, blocks)


def _imd_percentiles(artifact: Artifact) -> pd.DataFrame:
    """Every 2021 LSOA's mean England percentile in each IMD edition (LSOAs × years)."""
    history = trends.imd_history(artifact, list(artifact.names("lsoa21").index))
    return history.pivot_table(index="lsoa21", columns="year", values="percentile", aggfunc="mean")


def figures(artifact: Artifact, measure: Measure, geography: str, period: str) -> Figures:
    """The figure of every area of ``geography`` for one period of a measure."""
    names = artifact.names(geography).index
    zero = pd.Series(0, index=names)
    ind = measure.editions[period]
    if measure.kind == "percentile":
        table = artifact.memo("change:imd_percentiles", _imd_percentiles)
        values = table[int(period)] if int(period) in table.columns else pd.Series(dtype=float)
        return Figures(values.reindex(names), zero, zero)
    if measure.kind == "series":
        rows = artifact.series_of(ind.id)
        rows = rows[rows["period"].astype(str) == period]
        published = rows.set_index("code")["value"].astype(float)
        blocks = _series_geography(artifact, ind)
        column = pd.DataFrame({ind.id: published})
    else:
        blocks = ind.geography
        if ind.id in artifact.values(geography).columns:  # published or built with the artifact
            table = artifact.values(geography)
            gaps = table.get(missing_column(ind), zero)
            counted = table.get(N_LSOAS, zero)
            return Figures(
                table[ind.id].reindex(names), gaps.reindex(names).fillna(0), counted.reindex(names)
            )
        column = artifact.values(blocks)
    if blocks == geography:
        return Figures(column[ind.id].reindex(names), zero, zero)
    combined = aggregate(
        column.reindex(artifact.names(blocks).index),
        [ind],
        _block_shares(artifact, geography, blocks),
    )
    return Figures(
        combined[ind.id].reindex(names),
        combined[missing_column(ind)].reindex(names).fillna(0),
        combined[N_LSOAS].reindex(names).fillna(0),
    )


# ---- classes, words and notes ------------------------------------------------------------


def _shown(measure: Measure, values: pd.Series) -> pd.Series:
    """Figures rounded as they are printed (percentiles and counts whole, rates to 0.1)."""
    places = 1 if measure.kind != "percentile" and measure.indicator.kind == "percent" else 0
    return values.astype(float).round(places)


def change_of(measure: Measure, then: pd.Series, now: pd.Series) -> pd.Series:
    """The change from ``then`` to ``now`` as shown: worked out from the rounded figures,
    rounded to the measure's decimals; a percentage of ``then`` for relative measures."""
    a, b = _shown(measure, then), _shown(measure, now)
    change = 100 * (b - a) / a.where(a > 0) if measure.relative else b - a
    return change.round(measure.decimals)


def classes_of(measure: Measure, change: pd.Series) -> pd.Series:
    """Class of each change: 3 is about the same; above it more need (or a rise)."""
    size = change.abs()
    level = sum((size >= step).astype("Int64") for step in measure.steps)
    towards_need = -change if measure.need == "lower" else change
    side = np.sign(towards_need).astype("Int64")
    classes = (MIDDLE + side * level).astype("Int64")
    return classes.where(change.notna())


def class_labels(measure: Measure) -> tuple[str, ...]:
    """The seven classes in words, in order of increasing need, with their ranges."""
    s1, s2, s3 = measure.steps
    tag = {"more": "More need: ", "less": "Less need: "} if measure.need != "neither" else {}

    def side(key: str, words: str) -> list[str]:
        lead = f"{tag.get(key, '')}{words}" if tag else f"{words[0].upper()}{words[1:]}"
        return [
            f"{lead} by {s1:g} to under {_step(measure, s2)}",
            f"{lead} by {s2:g} to under {_step(measure, s3)}",
            f"{lead} by {_step(measure, s3)} or more",
        ]

    middle = f"About the same (less than {_step(measure, s1)} either way)"
    return (*reversed(side("less", measure.less_words)), middle, *side("more", measure.more_words))


def _step(measure: Measure, value: float) -> str:
    number = f"{value:g}"
    return f"{number}%" if measure.unit == "%" else f"{number} {measure.unit_for(value)}"


def legend_title(measure: Measure) -> str:
    """What the colours mean, in plain words."""
    if measure.need == "neither":
        return (
            f"Teal = {measure.rise}, brown = {measure.fall}; "
            "colours show change, not more or less need"
        )
    return f"Orange = more need ({measure.more_words}), purple = less need ({measure.less_words})"


def classification(measure: Measure, change: pd.Series) -> Classification:
    """The change map's classes: seven fixed classes, diverging from "about the same"."""
    classes = classes_of(measure, change)
    colours = NEUTRAL_COLOURS if measure.need == "neither" else NEED_COLOURS
    return Classification(
        scheme="change",
        labels=class_labels(measure),
        colours=colours,
        counts=tuple(int((classes == i).sum()) for i in range(len(colours))),
        classes=classes,
        legend_title=legend_title(measure),
    )


def _figure_text(measure: Measure, period: str, value: float) -> str:
    if measure.kind == "percentile":
        return f"{ordinal(max(1, round(value)))} percentile"
    return format_value(measure.editions[period], value)


def describe(
    measure: Measure, then: float, now: float, change: float, since: str, until: str
) -> str:
    """One area's change in words: "Relatively less deprived by 45 points: 38th
    percentile in the IoD 2004, 83rd in the IoD 2025"."""
    first, last = _figure_text(measure, since, then), _figure_text(measure, until, now)
    if measure.kind == "percentile":
        last = last.replace(" percentile", "")
    figures_text = f"{first} in {_the(measure, since)}, {last} in {_the(measure, until)}"
    if change == 0:
        return f"No change: {figures_text}"
    if abs(change) < measure.steps[0]:
        direction = "up" if change > 0 else "down"
        return f"About the same ({direction} {measure.amount(change)}): {figures_text}"
    towards_need = -change if measure.need == "lower" else change
    words = measure.more_words if towards_need > 0 else measure.less_words
    return f"{words[0].upper()}{words[1:]} by {measure.amount(change)}: {figures_text}"


def _the(measure: Measure, period: str) -> str:
    label = measure.label_of(period)
    return label if measure.kind == "series" else f"the {label}"


def _listed(codes: Sequence[str]) -> str:
    codes = list(codes)
    return codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + f" and {codes[-1]}"


def boundary_notes(
    artifact: Artifact, measure: Measure, geography: str, since: str, until: str
) -> pd.Series:
    """For each area, where its figures come from former, differently drawn LSOAs ("")."""
    names = artifact.names(geography).index
    notes = pd.Series("", index=names, dtype=object)
    blocks = {p: _blocks(artifact, measure, p) for p in (since, until)}
    if geography == "lsoa21":
        for code in names:
            notes[code] = _lsoa_note(artifact, measure, code, blocks)
        return notes
    on_2011 = [p for p, b in blocks.items() if b == "lsoa11"]
    if geography not in artifact.parent_geographies or not on_2011:
        return notes
    which = _which(measure, on_2011)
    for code in names:
        changed = [
            c
            for c in artifact.makeup(geography, code).codes
            if trends.lineage(artifact, c).change21 != "unchanged"
        ]
        if changed:
            notes[code] = (
                f"{which} from 2011 LSOAs shared out by residents, including "
                f"{'a neighbourhood' if len(changed) == 1 else 'neighbourhoods'} split or "
                f"merged in 2021 ({_listed(changed)}): an estimate."
            )
    return notes


def _which(measure: Measure, periods: Sequence[str]) -> str:
    if len(periods) == 2:
        return "Both figures are"
    return f"The {measure.label_of(periods[0])} figure is"


def _lsoa_note(artifact: Artifact, measure: Measure, code: str, blocks: Mapping[str, str]) -> str:
    """Where a 2021 LSOA's two figures come from, when not from itself as drawn today."""
    line = trends.lineage(artifact, code)
    former: dict[str, tuple[tuple[str, ...], str]] = {}
    for period, geo in blocks.items():
        changes = []
        if geo in ("lsoa11", "lsoa01") and line.change21 != "unchanged":
            changes.append(f"{REDRAWN.get(line.change21, line.change21)} in 2021")
        if geo == "lsoa01" and line.change11 != "unchanged":
            changes.append(f"{line.change11} in 2011")
        if changes:
            codes = tuple(c for c, _ in trends.codes_on(line, geo))
            former[period] = (codes, " and ".join(reversed(changes)))
    if not former:
        return ""
    same = len(former) == 2 and len(set(former.values())) == 1
    sentences = []
    for period, (codes, changes) in former.items():
        several = len(codes) > 1
        how = (
            ("averaged" if measure.kind == "percentile" else "combined")
            if several
            else "as a whole"
        )
        which = _which(measure, list(former) if same else [period])
        sentences.append(
            f"{which} for the former {'LSOAs' if several else 'LSOA'} {_listed(codes)} "
            f"({changes}), {how}."
        )
        if same:
            break
    return " ".join(sentences)


# ---- the map ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeMap:
    """Everything a change map shows: per-area figures, classes, notes, marked areas.

    ``table`` is indexed by code, with ``name``, ``then``, ``now``, ``change`` (as
    shown), ``value_text`` (the change in words), ``rank_text`` (the boundary note, for
    the tooltip), ``class_label`` and ``boundary`` (the note, "" for none).
    """

    measure: Measure
    geography: str
    since: str
    until: str
    classification: Classification
    table: pd.DataFrame
    notes: tuple[str, ...]

    @property
    def title(self) -> str:
        label_of = self.measure.label_of
        return f"{self.measure.label}: {label_of(self.since)} to {label_of(self.until)}"

    @property
    def changed(self) -> list[str]:
        """Codes of the areas whose figures come from differently drawn former LSOAs."""
        return list(self.table.index[self.table["boundary"] != ""])

    @property
    def source(self) -> str:
        return self.measure.source(self.since, self.until)

    def row(self, code: str) -> pd.Series:
        return self.table.loc[code]


def valid_pair(measure: Measure, since: object, until: object) -> tuple[str, str]:
    """``(since, until)`` when both are periods of the measure in time order, else the
    measure's default pair."""
    periods = measure.periods
    if since in periods and until in periods and periods.index(since) < periods.index(until):
        return str(since), str(until)
    return measure.default


def change_map(
    artifact: Artifact, measure_id: str, geography: str, since: str, until: str
) -> ChangeMap:
    """The change of one measure between two periods on every area of ``geography``.

    Raises
    ------
    ValueError
        For a geography the measure cannot be shown on, or periods out of order.
    """
    found = measure(artifact, measure_id)
    if geography not in geographies(artifact, found):
        raise ValueError(f"{found.label} cannot be mapped on {geography!r}.")
    if (since, until) != valid_pair(found, since, until):
        raise ValueError(f"{since!r} to {until!r} is not a pair of {found.label} in order.")
    then = figures(artifact, found, geography, since)
    now = figures(artifact, found, geography, until)
    change = change_of(found, then.values, now.values)
    classes = classification(found, change)
    boundary = boundary_notes(artifact, found, geography, since, until)
    names = artifact.names(geography)
    text = []
    for code in names.index:
        a, b, c = then.values.get(code), now.values.get(code), change.get(code)
        if is_missing(c):
            text.append(_no_figure(artifact, found, geography, code, then, now, since, until))
        else:
            text.append(describe(found, float(a), float(b), float(c), since, until))
    labels = classes.classes.map(lambda c: "No figure" if pd.isna(c) else classes.labels[int(c)])
    table = pd.DataFrame(
        {
            "name": names,
            "then": _shown(found, then.values),
            "now": _shown(found, now.values),
            "change": change,
            "value_text": text,
            "rank_text": boundary.map(lambda n: "dashed outline: " + n if n else ""),
            "class_label": labels,
            "boundary": boundary,
        }
    )
    return ChangeMap(
        found, geography, since, until, classes, table, _notes(artifact, found, geography, table)
    )


def _no_figure(
    artifact: Artifact,
    measure: Measure,
    geography: str,
    code: str,
    then: Figures,
    now: Figures,
    since: str,
    until: str,
) -> str:
    """Why an area has no change: a gap in its LSOAs, or a figure not published."""
    noun = artifact.geography("lsoa21").noun
    for figures_, period in ((then, since), (now, until)):
        gaps = int(figures_.missing.get(code, 0) or 0)
        counted = int(figures_.counted.get(code, 0) or 0)
        if gaps and counted > 1:
            return (
                f"No figure: {gaps} of the {counted} {noun} counted here "
                f"{'has' if gaps == 1 else 'have'} no value for {measure.label_of(period)}, and a "
                "total without them would be too low."
            )
    for figures_, period in ((then, since), (now, until)):
        if is_missing(figures_.values.get(code)):
            return f"No figure for {measure.label_of(period)}."
    return "No figure: the earlier figure is zero, so there is no percentage change."


def _notes(
    artifact: Artifact, measure: Measure, geography: str, table: pd.DataFrame
) -> tuple[str, ...]:
    notes = []
    if measure.kind == "percentile":
        notes.append(
            "Each edition ranks all of England's LSOAs afresh, so editions are compared by "
            "where each neighbourhood stood relative to England (its percentile, 0 = the most "
            "deprived), never by score."
        )
    if geography != "lsoa21" and geography in artifact.parent_geographies:
        notes.append(artifact.method_note(geography))
    gaps = int(table["change"].isna().sum())
    if gaps:
        kind = artifact.geography(geography)
        notes.append(
            f"{gaps} {kind.singular if gaps == 1 else kind.noun} show no figure (grey); "
            "each one's tooltip and the table say why."
        )
    marked = int((table["boundary"] != "").sum())
    if marked:
        kind = artifact.geography(geography)
        notes.append(
            f"Dashed outlines: {marked} {kind.singular if marked == 1 else kind.noun} whose "
            "figures come from LSOAs drawn differently then (split or merged in 2011 or "
            "2021); each tooltip says how."
        )
    return tuple(notes)
