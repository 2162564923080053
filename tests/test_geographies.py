"""The geographies file: what each kind of area is called and how many the county has."""

from __future__ import annotations

import pytest

from geo.errors import RegistryError
from geo.geographies import load_geographies
from tests.conftest import DATA

BUNDLED = (DATA / "geographies.toml").read_text(encoding="utf-8")


def test_the_bundled_geographies_match_the_published_counts():
    kinds = load_geographies(DATA / "geographies.toml")
    assert (kinds.county_code, kinds.county_name) == ("E06000057", "Northumberland")
    counts = {g: kinds[g].expected_count for g in ("lsoa21", "lsoa11", "wd25", "wd22", "county")}
    assert counts == {"lsoa21": 200, "lsoa11": 197, "wd25": 69, "wd22": 66, "county": 1}
    assert kinds.mappable == ("lsoa21", "wd25", "wd22")
    assert kinds["lsoa01"].file is None
    assert kinds["wd25"].singular == "division"
    assert kinds["lsoa21"].is_code("E01027356")
    assert not kinds["lsoa21"].is_code("E05016083")


def test_an_unknown_geography_names_the_known_ones():
    with pytest.raises(KeyError, match="lsoa21"):
        load_geographies(DATA / "geographies.toml")["msoa"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('code = "E06000057"', 'code = "Northumberland"', "needs a GSS code"),
        ("expected_count = 69", 'expected_count = "69"', "whole number"),
        ('code_prefix = "E05"', 'code_prefix = "ward"', "GSS entity code"),
        ("mappable = true\n", 'mappable = true\ncolour = "red"\n', "unknown field"),
        ('file = "boundaries/wards_wd25_bgc.geojson"\n', "", "go together"),
        ('file = "boundaries/wards_wd25_bgc.geojson"', 'file = "../../etc/passwd"', "inside"),
        ('id = "wd22"', 'id = "wd25"', "more than once"),
    ],
)
def test_a_malformed_file_is_refused_naming_what_is_wrong(tmp_path, old, new, message):
    assert old in BUNDLED
    path = tmp_path / "geographies.toml"
    path.write_text(BUNDLED.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load_geographies(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(RegistryError, match="missing"):
        load_geographies(tmp_path / "geographies.toml")
