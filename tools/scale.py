"""England scale: what one map view sends when there are 35,000 areas, not 200.

One layer of every LSOA in England cannot work in a browser. The strategy here:

* **Zoomed out** (below ``FINE_ZOOM``), areas are shown as a *coarse* layer: LSOAs
  grouped into cells of a grid and merged (as a coverage, so the groups still tile), then
  simplified for the zoom. It is built once and sliced to the viewport.
* **Zoomed in**, only the LSOAs that intersect the viewport are sent, found with a
  spatial index. A viewport at that zoom holds at most a few thousand areas.

Either way a view goes out in the compact shared-arc encoding of :mod:`geo.encoding`
with one value per area. :func:`synthetic_areas` makes an England-sized tessellation to
prove the point without the national data.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from geo import encoding

#: England's bounding box, roughly (lon/lat).
ENGLAND = (-5.8, 49.9, 1.8, 55.8)
FINE_ZOOM = 11
#: Most areas a fine view may send before falling back to the coarse layer.
MAX_FINE_AREAS = 6000


def synthetic_areas(n: int, *, seed: int = 7, bounds=ENGLAND) -> gpd.GeoDataFrame:
    """``n`` areas tiling ``bounds``: a Voronoi diagram of points clustered like towns.

    Like LSOAs, areas are small where people are many (70% of points fall around 40
    "towns") and large elsewhere.
    """
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = bounds
    towns = rng.uniform([minx, miny], [maxx, maxy], size=(40, 2))
    clustered = int(n * 0.7)
    near = towns[rng.integers(0, len(towns), clustered)] + rng.normal(
        0, [0.12, 0.08], (clustered, 2)
    )
    spread = rng.uniform([minx, miny], [maxx, maxy], size=(n - clustered, 2))
    points = np.clip(np.vstack([near, spread]), [minx, miny], [maxx, maxy])
    points = np.unique(np.round(points, 6), axis=0)
    frame = shapely.box(*bounds)
    cells = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=frame)
    polygons = shapely.intersection(np.asarray(cells.geoms), frame)
    polygons = shapely.set_precision(polygons, 1e-6)
    return gpd.GeoDataFrame(
        {"code": [f"S{i:06d}" for i in range(len(polygons))]}, geometry=polygons, crs="EPSG:4326"
    )


def zoom_tolerance(zoom: int, latitude: float = 53.0) -> float:
    """Simplification tolerance in degrees: about one screen pixel at ``zoom``."""
    metres_per_pixel = 156_543 * math.cos(math.radians(latitude)) / 2**zoom
    return metres_per_pixel / 111_320


@dataclass
class View:
    level: str
    n_areas: int
    payload: bytes


class ViewServer:
    """Serves map views of many areas; build once, then ask for views."""

    def __init__(self, areas: gpd.GeoDataFrame, *, cell_degrees: tuple[float, float] = (0.3, 0.2)):
        self.areas = areas.reset_index(drop=True)
        self.tree = shapely.STRtree(self.areas.geometry.values)
        self.values = np.random.default_rng(1).uniform(0, 100, len(self.areas)).round(1)
        self.coarse = self._coarse(cell_degrees)
        self.coarse_tree = shapely.STRtree(self.coarse.geometry.values)

    def _coarse(self, cell: tuple[float, float]) -> gpd.GeoDataFrame:
        """Areas merged by grid cell (of their centre), as a coverage, then simplified."""
        centres = shapely.centroid(self.areas.geometry.values)
        gx = np.floor(shapely.get_x(centres) / cell[0]).astype(int)
        gy = np.floor(shapely.get_y(centres) / cell[1]).astype(int)
        keys = gx * 100_000 + gy
        merged, values = [], []
        for key in np.unique(keys):
            members = np.flatnonzero(keys == key)
            merged.append(shapely.coverage_union_all(self.areas.geometry.values[members]))
            values.append(float(self.values[members].mean()))
        geoms = shapely.coverage_simplify(np.asarray(merged), zoom_tolerance(8))
        frame = gpd.GeoDataFrame({"value": np.round(values, 1)}, geometry=geoms, crs=self.areas.crs)
        frame["code"] = [f"G{i:05d}" for i in range(len(frame))]
        return frame

    def view(self, bbox: tuple[float, float, float, float], zoom: int) -> View:
        """What one map view of ``bbox`` at ``zoom`` sends."""
        window = shapely.box(*bbox)
        if zoom >= FINE_ZOOM:
            hits = self.tree.query(window, predicate="intersects")
            if len(hits) <= MAX_FINE_AREAS:
                hits = np.sort(hits)
                geoms = self.areas.geometry.values[hits]
                return View(
                    "fine",
                    len(hits),
                    self._payload(geoms, self.areas["code"].values[hits], self.values[hits]),
                )
        hits = np.sort(self.coarse_tree.query(window, predicate="intersects"))
        coarse = self.coarse.iloc[hits]
        return View(
            "coarse",
            len(hits),
            self._payload(coarse.geometry.values, coarse["code"].values, coarse["value"].values),
        )

    @staticmethod
    def _payload(geoms, codes, values) -> bytes:
        encoded = encoding.encode(geoms)
        doc = {
            "geometry": json.loads(encoded.to_json()),
            "codes": [str(c) for c in codes],
            "values": [float(v) for v in values],
        }
        return json.dumps(doc, separators=(",", ":")).encode()


def busiest_window(
    server: ViewServer, zoom: int, *, aspect: float = 1.6
) -> tuple[float, float, float, float]:
    """The viewport at ``zoom`` (a 1200 × 750 pixel map) holding the most areas."""
    width = zoom_tolerance(zoom) * 1200
    height = width / aspect
    centres = shapely.centroid(server.areas.geometry.values)
    xs, ys = shapely.get_x(centres), shapely.get_y(centres)
    # Count areas per window-sized cell and centre on the fullest one.
    cells = np.stack([np.floor(xs / width), np.floor(ys / height)], axis=1)
    unique, counts = np.unique(cells, axis=0, return_counts=True)
    bx, by = unique[np.argmax(counts)]
    cx, cy = (bx + 0.5) * width, (by + 0.5) * height
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
