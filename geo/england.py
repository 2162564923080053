"""England: every English LSOA, read from ``data/england/``, checked, and built once.

The England pack (see ``data/README.md``) holds the 2021 LSOA boundaries, the Indices of
Deprivation 2004 to 2025, the 2001 → 2011 → 2021 lookups, local authority boundaries and
the 2021 rural-urban classes for all 33,755 English LSOAs. This module checks them and
builds the *England part* of the artifact in ``<build>/england/``, apart from the
county's, so a county-only first start never waits for it.

Indicator columns are renamed to the county pack's names (``data/england_columns.csv``),
so a registry indicator reads the same column from either file, and :class:`England`
answers the questions :mod:`geo.trends` asks of an artifact (``values``, ``lookup``,
``names``, ``memo``): the harmonised history works for any LSOA unchanged.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import paths, versioned
from geo.artifact import MANIFEST, add_files, current_path, read_manifest, sha256_file
from geo.catalog import Registry, load_registry
from geo.errors import ArtifactError, DataError, ObservatoryError

SCHEMA_VERSION = 1
FOLDER = "england"
COLUMNS_FILE = "england_columns.csv"
BOUNDARIES = "england/boundaries/lsoa21_bsc_england.parquet"
LAD_BOUNDARIES = "england/boundaries/lad24_bsc_england.parquet"
PLACES = "england/lookups/lsoa21_to_lad24_england.csv"
RURAL_URBAN = "england/lookups/rural_urban_lsoa21_england.csv"
LOOKUPS = {
    "lsoa11_lsoa21": "england/lookups/lsoa11_to_lsoa21_england.csv",
    "lsoa01_lsoa11": "england/lookups/lsoa01_to_lsoa11_england.csv",
}
#: The published number of areas of each geography in England.
EXPECTED = {"lsoa21": 33_755, "lsoa11": 32_844, "lsoa01": 32_482, "lad": 296}
#: 2011 LSOAs the ONS 2001 → 2011 best-fit lookup gives no 2001 LSOA (see data/README.md).
NO_2001_PARENT = frozenset({"E01032522", "E01032540", "E01032608", "E01033730"})
LSOA_PATTERN = r"E01\d{6}"

Progress = Callable[[float, str], None]


# --------------------------------------------------------------------------------------
# Reading and checking the files
# --------------------------------------------------------------------------------------


def column_map(data_dir: Path) -> pd.DataFrame:
    """Which England column holds each county-pack column (``data/england_columns.csv``).

    Columns: ``pack_file``, ``pack_column``, ``england_file``, ``england_column``,
    ``scale`` (the county value is the England value times this) and ``key``.
    """
    path = data_dir / COLUMNS_FILE
    if not path.is_file():
        raise DataError(path, "the England column map is missing; restore it from the project.")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["scale"] = pd.to_numeric(table["scale"])
    table["key"] = table["key"] == "1"
    return table


def read_england_file(data_dir: Path, rel: str, columns: list[str] | None = None) -> pd.DataFrame:
    """One England file (GeoParquet, CSV or gzipped CSV) as published, codes as text."""
    path = data_dir / rel
    if not path.is_file():
        raise DataError(path, "the England file is missing; restore it from the data pack.")
    try:
        if rel.endswith(".parquet"):
            if columns and "geometry" not in columns:
                return pd.read_parquet(path, columns=columns)
            return gpd.read_parquet(path, columns=columns)
        return pd.read_csv(path, usecols=columns, dtype={c: str for c in columns or []})
    except (OSError, ValueError) as exc:
        raise DataError(path, f"could not be read ({exc}).") from exc


def read_as_pack(data_dir: Path, pack_file: str, mapping: pd.DataFrame) -> pd.DataFrame:
    """An England file with the county pack's column names and units, indexed by its key.

    Only the columns the two files share are kept (see :func:`column_map`).
    """
    rows = mapping[mapping["pack_file"] == pack_file]
    if rows.empty:
        raise KeyError(f"{pack_file} has no England counterpart in {COLUMNS_FILE}.")
    england_file = rows["england_file"].iloc[0]
    path = data_dir / england_file
    table = read_england_file(data_dir, england_file, list(dict.fromkeys(rows["england_column"])))
    out = pd.DataFrame(index=table.index)
    for pack_column, england_column, scale in rows[
        ["pack_column", "england_column", "scale"]
    ].itertuples(index=False):
        values = table[england_column]
        if scale != 1:
            values = (pd.to_numeric(values, errors="raise") * scale).round(10)
        out[pack_column] = values
    keys = list(rows.loc[rows["key"], "pack_column"])
    duplicated = out.duplicated(keys)
    if duplicated.any():
        raise DataError(path, f"repeats {', '.join(keys)} {out.loc[duplicated, keys[0]].iloc[0]}.")
    for key in keys:
        bad = ~out[key].astype(str).str.fullmatch(LSOA_PATTERN)
        if bad.any():
            raise DataError(path, f"has codes that are not LSOA codes: {out.loc[bad, key].iloc[0]}")
    return out.set_index(keys) if len(keys) == 1 else out


def _check_count(path: Path, codes: pd.Index | pd.Series, geography: str) -> None:
    n = len(set(codes))
    if n != EXPECTED[geography]:
        raise DataError(
            path,
            f"has {n:,} {geography} areas; England has {EXPECTED[geography]:,}. Is it complete?",
        )


def _check_same(path: Path, codes: set[str], expected: set[str], what: str) -> None:
    if codes != expected:
        odd = sorted(codes ^ expected)
        raise DataError(
            path, f"does not cover the same {what} as the others: {', '.join(odd[:5])}."
        )


@dataclass
class Inputs:
    """Everything read from the England files and checked, before it is written."""

    areas: gpd.GeoDataFrame
    lads: gpd.GeoDataFrame
    values: dict[str, pd.DataFrame]
    lookups: dict[str, pd.DataFrame]


def read_inputs(data_dir: Path, registry: Registry) -> Inputs:
    """Read and cross-check every England file.

    Raises
    ------
    DataError
        Naming the file, if one is missing, incomplete or does not cover the same areas.
    """
    mapping = column_map(data_dir)
    values: dict[str, list[pd.DataFrame]] = {"lsoa21": [], "lsoa11": [], "lsoa01": []}
    for source in registry.sources.values():
        if source.file not in set(mapping["pack_file"]) or source.geography not in values:
            continue
        table = read_as_pack(data_dir, source.file, mapping)
        _check_count(data_dir / source.file, table.index, source.geography)
        columns = {}
        for ind in registry.from_source(source.id):
            if ind.mode != "column" or ind.column not in table.columns:
                continue
            if ind.kind == "category":
                columns[ind.id] = table[ind.column].astype("string")
            else:
                columns[ind.id] = pd.to_numeric(table[ind.column], errors="raise") * ind.scale
        values[source.geography].append(pd.DataFrame(columns, index=table.index))
    tables = {geo: pd.concat(parts, axis=1) for geo, parts in values.items() if parts}
    for geo, table in tables.items():
        table.index.name = "code"
        for other in (t for t in values[geo][1:]):
            _check_same(data_dir / geo, set(other.index), set(values[geo][0].index), f"{geo}s")

    lookups = {name: read_england_file(data_dir, rel).astype(str) for name, rel in LOOKUPS.items()}
    areas = _areas(data_dir, tables["lsoa21"], lookups)
    lads = read_england_file(data_dir, LAD_BOUNDARIES)
    _check_count(data_dir / LAD_BOUNDARIES, lads["LAD24CD"], "lad")
    lads = lads.rename(
        columns={
            "LAD24CD": "code",
            "LAD24NM": "name",
            "RGN24CD": "region",
            "RGN24NM": "region_name",
        }
    )
    _check_same(
        data_dir / LAD_BOUNDARIES, set(lads["code"]), set(areas["lad"]), "local authorities"
    )

    l11 = lookups["lsoa11_lsoa21"]
    _check_same(
        data_dir / LOOKUPS["lsoa11_lsoa21"], set(l11["LSOA21CD"]), set(areas["code"]), "LSOAs"
    )
    _check_same(
        data_dir / LOOKUPS["lsoa11_lsoa21"],
        set(l11["LSOA11CD"]),
        set(tables["lsoa11"].index),
        "LSOAs",
    )
    l01 = lookups["lsoa01_lsoa11"]
    _check_same(
        data_dir / LOOKUPS["lsoa01_lsoa11"],
        set(l01["LSOA01CD"]),
        set(tables["lsoa01"].index),
        "LSOAs",
    )
    _check_same(
        data_dir / LOOKUPS["lsoa01_lsoa11"],
        set(l01["LSOA11CD"]) | NO_2001_PARENT,
        set(tables["lsoa11"].index),
        "2011 LSOAs",
    )
    return Inputs(areas, lads.sort_values("code", ignore_index=True), tables, lookups)


def _areas(data_dir: Path, lsoa21: pd.DataFrame, lookups: dict) -> gpd.GeoDataFrame:
    """LSOA 2021 boundaries with their local authority, region, ward and rural-urban class."""
    shapes = read_england_file(data_dir, BOUNDARIES)
    _check_count(data_dir / BOUNDARIES, shapes["LSOA21CD"], "lsoa21")
    places = read_england_file(data_dir, PLACES).set_index("LSOA21CD")
    rural = read_england_file(data_dir, RURAL_URBAN).set_index("LSOA21CD")
    codes = set(shapes["LSOA21CD"])
    for rel, table in ((PLACES, places), (RURAL_URBAN, rural)):
        _check_same(data_dir / rel, set(table.index), codes, "LSOAs")
    _check_same(data_dir / "IoD 2025", set(lsoa21.index), codes, "LSOAs")
    # The local authority MHCLG publishes with the IoD 2025, the ONS 2011→2021 lookup and
    # point-in-polygon agree on; the ONS ward best fit differs for one LSOA (E01027305).
    imd = pd.read_csv(
        data_dir / "england/indicators/imd2025_lsoa21_england.csv.gz",
        usecols=["LSOA code (2021)", "Local Authority District code (2024)"],
    ).set_index("LSOA code (2021)")["Local Authority District code (2024)"]
    lad_names = shapes.drop_duplicates("LAD24CD").set_index("LAD24CD")["LAD24NM"]
    out = gpd.GeoDataFrame(
        {
            "code": shapes["LSOA21CD"].astype(str),
            "name": shapes["LSOA21NM"].astype(str),
            "lad": imd.reindex(shapes["LSOA21CD"]).to_numpy(),
        },
        geometry=shapes.geometry.values,
        crs=shapes.crs,
    )
    out["lad_name"] = out["lad"].map(lad_names)
    fit = places.reindex(out["code"])
    out["region"] = fit["RGN24CD"].to_numpy()
    out["region_name"] = fit["RGN24NM"].to_numpy()
    out["ward"] = fit["WD24CD"].to_numpy()
    out["ward_name"] = fit["WD24NM"].to_numpy()
    ruc = rural.reindex(out["code"])
    out["ruc"] = ruc["RUC21CD"].to_numpy()
    out["ruc_name"] = ruc["RUC21NM"].to_numpy()
    if out["lad_name"].isna().any():
        raise DataError(data_dir / BOUNDARIES, "names a local authority the others do not.")
    return out.sort_values("code", ignore_index=True)


# --------------------------------------------------------------------------------------
# The England part of the artifact
# --------------------------------------------------------------------------------------


def england_dir(build_dir: Path | None = None) -> Path:
    """Where the England part of the artifact is kept: one for every council, in the
    build root (``OBSERVATORY_BUILD_DIR``), never in a council's own folder."""
    return (build_dir or paths.build_root()) / FOLDER


