"""Change maps: each area's two figures follow the rules its other figures follow, the
change is worked out from the figures as shown, and the classes, words and boundary
notes agree with each other."""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from geo import Artifact, change, trends
from geo.build import build
from geo.errors import RegistryError

SPLIT, MERGED = "E01035630", "E01035636"  # split from E01027448; merged from two in 2021


def percentile_of(artifact, rank_id: str, code: str) -> float:
    ind = artifact.registry.get(rank_id)
    return 100 * float(artifact.values(ind.geography)[rank_id][code]) / ind.source.england_areas


def test_every_measure_is_offered_where_its_figures_can_be_made(artifact):
    geos = {m.id: change.geographies(artifact, m) for m in change.measures(artifact)}
    assert geos["imd"] == ["lsoa21"]  # ranks are never shared out
    assert geos["census_deprived"] == ["lsoa21", "wd25", "wd22"]
    assert geos["population"] == ["lsoa21", "wd25", "wd22"]
    assert geos["housing_benefit"] == ["wd22"]  # published for wards only
    imd = change.measure(artifact, "imd")
    assert imd.periods == ("2004", "2007", "2010", "2015", "2019", "2025")
    assert "never shared out" in change.not_shown(artifact, imd)
    with pytest.raises(ValueError, match="cannot be mapped"):
        change.change_map(artifact, "imd", "wd25", "2004", "2025")


def test_a_split_neighbourhood_compares_its_former_whole_area_and_says_so(artifact):
    picture = change.change_map(artifact, "imd", "lsoa21", "2004", "2025")
    row = picture.row(SPLIT)
    [(former, flag)] = trends.lineage(artifact, SPLIT).parents11
    assert flag == "S"
    then = percentile_of(artifact, "imd2004_rank", former)  # 2001 LSOA unchanged in 2011
    now = percentile_of(artifact, "imd2025_rank", SPLIT)
    assert row["then"] == round(then)
    assert row["now"] == round(now)
    assert row["change"] == round(now) - round(then)
    assert SPLIT in picture.changed
    assert f"former LSOA {former} (split in 2021), as a whole" in row["boundary"]
    direction = "less" if row["change"] > 0 else "more"  # percentile up = less deprived
    assert row["value_text"].startswith(f"Relatively {direction} deprived by")
    assert (
        row["class_label"]
        == picture.classification.labels[int(picture.classification.classes[SPLIT])]
    )


def test_a_merged_neighbourhood_averages_its_former_areas(artifact):
    picture = change.change_map(artifact, "imd", "lsoa21", "2004", "2025")
    row = picture.row(MERGED)
    parents = [code for code, _ in trends.lineage(artifact, MERGED).parents11]
    assert len(parents) == 2
    then = sum(percentile_of(artifact, "imd2004_rank", c) for c in parents) / 2
    assert row["then"] == round(then)
    assert "averaged" in row["boundary"]
    assert all(c in row["boundary"] for c in parents)
    assert MERGED in picture.changed
    unchanged = next(
        c
        for c in picture.table.index
        if trends.lineage(artifact, c).change21 == "unchanged"
        and trends.lineage(artifact, c).change11 == "unchanged"
    )
    assert unchanged not in picture.changed


def test_between_two_editions_on_2011_lsoas_a_split_area_is_still_marked(artifact):
    picture = change.change_map(artifact, "imd", "lsoa21", "2015", "2019")
    assert picture.row(SPLIT)["boundary"].startswith("Both figures are for the former LSOA")
    assert picture.row(MERGED)["boundary"].startswith("Both figures are for the former LSOAs")


def test_the_change_is_the_difference_of_the_figures_as_shown(artifact):
    imd = change.measure(artifact, "imd")
    then = pd.Series({"a": 38.4, "b": 38.4, "c": 60.2, "d": 50.0})
    now = pd.Series({"a": 39.6, "b": 38.2, "c": 49.0, "d": 90.0})
    moved = change.change_of(imd, then, now)
    assert moved.to_dict() == {"a": 2.0, "b": 0.0, "c": -11.0, "d": 40.0}  # 38 → 40 is 2
    classes = change.classes_of(imd, moved)
    assert classes["b"] == change.MIDDLE
    assert classes["a"] == change.MIDDLE - 1  # up 2 points: relatively less deprived
    assert classes["c"] == change.MIDDLE + 2  # down 11 points: more need
    assert classes["d"] == 0
    assert change.describe(imd, 38.4, 38.2, 0.0, "2004", "2025").startswith("No change")
    census = change.measure(artifact, "census_deprived")  # a rise means more need
    rises = change.classes_of(census, pd.Series({"x": 3.0, "y": -0.5}))
    assert rises["x"] == change.MIDDLE + 2
    assert rises["y"] == change.MIDDLE
    assert change.describe(census, 40.0, 39.5, -0.5, "2011", "2021").startswith(
        "About the same (down 0.5 percentage points)"
    )


