"""Sharing LSOAs out among divisions and wards by where residents' postcodes are."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo import apportion
from geo.aggregate import N_SPLIT
from geo.boundaries import BNG, WGS84
from geo.geographies import load_geographies
from geo.indicators import read_table
from tests.conftest import DATA

# Two areas side by side in British National Grid metres: W (x < 1000) and E.
AREAS = gpd.GeoDataFrame(
    {"code": ["E", "W"]},
    geometry=[shapely.box(1000, 0, 2000, 1000), shapely.box(0, 0, 1000, 1000)],
    crs=BNG,
).to_crs(WGS84)


def postcodes(rows: list[tuple[str, str | None, float, float]]) -> pd.DataFrame:
    """(LSOA, OA, x, y in metres) as the pack's lat/lon columns."""
    points = gpd.GeoSeries.from_xy([r[2] for r in rows], [r[3] for r in rows], crs=BNG)
    points = points.to_crs(WGS84)
    return pd.DataFrame(
        {
            "LSOA21CD": [r[0] for r in rows],
            "OA21CD": [r[1] for r in rows],
            "lat": points.y.astype(str),
            "lon": points.x.astype(str),
        }
    )


def test_each_output_area_counts_once_wherever_its_postcodes_cluster():
    # L1 has three OAs: two in W (one of them with many postcodes), one in E.
    table = postcodes(
        [
            ("L1", "O1", 100, 500),
            ("L1", "O1", 120, 500),
            ("L1", "O1", 140, 500),
            ("L1", "O1", 160, 500),
            ("L1", "O2", 500, 500),
            ("L1", "O3", 1500, 500),
            ("L2", "O4", 1600, 500),
        ]
    )
    fitted = apportion.fit(table, AREAS, "wd25")
    shares = fitted.shares.set_index(["lsoa", "code"])["share"]
    # By OAs: 2 of 3 in W, whatever the number of postcodes in each.
    assert shares[("L1", "W")] == pytest.approx(2 / 3)
    assert shares[("L1", "E")] == pytest.approx(1 / 3)
    assert shares[("L2", "E")] == 1.0
    assert fitted.best.to_dict() == {"L1": "W", "L2": "E"}
    assert fitted.postcode_majority["L1"] == "W"


def test_an_output_area_goes_wholly_to_the_area_holding_its_centre():
    # O1's postcodes straddle the border, but their mean lies in E.
    table = postcodes([("L1", "O1", 900, 500), ("L1", "O1", 1200, 500), ("L1", "O1", 1300, 500)])
    shares = apportion.fit(table, AREAS, "wd25").shares
    assert shares[["lsoa", "code", "share"]].values.tolist() == [["L1", "E", 1.0]]


def test_postcodes_without_an_output_area_count_as_a_fraction_of_one():
    # L1: two OAs of two postcodes each (in W), plus two OA-less postcodes in E, one
    # of them repeated at the same point (a terminated duplicate): counted once.
    table = postcodes(
        [
            ("L1", "O1", 100, 100),
            ("L1", "O1", 110, 100),
            ("L1", "O2", 200, 200),
            ("L1", "O2", 210, 200),
            ("L1", None, 1500, 500),
            ("L1", None, 1500, 500),
            ("L1", None, 1700, 500),
        ]
    )
    units = apportion.postcode_units(table)
    assert sorted(units["weight"]) == [0.5, 0.5, 1.0, 1.0]  # 2 OAs / 4 postcodes each
    shares = apportion.fit(table, AREAS, "wd25").shares.set_index("code")["share"]
    assert shares["E"] == pytest.approx(1 / 3)


def test_a_point_outside_every_area_goes_to_the_nearest():
    table = postcodes([("L1", "O1", -50, 500)])  # just off the coast of W
    assert apportion.fit(table, AREAS, "wd25").best["L1"] == "W"


def test_a_split_2011_lsoa_shares_out_by_its_parts_residents():
    shares21 = pd.DataFrame(
        {
            "geography": "wd25",
            "lsoa": ["A1", "A2", "M", "M"],
            "code": ["W", "E", "W", "E"],
            "share": [1.0, 1.0, 0.5, 0.5],
        }
    )
    lookup = pd.DataFrame(
        {
            "LSOA11CD": ["P", "P", "Q1", "Q2", "Z"],
            "LSOA21CD": ["A1", "A2", "M", "M", "M"],
        }
    )
    residents = pd.Series({"A1": 300.0, "A2": 100.0, "M": 1000.0})
    out = apportion.lsoa11_shares(shares21, lookup, residents, {"P", "Q1", "Q2"})
    got = out.set_index(["lsoa", "code"])["share"]
    assert got[("P", "W")] == pytest.approx(0.75)  # split: 300 of its 400 people
    assert got[("P", "E")] == pytest.approx(0.25)
    assert got[("Q1", "W")] == got[("Q2", "E")] == 0.5  # merged: follow what they formed
    assert "Z" not in set(out["lsoa"])  # outside the county
    assert out.groupby("lsoa")["share"].sum().tolist() == pytest.approx([1.0, 1.0, 1.0])


