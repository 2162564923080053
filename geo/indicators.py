"""Indicator layers: read each source file, take out its indicators, report the join.

Every source is joined to its geography on GSS codes (never names). The join report
counts, for each source, the distinct codes that matched the geography, the codes in the
file that are not areas of that geography (unmatched), the areas that have no row
(missing), the codes listed more than once where one row was expected (duplicates) and,
for each indicator, the areas whose row holds no value for it (empty).
Rows for the county as a whole (its GSS code, ``E06000057`` for Northumberland) are kept
apart as county figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from geo.catalog import Indicator, Source
from geo.errors import DataError

#: Cells read as missing. ".." and ":" are how ONS and nomis mark suppressed values.
MISSING_MARKERS = ["", "NA", "N/A", "NaN", "nan", "..", ":", "-"]

SERIES_COLUMNS = ["indicator", "geography", "code", "period", "value"]


def numerator_column(ind: Indicator) -> str:
    """Name of the hidden column keeping an indicator's numerator."""
    return f"{ind.id}__num"


def denominator_column(ind: Indicator) -> str:
    """Name of the hidden column keeping an indicator's denominator."""
    return f"{ind.id}__den"


def ratio_multiplier(ind: Indicator) -> float:
    """Factor turning numerator / denominator into the indicator's unit."""
    return 100.0 if ind.kind == "percent" else 1.0


@dataclass(frozen=True)
class JoinReport:
    """How one source file joined to its geography."""

    source_id: str
    file: str
    geography: str
    rows: int
    expected: int
    matched: int
    unmatched: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()
    county_rows: int = 0
    #: (indicator id, areas with a row but no value for it), for indicators with gaps
    empty: tuple[tuple[str, int], ...] = ()

    @property
    def complete(self) -> bool:
        """Every area matched with a value for every indicator, nothing unexpected."""
        return (
            self.matched == self.expected
            and not self.unmatched
            and not self.duplicates
            and not self.empty
        )

    @property
    def empty_values(self) -> int:
        """How many values are empty, over all the source's indicators."""
        return sum(n for _, n in self.empty)

    def empty_text(self) -> str:
        """ "18 (iod2025_children_income_deprived 8, …)", or "0"."""
        if not self.empty:
            return "0"
        return f"{self.empty_values} ({', '.join(f'{i} {n}' for i, n in self.empty)})"

    def summary(self) -> str:
        """One line for the build log."""
        parts = [
            f"{self.matched}/{self.expected} matched",
            f"{len(self.unmatched)} unmatched",
            f"{len(self.duplicates)} duplicate keys",
        ]
        if self.missing:
            parts.append(f"{len(self.missing)} areas without a row")
        if self.empty:
            parts.append(f"{self.empty_text()} empty values")
        if self.county_rows:
            parts.append(f"{self.county_rows} county-total rows kept as county figures")
        text = f"{self.source_id:<24} {self.geography:<7} " + ", ".join(parts)
        if self.unmatched:
            text += f"  (unmatched: {_first(self.unmatched, 3)})"
        return text

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "complete": self.complete}

    @classmethod
    def from_dict(cls, raw: Mapping[str, object]) -> JoinReport:
        """Inverse of :meth:`to_dict` (as stored in the artifact manifest)."""
        fields = {k: v for k, v in raw.items() if k != "complete"}
        for name in ("unmatched", "missing", "duplicates"):
            fields[name] = tuple(fields.get(name, ()))  # type: ignore[arg-type]
        fields["empty"] = tuple((str(i), int(n)) for i, n in fields.get("empty", ()))  # type: ignore[union-attr]
        return cls(**fields)  # type: ignore[arg-type]


@dataclass
class Layer:
    """What one source contributes to the artifact.

    ``values`` is indexed by area code (the geography's areas, plus the county code when
    the file has county-total rows) with one column per indicator, plus hidden
    numerator and denominator columns for rates.
    """

    values: pd.DataFrame
    series: pd.DataFrame
    report: JoinReport


