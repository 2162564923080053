"""The England map's tiles, built once from the England data and served as static files.

Chosen by measurement (see the README's performance section): a map of 33,755 LSOAs
works in a browser when no view sends or draws all of them.

* **Zoomed out** (zoom 5 to 9) the map is a picture: 256-pixel PNG tiles of every LSOA
  filled by its England decile, one set per measure. A county, a region or all of
  England is a few dozen small images; nothing is too small to read because nothing
  is drawn as an outline.
* **Zoomed in** (zoom 10 and closer) the real LSOA outlines arrive as *detail* tiles on
  the zoom-10 grid, in the app's compact shared-arc encoding (:mod:`geo.encoding`),
  each listing every LSOA that touches it with its name and its deciles for every
  measure, so the browser restyles without asking again.
* Local authority outlines (one small file) are drawn over both for orientation.

Everything is written under ``static/england/<tileset>/`` (git-ignored), which Streamlit
serves at ``/app/static/england/<tileset>/``; the name comes from the inputs'
fingerprint, so a changed input gives a new set and browsers never see stale tiles.
``static/observatory/england.js`` draws them with Leaflet; no tile server, no internet.
"""

from __future__ import annotations

import io
import json
import math
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from PIL import Image, ImageDraw

from geo import encoding, static
from geo.catalog import Registry
from geo.classify import MISSING_COLOUR, palette

TILES_DIR = static.STATIC_DIR / "england"
TILES_URL = f"{static.STATIC_URL}/england"
TILE = 256
OVERVIEW_ZOOMS = (5, 6, 7, 8, 9)
DETAIL_ZOOM = 10
#: Coordinates of detail tiles: 5 decimal places of a degree (about a metre).
DETAIL_DECIMALS = 5
#: Local authority outlines: simplified to this many metres, 4 decimal places.
LAD_TOLERANCE_M = 150.0
#: The measures the England map offers: IMD 2025 and its seven domains (England deciles).
MEASURES = (
    "imd2025_decile",
    "iod2025_income_decile",
    "iod2025_employment_decile",
    "iod2025_education_decile",
    "iod2025_health_decile",
    "iod2025_crime_decile",
    "iod2025_housing_services_decile",
    "iod2025_environment_decile",
)
#: Tile sets kept besides the newest (other build folders may still use them).
KEEP_OLD = 2

Progress = Callable[[float, str], None]


def present(tileset: str) -> bool:
    """True when the tile set ``tileset`` is complete on disk."""
    return bool(tileset) and (TILES_DIR / tileset / "index.json").is_file()


def url(tileset: str) -> str:
    """Where the browser finds a tile set."""
    return f"{TILES_URL}/{tileset}"


def colours() -> list[str]:
    """Decile colours, decile 1 (most deprived) first: the map's palette."""
    return list(reversed(palette(10, need=True)))


# ---- Web Mercator ----------------------------------------------------------------------


def world_pixels(lon: np.ndarray, lat: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixel coordinates of lon/lat at ``zoom`` (256-pixel tiles)."""
    size = TILE * 2**zoom
    x = (np.asarray(lon) + 180.0) / 360.0 * size
    phi = np.radians(np.clip(lat, -85.05, 85.05))
    y = (1 - np.arcsinh(np.tan(phi)) / math.pi) / 2 * size
    return x, y


def tile_bounds(x: int, y: int, zoom: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees of one tile."""
    n = 2**zoom

    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return (x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y))


def tile_range(bounds: tuple[float, float, float, float], zoom: int) -> tuple[int, int, int, int]:
    """First and last tile column and row covering ``bounds`` at ``zoom``."""
    (x0, x1), (y1, y0) = (
        v // TILE for v in world_pixels(np.array(bounds[::2]), np.array(bounds[1::2]), zoom)
    )
    return int(x0), int(y0), int(x1), int(y1)


# ---- building ---------------------------------------------------------------------------


