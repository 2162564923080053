"""Any council: a pack derived from the England files, built like the county's."""

from __future__ import annotations

import tomllib

import geopandas as gpd
import pandas as pd
import pytest

from geo import council, paths
from geo.build import needs_build
from geo.catalog import load_registry
from geo.errors import SettingError
from geo.metadata import read_toml, write_toml
from tests.conftest import COUNCIL, DATA


def test_the_rules_give_back_the_countys_own_areas():
    """Deriving Northumberland from England's files finds exactly its pack's LSOAs, 2011
    and 2001 ones included (the Gateshead LSOA its 2021 LSOA took part of stays out)."""
    areas = council.areas_of("E06000057", DATA)
    assert set(areas.lsoa21) == set(
        gpd.read_file(DATA / "boundaries/lsoa21_bgc.geojson")["LSOA21CD"]
    )
    assert set(areas.lsoa11) == set(
        gpd.read_file(DATA / "boundaries/lsoa11_bgc.geojson")["LSOA11CD"]
    )
    assert set(areas.lsoa01) == set(pd.read_csv(DATA / "lookups/lsoa01_to_lsoa11.csv")["LSOA01CD"])
    assert "E01008187" not in areas.lsoa11
    gateshead = council.areas_of("E08000037", DATA)
    assert "E01008187" in gateshead.lsoa11, "a shared 2011 LSOA belongs to one council"


def test_the_smallest_council_has_its_one_neighbourhood():
    areas = council.areas_of("E06000053", DATA)  # the Isles of Scilly
    assert len(areas.lsoa21) == 1
    assert len(areas.lsoa11) == 1


def test_an_unknown_council_is_a_plain_message():
    with pytest.raises(SettingError, match=r"OBSERVATORY_AREA='E06999999' is not the code"):
        council.find("E06999999", DATA)
    assert council.councils(DATA)["E06000017"] == "Rutland"


def test_the_setting_chooses_a_folder_of_its_own(monkeypatch, tmp_path):
    monkeypatch.setenv("OBSERVATORY_BUILD_DIR", str(tmp_path))
    monkeypatch.delenv(paths.AREA_SETTING, raising=False)
    assert paths.council() is None
    assert paths.build_dir() == tmp_path
    monkeypatch.setenv(paths.AREA_SETTING, "E06000057")  # the county's own code
    assert paths.council() is None
    assert paths.build_dir() == tmp_path
    monkeypatch.setenv(paths.AREA_SETTING, " e06000017 ")
    assert paths.council() == "E06000017"
    assert paths.build_dir() == tmp_path / "E06000017"
    monkeypatch.setenv(paths.AREA_SETTING, "../../etc")
    assert paths.build_dir().parent == tmp_path, "never a folder outside the build folder"


def test_the_council_build_covers_its_areas(council_built, council_artifact):
    art = council_artifact
    assert (art.county_code, art.county_name, art.from_england) == (COUNCIL, "Rutland", True)
    assert all(r.matched == r.expected for r in council_built.reports)
    assert len(art.names("lsoa21")) == 26
    assert art.parent_geographies == ("wd24",)
    assert "approximate" in art.geography("wd24").label
    assert not art.has_geography("wd25")
    assert not art.has_lookup("postcodes")
    assert art.title == "Rutland Living Archive Data Observatory"
    # Wards are their best-fit LSOAs, as ONS publishes them.
    fit = pd.read_csv(DATA / "england/lookups/lsoa21_to_lad24_england.csv", dtype=str)
    fit = fit.set_index("LSOA21CD").loc[list(art.names("lsoa21").index), "WD24CD"]
    assert art.parents("wd24").to_dict() == fit.to_dict()
    assert set(art.names("wd24").index) == set(fit)
    ward = fit.iloc[0]
    assert set(art.members("wd24", ward)) == set(fit.index[fit == ward])


def test_the_council_has_the_england_wide_indicators_only(council_artifact, artifact):
    ids = {ind.id for ind in council_artifact.registry}
    assert {"imd2025_score", "imd2004_rank", "ruc21_urban_rural"} <= ids
    assert not ids & {"census21_residents", "fuel_poverty_2021", "housing_benefit_claimants"}
    assert council_artifact.registry.population_indicator is None
    mapping = pd.read_csv(DATA / "england_columns.csv", dtype=str)
    mapped = set(zip(mapping["pack_file"], mapping["pack_column"], strict=True))
    for ind in council_artifact.registry:
        assert (ind.file, ind.column) in mapped, ind.id
        assert ind.previous is None or ind.previous in ids
    # The same indicator gives the same value for the same LSOA in both builds.
    shared = artifact.values("lsoa21")[["imd2025_score", "imd2025_rank"]]
    mine = council_artifact.values("lsoa21")[["imd2025_score", "imd2025_rank"]]
    england = (
        pd.read_csv(
            DATA / "england/indicators/imd2025_lsoa21_england.csv.gz",
            usecols=[
                "LSOA code (2021)",
                "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
            ],
        )
        .set_index("LSOA code (2021)")
        .iloc[:, 0]
    )
    assert (mine["imd2025_rank"] == england.reindex(mine.index)).all()
    assert not set(shared.index) & set(mine.index)


def test_ward_scores_count_each_lsoa_equally(council_artifact):
    lsoa = council_artifact.values("lsoa21")["imd2025_score"]
    ward = council_artifact.parents("wd24")
    expected = lsoa.groupby(ward).mean()
    got = council_artifact.values("wd24")["imd2025_score"].reindex(expected.index)
    assert got.round(9).tolist() == expected.round(9).tolist()


def test_an_unchanged_council_is_not_derived_or_built_again(
    council_built, session_build_dir, monkeypatch
):
    folder = session_build_dir / COUNCIL
    pack = council.usable_pack(COUNCIL, DATA, folder)
    assert pack is not None
    assert pack.parent == folder / council.FOLDER
    assert council.prepare(COUNCIL, DATA, folder) == pack
    monkeypatch.setenv(paths.AREA_SETTING, COUNCIL)
    assert not needs_build(None, folder)
    assert paths.build_dir() == folder
    assert council_built.path.parent == folder != session_build_dir


def test_the_written_registry_reads_back_the_same(council_built, tmp_path):
    pack = council.usable_pack(COUNCIL, DATA, council_built.path.parent)
    raw = tomllib.loads((pack / "indicators.toml").read_text(encoding="utf-8"))
    write_toml(tmp_path / "again.toml", raw)
    assert read_toml(tmp_path / "again.toml", "copy") == raw
    (tmp_path / "geographies.toml").write_bytes((pack / "geographies.toml").read_bytes())
    assert len(load_registry(tmp_path / "again.toml")) == len(raw["indicator"])
