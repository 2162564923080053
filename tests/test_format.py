"""Formatting values for people."""

from __future__ import annotations

import math

import pytest

from geo.catalog import load_registry
from geo.format import format_number, format_value, is_missing, unit_label
from tests.conftest import DATA

REG = load_registry(DATA / "indicators.toml")


@pytest.mark.parametrize(
    ("ind_id", "value", "expected"),
    [
        ("fuel_poverty_2021", 13.7612, "13.8%"),
        ("census21_residents", 1289.0, "1,289 people"),
        ("imd2025_rank", 4210.0, "4,210 of 33,755"),
        ("imd2019_rank", 4210.0, "4,210 of 32,844"),
        ("imd2025_decile", 3.0, "3 of 10"),
        ("imd2025_score", 11.101, "11.1"),
        ("iod2025_health_score", -0.43, "-0.43"),
        ("ruc21_urban_rural", "Rural", "Rural"),
        ("imd2025_score", math.nan, "no data"),
        ("imd2025_score", None, "no data"),
    ],
)
def test_format_value(ind_id, value, expected):
    assert format_value(REG.get(ind_id), value) == expected


def test_without_unit():
    assert format_value(REG.get("census21_residents"), 5.0, with_unit=False) == "5"
    assert format_value(REG.get("imd2025_rank"), 5.0, with_unit=False) == "5"


def test_numbers_and_missing():
    assert format_number(12345.0) == "12,345"
    assert format_number(0.1234) == "0.12"
    assert is_missing(float("nan"))
    assert is_missing(None)
    assert not is_missing(0)
    assert unit_label(REG.get("imd2025_decile")).startswith("England decile")
