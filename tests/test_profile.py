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


def _rules(spec: dict) -> list[dict]:
    """Dashed rule layers of a chart, with their data rows."""
    datasets = spec.get("datasets", {})
    return [
        {"layer": layer, "rows": datasets.get(layer.get("data", {}).get("name"), [])}
        for layer in spec.get("layer", [])
        if (
            layer.get("mark", {}).get("type")
            if isinstance(layer.get("mark"), dict)
            else layer.get("mark")
        )
        == "rule"
    ]


@pytest.mark.parametrize(("geo", "code"), [("lsoa21", "E01027444"), ("wd25", "E05016110")])
def test_the_population_chart_marks_the_year_counted_differently(artifact, geo, code):
    chart = next(c for c in profile.trend_charts(artifact, geo, code) if c.title.startswith("Pop"))
    assert "Leaves out prisoners" in chart.table.set_index("year").loc[2015, "note"]
    [rule] = _rules(chart.spec)
    assert [row["year"] for row in rule["rows"]] == [2015]
    assert "prisoners" in chart.caption


def test_the_fuel_poverty_chart_and_table_mark_the_series_break(artifact):
    chart = next(
        c for c in profile.trend_charts(artifact, "wd25", "E05016084") if c.title.startswith("Fuel")
    )
    notes = chart.table.set_index(["place", "year"])["note"]
    assert notes[("Northumberland", 2019)].startswith("Series break: Measure changed from LIHC")
    assert notes[("Northumberland", 2018)] == ""
    assert notes[("Alnwick Hotspur", 2021)] == artifact.method("wd25", "E05016084")
    [rule] = _rules(chart.spec)
    assert [row["year"] for row in rule["rows"]] == [2019]


def test_an_incomplete_total_is_shown_as_such_and_not_ranked(artifact):
    """Cramlington North (E05009113) was "20 children", 65th of 66, with 3 of its 4 LSOAs
    lacking a figure; the county total lacks 8 of 200."""
    children = artifact.registry.get("iod2025_children_income_deprived")
    [ward] = profile.figures(artifact, "wd22", "E05009113", [children])
    assert not ward.complete
    assert ward.text == "At least 20 children"
    assert ward.rank_text.startswith("Incomplete: 1 of the 4 neighbourhoods counted here has data")
    assert "not ranked" in ward.rank_text
    [county] = profile.figures(artifact, "county", artifact.county_code, [children])
    assert county.rank_text.startswith("Incomplete: 192 of the 200 neighbourhoods")
    complete = profile.figures(artifact, "wd22", "E05009110", [children])[0]
    assert complete.complete
    assert "with incomplete data not ranked" in complete.rank_text


def test_no_division_or_ward_total_is_made_from_partial_data(artifact):
    from geo.aggregate import missing_column

    for geography in ("wd25", "wd22", "county"):
        table = artifact.values(geography)
        for ind in artifact.registry.for_geography("lsoa21"):
            if missing_column(ind) in table:
                gaps = table[missing_column(ind)] > 0
                assert table.loc[gaps, ind.id].isna().all(), (geography, ind.id)


def test_a_difference_that_rounds_away_is_about_the_same(artifact):
    fuel = artifact.registry.get("fuel_poverty_2021")
    county = artifact.values("county").iloc[0][fuel.id]  # 13.76
    assert profile._versus_county(fuel, 13.78, county, "Northumberland").startswith(
        "About the same"
    )
    assert profile._versus_county(fuel, 13.86, county, "Northumberland").startswith(
        "0.1 points above"
    )
    score = artifact.registry.get("iod2025_health_score")
    assert profile._versus_county(score, 0.30, 0.28, "X") == "0.02 above X (0.28)"


def test_what_an_area_does_not_get_is_said_with_the_reason(artifact):
    assert profile.not_shown(artifact, "lsoa21") == []
    [domains] = profile.not_shown(artifact, "wd25")
    assert domains.startswith("Deprivation domains, 2019 and 2025: England deciles are published")
    titles = [c.title for c in profile.trend_charts(artifact, "wd25", "E05016084")]
    assert not any(t.startswith("Deprivation domains") for t in titles)
    assert len(profile.not_shown(artifact, "county")) == 2


def test_a_map_says_why_some_areas_have_no_figure(artifact):
    children = artifact.registry.get("iod2025_children_income_deprived")
    note = profile.incomplete_note(artifact, "wd25", children)
    assert note.startswith("8 divisions show no figure: some of the neighbourhoods counted")
    assert profile.incomplete_note(artifact, "wd25", artifact.registry.get("imd2025_score")) == ""