def input_files(data_dir: Path) -> list[str]:
    """Files (relative to the data folder) the England build reads."""
    return sorted(
        {COLUMNS_FILE, paths.REGISTRY_FILE, BOUNDARIES, LAD_BOUNDARIES, PLACES, RURAL_URBAN}
        | set(LOOKUPS.values())
        | set(column_map(data_dir)["england_file"])
    )


def _code_modules() -> list[Path]:
    from geo import encoding, englandtiles, similar, trends

    return [
        Path(m.__file__) for m in (sys.modules[__name__], encoding, englandtiles, similar, trends)
    ]


def fingerprint(data_dir: Path | None = None) -> str:
    """Hash of everything the England build depends on: its files and its code."""
    data_dir = data_dir or paths.data_dir()
    digest = hashlib.sha256(f"england {SCHEMA_VERSION}\n".encode())
    for module in _code_modules():
        digest.update(module.read_bytes())
    add_files(digest, data_dir, input_files(data_dir))
    return digest.hexdigest()


def _usable(build_dir: Path | None, inputs_hash: str) -> Path | None:
    """The current England folder if it is whole and made from these inputs."""
    current = current_path(england_dir(build_dir))
    if current is None or not current.is_dir():
        return None
    with contextlib.suppress(ArtifactError):
        manifest = read_manifest(current)
        if manifest.get("fingerprint") == inputs_hash and all(
            (current / rel).is_file() for rel in manifest.get("files", {})
        ):
            from geo import englandtiles

            if englandtiles.present(manifest.get("tiles", "")):
                return current
    return None


