"""Profiles: headline figures, summaries and trend charts."""

from __future__ import annotations

import json

import pytest

from geo import profile


def test_the_most_deprived_lsoa_ranks_first(artifact):
    scores = artifact.values("lsoa21")["imd2025_score"]
    worst = scores.idxmax()
    ind = artifact.registry.get("imd2025_score")
    [figure] = profile.figures(artifact, "lsoa21", worst, [ind])
    assert figure.rank_text.startswith("1st of 200 neighbourhoods")
    assert "1st = most deprived" in figure.rank_text
    decile = int(artifact.values("lsoa21").loc[worst, "imd2025_decile"])
    assert figure.england_text == f"England decile {decile} of 10 (1 = most deprived 10%)"
    assert "above Northumberland" in figure.county_text


def test_ranks_respect_direction(artifact):
    ranks = artifact.values("lsoa21")["imd2025_rank"]
    [figure] = profile.figures(
        artifact, "lsoa21", ranks.idxmin(), [artifact.registry.get("imd2025_rank")]
    )
    assert figure.rank_text.startswith("1st of 200")


def test_division_figures_say_how_they_were_made(artifact):
    figures = profile.figures(artifact, "wd25", "E05016084", artifact.registry.profile_indicators)
    assert figures
    # Two whole LSOAs and shares of three split ones: the words say so on every figure.
    assert {f.method for f in figures} == {
        "Estimated from 2 neighbourhoods (LSOAs 2021) lying wholly in this division and "
        "shares of 3 neighbourhoods (LSOAs 2021) split with neighbouring divisions, by where "
        "residents' postcodes are."
    }
    [lsoa_figure] = profile.figures(
        artifact, "lsoa21", "E01027359", [artifact.registry.get("imd2025_score")]
    )
    assert lsoa_figure.method == ""  # published for the LSOA itself
    assert figures[0].rank_text.endswith("(1st = most deprived)")
    assert "of 69 divisions" in figures[0].rank_text
    assert figures[0].england_text == ""  # no England deciles for divisions


def test_percent_difference_is_in_points(artifact):
    [figure] = profile.figures(
        artifact, "lsoa21", "E01027356", [artifact.registry.get("fuel_poverty_2021")]
    )
    assert "points" in figure.county_text
    assert "13.8%" in figure.county_text


def test_summary_of_an_lsoa_and_a_division(artifact):
    lsoa = profile.summary(artifact, "lsoa21", "E01035636")
    assert [label for label, _, _ in lsoa.belongs_to] == [
        "Electoral division (2025)",
        "Ward (2022)",
    ]
    assert any("merging" in note for note in lsoa.notes)
    division = profile.summary(artifact, "wd25", "E05016084")
    assert len(division.lsoas) == 5  # 3 mainly here, 2 more in part
    assert division.lsoas["mainly_here"].sum() == 3
    assert division.lsoas["share"].tolist() == [100, 100, 80, 12, 12]
    assert division.lsoas["decile"].between(1, 10).all()
    assert division.notes[0] == artifact.method("wd25", "E05016084")
    with pytest.raises(KeyError, match="not a"):
        profile.summary(artifact, "wd25", "E01027356")


@pytest.mark.parametrize(
    ("geo", "code"), [("lsoa21", "E01035633"), ("wd25", "E05016084"), ("wd22", "E05009093")]
)
def test_trend_charts_are_complete_and_valid(artifact, geo, code):
    charts = profile.trend_charts(artifact, geo, code)
    titles = [c.title for c in charts]
    assert titles[0] == "Relative deprivation, 2004 to 2025"
    assert "Fuel poverty against Northumberland" in titles
    assert any("Housing Benefit" in t for t in titles)
    for chart in charts:
        spec = chart.chart.to_dict()
        json.dumps(spec)  # serialisable for the browser
        assert spec.get("description"), f"{chart.title} has no description for screen readers"
        assert "Licence" in chart.caption or "licence" in chart.caption.lower()
        assert not chart.table.empty
    if geo == "lsoa21":
        assert "Deprivation domains, 2019 and 2025" in titles
        assert "split" in charts[0].note


def test_imd_trend_chart_has_six_editions(artifact):
    chart = profile.trend_charts(artifact, "lsoa21", "E01027356")[0]
    assert sorted(chart.table["year"].unique()) == [2004, 2007, 2010, 2015, 2019, 2025]
