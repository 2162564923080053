"""Trend harmonisation across the 2011 and 2021 LSOA changes."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import trends
from tests.conftest import DATA

SPLIT = "E01035633"  # 2021 LSOA split from 2011 LSOA E01027425
MERGED = "E01035636"  # 2021 LSOA merged from E01027501 and E01027502
REDRAWN = "E01035637"  # from E01027506 plus part of Gateshead's E01008187
SPLIT_2001 = "E01033715"  # 2011 LSOA split from 2001 LSOA E01027360
UNCHANGED = "E01027356"


def test_lineage_of_each_kind_of_change(artifact):
    assert trends.lineage(artifact, UNCHANGED).change21 == "unchanged"
    split = trends.lineage(artifact, SPLIT)
    assert split.parents11 == (("E01027425", "S"),)
    assert split.change21 == "split"
    assert "whole former area" in split.note()
    merged = trends.lineage(artifact, MERGED)
    assert {c for c, _ in merged.parents11} == {"E01027501", "E01027502"}
    assert "merging" in merged.note()
    redrawn = trends.lineage(artifact, REDRAWN)
    assert redrawn.outside == ("E01008187",)
    assert redrawn.change21 == "irregular"
    old = trends.lineage(artifact, SPLIT_2001)
    assert old.parents01 == (("E01027360", "E01033715", "S"),)
    assert old.change11 == "split"


def test_imd_history_has_six_editions(artifact):
    history = trends.imd_history(artifact, [UNCHANGED])
    assert history["year"].tolist() == [2004, 2007, 2010, 2015, 2019, 2025]
    assert (history["change"] == "").all()
    # Percentile = rank / LSOAs in England that edition.
    row = history.set_index("year").loc[2004]
    assert row["percentile"] == pytest.approx(100 * 21520 / 32482)


def test_split_area_takes_its_former_areas_figures_and_is_flagged(artifact):
    history = trends.imd_history(artifact, [SPLIT]).set_index("year")
    assert history.loc[2019, "source_code"] == "E01027425"
    assert history.loc[2019, "change"] == "split"
    assert history.loc[2025, "source_code"] == SPLIT
    assert history.loc[2025, "change"] == ""
    rank19 = artifact.values("lsoa11").loc["E01027425", "imd2019_rank"]
    assert history.loc[2019, "percentile"] == pytest.approx(100 * rank19 / 32844)


def test_merged_area_keeps_one_row_per_former_area(artifact):
    history = trends.imd_history(artifact, [MERGED])
    per_year = history.groupby("year").size()
    assert per_year[2025] == 1
    assert (per_year.drop(2025) == 2).all()
    assert set(history.loc[history["year"] == 2019, "change"]) == {"merged"}


def test_history_matches_the_packs_own_harmonised_series(artifact):
    """Cross-check against the data pack's convenience file for unchanged areas."""
    pack = pd.read_csv(DATA / "indicators/imd_trend_2004_2025_by_lsoa11_long.csv")
    pack = pack[pack["mapping"].str.endswith("=U") | (pack["mapping"] == "native")]
    unchanged = [c for c in artifact.values("lsoa21").index if c in set(pack["LSOA11CD"])][:40]
    ours = trends.imd_history(artifact, unchanged)
    merged = ours.merge(pack, left_on=["lsoa21", "year"], right_on=["LSOA11CD", "vintage"])
    assert len(merged) > 150
    assert merged["percentile"].to_numpy() == pytest.approx(
        merged["IMD_rank_percentile"].to_numpy(), abs=0.01
    )


def test_domain_deciles_now_and_before(artifact):
    table = trends.then_and_now_deciles(artifact, MERGED)
    income = table[table["topic"] == "Income deprivation"]
    assert sorted(income["year"]) == [2019, 2019, 2025]
    assert set(table["topic"]) >= {
        "Index of Multiple Deprivation",
        "Crime",
        "Health deprivation and disability",
    }


def test_census_rate_for_a_merged_area_adds_up_both_former_areas(artifact):
    table = trends.then_and_now_rate(artifact, "census21_hh_deprived_1plus", "lsoa21", MERGED)
    old = artifact.values("lsoa11").loc[["E01027501", "E01027502"]]
    expected = (
        100
        * old["census11_hh_deprived_1plus__num"].sum()
        / old["census11_hh_deprived_1plus__den"].sum()
    )
    here_2011 = table[(table["place"] != "Northumberland") & (table["year"] == 2011)]["value"].iloc[
        0
    ]
    assert here_2011 == pytest.approx(expected)
    county = table[table["place"] == "Northumberland"].set_index("year")["value"]
    assert county[2021] == pytest.approx(
        artifact.values("county").iloc[0]["census21_hh_deprived_1plus"]
    )