def needs_build(data_dir: Path | None = None, build_dir: Path | None = None) -> bool:
    """True when the England part is missing, damaged or out of date."""
    return _usable(build_dir, fingerprint(data_dir)) is None


@dataclass(frozen=True)
class BuildResult:
    """What an England build did."""

    path: Path
    rebuilt: bool
    seconds: float


def build(
    data_dir: Path | None = None,
    build_dir: Path | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the England part of the artifact, or confirm it is up to date.

    Writes are atomic as for the county artifact; the map tiles go to the app's
    ``static/`` folder under a name made from the inputs' fingerprint.

    Raises
    ------
    DataError
        Naming the England file at fault; the previous England part stays in use.
    """
    from geo import englandtiles, similar

    started = time.perf_counter()
    data_dir = data_dir or paths.data_dir()
    say = progress or (lambda _f, _m: None)
    say(0.0, "Checking England's files")
    inputs_hash = fingerprint(data_dir)
    current = None if force else _usable(build_dir, inputs_hash)
    if current is not None:
        say(1.0, "England's data is up to date")
        return BuildResult(current, False, time.perf_counter() - started)

    def write(out: Path) -> None:
        say(0.05, "Reading England's 33,755 neighbourhoods")
        registry = load_registry(data_dir / paths.REGISTRY_FILE)
        inputs = read_inputs(data_dir, registry)
        files: dict[str, pd.DataFrame] = {
            "areas.parquet": inputs.areas,
            "lads.parquet": inputs.lads,
            **{f"values/{geo}.parquet": t for geo, t in inputs.values.items()},
            **{f"lookups/{name}.parquet": t for name, t in inputs.lookups.items()},
        }
        say(0.3, "Following every neighbourhood's history, 2004 to 2025")
        context = England(
            out, {}, registry, inputs.values, inputs.lookups, inputs.areas, inputs.lads
        )
        files["change.parquet"] = similar.changes(context)
        say(0.4, "Finding areas like each other")
        files["similar.parquet"] = similar.nearest(context)
        for rel, table in files.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            table.to_parquet(out / rel, index=rel.startswith("values/"))
        say(0.5, "Drawing the England map")
        tiles = englandtiles.build(
            inputs.areas, inputs.lads, inputs.values["lsoa21"], registry, inputs_hash,
            progress=lambda f, m: say(0.5 + 0.5 * f, m),
        )  # fmt: skip
        manifest = {
            "schema": SCHEMA_VERSION,
            "fingerprint": inputs_hash,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "areas": {geo: len(t) for geo, t in inputs.values.items()},
            "tiles": tiles,
            "files": {rel: sha256_file(out / rel) for rel in files},
        }
        (out / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")

    final = versioned.publish(england_dir(build_dir), inputs_hash, write)
    say(1.0, "England's data is ready")
    return BuildResult(final, True, time.perf_counter() - started)


# --------------------------------------------------------------------------------------
# Reading the England part
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class England:
    """The England part of the artifact, loaded: every English LSOA and its history.

    It answers the same questions as :class:`geo.artifact.Artifact` where they make sense
    for England (``values``, ``lookup``, ``names``, ``areas``, ``memo``), so
    :mod:`geo.trends` and the IMD history chart work on it unchanged.
    """

    path: Path
    manifest: dict
    registry: Registry
    _values: dict[str, pd.DataFrame]
    _lookups: dict[str, pd.DataFrame]
    _areas: gpd.GeoDataFrame
    lads: gpd.GeoDataFrame
    similar: pd.DataFrame = field(default_factory=pd.DataFrame)
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)

    @classmethod
    def open(cls, registry: Registry, build_dir: Path | None = None) -> England:
        """Open the current England part, checking every file against its checksum.

        Raises
        ------
        ArtifactError
            If there is none yet or it is damaged.
        """
        root = current_path(england_dir(build_dir))
        if root is None or not root.is_dir():
            raise ArtifactError("England's data has not been built yet (python -m geo.england).")
        manifest = read_manifest(root)
        blobs = {}
        for rel, expected in manifest.get("files", {}).items():
            try:
                data = (root / rel).read_bytes()
            except OSError as exc:
                raise ArtifactError(f"England's data is missing {rel}.") from exc
            if hashlib.sha256(data).hexdigest() != expected:
                raise ArtifactError(f"England's data file {rel} is damaged (checksum mismatch).")
            blobs[rel] = data

        def table(rel: str) -> pd.DataFrame:
            import io

            return pd.read_parquet(io.BytesIO(blobs[rel]))

        def shapes(rel: str) -> gpd.GeoDataFrame:
            import io

            return gpd.read_parquet(io.BytesIO(blobs[rel]))

        values = {rel[7:-8]: table(rel) for rel in blobs if rel.startswith("values/")}
        lookups = {rel[8:-8]: table(rel) for rel in blobs if rel.startswith("lookups/")}
        return cls(
            root,
            manifest,
            registry,
            values,
            lookups,
            shapes("areas.parquet"),
            shapes("lads.parquet"),
            table("similar.parquet"),
            table("change.parquet").set_index("code"),
        )

    # ---- what trends and profiles ask ----------------------------------------------------

    def values(self, geography: str) -> pd.DataFrame:
        """IoD values of every English area of ``geography`` (registry ids as columns)."""
        try:
            return self._values[geography]
        except KeyError:
            raise KeyError(f"No England values for geography {geography!r}.") from None

    def lookup(self, name: str) -> pd.DataFrame:
        """An England-wide lookup (``lsoa11_lsoa21`` or ``lsoa01_lsoa11``)."""
        return self._lookups[name]

    def areas(self, geography: str = "lsoa21", *, display: bool = False) -> gpd.GeoDataFrame:
        """Every LSOA 2021: code, name, local authority, region, ward, rural-urban class."""
        if geography != "lsoa21":
            raise KeyError(f"No England boundaries for geography {geography!r}.")
        return self._areas

    def names(self, geography: str) -> pd.Series:
        """LSOA 2021 names (or local authority names for ``lad``) indexed by code."""
        if geography == "lad":
            return self.memo("lad_names", lambda e: e.lads.set_index("code")["name"])
        return self.places()["name"]

    def name(self, geography: str, code: str) -> str:
        """The name of one area, or its code if unknown."""
        return str(self.names(geography).get(code, code))

    def local_names(self, geography: str) -> pd.Series:
        """Names people know, as :meth:`geo.artifact.Artifact.local_names` gives them: for
        England's LSOAs there are only the ONS names (the county's local names are made
        from its gazetteer, in the county artifact)."""
        return self.names(geography)

    def local_name(self, geography: str, code: str) -> str:
        """One area's :meth:`local_names` entry (its code if unknown)."""
        return self.name(geography, code)

    def is_area(self, geography: str, code: object) -> bool:
        """True when ``code`` is an English area of ``geography`` (LSOA 2021 or ``lad``)."""
        return isinstance(code, str) and code in self.names(geography).index

    def members(self, geography: str, code: str) -> list[str]:
        """The 2021 LSOAs making up an area: itself for an LSOA, all for an authority."""
        if geography == "lsoa21":
            return [code]
        if geography == "lad":
            return self.in_authority(code)
        raise KeyError(f"No England areas of geography {geography!r}.")

    def memo(self, name: str, factory: Callable[[England], object]):
        """A value derived from this England part, computed once."""
        cache = self.__dict__.setdefault("_memo", {})
        if name not in cache:
            with self.__dict__.setdefault("_memo_lock", threading.Lock()):
                if name not in cache:
                    cache[name] = factory(self)
        return cache[name]

    # ---- England's own questions -----------------------------------------------------------

    @property
    def tiles(self) -> str:
        """Name of the map tile set built with this England part (see geo.englandtiles)."""
        return str(self.manifest.get("tiles", ""))

    def is_lsoa(self, code: object) -> bool:
        """True when ``code`` is an English LSOA 2021."""
        return self.is_area("lsoa21", code)

    def places(self) -> pd.DataFrame:
        """Every LSOA's row without its shape, indexed by code, in :meth:`areas` order."""
        return self.memo("places", lambda e: e.areas().drop(columns="geometry").set_index("code"))

    def place(self, code: str) -> pd.Series:
        """The area row of an LSOA (name, local authority, region, ward, class)."""
        return self.places().loc[code]

    def shape(self, code: str) -> shapely.Geometry | None:
        """One LSOA's boundary (WGS84), or None when ``code`` is not an English LSOA."""
        position = self.places().index.get_indexer([code])[0]
        return None if position < 0 else self.areas().geometry.iloc[position]

    def lsoa_at(self, lon: float, lat: float) -> str | None:
        """The LSOA 2021 containing a point, or None (at sea, or outside England)."""
        if not (np.isfinite(lon) and np.isfinite(lat)):
            return None
        geoms = self.areas().geometry.values
        tree = self.memo("tree", lambda _e: shapely.STRtree(geoms))
        hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
        return str(self.areas()["code"].iloc[int(np.min(hits))]) if len(hits) else None

    def in_authority(self, lad: str) -> list[str]:
        """Codes of the LSOAs in one local authority."""
        areas = self.areas()
        return list(areas.loc[areas["lad"] == lad, "code"])


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """``python -m geo.england``: build the England part of the artifact."""
    parser = argparse.ArgumentParser(
        prog="python -m geo.england", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    parser.add_argument("--data-dir", type=Path, help="data folder (default: data/)")
    parser.add_argument("--build-dir", type=Path, help="artifact folder (default: data/build/)")
    args = parser.parse_args(argv)
    try:
        result = build(
            args.data_dir,
            args.build_dir,
            force=args.force,
            progress=lambda f, m: print(f"[{f:4.0%}] {m}", flush=True),
        )
    except ObservatoryError as exc:
        print(f"England build failed: {exc}", file=sys.stderr)
        return 1
    state = "built" if result.rebuilt else "already up to date"
    print(f"England {state}: {result.path} ({result.seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
