"""The composite index against small hand-computed cases, and on the real data."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from geo import priority
from geo.catalog import Indicator, Source
from geo.errors import RegistryError

SRC = Source("s", "T", "P", "E", 2021, "lsoa21", "f.csv", "code", "OGL-3.0")


def ind(id_, more_need="higher"):
    return Indicator(
        id=id_,
        label=id_.upper(),
        theme="t",
        description="d",
        source=SRC,
        column=id_,
        unit="u",
        kind="score",
        more_need=more_need,
        aggregate="none",
    )


A, B = ind("a"), ind("b", more_need="lower")
VALUES = pd.DataFrame({"a": [10.0, 20.0, 30.0], "b": [3.0, 1.0, 2.0]}, index=["X", "Y", "Z"])


def settings(**kw):
    base = priority.Settings(weights=(("a", 3.0), ("b", 1.0)), method="rank", n=1)
    return replace(base, **kw)


def test_need_fraction_ranks_with_direction_and_ties():
    assert priority.need_fraction(VALUES["a"], A).tolist() == [0.0, 0.5, 1.0]
    assert priority.need_fraction(VALUES["b"], B).tolist() == [0.0, 1.0, 0.5]  # lower = more need
    ties = priority.need_fraction(pd.Series([1.0, 1.0, 5.0]), A)
    assert ties.tolist() == [0.25, 0.25, 1.0]


def test_rank_and_combine_by_hand():
    r = priority.rank_areas(VALUES, [A, B], settings())
    # weights 3:1 → 0.75, 0.25; scores: X = 0, Y = .75*50 + .25*100 = 62.5, Z = .75*100 + .25*50 = 87.5
    assert r.table.loc["Z", "score"] == pytest.approx(87.5)
    assert r.table.loc["Y", "score"] == pytest.approx(62.5)
    assert r.table.loc["X", "score"] == pytest.approx(0.0)
    assert list(r.shortlist.index) == ["Z"]
    # contributions add up to the score
    assert r.table.loc["Y", "a"] + r.table.loc["Y", "b"] == pytest.approx(62.5)


def test_exponential_transform_stretches_the_deprived_end():
    assert priority.exponential(np.array([0.0]))[0] == pytest.approx(0.0)
    assert priority.exponential(np.array([1.0]))[0] == pytest.approx(100.0)
    mid = priority.exponential(np.array([0.5]))[0]
    assert mid == pytest.approx(-23 * math.log(1 - 0.5 * (1 - math.exp(-100 / 23))))
    assert mid < 20  # the middle of the ranking scores low: the top end dominates
    r = priority.rank_areas(VALUES, [A, B], settings(method="exponential"))
    assert r.table.loc["Y", "score"] == pytest.approx(0.75 * mid + 0.25 * 100)


def test_missing_values_and_filters_exclude_but_do_not_rescore():
    values = VALUES.assign(a=[10.0, np.nan, 30.0])
    r = priority.rank_areas(
        values, [A, B], settings(n=5), eligible=pd.Series({"X": True, "Y": True, "Z": False})
    )
    assert list(r.table.index) == ["X"]
    assert r.excluded == {"missing data for a chosen indicator": 1, "outside the filters": 1}


def test_zero_weights_are_refused():
    with pytest.raises(ValueError, match="weight above zero"):
        priority.rank_areas(VALUES, [A, B], settings(weights=(("a", 0.0),)))


def test_robustness_is_deterministic_under_a_seed():
    rng = np.random.default_rng(0)
    values = pd.DataFrame(
        rng.normal(size=(60, 3)), columns=["a", "c", "d"], index=[f"A{i}" for i in range(60)]
    )
    inds = [ind("a"), ind("c"), ind("d")]
    s = priority.Settings(weights=(("a", 1.0), ("c", 1.0), ("d", 1.0)), n=10, seed=7, draws=300)
    r = priority.rank_areas(values, inds, s)
    first, again = priority.robustness(r, values), priority.robustness(r, values)
    pd.testing.assert_series_equal(first, again)
    assert first.between(0, 1).all()
    assert (first[r.shortlist.index] > 0).all()
    assert first.sum() == pytest.approx(10)  # each draw has exactly 10 areas in its top 10
    other = priority.robustness(priority.Ranking(r.table, r.indicators, replace(s, seed=8)), values)
    assert not first.equals(other)


def test_a_single_indicator_is_perfectly_robust():
    r = priority.rank_areas(VALUES, [A], settings(weights=(("a", 1.0),), n=2))
    assert priority.robustness(r, VALUES).loc[["Z", "Y"]].tolist() == [1.0, 1.0]
    assert priority.verdict(1.0) == "robust"
    assert priority.verdict(0.5) == "marginal"


def test_presets_load_and_are_checked(tmp_path, artifact):
    presets = priority.load_presets(known={i.id for i in artifact.registry})
    assert next(p.id for p in presets) == "imd2025"
    assert sum(presets[0].weights.values()) == pytest.approx(100.0, abs=0.2)  # published, rounded
    bad = tmp_path / "p.toml"
    bad.write_text('[[preset]]\nid="x"\nlabel="x"\nweights={nope=1}\n')
    with pytest.raises(RegistryError, match="unknown indicators"):
        priority.load_presets(bad, known={"a"})


def test_the_imd_preset_reproduces_the_published_ranking(artifact):
    """Combining the domain scores as MHCLG does, within the county, orders the LSOAs
    almost exactly as the published IMD 2025 does."""
    preset = priority.load_presets()[0]
    values = artifact.values("lsoa21")
    s = priority.Settings(weights=tuple(preset.weights.items()), method=preset.method, n=20)
    r = priority.rank_areas(values, [artifact.registry.get(i) for i in preset.weights], s)
    published = values["imd2025_score"].rank(ascending=False)
    ours = r.table["rank"]
    assert ours.corr(published.reindex(ours.index), method="spearman") > 0.97
    top_published = set(published.nsmallest(20).index)
    assert len(top_published & set(r.shortlist.index)) >= 17


def test_eligibility_filters(artifact):
    s = priority.Settings(weights=(("imd2025_score", 1.0),), area_type="Rural", min_population=1500)
    mask = priority.eligible(artifact, s)
    values = artifact.values("lsoa21")
    assert (values.loc[mask, "ruc21_urban_rural"] == "Rural").all()
    assert (values.loc[mask, "census21_residents"] >= 1500).all()
    division = priority.eligible(
        artifact, replace(s, area_type=None, min_population=0, division="E05016087")
    )
    assert division.sum() == 4


def test_links_round_trip_and_hostile_values_fall_back(artifact):
    available = {"imd2025_score", "fuel_poverty_2021"}
    default = priority.Settings(weights=(("imd2025_score", 1.0),))
    s = priority.Settings(
        weights=(("fuel_poverty_2021", 2.5), ("imd2025_score", 1.0)),
        method="exponential",
        n=15,
        area_type="Urban",
        division="E05016087",
        min_population=900,
        seed=3,
    )
    parsed, problems = priority.parse_settings(s.to_params(), available, {"E05016087"}, default)
    assert parsed == s
    assert problems == []
    hostile = {
        "method": "<script>",
        "weights": "evil:1;imd2025_score:-5;fuel_poverty_2021:nan",
        "n": "9999",
        "type": "Suburban",
        "division": "E05999999",
        "seed": "x",
    }
    parsed, problems = priority.parse_settings(hostile, available, {"E05016087"}, default)
    assert parsed == default
    assert len(problems) == 8
    assert all("<script>" not in p for p in problems)


def test_settings_match_the_preset_they_came_from(artifact):
    presets = {p.id: p for p in priority.load_presets()}
    fuel = presets["fuel_poverty"]
    same = priority.Settings(
        weights=tuple((k, 2 * w) for k, w in fuel.weights.items()), method=fuel.method
    )
    assert priority.matching_preset(presets, same) is fuel  # 100/60/40 is 50/30/20
    other_method = priority.Settings(weights=tuple(fuel.weights.items()), method="exponential")
    assert priority.matching_preset(presets, other_method) is None
    fewer = priority.Settings(weights=tuple(fuel.weights.items())[:2], method=fuel.method)
    assert priority.matching_preset(presets, fewer) is None


def test_the_method_is_described_in_words():
    settings = priority.Settings(
        weights=(("a", 50.0), ("b", 30.0), ("c", 20.0), ("d", 0.0)),
        method="rank",
        n=7,
        area_type="Rural",
        division="E05016087",
        min_population=500,
    )
    text = priority.describe(settings, {"a": "Fuel", "b": "Homes"}, {"E05016087": "Ashington"})
    assert text == (
        "Rank and combine of 3 indicators: Fuel 50%, Homes 30%, c 20%. Ranking "
        "neighbourhoods (LSOAs); rural areas only; in Ashington; at least 500 residents; "
        "shortlist of 7."
    )
