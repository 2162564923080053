"""CSV leaving the app neutralises spreadsheet formulas and carries its notes."""

from __future__ import annotations

import io

import pandas as pd

from geo.tabular import safe_cell, to_csv_bytes


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
