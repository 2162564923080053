"""The compact geometry encoding: round trips, shared borders stored once, small."""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import Polygon, box

from geo.encoding import decode, decode_polyline, encode


def test_polyline_round_trip_including_negative_and_large_values():
    from geo.encoding import _polyline

    points = [(-161801, 5538557), (-161800, 5538557), (-170000, 5400000), (0, 0)]
    assert decode_polyline(_polyline(points), 1) == [(float(x), float(y)) for x, y in points]


def test_two_neighbours_share_one_arc():
    left, right = box(0, 0, 1, 1), box(1, 0, 2, 1)
    encoded = encode([left, right], decimals=0)
    # left: its own three sides + the shared side; right: the shared side reversed + its own
    assert len(encoded.arcs) == 3
    refs = [ref for shape in encoded.shapes for poly in shape for ring in poly for ref in ring]
    shared = {r for r in refs if r >= 0} & {~r for r in refs if r < 0}
    assert len(shared) == 1
    a, b = decode(encoded)
    assert a.equals(left)
    assert b.equals(right)


def test_holes_islands_and_multipolygons_survive():
    outer = box(0, 0, 10, 10).difference(box(4, 4, 6, 6))
    island = box(4, 4, 6, 6)
    multi = shapely.MultiPolygon([box(20, 0, 21, 1), box(22, 0, 23, 1)])
    back = decode(encode([outer, island, multi], decimals=0))
    assert back[0].equals(outer)
    assert back[1].equals(island)
    assert back[2].equals(multi)
    # the hole of one and the outline of the other are the same arc
    encoded = encode([outer, island], decimals=0)
    assert len(encoded.arcs) == 2


def test_real_lsoas_round_trip_within_a_metre(artifact):
    display = artifact.areas("lsoa21", display=True)
    encoded = encode(display.geometry.values)
    back = decode(encoded)
    for original, decoded in zip(display.geometry.values, back, strict=True):
        assert shapely.hausdorff_distance(original, decoded) < 2e-5  # about a metre
        assert decoded.area == pytest.approx(original.area, rel=0.01)
    text = encoded.to_json()
    geojson = json.dumps(
        shapely.geometry.mapping(shapely.GeometryCollection(list(display.geometry)))
    )
    assert len(text) * 5 < len(geojson)  # several times smaller than GeoJSON


def test_artifact_stores_the_encoding_in_display_order(artifact):
    doc = json.loads(artifact.encoded("wd25"))
    assert len(doc["shapes"]) == 69 == len(artifact.areas("wd25", display=True))
    first = decode(encode([artifact.areas("wd25", display=True).geometry.iloc[0]]))[0]
    assert first.area == pytest.approx(
        artifact.areas("wd25", display=True).geometry.iloc[0].area, rel=0.01
    )
    with pytest.raises(KeyError, match="msoa"):
        artifact.encoded("msoa")


def test_unshared_polygon_is_one_closed_arc():
    encoded = encode([Polygon([(0, 0), (3, 0), (3, 3), (0, 3)])], decimals=0)
    assert len(encoded.arcs) == 1
    assert encoded.shapes == [[[[0]]]]
