"""Excel workbooks neutralise spreadsheet formulas and carry an About sheet."""

from __future__ import annotations

import io

import pandas as pd


def test_xlsx_has_an_about_sheet_and_no_live_formulas():
    from openpyxl import load_workbook

    from outputs.export import to_xlsx_bytes

    table = pd.DataFrame({"Area": ["=1+1", "@SUM(A1)", "Hexham"], "Score": [1.5, -2.0, 3.0]})
    data = to_xlsx_bytes(
        {"Shortlist": table}, [("Method", "Rank and combine"), ("Link", "=HYPERLINK(x)")]
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["About", "Shortlist"]
    cells = [c.value for row in book["Shortlist"].iter_rows() for c in row]
    assert "'=1+1" in cells
    assert "'@SUM(A1)" in cells
    assert -2.0 in cells
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
