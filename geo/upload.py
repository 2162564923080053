"""Bring your own data: a CSV keyed by LSOA 2021, LSOA 2011 or division code.

The file becomes an indicator for one session. Everything about it is checked and
reported: which column holds the codes and which geography they are, how many rows
matched, which codes are unknown or repeated, and which values are not numbers. Files
that cannot be used get a message saying what to change.

Files come from anyone, so their shape is checked on the header line before anything is
parsed: at most :data:`MAX_COLUMNS` columns with names of :data:`MAX_NAME` characters,
then at most :data:`MAX_ROWS` rows with values of :data:`MAX_VALUE` characters. The
separator is read from the header line (``csv.Sniffer`` can take tens of seconds on
crafted text). Column names lose control characters, which spreadsheets refuse.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.aggregate import aggregate
from geo.artifact import Artifact
from geo.catalog import Indicator, Source
from geo.cleaning import shown
from geo.tabular import delimiter_of

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 50
MAX_NAME = 100  # characters in a column name
MAX_VALUE = 200  # characters in one value: codes and numbers are short
KEY_GEOGRAPHIES = ("lsoa21", "lsoa11", "wd25")
_NUMBER_NOISE = re.compile(r"[\s%£]")
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


class UploadError(ValueError):
    """The file cannot be used; the message says what to change."""


@dataclass
class UploadReport:
    rows: int
    geography: str
    code_column: str
    matched: int
    unmatched: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    non_numeric: dict[str, int] = field(default_factory=dict)
    encoding: str = "utf-8"


@dataclass
class Upload:
    """A checked upload: numeric columns indexed by the area code."""

    name: str
    values: pd.DataFrame
    report: UploadReport

    @property
    def columns(self) -> list[str]:
        return list(self.values.columns)


def read_upload(data: bytes, filename: str, artifact: Artifact) -> Upload:
    """Read and check an uploaded CSV.

    Raises
    ------
    UploadError
        For a file that is too big, not text, without a code column or without numbers.
    """
    if not data.strip():
        raise UploadError("The file is empty.")
    if len(data) > MAX_BYTES:
        raise UploadError(
            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; "
            "keep only the columns you need."
        )
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UploadError(
            "This looks like an Excel workbook. Save it as CSV (comma separated) and upload that."
        )
    text, encoding = _decode(data)
    names, delimiter = _header(text)
    try:
        table = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
            on_bad_lines="error",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise UploadError(f"The file could not be read as CSV: {shown(exc, 200)}") from exc
    if len(table) > MAX_ROWS:
        raise UploadError(f"The file has {len(table):,} rows; upload at most {MAX_ROWS:,}.")
    if table.empty:
        raise UploadError("The file has a header but no rows.")
    if len(table.columns) != len(names):  # a quote left open swallowed the header line
        raise UploadError("The header line could not be read: check its quotation marks.")
    for number, column in enumerate(table.columns, start=1):
        longest = int(table[column].str.len().max())
        if longest > MAX_VALUE:
            raise UploadError(
                f"A value in column {number} has {longest:,} characters; values can have "
                f"up to {MAX_VALUE}. Keep only the codes and numbers."
            )
    table.columns = names
    repeated = table.columns[table.columns.duplicated()]
    if len(repeated):
        raise UploadError(
            f"Two columns are both called “{shown(repeated[0], 40)}”. Rename one and upload "
            "the file again."
        )

    code_column, geography = _find_codes(table, artifact)
    codes = table[code_column].str.strip().str.upper()
    known = set(_area_codes(artifact, geography))
    numbers, non_numeric = {}, {}
    for column in table.columns:
        if column == code_column:
            continue
        parsed, bad = _numbers(table[column], decimal_comma=delimiter != ",")
        if parsed.notna().sum() == 0:
            continue
        numbers[column] = parsed
        if bad:
            non_numeric[column] = bad
    if not numbers:
        raise UploadError(
            "No column holds numbers. Check that values are written like 12.5 (not text)."
        )
    values = pd.DataFrame(numbers).assign(code=codes.to_numpy())
    duplicated = values["code"].duplicated(keep=False)
    duplicates = sorted(values.loc[duplicated, "code"].unique())
    values = values[~duplicated]  # a code listed twice is ambiguous: leave it out, and say so
    matched = values["code"].isin(known)
    report = UploadReport(
        rows=len(table),
        geography=geography,
        code_column=code_column,
        matched=int(matched.sum()),
        unmatched=sorted(values.loc[~matched, "code"].unique())[:50],
        duplicates=duplicates[:50],
        non_numeric=non_numeric,
        encoding=encoding,
    )
    if report.matched == 0:
        raise UploadError(f"None of the codes are {artifact.county_name} areas.")
    return Upload(filename, values[matched].set_index("code"), report)


def _header(text: str) -> tuple[list[str], str]:
    """The column names (cleaned) and the separator, read from the first line alone."""
    line = text.split("\n", 1)[0]
    if len(line) > MAX_COLUMNS * (MAX_NAME + 3):
        raise UploadError(
            f"The first line has {len(line):,} characters: it should name the columns, "
            f"at most {MAX_COLUMNS} of them."
        )
    delimiter = delimiter_of(line)
    try:
        names = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error as exc:
        raise UploadError(f"The header line could not be read: {shown(exc, 100)}") from exc
    if len(names) > MAX_COLUMNS:
        raise UploadError(
            f"The file has {len(names):,} columns; upload at most {MAX_COLUMNS} "
            "(the codes and the columns you need)."
        )
    cleaned = [_column_name(name) for name in names]
    too_long = next((n for n in cleaned if len(n) > MAX_NAME), None)
    if too_long is not None:
        raise UploadError(
            f"A column name has {len(too_long):,} characters; names can have up to {MAX_NAME}."
        )
    return cleaned, delimiter


def _column_name(name: str) -> str:
    """A column name without control or invisible characters (spreadsheets refuse them)."""
    kept = "".join(ch for ch in str(name) if ch.isprintable() and unicodedata.category(ch) != "Cf")
    return " ".join(kept.split())


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "windows-1252"


def _area_codes(artifact: Artifact, geography: str) -> list[str]:
    return list(artifact.values(geography).index)


def _find_codes(table: pd.DataFrame, artifact: Artifact) -> tuple[str, str]:
    """The column holding the most known codes, and their geography."""
    known = {g: set(_area_codes(artifact, g)) for g in KEY_GEOGRAPHIES if artifact.has_geography(g)}
    best: tuple[float, str, str] | None = None
    geographies = [g for g in KEY_GEOGRAPHIES if artifact.has_geography(g)]
    for column in table.columns:
        codes = table[column].str.strip().str.upper()  # once per column, not per geography
        for geography in geographies:
            share = codes.isin(known[geography]).mean()
            if share > 0 and (best is None or share > best[0]):
                best = (share, column, geography)
    if best is None or best[0] < 0.5:
        divisions = " or division (2025)" if artifact.has_geography("wd25") else ""
        raise UploadError(
            f"No column holds LSOA 2021, LSOA 2011{divisions} codes for {artifact.county_name}, "
            "like E01027356 or E05016083. Add a column of codes (names are not enough)."
        )
    return best[1], best[2]


def _numbers(column: pd.Series, *, decimal_comma: bool) -> tuple[pd.Series, int]:
    """Parse numbers written by people: 1,234 / 12.5% / 12,5 (with ; files); count failures."""
    text = column.astype(str).str.strip()
    blank = text.isin(["", "-", "..", "NA", "N/A", "n/a", "null"])
    cleaned = text.str.replace(_NUMBER_NOISE, "", regex=True)
    thousands = cleaned.str.match(_THOUSANDS)
    cleaned = cleaned.where(~thousands, cleaned.str.replace(",", "", regex=False))
    if decimal_comma:
        cleaned = cleaned.str.replace(",", ".", regex=False)
    parsed = pd.to_numeric(cleaned, errors="coerce")
    parsed = parsed.where(np.isfinite(parsed))
    bad = int((parsed.isna() & ~blank).sum())
    return parsed.where(~blank), bad


def to_geography(
    upload: Upload, column: str, geography: str, artifact: Artifact, *, counts: bool
) -> pd.Series:
    """The uploaded column on ``geography`` ("lsoa21" or "wd25").

    2011 LSOAs are carried to 2021 with the lookup (a split shares a count equally, or
    keeps a rate; a merge adds counts, or averages rates). LSOA data reaches divisions as
    the registry's does (:mod:`geo.aggregate`): each LSOA counted by its share of people
    in the division, counts added, rates weighted by population, and a division with an
    LSOA lacking a value left empty. Division data cannot be spread onto LSOAs and gives
    an empty series there.
    """
    series = upload.values[column]
    source = upload.report.geography
    if source == "lsoa11":
        series = _lsoa11_to_21(series, artifact, counts=counts)
        source = "lsoa21"
    if source == geography:
        return series.reindex(_area_codes(artifact, geography))
    if source == "lsoa21" and geography == "wd25":
        ind = as_indicator("upload", column, more_need="higher", counts=counts)
        lsoas = series.reindex(_area_codes(artifact, "lsoa21")).rename(ind.id).to_frame()
        population = artifact.values("lsoa21")[artifact.registry.population_indicator.id]
        combined = aggregate(lsoas, [ind], artifact.shares("wd25"), population)[ind.id]
        return combined.reindex(_area_codes(artifact, "wd25"))
    return pd.Series(np.nan, index=_area_codes(artifact, geography), dtype=float)


def _lsoa11_to_21(series: pd.Series, artifact: Artifact, *, counts: bool) -> pd.Series:
    lookup = artifact.lookup("lsoa11_lsoa21")
    lookup = lookup[lookup["LSOA11CD"].isin(series.index)].copy()
    lookup["value"] = series.reindex(lookup["LSOA11CD"]).to_numpy()
    if counts:
        children = lookup.groupby("LSOA11CD")["LSOA21CD"].transform("count")
        lookup["value"] = lookup["value"] / children
        return lookup.groupby("LSOA21CD")["value"].sum(min_count=1)
    return lookup.groupby("LSOA21CD")["value"].mean()


def as_indicator(name: str, column: str, *, more_need: str, counts: bool) -> Indicator:
    """A session-only indicator describing an uploaded column."""
    slug = re.sub(r"[^a-z0-9]+", "_", f"{name}_{column}".lower()).strip("_")[:40] or "upload"
    source = Source(
        id="upload",
        title=f"Your upload: {name}",
        publisher="You (this session only)",
        edition="uploaded",
        year=0,
        geography="lsoa21",
        file=name,
        key="code",
        licence="yours",
    )
    return Indicator(
        id=f"upload_{slug}",
        label=f"{column} (your data)",
        theme="Your data",
        description=f"Column {column!r} of {name}, uploaded in this session.",
        source=source,
        column=column,
        unit="count" if counts else "value",
        kind="count" if counts else "score",
        more_need=more_need,
        aggregate="sum" if counts else "population_weighted_mean",
        need_label="more need",
    )
