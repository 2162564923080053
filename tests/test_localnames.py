"""Local names: every LSOA has a name people know, unique, made by the written rule."""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.localnames import local_names


def test_every_lsoa_has_a_unique_local_name_beside_its_ons_name(artifact):
    local = artifact.local_names("lsoa21")
    assert len(local) == 200
    assert local.is_unique
    assert local.str.len().gt(2).all()
    assert not local.str.contains(r"Northumberland \d{3}[A-Z]").any()  # no ONS code-names
    assert (artifact.names("lsoa21").str.match(r"Northumberland \d{3}[A-Z]$")).all()


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("E01027546", "Hirst, Ashington"),  # holds the Hirst suburb: keeps the plain name
        ("E01027383", "Seahouses"),  # a village
        ("E01027390", "Wooler"),  # a town of one neighbourhood
        ("E01027476", "Hexham centre"),  # holds the town's point
        ("E01027389", "Spittal, Berwick-upon-Tweed"),
        ("E01027468", "Darras Hall, Ponteland"),
        ("E01027456", "Morpeth North"),  # no place of its own: its division
    ],
)
def test_known_neighbourhoods_get_the_names_residents_use(artifact, code, name):
    assert artifact.local_name("lsoa21", code) == name


def test_neighbours_sharing_a_name_are_told_apart_by_direction(artifact):
    local = artifact.local_names("lsoa21")
    hirst = set(local[local.str.startswith("Hirst, Ashington")])
    # E01027546 holds the Hirst suburb; the other two lie north of it, one further on.
    assert hirst == {
        "Hirst, Ashington",
        "Hirst, Ashington (north)",
        "Hirst, Ashington (further north)",
    }
    points = "(?:north|south|east|west)(?:-(?:north|south|east|west))*"
    qualifier = re.compile(rf" \((?:(?:further |furthest )?{points}|\d{{3}}[A-Z])\)$")
    qualified = local[local.str.endswith(")")]
    assert len(qualified) > 20
    assert all(qualifier.search(n) for n in qualified), list(qualified)


def test_towns_are_the_lsoas_named_after_them(artifact):
    towns = artifact.towns()
    assert {"Hexham", "Blyth", "Cramlington", "Berwick-upon-Tweed", "Morpeth"} <= set(towns)
    assert len(towns["Cramlington"]) == 20  # a town found from its divisions' names
    for town, members in towns.items():
        assert all(artifact.settlement(m) == town for m in members), town
    assert "E01027383" not in {m for ms in towns.values() for m in ms}  # Seahouses: a village


def square(x: float, y: float) -> shapely.Polygon:
    return shapely.box(x, y, x + 0.01, y + 0.01)


def test_the_rule_on_a_tiny_county():
    """Three LSOAs in one division: a village, and two with no named place that share
    the division's name and are told apart by their direction from each other."""
    lsoas = gpd.GeoDataFrame(
        {
            "code": ["E01000001", "E01000002", "E01000003"],
            "name": ["Shire 001A", "Shire 001B", "Shire 001C"],
            "wd25": ["E05000001"] * 3,
        },
        geometry=[square(-2.0, 55.0), square(-1.9, 55.0), square(-1.8, 55.0)],
        crs="EPSG:4326",
    )
    places = pd.DataFrame(
        {
            "name": ["Little Dale"],
            "kind": ["village"],
            "tier": ["primary"],
            "lsoa21": ["E01000001"],
            "lat": [55.005],
            "lon": [-1.995],
            "easting": [0.0],
            "northing": [0.0],
            "extent": [{}],
        }
    )
    postcodes = pd.DataFrame({"LSOA21CD": ["E01000001"], "lat": ["55.005"], "lon": ["-1.995"]})
    inputs = (
        places,
        lsoas,
        pd.Series({"E05000001": "Moorside"}),
        postcodes,
        pd.Series("Rural", index=lsoas["code"]),
    )
    named = local_names(*inputs)
    assert named["local_name"].tolist() == ["Little Dale", "Moorside (west)", "Moorside (east)"]
    assert named["town"].isna().all()
    pd.testing.assert_frame_equal(named, local_names(*inputs))  # deterministic
