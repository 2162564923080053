"""Ranks in the county and their words."""

from __future__ import annotations

import pandas as pd

from geo import load_registry
from geo.ranks import need_ranks, ordinal, superlative
from tests.conftest import DATA

REG = load_registry(DATA / "indicators.toml")


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
    ]


def test_rank_one_is_the_most_need_whichever_way_need_points():
    values = pd.Series([10.0, 30.0, None, 20.0], index=list("abcd"))
    higher = REG.get("imd2025_score")  # higher score = more deprived
    lower = REG.get("imd2025_rank")  # lower rank = more deprived
    assert need_ranks(values, higher).tolist()[:2] == [3.0, 1.0]
    assert need_ranks(values, lower).tolist()[:2] == [1.0, 3.0]
    assert pd.isna(need_ranks(values, higher)["c"])
    assert superlative(higher) == "most deprived"