def build(
    areas: gpd.GeoDataFrame,
    lads: gpd.GeoDataFrame,
    values: pd.DataFrame,
    registry: Registry,
    fingerprint: str,
    *,
    progress: Progress | None = None,
    root: Path = TILES_DIR,
) -> str:
    """Write the tile set for these areas and values, unless it exists; returns its name.

    Parameters
    ----------
    areas
        Every LSOA 2021 (``code``, ``name``, ``geometry``) in lon/lat.
    lads
        Local authority boundaries (``code``, ``name``, ``geometry``).
    values
        England values indexed by LSOA code, with a column for each of ``MEASURES``.
    """
    say = progress or (lambda _f, _m: None)
    name = fingerprint[:16]
    if (root / name / "index.json").is_file():
        return name
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f".tmp-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        deciles = values.reindex(areas["code"])[list(MEASURES)]
        bounds = tuple(float(b) for b in areas.total_bounds)
        for i, zoom in enumerate(OVERVIEW_ZOOMS):
            say(i / (len(OVERVIEW_ZOOMS) + 2), f"Drawing England at zoom {zoom}")
            _overview(staging, areas, deciles, zoom, bounds)
        say(len(OVERVIEW_ZOOMS) / (len(OVERVIEW_ZOOMS) + 2), "Cutting the detailed outlines")
        detail = _detail(staging, areas, deciles, bounds)
        (staging / "lads.json").write_text(_lads(lads), encoding="utf-8")
        index = {
            "measures": [
                {"id": m, "label": registry.get(m).label if m in registry else m} for m in MEASURES
            ],
            "bounds": bounds,
            "overview": {"zooms": list(OVERVIEW_ZOOMS)},
            "detail": {"zoom": DETAIL_ZOOM, "tiles": detail},
            "colours": colours(),
            "missing": MISSING_COLOUR,
        }
        (staging / "index.json").write_text(json.dumps(index), encoding="utf-8")
        try:
            staging.rename(root / name)
        except OSError:  # another process finished the same set first
            if not (root / name / "index.json").is_file():
                raise
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _remove_old(root, keep=name)
    return name


def _overview(
    out: Path, areas: gpd.GeoDataFrame, deciles: pd.DataFrame, zoom: int, bounds: tuple
) -> None:
    """PNG tiles at one zoom: each pixel takes the decile of the LSOA drawn there.

    LSOAs are painted largest first, so small ones (and enclaves) stay visible, and each
    also paints the pixel at its representative point, so none vanishes.
    """
    x0, y0, x1, y1 = tile_range(bounds, zoom)
    width, height = (x1 - x0 + 1) * TILE, (y1 - y0 + 1) * TILE
    picture = Image.new("I", (width, height), 0)
    draw = ImageDraw.Draw(picture)
    order = np.argsort(-areas.to_crs(27700).area.to_numpy(), kind="stable")
    points = shapely.point_on_surface(areas.geometry.values)
    px, py = world_pixels(shapely.get_x(points), shapely.get_y(points), zoom)
    for i in order:
        geom = areas.geometry.values[i]
        for polygon in getattr(geom, "geoms", [geom]):
            ring = np.asarray(polygon.exterior.coords)
            x, y = world_pixels(ring[:, 0], ring[:, 1], zoom)
            draw.polygon(list(zip(x - x0 * TILE, y - y0 * TILE, strict=True)), fill=int(i) + 1)
        draw.point((px[i] - x0 * TILE, py[i] - y0 * TILE), fill=int(i) + 1)
    index = np.asarray(picture, dtype=np.int64)  # 0 = no LSOA, else row + 1
    rgba = _rgba_palette()
    for measure in MEASURES:
        # Class 0 is "no LSOA" (transparent), 1 to 10 the deciles, 11 "no value".
        decile = pd.to_numeric(deciles[measure], errors="coerce").to_numpy()
        lookup = np.concatenate([[0], np.where(np.isnan(decile), 11, decile)]).astype(np.uint8)
        classes = lookup[index]
        for tx in range(x0, x1 + 1):
            for ty in range(y0, y1 + 1):
                part = classes[
                    (ty - y0) * TILE : (ty - y0 + 1) * TILE, (tx - x0) * TILE : (tx - x0 + 1) * TILE
                ]
                target = out / "overview" / measure / str(zoom) / str(tx) / f"{ty}.png"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(_png(part, rgba))


