"""Exports neutralise spreadsheet formulas and carry their notes."""

from __future__ import annotations

import io

import pandas as pd

from geo.export import safe_cell, to_csv_bytes


def test_formula_cells_are_neutralised():
    for hostile in ("=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x")'):
        assert safe_cell(hostile) == "'" + hostile
    assert safe_cell("Alnwick") == "Alnwick"
    assert safe_cell(-3.2) == -3.2


def test_csv_keeps_numbers_and_escapes_text():
    table = pd.DataFrame({"name": ["=cmd|' /C calc'!A0", "Hexham"], "value": [-1.5, 2.0]})
    raw = to_csv_bytes(table, notes=["Source: test"])
    text = raw.decode("utf-8-sig")
    assert text.startswith("# Source: test\n")
    parsed = pd.read_csv(io.StringIO(text), comment="#")
    assert parsed["name"].tolist() == ["'=cmd|' /C calc'!A0", "Hexham"]
    assert parsed["value"].tolist() == [-1.5, 2.0]


def test_xlsx_has_an_about_sheet_and_no_live_formulas():
    from openpyxl import load_workbook

    from geo.export import to_xlsx_bytes

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
