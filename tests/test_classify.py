"""Classification: schemes, direction of need, and degenerate data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.catalog import load_registry
from geo.classify import (
    MISSING_COLOUR,
    available_schemes,
    categorical,
    classify,
    legend_title,
)
from tests.conftest import DATA

REG = load_registry(DATA / "indicators.toml")
SCORE = REG.get("imd2025_score")  # higher = more need
RANK = REG.get("imd2025_rank")  # lower = more need
PEOPLE = REG.get("census21_residents")  # no direction


def series(values):
    return pd.Series(values, index=[f"A{i:03d}" for i in range(len(values))], dtype=float)


def test_quantiles_put_equal_numbers_in_each_class():
    c = classify(series(range(100)), SCORE, "quantiles", 5)
    assert c.k == 5
    assert c.counts == (20, 20, 20, 20, 20)
    assert c.notes == ()


def test_darkest_class_holds_the_most_need_whatever_the_direction():
    values = series(range(1, 101))
    higher = classify(values, SCORE, "quantiles", 4)
    lower = classify(values, RANK, "quantiles", 4)
    # The last class (darkest colour) holds the highest scores but the lowest ranks.
    assert higher.classes["A099"] == 3
    assert higher.classes["A000"] == 0
    assert lower.classes["A000"] == 3
    assert lower.classes["A099"] == 0
    assert higher.colours == lower.colours  # same light-to-dark palette
    assert lower.labels[-1].startswith("1 to")


def test_all_equal_values_make_one_class_with_a_note():
    c = classify(series([7.0] * 10), SCORE, "natural_breaks", 5)
    assert c.k == 1
    assert c.counts == (10,)
    assert "same value" in c.notes[0]


def test_many_ties_reduce_the_classes_and_say_so():
    c = classify(series([1, 1, 1, 1, 1, 1, 1, 2, 3, 3]), SCORE, "quantiles", 5)
    assert c.k < 5
    assert sum(c.counts) == 10
    assert all(n > 0 for n in c.counts), "no empty classes from ties"
    assert any("Only" in note for note in c.notes)


def test_missing_values_are_grey_and_counted():
    c = classify(series([1, 2, np.nan, 4, 5, np.nan, 7]), SCORE, "equal_interval", 3)
    assert c.missing == 2
    assert c.colour_of("A002") == MISSING_COLOUR
    assert "2 of 7 areas have no data" in c.notes[0]
    assert c.legend()[-1] == (MISSING_COLOUR, "No data", 2)


def test_no_values_at_all_is_handled():
    c = classify(series([np.nan, np.nan]), SCORE, "quantiles", 5)
    assert c.k == 0
    assert c.missing == 2
    assert any("No area has a value" in n for n in c.notes)


def test_equal_intervals_keep_empty_classes():
    c = classify(series([0, 1, 2, 100]), SCORE, "equal_interval", 4)
    assert c.k == 4
    assert 0 in c.counts


def test_england_deciles_use_published_deciles():
    deciles = series([1, 2, 10, 5])
    c = classify(series([50, 40, 2, 20]), SCORE, "england_deciles", 5, england_deciles=deciles)
    assert c.k == 10
    assert c.classes["A000"] == 9  # decile 1: darkest
    assert c.classes["A002"] == 0
    assert "most deprived 10%" in c.labels[-1]


def test_england_deciles_need_deciles():
    with pytest.raises(ValueError, match="no England deciles"):
        classify(series([1, 2, 3]), PEOPLE, "england_deciles", 5)
    assert "england_deciles" not in available_schemes(PEOPLE)
    assert "england_deciles" in available_schemes(SCORE)


@pytest.mark.parametrize(("scheme", "k"), [("jenks!", 5), ("quantiles", 2), ("quantiles", 10)])
def test_bad_arguments_are_refused(scheme, k):
    with pytest.raises(ValueError, match=r"classification|classes"):
        classify(series([1, 2, 3]), SCORE, scheme, k)


def test_categories_get_colour_blind_safe_colours():
    c = categorical(
        pd.Series({"a": "Urban", "b": "Rural", "c": "Rural", "d": None}),
        REG.get("ruc21_urban_rural"),
    )
    assert c.labels == ("Rural", "Urban")
    assert c.counts == (2, 1)
    assert c.missing == 1
    assert "not more or less need" in c.legend_title


def test_legend_words():
    assert legend_title(SCORE) == "Darker = more deprived"
    assert legend_title(PEOPLE) == "Darker = higher values"


def test_real_indicator_classes_cover_all_areas(artifact):
    values = artifact.values("lsoa21")["fuel_poverty_2021"]
    c = classify(values, REG.get("fuel_poverty_2021"), "natural_breaks", 6)
    assert sum(c.counts) == 200
    assert c.k == 6
