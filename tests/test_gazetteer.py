"""The gazetteer: names compared the way people type them, and the file checked on read."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import gazetteer
from geo.errors import DataError
from geo.gazetteer import COLUMNS, normal_form, read_places, squashed
from geo.indicators import read_table
from tests.conftest import DATA


@pytest.mark.parametrize(
    ("typed", "spelt"),
    [
        ("berwick upon tweed", "Berwick-upon-Tweed"),
        ("BERWICK-UPON-TWEED", "Berwick-upon-Tweed"),
        ("newbiggin", "Newbiggin-by-the-Sea"),
        ("scots gap", "Scots' Gap"),
        ("Scots’ Gap", "Scots' Gap"),  # a curly apostrophe
        ("heddon on the wall", "Heddon-on-the-Wall"),
        ("bebside and kitty brewster", "Bebside & Kitty Brewster"),
        ("st johns lee", "Saint John's Lee"),
        ("Ållendale  Town", "Allendale Town"),  # accents and spacing
    ],
)
def test_names_compare_as_people_type_them(typed, spelt):
    assert normal_form(typed) == normal_form(spelt)


def test_different_names_stay_different():
    assert normal_form("High Newton-by-the-Sea") != normal_form("Low Newton-by-the-Sea")
    assert normal_form("The") == "the"  # only filler words: kept
    assert squashed(normal_form("Scots' Gap")) == squashed(normal_form("Scotsgap"))


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return read_table(DATA / gazetteer.FILE, set(COLUMNS))


@pytest.fixture(scope="module")
def lsoas(artifact) -> set[str]:
    return set(artifact.names("lsoa21").index)


def test_the_bundled_gazetteer_reads_with_typed_columns(raw, lsoas):
    places = read_places(raw, DATA / gazetteer.FILE, lsoas)
    assert len(places) == 944
    assert places["id"].is_unique
    assert set(places["kind"]) <= set(gazetteer.KINDS)
    craster = places[places["name"] == "Craster"].iloc[0]
    assert craster["lsoa21"] == "E01027366"
    assert craster["lat"] == pytest.approx(55.4726, abs=0.001)
    hexham = places[places["name"] == "Hexham"].iloc[0]
    assert len(hexham["extent"]) == 8
    assert max(hexham["extent"].values()) == 0.27


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("kind", "city", "unknown value"),
        ("tier", "", "unknown value"),
        ("lat", "north", "no number in column lat"),
        ("lsoa21", "E01999999", "not the county's"),
    ],
)
def test_a_damaged_gazetteer_is_refused_naming_the_problem(raw, lsoas, column, value, message):
    damaged = raw.copy()
    damaged.loc[3, column] = value or None
    with pytest.raises(DataError, match=message):
        read_places(damaged, DATA / gazetteer.FILE, lsoas)
