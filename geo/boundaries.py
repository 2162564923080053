"""Boundaries: reading and checking their files, display simplification.

Boundaries are read with pyogrio and checked before anything is joined to them: the CRS
must be WGS84, every code must be a GSS code of the right kind and appear once, and the
count must match the published geography. Display geometry is simplified as a coverage
in the British National Grid (EPSG:27700), so neighbouring areas keep sharing exactly the
same border and the map shows no slivers or gaps.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geo.errors import DataError
from geo.geographies import Geography

BNG = "EPSG:27700"
WGS84 = "EPSG:4326"
#: Decimal places kept in stored lon/lat: 6 places is about 0.1 m, far below what a map shows.
STORED_DECIMALS = 6


def read_boundaries(geo: Geography, data_dir: Path) -> gpd.GeoDataFrame:
    """Read and check one geography's published boundaries.

    Parameters
    ----------
    geo
        A geography with a boundary file.
    data_dir
        The data folder the file path is relative to.

    Returns
    -------
    GeoDataFrame
        Columns ``code``, ``name``, ``geometry`` in EPSG:4326, sorted by code, with
        any invalid geometry repaired.

    Raises
    ------
    DataError
        Naming the file, if it is missing, unreadable, in another CRS, or its codes are
        malformed, repeated or not the expected number.
    """
    if geo.file is None:
        raise ValueError(f"{geo.id} has no boundary file")
    path = data_dir / geo.file
    if not path.is_file():
        raise DataError(path, "the boundary file is missing; restore it from the data pack.")
    try:
        gdf = pyogrio.read_dataframe(path, columns=[geo.code_column, geo.name_column])
    except Exception as exc:  # pyogrio raises several GDAL error types
        raise DataError(path, f"could not be read as GeoJSON ({exc}).") from exc
    missing = {geo.code_column, geo.name_column} - set(gdf.columns)
    if missing:
        raise DataError(path, f"has no column {', '.join(sorted(missing))}.")
    if gdf.crs is None or not gdf.crs.equals(WGS84):
        raise DataError(path, f"must be in WGS84 (EPSG:4326), found {gdf.crs}.")

    gdf = gdf.rename(columns={geo.code_column: "code", geo.name_column: "name"})
    gdf["code"] = gdf["code"].astype("string").str.strip()
    _check_codes(path, geo, gdf["code"])
    if gdf.geometry.isna().any() or gdf.geometry.is_empty.any():
        bad = gdf.loc[gdf.geometry.isna() | gdf.geometry.is_empty, "code"].tolist()
        raise DataError(path, f"has empty geometry for {', '.join(bad[:5])}.")
    invalid = ~gdf.geometry.is_valid
    if invalid.any():
        gdf.loc[invalid, "geometry"] = _repair(gdf.geometry[invalid].values)
    return gdf.sort_values("code", ignore_index=True)


def _check_codes(path: Path, geo: Geography, codes: pd.Series) -> None:
    malformed = [c for c in codes if not geo.is_code(c)]
    if malformed:
        raise DataError(
            path,
            f"has {len(malformed)} codes that are not {geo.code_prefix}… GSS codes, "
            f"for example {malformed[0]!r}.",
        )
    dupes = codes[codes.duplicated()].unique().tolist()
    if dupes:
        raise DataError(path, f"lists these codes more than once: {', '.join(dupes[:5])}.")
    if len(codes) != geo.expected_count:
        raise DataError(
            path,
            f"has {len(codes)} areas where {geo.expected_count} {geo.plural} were expected. "
            "Is this the right file?",
        )


def simplify_coverage(gdf: gpd.GeoDataFrame, tolerance_m: float) -> gpd.GeoDataFrame:
    """Simplify polygons that tile an area, keeping shared borders shared.

    The simplification runs in EPSG:27700 so the tolerance is in metres, using
    ``shapely.coverage_simplify`` (each shared edge is simplified once, for both
    neighbours). Coordinates are then rounded to ``STORED_DECIMALS`` in lon/lat; rounding
    is deterministic, so vertices shared before stay shared after.

    Parameters
    ----------
    gdf
        Polygons in EPSG:4326 forming a coverage (no overlaps).
    tolerance_m
        Tolerance in metres; 0 returns the input unchanged.
    """
    if tolerance_m <= 0:
        return gdf
    projected = gdf.geometry.to_crs(BNG).values
    simplified = shapely.coverage_simplify(projected, tolerance_m)
    out = gdf.copy()
    out.geometry = gpd.GeoSeries(simplified, crs=BNG, index=gdf.index).to_crs(WGS84)
    out.geometry = round_coordinates(out.geometry.values, STORED_DECIMALS)
    return out


def round_coordinates(geoms: np.ndarray, decimals: int) -> np.ndarray:
    """Round every coordinate, repairing the rare ring that rounding makes self-touching."""
    rounded = shapely.transform(geoms, lambda xy: np.round(xy, decimals))
    invalid = ~shapely.is_valid(rounded)
    if invalid.any():
        rounded[invalid] = _repair(rounded[invalid])
    return rounded


def _repair(geoms: np.ndarray) -> np.ndarray:
    # "structure" keeps polygons polygonal: no stray lines from collapsed slivers.
    return shapely.make_valid(geoms, method="structure", keep_collapsed=False)
