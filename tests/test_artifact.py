"""Opening the built artifact and reading from it."""

from __future__ import annotations

import pytest

from geo import Artifact
from geo.errors import ArtifactError


def test_opening_without_a_build_says_how_to_make_one(tmp_path):
    with pytest.raises(ArtifactError, match=r"python -m geo\.build"):
        Artifact.open(tmp_path)


def test_values_and_areas_line_up(artifact):
    for geo_id in artifact.geographies.mappable:
        codes = list(artifact.areas(geo_id)["code"])
        assert list(artifact.values(geo_id).index) == codes
        assert list(artifact.areas(geo_id, display=True)["code"]) == codes


def test_display_geometry_is_lighter_than_published(artifact):
    import shapely

    full = shapely.get_num_coordinates(artifact.areas("lsoa21").geometry.values).sum()
    light = shapely.get_num_coordinates(
        artifact.areas("lsoa21", display=True).geometry.values
    ).sum()
    assert light < full


def test_lsoas_carry_their_division_and_ward(artifact):
    lsoa = artifact.areas("lsoa21").set_index("code")
    assert lsoa.loc["E01027356", "wd25"] == "E05016124"  # Longhoughton (5 of its 8 OAs)
    assert lsoa.loc["E01027356", "wd22"] == "E05009093"  # Alnwick (ONS best fit)
    assert lsoa["wd25"].isin(artifact.values("wd25").index).all()


def test_lsoa_table_has_codes_names_and_every_lsoa_indicator(artifact):
    table = artifact.lsoa_table()
    assert len(table) == 200
    assert table.columns[:5].tolist() == ["LSOA21CD", "LSOA21NM", "local_name", "WD25CD", "WD22CD"]
    assert not any(c.endswith(("__num", "__den")) for c in table.columns)
    lsoa_ids = {i.id for i in artifact.registry.for_geography("lsoa21")}
    assert lsoa_ids <= set(table.columns)


def test_series_and_lookups(artifact):
    hb = artifact.series_of("housing_benefit_claimants", "E05009093")
    assert len(hb) == 59
    assert hb["period"].iloc[0] == "2018-04"
    assert len(artifact.lookup("postcodes")) == 13371
    with pytest.raises(KeyError, match="msoa"):
        artifact.values("msoa")


def test_unknown_geography_is_a_clear_key_error(artifact):
    with pytest.raises(KeyError, match="No boundaries for geography 'lsoa01'"):
        artifact.areas("lsoa01")


def test_area_at_and_outside(artifact):
    assert artifact.area_at("lsoa21", -1.69, 55.17) == "E01027457"
    assert artifact.area_at("lsoa21", 0.0, 51.5) is None  # London
    assert artifact.area_at("wd25", float("nan"), 55.0) is None


def test_the_hierarchy_links_lsoas_to_divisions_and_back(artifact):
    assert artifact.parent("E01027356", "wd25") == "E05016124"
    assert "E01027356" in artifact.members("wd25", "E05016124")
    for division in artifact.names("wd25").index:
        assert all(
            artifact.parent(m, "wd25") == division for m in artifact.members("wd25", division)
        )
    assert sum(len(artifact.members("wd25", d)) for d in artifact.names("wd25").index) == 200
    assert artifact.members("county", artifact.county_code) == list(artifact.names("lsoa21").index)
    assert artifact.name("county", artifact.county_code) == "Northumberland"
    assert artifact.name("lsoa21", "E01999999") == "E01999999"
    assert not artifact.is_area("lsoa21", ["E01027356"])
    with pytest.raises(ValueError, match="wd25"):
        artifact.parent("E01027356", "county")


def test_names_are_built_once(artifact):
    assert artifact.names("lsoa21") is artifact.names("lsoa21")