def _rgba_palette() -> list[int]:
    def rgb(colour: str) -> list[int]:
        return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]

    flat = [0, 0, 0]
    for colour in [*colours(), MISSING_COLOUR]:
        flat += rgb(colour)
    return flat


def _png(classes: np.ndarray, flat_palette: list[int]) -> bytes:
    image = Image.fromarray(classes, mode="P")
    image.putpalette(flat_palette)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True, transparency=0)
    return buffer.getvalue()


def _digits(deciles: pd.DataFrame) -> list[str]:
    """Each LSOA's deciles for every measure as one string: "1"–"9", "0" for 10, "-" none."""
    table = deciles.apply(pd.to_numeric, errors="coerce")
    chars = np.full(table.shape, "-", dtype="<U1")
    values = table.to_numpy()
    known = ~np.isnan(values)
    chars[known] = (values[known].astype(int) % 10).astype(str)
    return ["".join(row) for row in chars]


def _detail(out: Path, areas: gpd.GeoDataFrame, deciles: pd.DataFrame, bounds: tuple) -> list:
    """Detail tiles on the zoom-10 grid; returns the [x, y] of every tile written."""
    geoms = areas.geometry.values
    tree = shapely.STRtree(geoms)
    digits = np.array(_digits(deciles), dtype=object)
    codes, names = areas["code"].to_numpy(), areas["name"].to_numpy()
    x0, y0, x1, y1 = tile_range(bounds, DETAIL_ZOOM)
    written = []
    folder = out / "detail"
    folder.mkdir(parents=True)
    for tx in range(x0, x1 + 1):
        for ty in range(y0, y1 + 1):
            hits = np.sort(tree.query(shapely.box(*tile_bounds(tx, ty, DETAIL_ZOOM)), "intersects"))
            if not len(hits):
                continue
            shapes = encoding.encode(geoms[hits], DETAIL_DECIMALS)
            doc = {
                "scale": shapes.scale,
                "arcs": shapes.arcs,
                "shapes": shapes.shapes,
                "codes": [str(c) for c in codes[hits]],
                "names": [str(n) for n in names[hits]],
                "deciles": list(digits[hits]),
            }
            (folder / f"{tx}_{ty}.json").write_text(
                json.dumps(doc, separators=(",", ":")), encoding="utf-8"
            )
            written.append([tx, ty])
    return written


def _lads(lads: gpd.GeoDataFrame) -> str:
    """Local authority outlines, simplified as a coverage, in the compact encoding."""
    projected = lads.geometry.to_crs(27700).values
    simple = shapely.coverage_simplify(projected, LAD_TOLERANCE_M)
    geoms = gpd.GeoSeries(simple, crs=27700).to_crs(4326).values
    shapes = encoding.encode(geoms, 4)
    return json.dumps(
        {
            "scale": shapes.scale,
            "arcs": shapes.arcs,
            "shapes": shapes.shapes,
            "names": [str(n) for n in lads["name"]],
        },
        separators=(",", ":"),
    )


def _remove_old(root: Path, keep: str) -> None:
    """Delete all but the newest few tile sets (and staging folders of killed builds)."""
    sets = sorted(
        (p for p in root.iterdir() if p.is_dir() and p.name != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in [p for p in sets if not p.name.startswith(".")][KEEP_OLD:]:
        shutil.rmtree(old, ignore_errors=True)
    for stale in (p for p in sets if p.name.startswith(".tmp-")):
        if stale.stat().st_mtime < root.stat().st_mtime - 3600:
            shutil.rmtree(stale, ignore_errors=True)