def test_population_and_age_profile(artifact):
    people, _note = trends.population_history(artifact, "lsoa21", MERGED)
    parents = artifact.series_of("population_mye")
    parents = parents[
        parents["code"].isin(["E01027501", "E01027502"]) & (parents["period"] == "2020")
    ]
    assert people.set_index("year").loc[2020, "people"] == parents["value"].sum()
    ages, _ = trends.age_profile(artifact, "wd25", "E05016084")
    assert ages["share"].sum() == pytest.approx(100.0)
    assert ages["county_share"].sum() == pytest.approx(100.0)
    assert ages["band"].iloc[-1] == "90+"
    county, _ = trends.population_history(artifact, "county", "E06000057")
    assert county.set_index("year").loc[2020, "people"] == 323820


def test_wards_for_areas(artifact):
    assert trends.wards_for(artifact, "lsoa21", UNCHANGED) == ["E05009093"]
    assert trends.wards_for(artifact, "wd22", "E05009093") == ["E05009093"]
    assert len(trends.wards_for(artifact, "wd25", "E05016084")) >= 1
    series = trends.ward_series(artifact, "housing_benefit_claimants", ["E05009093"])
    assert len(series) == 59
    assert set(series["ward"]) == {"Alnwick"}


def test_ward_series_use_the_same_lsoas_in_2011_and_2021(artifact):
    """Census 2011 for a ward comes from the 2011 LSOAs its 2021 LSOAs came from, shared
    out the same way, so Cramlington Eastfield (E05009112) no longer "rose from 43% to
    51%" and Hexham West (E05009125) no longer "fell from 43% to 41%"."""
    for code, then, now in (("E05009112", 49.43, 49.47), ("E05009125", 41.09, 41.47)):
        now21 = artifact.makeup("wd22", code)
        then11 = artifact.makeup("wd22", code, "lsoa11")
        parents = {p for c in now21.codes for p, _ in trends.lineage(artifact, c).parents11}
        assert set(then11.codes) == parents
        table = trends.then_and_now_rate(artifact, "census21_hh_deprived_1plus", "wd22", code)
        here = table[table["place"] != "Northumberland"].set_index("year")["value"]
        assert here[2011] == pytest.approx(then, abs=0.01)
        assert here[2021] == pytest.approx(now, abs=0.01)
        assert "same people" in table["note"].iloc[0]


def test_a_ward_with_no_lsoa_centre_still_has_its_2011_people(artifact):
    """Cowpen (E05009110) got no 2011 LSOA by the point method: 0 people in every band."""
    ages, note = trends.age_profile(artifact, "wd22", "E05009110")
    assert (ages["people"] > 0).all()
    assert ages["people"].sum() == pytest.approx(4220, rel=0.05)
    people, _ = trends.population_history(artifact, "wd22", "E05009110")
    assert people["year"].tolist() == [2015, 2017, 2019, 2020]
    assert "2011 LSOAs that became this ward's neighbourhoods" in note


def test_every_ward_and_division_has_every_edition(artifact):
    for geography in ("wd22", "wd25"):
        for code in artifact.names(geography).index:
            rate = trends.then_and_now_rate(artifact, "census21_hh_deprived_1plus", geography, code)
            assert rate["value"].notna().all(), (geography, code)
            people, _ = trends.population_history(artifact, geography, code)
            assert len(people) == 4, (geography, code)
            assert len(trends.imd_history(artifact, artifact.members(geography, code))) >= 6


def test_the_2015_population_says_it_leaves_out_prisoners(artifact):
    """E01027444 holds a prison: 1,381 people in 2015 (prisoners left out), 2,508 in 2017.
    Druridge Bay division (E05016110), which contains it, has the same jump."""
    for geography, code in (("lsoa21", "E01027444"), ("wd25", "E05016110")):
        people, _ = trends.population_history(artifact, geography, code)
        by_year = people.set_index("year")
        assert "Leaves out prisoners" in by_year.loc[2015, "note"]
        assert (by_year.drop(2015)["note"] == "").all()
    lsoa, _ = trends.population_history(artifact, "lsoa21", "E01027444")
    assert lsoa.set_index("year").loc[[2015, 2017], "people"].tolist() == [1381, 2508]
