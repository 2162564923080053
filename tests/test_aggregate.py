"""LSOA → division aggregation, checked against small hand-made fixtures and the data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.aggregate import (
    N_LSOAS,
    N_SPLIT,
    aggregate,
    from_assignment,
    missing_column,
    partial_column,
    weighted_majority,
    weighted_mean,
    weighted_sum,
    whole_area,
)
from geo.catalog import Indicator, Source

SRC = Source("s", "T", "P", "E", 2021, "lsoa21", "f.csv", "code", "OGL-3.0")


def ind(id_, kind, aggregation, **kw) -> Indicator:
    return Indicator(
        id=id_,
        label=id_,
        theme="t",
        description="d",
        source=SRC,
        column=id_,
        unit="u",
        kind=kind,
        more_need="neither" if kind == "category" else "higher",
        aggregate=aggregation,
        **kw,
    )


COUNT = ind("people_count", "count", "sum")
RATE = ind("rate", "percent", "ratio", numerator_column="a", denominator_column="b")
SCORE = ind("score", "score", "population_weighted_mean")
CLASS = ind("klass", "category", "majority")
RANK = ind("rank", "rank", "none")

# Three LSOAs: L1 and L2 in division D1, L3 alone in D2.
LSOAS = pd.DataFrame(
    {
        "people_count": [100.0, 300.0, 50.0],
        "rate": [10.0, 50.0, 20.0],
        "rate__num": [10.0, 30.0, 4.0],
        "rate__den": [100.0, 60.0, 20.0],
        "score": [10.0, 30.0, np.nan],
        "klass": ["Rural", "Urban", "Rural"],
        "rank": [1.0, 2.0, 3.0],
    },
    index=pd.Index(["L1", "L2", "L3"], name="code"),
)
ASSIGN = pd.Series({"L1": "D1", "L2": "D1", "L3": "D2"})
POP = pd.Series({"L1": 100.0, "L2": 300.0, "L3": 50.0})


def run():
    return aggregate(LSOAS, [COUNT, RATE, SCORE, CLASS, RANK], from_assignment(ASSIGN), POP)


# The same LSOAs, but L2 is split: a quarter of its people live in D2.
SPLIT = pd.DataFrame(
    {
        "lsoa": ["L1", "L2", "L2", "L3"],
        "code": ["D1", "D1", "D2", "D2"],
        "share": [1.0, 0.75, 0.25, 1.0],
    }
)


def test_counts_are_summed():
    out = run()
    assert out.loc["D1", "people_count"] == 400
    assert out.loc["D2", "people_count"] == 50
    assert out.loc["D1", N_LSOAS] == 2


def test_rates_are_rederived_not_averaged():
    out = run()
    # (10 + 30) / (100 + 60) = 25%, not the mean of 10% and 50% (30%).
    assert out.loc["D1", "rate"] == pytest.approx(25.0)
    assert out.loc["D1", "rate__num"] == 40
    assert out.loc["D1", "rate__den"] == 160
    assert out.loc["D2", "rate"] == pytest.approx(20.0)


def test_scores_are_population_weighted():
    out = run()
    assert out.loc["D1", "score"] == pytest.approx((10 * 100 + 30 * 300) / 400)  # 25


def test_a_split_lsoa_is_shared_out_by_its_shares():
    out = aggregate(LSOAS, [COUNT, RATE, SCORE, CLASS], SPLIT, POP)
    assert out.loc["D1", "people_count"] == pytest.approx(100 + 0.75 * 300)
    assert out.loc["D2", "people_count"] == pytest.approx(0.25 * 300 + 50)
    assert out["people_count"].sum() == pytest.approx(450), "everyone counted once"
    # Rates from shared-out numerators and denominators: (0.25*30 + 4) / (0.25*60 + 20).
    assert out.loc["D2", "rate"] == pytest.approx(100 * 11.5 / 35)
    # Scores weighted by the people each LSOA has in the area: 100*10 + 225*30.
    assert out.loc["D1", "score"] == pytest.approx((100 * 10 + 225 * 30) / 325)
    assert out.loc["D1", "klass"] == "Urban"  # 225 urban people outweigh 100 rural
    assert out[N_LSOAS].to_dict() == {"D1": 2, "D2": 2}
    assert out[N_SPLIT].to_dict() == {"D1": 1, "D2": 1}


def test_a_gap_leaves_the_figure_empty_with_its_count_and_partial_total():
    lsoas = LSOAS.assign(people_count=[100.0, np.nan, 50.0])
    out = aggregate(lsoas, [COUNT, SCORE], SPLIT, POP)
    # L2 has no count: neither area may show a total made without it.
    assert out["people_count"].isna().all()
    assert out[missing_column(COUNT)].to_dict() == {"D1": 1, "D2": 1}
    assert out.loc["D1", partial_column(COUNT)] == 100
    assert out.loc["D2", partial_column(COUNT)] == 50
    # L3 has no score: D2 has none; D1 is complete and keeps its score.
    assert np.isnan(out.loc["D2", "score"])
    assert out.loc["D1", missing_column(SCORE)] == 0
    assert not np.isnan(out.loc["D1", "score"])
    complete = aggregate(LSOAS.drop(columns="score"), [COUNT], SPLIT, POP)
    assert complete[missing_column(COUNT)].eq(0).all()
    assert complete[partial_column(COUNT)].isna().all()


def test_weighted_sum_is_never_made_from_part_of_the_areas():
    table = pd.DataFrame({"a": [1.0, 2.0], "b": [1.0, np.nan]}, index=["x", "y"])
    out = weighted_sum(table, pd.Series({"x": 1.0, "y": 0.5}))
    assert out["a"] == 2.0
    assert np.isnan(out["b"])
    assert weighted_sum(table, pd.Series({"x": 1.0, "z": 1.0})).isna().all()


def test_categories_take_the_class_covering_most_people():
    assert run().loc["D1", "klass"] == "Urban"  # 300 urban people outweigh 100 rural


def test_ranks_are_not_combined():
    assert "rank" not in run().columns


def test_majority_ties_break_by_name_whatever_the_order():
    values = pd.Series({"a": "Urban", "b": "Rural"})
    weights = pd.Series({"a": 5.0, "b": 5.0})
    groups = pd.Series({"a": "D", "b": "D"})
    assert weighted_majority(values, weights, groups)["D"] == "Rural"
    assert weighted_majority(values[::-1], weights[::-1], groups[::-1])["D"] == "Rural"


def test_weighted_mean_with_zero_weight_is_nan():
    out = weighted_mean(pd.Series({"a": 3.0}), pd.Series({"a": 0.0}), pd.Series({"a": "D"}))
    assert np.isnan(out["D"])


def test_whole_area_sums_to_the_total():
    out = aggregate(LSOAS, [COUNT, RATE], whole_area(LSOAS.index, "C"))
    assert out.loc["C", "people_count"] == 450
    assert out.loc["C", "rate"] == pytest.approx(100 * 44 / 180)


def test_an_unassigned_lsoa_is_an_error():
    with pytest.raises(ValueError, match="L3"):
        aggregate(LSOAS, [COUNT], from_assignment(ASSIGN.drop("L3")), POP)


def test_missing_population_is_an_error():
    with pytest.raises(ValueError, match="population"):
        aggregate(LSOAS, [SCORE], from_assignment(ASSIGN), POP.drop("L2"))
    with pytest.raises(ValueError, match="population"):
        aggregate(LSOAS, [SCORE], from_assignment(ASSIGN))


def test_bundled_divisions_add_up_to_the_county(artifact):
    """Every person and household is counted once across the 69 divisions."""
    divisions = artifact.values("wd25")
    county = artifact.values("county").iloc[0]
    assert len(divisions) == 69
    assert divisions[N_LSOAS].min() >= 1
    assert divisions["census21_residents"].sum() == pytest.approx(county["census21_residents"])
    assert county["census21_residents"] == 320573
    assert divisions["fuel_poverty_2021__den"].sum() == pytest.approx(150253)
    assert county["fuel_poverty_2021"] == pytest.approx(100 * 20676 / 150253)
    wards = artifact.values("wd22")
    assert wards["census21_households"].sum() == pytest.approx(county["census21_households"])
