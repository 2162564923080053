"""Files people take away: CSV now; more formats join here.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, so text cells that start that way are prefixed with an apostrophe before they
leave the app (numbers are left alone: ``-3.2`` stays a number).
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame], about: list[tuple[str, str]]) -> bytes:
    """An Excel workbook: an "About" sheet (method, weights, editions, date), then tables.

    Text cells are neutralised as in CSV; openpyxl would otherwise store a text cell that
    starts with ``=`` as a live formula.
    """
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_table(pd.DataFrame(about, columns=["About this file", ""])).to_excel(
            writer, sheet_name="About", index=False
        )
        for name, table in sheets.items():
            safe_table(table).to_excel(writer, sheet_name=name[:31], index=False)
        for sheet in writer.sheets.values():
            for column in sheet.columns:
                width = max(len(str(cell.value or "")) for cell in column[:200])
                sheet.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 80)
    return buffer.getvalue()