def load_layer(
    source: Source,
    indicators: Iterable[Indicator],
    area_codes: Iterable[str],
    data_dir: Path,
    *,
    county_code: str,
) -> Layer:
    """Read one source file and take out its indicators.

    Parameters
    ----------
    source
        The registry source.
    indicators
        The registry indicators read from this source.
    area_codes
        Codes of the source geography's areas (the join target).
    data_dir
        Folder the source's ``file`` is relative to.
    county_code
        GSS code of the county: rows with it are county totals, kept apart.

    Raises
    ------
    DataError
        Naming the file, if it is missing, unreadable, lacks a column, holds text where
        numbers belong, or lists an area twice with different values.
    """
    indicators = list(indicators)
    path = data_dir / source.file
    table = read_table(path, _columns_needed(source, indicators))
    table = _apply_filter(path, table, source.where)
    areas = pd.Index(sorted(set(area_codes)), name="code")

    report = _join_report(source, indicators, table, areas, county_code)
    kept = table[table[source.key].isin(areas) | (table[source.key] == county_code)]
    index = areas.append(pd.Index([county_code])) if report.county_rows else areas

    columns: dict[str, pd.Series] = {}
    series_parts: list[pd.DataFrame] = []
    for ind in indicators:
        rows = _apply_filter(path, kept, ind.where)
        if ind.mode == "share":
            columns.update(_share(path, ind, rows))
        elif ind.mode == "series":
            latest, long = _series(path, ind, rows)
            columns.update(latest)
            series_parts.append(long)
        else:
            columns.update(_column(path, ind, rows))
    values = pd.DataFrame({name: col.reindex(index) for name, col in columns.items()}, index=index)
    values.index.name = "code"
    with_rows = areas.difference(pd.Index(report.missing))
    empty = tuple(
        (ind.id, int(n)) for ind in indicators if (n := values.loc[with_rows, ind.id].isna().sum())
    )
    report = replace(report, empty=empty)
    series = (
        pd.concat(series_parts, ignore_index=True)
        if series_parts
        else pd.DataFrame(columns=SERIES_COLUMNS)
    )
    series["geography"] = np.where(series["code"] == county_code, "county", source.geography)
    return Layer(values=values, series=series[SERIES_COLUMNS], report=report)


def read_table(path: Path, columns: set[str]) -> pd.DataFrame:
    """Read a CSV as text, checking it exists, parses and has ``columns``.

    Everything is read as strings so codes keep their exact form; numbers are parsed
    per column later, where a bad cell can be named.
    """
    if not path.is_file():
        raise DataError(path, "the file is missing; restore it from the data pack.")
    try:
        table = pd.read_csv(
            path,
            dtype=str,
            na_values=MISSING_MARKERS,
            keep_default_na=False,
            encoding="utf-8-sig",
        )
    except UnicodeDecodeError as exc:
        raise DataError(path, "is not UTF-8 text; is it a spreadsheet saved as CSV?") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(path, f"could not be read as CSV ({exc}).") from exc
    missing = sorted(columns - set(table.columns))
    if missing:
        raise DataError(
            path,
            f"has no column {', '.join(repr(c) for c in missing)} "
            f"(columns found: {_first(table.columns, 12)}).",
        )
    return table


def _first(items: Sequence[str], n: int) -> str:
    """The first ``n`` items joined with commas, with an ellipsis if there are more."""
    shown = ", ".join(str(i) for i in items[:n])
    return shown + ("…" if len(items) > n else "")


def to_numbers(path: Path, values: pd.Series, column: str) -> pd.Series:
    """Parse a text column as numbers; any cell that is not a number is an error."""
    numbers = pd.to_numeric(values, errors="coerce")
    bad = values.notna() & numbers.isna()
    if bad.any():
        first = values[bad].iloc[0]
        raise DataError(
            path,
            f"column {column!r} holds {int(bad.sum())} value(s) that are not numbers, "
            f"for example {first!r}.",
        )
    return numbers.astype(float)


def _columns_needed(source: Source, indicators: list[Indicator]) -> set[str]:
    needed = {source.key, *source.where}
    for optional in (source.period_column, source.category_column):
        if optional:
            needed.add(optional)
    for ind in indicators:
        needed.update({ind.column, *ind.where})
        for col in (ind.numerator_column, ind.denominator_column or source.denominator_column):
            if col and (ind.mode == "share" or ind.numerator_column):
                needed.add(col)
    return needed


def _apply_filter(path: Path, table: pd.DataFrame, where: Mapping[str, str]) -> pd.DataFrame:
    for column, value in where.items():
        table = table[table[column] == value]
        if table.empty:
            raise DataError(path, f"has no rows where {column} = {value!r}.")
    return table