def test_the_method_in_words():
    kinds = load_geographies(DATA / "geographies.toml")
    wd25, lsoa21 = kinds["wd25"], kinds["lsoa21"]
    whole = apportion.Makeup("wd25", "D", "lsoa21", ("A", "B"))
    assert apportion.method_text(whole, wd25, lsoa21) == (
        "Added up from 2 neighbourhoods (LSOAs 2021) lying wholly in this division."
    )
    mixed = apportion.Makeup("wd25", "D", "lsoa21", ("A",), (("B", 0.4),))
    assert apportion.method_text(mixed, wd25, lsoa21) == (
        "Estimated from 1 neighbourhood (LSOA 2021) lying wholly in this division and shares "
        "of 1 neighbourhood (LSOA 2021) split with neighbouring divisions, by where "
        "residents' postcodes are."
    )
    parts = apportion.Makeup("wd25", "D", "lsoa21", (), (("B", 0.4), ("C", 0.2)))
    assert apportion.method_text(parts, wd25, lsoa21).startswith("Estimated from shares of 2")
    assert (
        apportion.method_text(apportion.Makeup("lsoa21", "A", "lsoa21", ("A",)), wd25, lsoa21) == ""
    )


# ---- the bundled data ----------------------------------------------------------------


def test_the_build_reports_agreement_with_the_ons_best_fit(built):
    wards = built.fit["wd22"]
    agreement = {row["method"]: row["agree"] for row in wards["agreement"]}
    assert agreement == {
        "output areas by postcode (this build)": 196,
        "plain postcode majority": 194,
        "the LSOA's representative point (pack)": 186,
        "the largest share of the LSOA's area (pack)": 189,
    }
    assert built.fit["wd25"]["split_lsoas"] == 62
    assert built.fit["wd25"]["areas_of_whole_lsoas"] == 9


def test_every_lsoa_shares_out_to_exactly_its_people(artifact):
    for geography in ("wd25", "wd22"):
        for blocks, count in (("lsoa21", 200), ("lsoa11", 197)):
            totals = artifact.shares(geography, blocks).groupby("lsoa")["share"].sum()
            assert len(totals) == count
            assert totals.to_numpy() == pytest.approx(1.0)


def test_an_lsoa_split_between_divisions_is_shared_not_given_to_one(artifact):
    """E01027424 lies 72% (by area) in Bebside & Kitty Brewster but was counted wholly
    in Cowpen; by where its residents live it is shared between the two."""
    bebside, cowpen = "E05016089", "E05016101"
    assert artifact.name("wd25", bebside) == "Bebside & Kitty Brewster"
    shares = artifact.shares("wd25").query("lsoa == 'E01027424'").set_index("code")["share"]
    assert shares.to_dict() == pytest.approx({bebside: 1 / 3, cowpen: 2 / 3})
    residents = artifact.values("lsoa21").loc["E01027424", "census21_residents"]
    makeup = artifact.makeup("wd25", bebside)
    assert ("E01027424", pytest.approx(1 / 3)) in makeup.parts
    expected = sum(
        artifact.values("lsoa21").loc[c, "census21_residents"] * s
        for c, s in makeup.weights.items()
    )
    assert artifact.values("wd25").loc[bebside, "census21_residents"] == pytest.approx(expected)
    assert expected > residents / 3


def test_a_division_of_one_lsoa_gets_its_share_of_its_neighbours(artifact):
    """Alnwick Castle (E05016083) was one LSOA, "1,289 people, 69th of 69"."""
    division = artifact.values("wd25").loc["E05016083"]
    assert division["census21_residents"] == pytest.approx(4140, abs=1)
    assert division[N_SPLIT] == 3
    ranks = artifact.values("wd25")["census21_residents"].rank(ascending=False)
    assert ranks["E05016083"] < 69
    assert artifact.method("wd25", "E05016083").startswith(
        "Estimated from 1 neighbourhood (LSOA 2021) lying wholly in this division and shares of 3"
    )


def test_division_populations_follow_the_area_they_cover(artifact):
    """Against an area-weighted estimate, 13 of 69 divisions' residents were more than
    30% off by the representative-point method; shared out by postcodes, 4 are."""
    lsoas = artifact.areas("lsoa21").to_crs(BNG)[["code", "geometry"]]
    divisions = artifact.areas("wd25").to_crs(BNG)[["code", "geometry"]]
    pieces = gpd.overlay(lsoas.rename(columns={"code": "lsoa"}), divisions, keep_geom_type=True)
    pieces["area"] = pieces.area
    pieces["part"] = pieces["area"] / pieces.groupby("lsoa")["area"].transform("sum")
    residents = artifact.values("lsoa21")["census21_residents"]
    by_area = (pieces["part"] * pieces["lsoa"].map(residents)).groupby(pieces["code"]).sum()
    point = read_table(DATA / "lookups/lsoa21_to_ward.csv", {"WD25CD_point"})
    by_point = residents.groupby(point.set_index("LSOA21CD")["WD25CD_point"]).sum()
    ours = artifact.values("wd25")["census21_residents"]

    def far_off(estimate: pd.Series) -> int:
        estimate = estimate.reindex(by_area.index, fill_value=0)
        return int(((estimate - by_area).abs() / by_area > 0.3).sum())

    assert far_off(by_point) == 13
    assert far_off(ours) == 4
