"""Excel workbooks people take away (CSV is written by :mod:`geo.tabular`)."""

from __future__ import annotations

import io

import pandas as pd

from geo.tabular import safe_table


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
