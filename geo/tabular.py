"""Tables that leave the app as CSV, with every cell safe to open in a spreadsheet.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, so text cells that start that way are prefixed with an apostrophe before they
leave the app (numbers are left alone: ``-3.2`` stays a number). The library, the story
archive and the outputs all write CSV through here.
"""

from __future__ import annotations

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def delimiter_of(header: str, candidates: str = ",;\t|") -> str:
    """The separator a CSV file uses: the most frequent candidate in its header line.

    ``csv.Sniffer`` is not used on files people upload: on crafted text its regular
    expressions take tens of seconds, holding up the whole server.
    """
    return max(candidates, key=header.count)


def safe_cell(value: object) -> object:
    """Neutralise a text cell a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_table(table: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``table`` with every text cell (and column name) made safe."""
    out = table.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def to_csv_bytes(table: pd.DataFrame, *, notes: list[str] | None = None) -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheet programs detect the encoding).

    ``notes`` become ``#``-prefixed lines before the header: source and licence travel
    with the file.
    """
    header = "".join(f"# {line}\n" for line in (notes or []))
    body = safe_table(table).to_csv(index=False, lineterminator="\n")
    return ("\ufeff" + header + body).encode("utf-8")
