"""England's files and the England part of the artifact, checked against the county's."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from geo import england as geo_england
from geo import trends
from geo.errors import ArtifactError, DataError
from tests.conftest import DATA

COUNTY = "E06000057"


def _county_file(rel: str) -> pd.DataFrame:
    if rel.endswith(".geojson"):
        import pyogrio

        return pyogrio.read_dataframe(DATA / rel, read_geometry=False)
    return pd.read_csv(DATA / rel, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("pack_file", sorted(set(geo_england.column_map(DATA)["pack_file"])))
def test_every_column_the_county_and_england_files_share_agrees(pack_file):
    """The two copies can never disagree on screen: every shared cell is compared."""
    mapping = geo_england.column_map(DATA)
    rows = mapping[mapping["pack_file"] == pack_file]
    county = _county_file(pack_file)
    england = geo_england.read_as_pack(DATA, pack_file, mapping)
    keys = list(rows.loc[rows["key"], "pack_column"])
    england = england.reset_index() if keys[0] not in england.columns else england
    joined = county.merge(england, on=keys, how="left", suffixes=("", "_england"), indicator=True)
    assert (joined["_merge"] == "both").all(), f"{pack_file}: rows missing from England"
    compared = 0
    for column in rows.loc[~rows["key"], "pack_column"]:
        mine, theirs = joined[column], joined[f"{column}_england"]
        numeric = pd.to_numeric(mine.replace("", np.nan), errors="coerce")
        if numeric.notna().sum() == mine.replace("", np.nan).notna().sum():
            other = pd.to_numeric(theirs, errors="coerce")
            differ = ~np.isclose(numeric, other, rtol=0, atol=1e-9, equal_nan=True)
        else:
            differ = mine.astype(str) != theirs.astype(str)
        assert not differ.any(), (
            f"{pack_file} column {column} differs for {joined.loc[differ, keys[0]].iloc[0]}"
        )
        compared += len(joined)
    assert compared >= len(county)


def test_the_corrected_living_environment_deciles_follow_the_ranks():
    """2004/2007 Living Environment decile 1 is the most deprived (rank-based), as in England."""
    for year in (2004, 2007):
        table = pd.read_csv(DATA / f"indicators/imd{year}_lsoa01.csv")
        rank, decile = (
            table["living_environment_domain_rank"],
            table["living_environment_domain_decile"],
        )
        assert rank.corr(decile) > 0.95
        assert (np.ceil(rank / 3248.2).clip(1, 10) - decile).abs().max() <= 1


def test_england_holds_every_lsoa_with_its_places(england):
    areas = england.areas()
    assert len(areas) == 33_755
    assert areas["code"].is_unique
    assert areas["lad"].nunique() == 296
    assert set(areas["ruc"]) == {"UN1", "UF1", "RLN1", "RLF1", "RSN1", "RSF1"}
    assert len(england.values("lsoa11")) == 32_844
    assert len(england.values("lsoa01")) == 32_482
    # MHCLG's local authority for the one LSOA the ONS ward lookup places elsewhere
    assert england.place("E01027305")["lad"] == "E06000062"
    assert len(england.in_authority(COUNTY)) == 200


def test_a_point_finds_its_lsoa_on_the_server(england):
    code = "E01012345"  # Darlington 015D
    import shapely

    point = shapely.point_on_surface(england.shape(code))
    assert england.lsoa_at(point.x, point.y) == code
    assert england.lsoa_at(-20.0, 40.0) is None  # the Atlantic
    assert england.shape("E01999999") is None
    assert england.lsoa_at(float("nan"), 54.0) is None


def test_history_outside_the_county_has_all_six_editions(england):
    history = trends.imd_history(england, ["E01012345"])
    assert sorted(history["year"]) == [2004, 2007, 2010, 2015, 2019, 2025]
    assert history["percentile"].between(0, 100).all()


def test_a_split_outside_the_county_is_flagged(england):
    lookup = england.lookup("lsoa11_lsoa21")
    split = lookup.loc[lookup["CHGIND"] == "S", "LSOA21CD"].iloc[0]
    history = trends.imd_history(england, [split])
    assert (history.loc[history["year"] < 2025, "change"].str.contains("split")).all()
    assert "split" in trends.lineage(england, split).note()


def test_county_history_is_the_same_from_either_file(artifact, england):
    codes = list(artifact.names("lsoa21").index)
    county = trends.imd_history(artifact, codes)
    national = trends.imd_history(england, codes)
    key = ["lsoa21", "year", "source_code"]
    merged = county.merge(national, on=key, suffixes=("", "_england"))
    assert len(merged) == len(county)  # every county row exists in England's history
    for column in ("rank", "percentile", "decile", "change"):
        assert (merged[column] == merged[f"{column}_england"]).all(), column
    # England adds only the Gateshead part of the one LSOA redrawn across the boundary
    extra = national.merge(county[key], on=key, how="left", indicator=True)
    assert set(extra.loc[extra["_merge"] == "left_only", "lsoa21"]) == {"E01035637"}


def test_a_missing_england_file_is_named(tmp_path, artifact):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("build", "*.db*"))
    (data / geo_england.RURAL_URBAN).unlink()
    with pytest.raises(DataError, match=r"rural_urban_lsoa21_england\.csv: the file is missing"):
        geo_england.build(data, tmp_path / "build")


def test_a_short_england_file_is_refused(tmp_path, artifact):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("build", "*.db*"))
    path = data / geo_england.RURAL_URBAN
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:-10]) + "\n")
    with pytest.raises(DataError, match="England has 33,755"):
        geo_england.read_inputs(data, artifact.registry)


def test_a_damaged_england_part_is_detected(england_built, artifact, tmp_path):
    copy = tmp_path / "build"
    shutil.copytree(england_built.path.parent.parent, copy)
    current = geo_england.england_dir(copy)
    victim = next(p for p in (current / england_built.path.name / "values").iterdir())
    victim.write_bytes(victim.read_bytes()[:-50])
    with pytest.raises(ArtifactError, match="damaged"):
        geo_england.England.open(artifact.registry, copy)


def test_an_unchanged_england_is_not_rebuilt(england_built, session_build_dir):
    again = geo_england.build(DATA, session_build_dir)
    assert not again.rebuilt
    assert again.path == england_built.path
    assert not geo_england.needs_build(DATA, session_build_dir)