def _join_report(
    source: Source,
    indicators: list[Indicator],
    table: pd.DataFrame,
    areas: pd.Index,
    county_code: str,
) -> JoinReport:
    keys = table[source.key]
    at_county = (keys == county_code) & (source.geography != "county")
    # A row is identified by its key plus whatever else tells rows of one area apart:
    # the period, the category, and the columns indicators filter on (topic, type...).
    identity = [source.key]
    identity += [c for c in (source.period_column, source.category_column) if c]
    identity += sorted({col for ind in indicators for col in ind.where})
    repeated = table.duplicated(identity, keep=False) & keys.isin(areas)
    distinct = pd.Index(keys[~at_county].dropna().unique())
    return JoinReport(
        source_id=source.id,
        file=source.file,
        geography=source.geography,
        rows=len(table),
        expected=len(areas),
        matched=int(distinct.isin(areas).sum()),
        unmatched=tuple(sorted(distinct[~distinct.isin(areas)])),
        missing=tuple(sorted(areas.difference(distinct))),
        duplicates=tuple(sorted(keys[repeated].unique())),
        county_rows=int(at_county.sum()),
    )


def _unique_by(path: Path, rows: pd.DataFrame, by: list[str], what: str) -> pd.DataFrame:
    """Drop exact duplicate rows; refuse rows that repeat a key with different content."""
    rows = rows.drop_duplicates()
    clash = rows[rows.duplicated(by, keep=False)]
    if not clash.empty:
        example = ", ".join(str(v) for v in clash.iloc[0][by])
        raise DataError(
            path,
            f"lists {what} more than once with different values (for example {example}); "
            "each must appear once.",
        )
    return rows


def _column(path: Path, ind: Indicator, rows: pd.DataFrame) -> dict[str, pd.Series]:
    key = ind.key
    wanted = [key, ind.column, *(c for c in (ind.numerator_column, ind.denominator_column) if c)]
    rows = _unique_by(path, rows[wanted], [key], f"area codes for {ind.id}")
    rows = rows.set_index(key)
    if ind.kind == "category":
        return {ind.id: rows[ind.column].astype("string").str.strip()}
    out = {ind.id: to_numbers(path, rows[ind.column], ind.column) * ind.scale}
    if ind.numerator_column and ind.denominator_column:
        out[numerator_column(ind)] = to_numbers(
            path, rows[ind.numerator_column], ind.numerator_column
        )
        out[denominator_column(ind)] = to_numbers(
            path, rows[ind.denominator_column], ind.denominator_column
        )
    return out


def _share(path: Path, ind: Indicator, rows: pd.DataFrame) -> dict[str, pd.Series]:
    key, category = ind.key, ind.source.category_column
    assert category is not None  # checked by the registry
    rows = _unique_by(path, rows, [key, category], f"categories per area for {ind.id}")
    absent = sorted(set(ind.categories) - set(rows[category]))
    if absent:
        raise DataError(path, f"has no category {absent[0]!r} (needed by {ind.id}).")
    counts = to_numbers(path, rows[ind.column], ind.column)
    chosen = rows[category].isin(ind.categories)
    numerator = counts[chosen].groupby(rows.loc[chosen, key]).sum()
    den_col = ind.denominator_column or ind.source.denominator_column
    if den_col:
        den_values = to_numbers(path, rows[den_col], den_col)
        per_key = den_values.groupby(rows[key])
        if (per_key.nunique() > 1).any():
            raise DataError(path, f"column {den_col!r} differs between rows of the same area.")
        denominator = per_key.first()
    else:
        denominator = counts.groupby(rows[key]).sum()
    numerator = numerator.reindex(denominator.index, fill_value=0.0)
    value = (numerator / denominator.where(denominator > 0)) * ratio_multiplier(ind)
    return {ind.id: value, numerator_column(ind): numerator, denominator_column(ind): denominator}


def _series(
    path: Path, ind: Indicator, rows: pd.DataFrame
) -> tuple[dict[str, pd.Series], pd.DataFrame]:
    key, period = ind.key, ind.source.period_column
    assert period is not None  # mode "series" means the source has one
    wanted = [
        key,
        period,
        ind.column,
        *(c for c in (ind.numerator_column, ind.denominator_column) if c),
    ]
    rows = _unique_by(path, rows[wanted], [key, period], f"periods per area for {ind.id}")
    rows = rows.assign(value=to_numbers(path, rows[ind.column], ind.column) * ind.scale)
    rows = rows.dropna(subset=["value"])
    long = pd.DataFrame(
        {
            "indicator": ind.id,
            "code": rows[key].to_numpy(),
            "period": rows[period].astype(str).to_numpy(),
            "value": rows["value"].to_numpy(),
        }
    ).sort_values(["code", "period"], ignore_index=True)
    latest_period = long["period"].max()
    latest = long[long["period"] == latest_period].set_index("code")["value"]
    return {ind.id: latest}, long
