"""The England map's tiles: every LSOA reachable, views small, pixels the right colour."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from PIL import Image

from geo import englandtiles


@pytest.fixture(scope="module")
def tiles(england):
    root = englandtiles.TILES_DIR / england.tiles
    return root, json.loads((root / "index.json").read_text())


def test_tile_maths_round_trips():
    west, south, east, north = englandtiles.tile_bounds(511, 340, 10)
    assert englandtiles.tile_range((west + 0.01, south + 0.01, east - 0.01, north - 0.01), 10) == (
        511,
        340,
        511,
        340,
    )


def test_every_lsoa_is_in_some_detail_tile(england, tiles):
    root, index = tiles
    seen = set()
    for x, y in index["detail"]["tiles"]:
        doc = json.loads((root / "detail" / f"{x}_{y}.json").read_text())
        assert len(doc["codes"]) == len(doc["shapes"]) == len(doc["deciles"])
        seen.update(doc["codes"])
    assert seen == set(england.areas()["code"])


def test_detail_tiles_carry_each_lsoas_deciles(england, tiles):
    root, index = tiles
    x, y = index["detail"]["tiles"][len(index["detail"]["tiles"]) // 2]
    doc = json.loads((root / "detail" / f"{x}_{y}.json").read_text())
    values = england.values("lsoa21")
    for code, digits in zip(doc["codes"][:20], doc["deciles"][:20], strict=True):
        expected = "".join(str(int(values.at[code, m]) % 10) for m in englandtiles.MEASURES)
        assert digits == expected


def test_an_overview_pixel_has_its_lsoas_colour(england, tiles):
    root, _ = tiles
    areas = england.areas().to_crs(27700)
    code = areas.loc[areas.area.idxmax(), "code"]  # a big rural LSOA: many pixels wide
    geom = england.shape(code)
    point = shapely.point_on_surface(geom)
    zoom = 9
    px, py = englandtiles.world_pixels(np.array([point.x]), np.array([point.y]), zoom)
    tx, ty = int(px[0] // 256), int(py[0] // 256)
    image = Image.open(root / "overview" / "imd2025_decile" / str(zoom) / str(tx) / f"{ty}.png")
    colour = image.convert("RGB").getpixel((int(px[0]) % 256, int(py[0]) % 256))
    decile = int(england.values("lsoa21").at[code, "imd2025_decile"])
    expected = englandtiles.colours()[decile - 1]
    assert "#{:02x}{:02x}{:02x}".format(*colour) == expected.lower()


def test_the_biggest_detail_view_is_under_two_megabytes(tiles):
    """The busiest 6 × 4 block of detail tiles (a wide screen at zoom 10) stays small."""
    root, index = tiles
    sizes = {
        (x, y): (root / "detail" / f"{x}_{y}.json").stat().st_size
        for x, y in index["detail"]["tiles"]
    }
    busiest = max(
        sum(sizes.get((x + dx, y + dy), 0) for dx in range(6) for dy in range(4)) for x, y in sizes
    )
    assert 0 < busiest <= 2_000_000
