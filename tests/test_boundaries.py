"""Boundaries: reading, checking and display simplification."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon

from geo.boundaries import BNG, read_boundaries, round_coordinates, simplify_coverage
from geo.errors import DataError
from geo.geographies import load_geographies
from tests.conftest import DATA

GEOGRAPHIES = load_geographies(DATA / "geographies.toml")


@pytest.mark.parametrize("geo_id", [g.id for g in GEOGRAPHIES.with_boundaries])
def test_every_published_geography_reads_with_its_expected_count(geo_id):
    geo = GEOGRAPHIES[geo_id]
    gdf = read_boundaries(geo, DATA)
    assert len(gdf) == geo.expected_count
    assert list(gdf.columns) == ["code", "name", "geometry"]
    assert gdf.crs.to_epsg() == 4326
    assert gdf["code"].map(geo.is_code).all()
    assert gdf.is_valid.all()
    assert gdf["code"].is_monotonic_increasing


def test_geography_counts_match_the_issue():
    counts = {
        g: GEOGRAPHIES[g].expected_count for g in ("lsoa21", "lsoa11", "wd25", "wd22", "county")
    }
    assert counts == {"lsoa21": 200, "lsoa11": 197, "wd25": 69, "wd22": 66, "county": 1}


def test_unknown_geography_names_the_known_ones():
    with pytest.raises(KeyError, match="lsoa21"):
        GEOGRAPHIES["msoa"]


def _write_geojson(path, features, crs=None):
    doc = {"type": "FeatureCollection", "features": features}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(doc))


def _square(code, name, x=0.0):
    return {
        "type": "Feature",
        "properties": {"WD25CD": code, "WD25NM": name},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[x, 55], [x + 0.1, 55], [x + 0.1, 55.1], [x, 55.1], [x, 55]]],
        },
    }


@pytest.fixture
def tiny_geo(tmp_path):
    """A two-area geography with files in tmp_path."""
    from dataclasses import replace

    geo = replace(GEOGRAPHIES["wd25"], file="w.geojson", expected_count=2)
    return geo, tmp_path


def test_truncated_geojson_fails_naming_the_file(tiny_geo):
    geo, folder = tiny_geo
    (folder / "w.geojson").write_text('{"type": "FeatureCollection", "features": [{"type": "Fea')
    with pytest.raises(DataError, match=r"w\.geojson.*could not be read"):
        read_boundaries(geo, folder)


def test_missing_file_says_what_to_do(tiny_geo):
    geo, folder = tiny_geo
    with pytest.raises(DataError, match="missing; restore it"):
        read_boundaries(geo, folder)


def test_duplicate_and_malformed_codes_are_refused(tiny_geo):
    geo, folder = tiny_geo
    _write_geojson(folder / "w.geojson", [_square("E05000001", "A"), _square("E05000001", "B", 1)])
    with pytest.raises(DataError, match="more than once: E05000001"):
        read_boundaries(geo, folder)
    _write_geojson(folder / "w.geojson", [_square("E05000001", "A"), _square("Alnwick", "B", 1)])
    with pytest.raises(DataError, match="not E05… GSS codes"):
        read_boundaries(geo, folder)


def test_wrong_count_is_refused(tiny_geo):
    geo, folder = tiny_geo
    _write_geojson(folder / "w.geojson", [_square("E05000001", "A")])
    with pytest.raises(DataError, match="has 1 areas"):
        read_boundaries(geo, folder)


def test_other_crs_is_refused(tiny_geo):
    geo, folder = tiny_geo
    _write_geojson(
        folder / "w.geojson",
        [_square("E05000001", "A"), _square("E05000002", "B", 1)],
        crs="urn:ogc:def:crs:EPSG::27700",
    )
    with pytest.raises(DataError, match="must be in WGS84"):
        read_boundaries(geo, folder)


def test_invalid_geometry_is_repaired(tiny_geo):
    geo, folder = tiny_geo
    bowtie = _square("E05000002", "B", 1)
    bowtie["geometry"]["coordinates"] = [[[1, 55], [1.1, 55.1], [1.1, 55], [1, 55.1], [1, 55]]]
    _write_geojson(folder / "w.geojson", [_square("E05000001", "A"), bowtie])
    gdf = read_boundaries(geo, folder)
    assert gdf.is_valid.all()
    assert gdf.geom_type.isin(["Polygon", "MultiPolygon"]).all()


def test_coverage_simplification_keeps_neighbours_seamless():
    lsoa = read_boundaries(GEOGRAPHIES["lsoa21"], DATA)
    simple = simplify_coverage(lsoa, 100.0)
    before = shapely.get_num_coordinates(lsoa.geometry.values).sum()
    after = shapely.get_num_coordinates(simple.geometry.values).sum()
    assert after < 0.6 * before
    # Still a coverage: no overlaps and no new gaps between neighbours (within rounding).
    projected = simple.to_crs(BNG).geometry.values
    overlaps = shapely.area(shapely.intersection_all(projected[:2]))
    assert overlaps == pytest.approx(0.0, abs=1.0)
    total_before = lsoa.to_crs(BNG).union_all().area
    total_after = shapely.union_all(projected).area
    assert total_after == pytest.approx(total_before, rel=0.01)
    sum_of_parts = shapely.area(projected).sum()
    assert sum_of_parts == pytest.approx(total_after, rel=1e-4)  # no overlaps anywhere


def test_rounding_keeps_shared_vertices_shared():
    a = Polygon([(0.1234567, 0), (1, 0), (1, 1), (0.1234567, 1)])
    b = Polygon([(1, 0), (2, 0), (2, 1), (1, 1)])
    ra, rb = round_coordinates(np.array([a, b]), 3)
    assert ra.intersection(rb).length == pytest.approx(1.0)
    assert ra.exterior.coords[0] == (0.123, 0.0)


def test_simplify_zero_tolerance_is_identity():
    gdf = gpd.GeoDataFrame({"code": ["a"]}, geometry=[Polygon([(0, 0), (1, 0), (1, 1)])], crs=4326)
    assert simplify_coverage(gdf, 0) is gdf