def test_the_legend_says_more_or_less_need_in_plain_words_with_ranges(artifact):
    labels = change.class_labels(change.measure(artifact, "imd"))
    assert len(labels) == 7
    assert labels[-1] == "More need: relatively more deprived by 20 points or more"
    assert labels[0] == "Less need: relatively less deprived by 20 points or more"
    assert labels[change.MIDDLE] == "About the same (less than 2 points either way)"
    assert "by 2 to under 10 points" in labels[4]
    population = change.measure(artifact, "population")
    assert "not more or less need" in change.legend_title(population)
    assert not any("need" in label for label in change.class_labels(population))
    picture = change.change_map(artifact, "imd", "lsoa21", "2004", "2025")
    assert sum(picture.classification.counts) == len(picture.table) == 200


def test_division_figures_follow_the_profile_rules(artifact):
    division = "E05016084"
    picture = change.change_map(artifact, "census_deprived", "wd25", "2011", "2021")
    profile_rates = trends.then_and_now_rate(
        artifact, "census21_hh_deprived_1plus", "wd25", division
    ).set_index(["place", "year"])["value"]
    name = artifact.name("wd25", division)
    assert picture.row(division)["then"] == round(profile_rates[(name, 2011)], 1)
    assert picture.row(division)["now"] == round(profile_rates[(name, 2021)], 1)
    people, _ = trends.population_history(artifact, "lsoa21", SPLIT)
    growth = change.change_map(artifact, "population", "lsoa21", "2015", "2020").row(SPLIT)
    by_year = people.set_index("year")["people"]
    assert growth["then"] == by_year[2015]
    assert growth["now"] == by_year[2020]
    assert math.isclose(
        growth["change"], round(100 * (by_year[2020] - by_year[2015]) / by_year[2015], 1)
    )


def test_a_ward_series_is_compared_between_its_own_periods(artifact):
    picture = change.change_map(artifact, "insolvencies", "wd22", "2012", "2022")
    series = artifact.series_of("insolvencies_total")
    ward = picture.table.index[0]
    values = series[series["code"] == ward].set_index("period")["value"]
    assert picture.row(ward)["change"] == values["2022"] - values["2012"]
    assert picture.changed == []  # published for the wards themselves


def test_a_division_with_a_gap_shows_no_figure_and_says_why(data_copy, tmp_path, monkeypatch):
    """Census 2011 rows of one 2011 LSOA removed: the divisions sharing it get no figure."""
    gone = "E01027356"
    path = data_copy / "indicators" / "census_2011_2021_household_deprivation_dimensions.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    kept = [r for r in rows if not (r["census_year"] == "2011" and r["code"] == gone)]
    assert len(kept) < len(rows)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    monkeypatch.setenv("OBSERVATORY_DATA_DIR", str(data_copy))
    built = build(data_copy, tmp_path / "build")
    artifact = Artifact.open(built.path.parent)
    picture = change.change_map(artifact, "census_deprived", "wd25", "2011", "2021")
    sharing = set(artifact.shares("wd25", "lsoa11").query("lsoa == @gone")["code"])
    assert sharing
    for code in sharing:
        row = picture.row(code)
        assert pd.isna(row["change"])
        assert row["value_text"].startswith("No figure: 1 of the")
        assert "no value for Census 2011" in row["value_text"]
        assert row["class_label"] == "No figure"
    others = picture.table.drop(index=list(sharing))
    assert others["change"].notna().all()
    assert any("show no figure" in note for note in picture.notes)


def write_changes(tmp_path, body: str):
    path = tmp_path / "changes.toml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """
[[change]]
id = "x"
label = "X"
kind = "percentile"
trend = "imd"
unit = "points"
decimals = 0
steps = [2, 10, 20]
rise = "up"
fall = "down"
from = "2004"
to = "2025"
"""


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('kind = "percentile"', 'kind = "guess"'), "kind must be one of"),
        (("steps = [2, 10, 20]", "steps = [10, 2, 20]"), "three increasing"),
        (('trend = "imd"', 'trend = "nope"'), "fewer than two editions"),
        (('from = "2004"', 'from = "1999"'), "from and to must be two of"),
        (('to = "2025"', 'to = "2025"\ncolour = "red"'), "unknown field"),
        (('unit = "points"\n', ""), "is missing unit"),
    ],
)
def test_a_mistake_in_the_change_file_is_named(artifact, tmp_path, edit, message):
    path = write_changes(tmp_path, GOOD.replace(*edit))
    with pytest.raises(RegistryError, match=message):
        change.load_measures(artifact.registry, {}, path)
    [measure] = change.load_measures(artifact.registry, {}, write_changes(tmp_path, GOOD))
    assert measure.default == ("2004", "2025")


def test_only_periods_in_order_make_a_pair(artifact):
    imd = change.measure(artifact, "imd")
    assert change.valid_pair(imd, "2010", "2019") == ("2010", "2019")
    assert change.valid_pair(imd, "2019", "2010") == imd.default
    assert change.valid_pair(imd, "2019", None) == imd.default
    assert change.valid_pair(imd, ["2004"], "2025") == imd.default
