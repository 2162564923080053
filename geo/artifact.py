"""Load the built data artifact: boundaries, indicator values, series and lookups.

Everything is read when the artifact is opened (a few megabytes), after each file's
checksum has been verified, so a loaded :class:`Artifact` is immutable and safe to share
between the app's sessions and threads. It also answers questions about the area
hierarchy (names, the division an LSOA mainly belongs to, the LSOAs of a division, the
share of each LSOA's people in it, and how a division's figures were made) from tables
it builds once, so no other module re-derives them.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import math
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import geopandas as gpd
import pandas as pd
import pyproj
import shapely

from geo import paths
from geo.apportion import (
    Makeup,
    best_fit_note,
    best_fit_text,
    geography_note,
    makeup_from,
    method_text,
)
from geo.boundaries import WGS84
from geo.catalog import Indicator, Registry, load_registry
from geo.errors import ArtifactError, DataError
from geo.gazetteer import FILE as GAZETTEER_FILE
from geo.gazetteer import read_places
from geo.geographies import Geographies, Geography, load_geographies
from geo.indicators import JoinReport

T = TypeVar("T")

SCHEMA_VERSION = 3
POINTER = "CURRENT"
MANIFEST = "manifest.json"
REGISTRY_COPY = "indicators.toml"
GEOGRAPHIES_COPY = "geographies.toml"
#: The LSOA geographies whose shares in those areas the artifact keeps.
BLOCKS = ("lsoa21", "lsoa11")


def current_path(build_dir: Path | None = None) -> Path | None:
    """Folder of the artifact in use, or None when there is none yet."""
    build_dir = build_dir or paths.build_dir()
    try:
        name = (build_dir / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    return build_dir / name


def read_manifest(artifact_dir: Path) -> dict:
    """The manifest of an artifact folder.

    Raises
    ------
    ArtifactError
        If it is missing or not valid JSON.
    """
    try:
        return json.loads((artifact_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArtifactError(
            f"The data artifact in {artifact_dir} has no readable manifest."
        ) from exc


def verify(artifact_dir: Path) -> dict:
    """Check every file of an artifact against its recorded SHA-256.

    Returns
    -------
    dict
        The manifest.

    Raises
    ------
    ArtifactError
        Naming the first file that is missing or altered.
    """
    manifest, _ = _read_verified(artifact_dir, keep=False)
    return manifest


def _read_verified(artifact_dir: Path, *, keep: bool) -> tuple[dict, dict[str, bytes]]:
    """Manifest plus (when ``keep``) every file's bytes, each checked against its hash."""
    manifest = read_manifest(artifact_dir)
    if manifest.get("schema") != SCHEMA_VERSION:
        raise ArtifactError(f"The data artifact in {artifact_dir} is from another version.")
    blobs: dict[str, bytes] = {}
    for rel, expected in manifest.get("files", {}).items():
        try:
            data = (artifact_dir / rel).read_bytes()
        except OSError as exc:
            raise ArtifactError(f"The data artifact is missing {rel}.") from exc
        if hashlib.sha256(data).hexdigest() != expected:
            raise ArtifactError(f"The data artifact file {rel} is damaged (checksum mismatch).")
        if keep:
            blobs[rel] = data
    return manifest, blobs


def add_files(digest: hashlib._Hash, data_dir: Path, files: Iterable[str]) -> None:
    """Add each input file's name and SHA-256 to a fingerprint being made.

    Raises
    ------
    DataError
        Naming the first file that is missing.
    """
    for rel in files:
        path = data_dir / rel
        if not path.is_file():
            raise DataError(path, "the file is missing; restore it from the data pack.")
        digest.update(rel.encode())
        digest.update(sha256_file(path).encode())


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Lazy:
    """Tables kept as (verified) bytes and parsed the first time they are asked for."""

    def __init__(self, blobs: dict[str, bytes], reader: Callable[[io.BytesIO], T]) -> None:
        self._blobs = blobs
        self._reader = reader
        self._parsed: dict[str, T] = {}
        self._lock = threading.Lock()

    def __contains__(self, name: object) -> bool:
        return name in self._blobs

    def __getitem__(self, name: str) -> T:
        if name not in self._parsed:
            with self._lock:  # sessions share the artifact: parse each table once
                if name not in self._parsed:
                    self._parsed[name] = self._reader(io.BytesIO(self._blobs[name]))
        return self._parsed[name]


@dataclass(frozen=True)
class Artifact:
    """A loaded, verified data artifact."""

    path: Path
    manifest: dict
    registry: Registry
    geographies: Geographies
    _values: dict[str, pd.DataFrame]
    _areas: _Lazy
    _display: _Lazy
    series: pd.DataFrame
    _lookups: _Lazy
    _encoded: dict[str, str]
    _shares: _Lazy

    @classmethod
    def open(cls, build_dir: Path | None = None) -> Artifact:
        """Open the artifact the ``CURRENT`` pointer names.

        Raises
        ------
        ArtifactError
            If there is none (run ``python -m geo.build``) or it is damaged.
        """
        build_dir = build_dir or paths.build_dir()
        root = current_path(build_dir)
        if root is None or not root.is_dir():
            raise ArtifactError(
                f"No data artifact in {build_dir}. Run `python -m geo.build` to make one."
            )
        manifest, blobs = _read_verified(root, keep=True)

        def under(folder: str) -> dict[str, bytes]:
            """The files in one folder of the artifact, by name without extension."""
            return {
                Path(rel).stem: data for rel, data in blobs.items() if rel.startswith(f"{folder}/")
            }

        try:
            values = {
                name: pd.read_parquet(io.BytesIO(data)) for name, data in under("values").items()
            }
            # Boundaries and lookups are parsed on first use: start-up needs few of them.
            areas = _Lazy(under("areas"), _read_geoparquet)
            display = _Lazy(under("display"), _read_geoparquet)
            lookups = _Lazy(under("lookups"), pd.read_parquet)
            shares = _Lazy(under("shares"), pd.read_parquet)
            series = pd.read_parquet(io.BytesIO(blobs["series.parquet"]))
            encoded = {name: data.decode("utf-8") for name, data in under("encoded").items()}
        except (OSError, ValueError, KeyError) as exc:
            raise ArtifactError(f"The data artifact in {root} could not be read: {exc}") from exc
        registry = load_registry(root / REGISTRY_COPY)
        geographies = load_geographies(root / GEOGRAPHIES_COPY)
        return cls(
            root,
            manifest,
            registry,
            geographies,
            values,
            areas,
            display,
            series,
            lookups,
            encoded,
            shares,
        )

    # ---- tables ------------------------------------------------------------------------

    def values(self, geography: str) -> pd.DataFrame:
        """Indicator values for every area of ``geography``, indexed by code."""
        try:
            return self._values[geography]
        except KeyError:
            raise KeyError(f"No values for geography {geography!r}.") from None

    def areas(self, geography: str, *, display: bool = False) -> gpd.GeoDataFrame:
        """Boundaries (``code``, ``name``, ``geometry``; LSOAs also ``wd22``, ``wd25``).

        ``display=True`` gives the copy simplified for maps; the default is the published
        geometry, for point-in-polygon and area sums.
        """
        source = self._display if display else self._areas
        try:
            return source[geography]
        except KeyError:
            raise KeyError(f"No boundaries for geography {geography!r}.") from None

    def encoded(self, geography: str) -> str:
        """Display geometry in the compact browser encoding (see :mod:`geo.encoding`), as JSON.

        Shapes are in the order of ``areas(geography, display=True)``.
        """
        try:
            return self._encoded[geography]
        except KeyError:
            raise KeyError(f"No encoded boundaries for geography {geography!r}.") from None

    def lookup(self, name: str) -> pd.DataFrame:
        """A lookup table copied from the data pack (see ``geo.build.LOOKUPS``)."""
        return self._lookups[name]

    def has_lookup(self, name: str) -> bool:
        """True when the data pack had this lookup (a council built from the England
        files has no postcodes, for one)."""
        return name in self._lookups

    def series_of(self, indicator_id: str, code: str | None = None) -> pd.DataFrame:
        """The time series of a series indicator, for one area or all."""
        rows = self.series[self.series["indicator"] == indicator_id]
        if code is not None:
            rows = rows[rows["code"] == code]
        return rows.reset_index(drop=True)

    def memo(self, name: str, factory: Callable[[Artifact], T]) -> T:
        """A value derived from this artifact, computed once (e.g. a lookup as a dict).

        The artifact never changes once opened, so derived tables can be kept with it.
        """
        cache = self.__dict__.setdefault("_memo", {})
        if name not in cache:
            cache[name] = factory(self)
        return cache[name]

    @functools.cached_property
    def postcode_index(self) -> pd.DataFrame:
        """Postcode lookup indexed by the postcode without spaces (``NE611AA``)."""
        table = self.lookup("postcodes")
        key = table["postcode"].str.replace(r"\s+", "", regex=True).str.upper()
        return table.assign(key=key).drop_duplicates("key").set_index("key")

    @property
    def reports(self) -> tuple[JoinReport, ...]:
        return tuple(JoinReport.from_dict(r) for r in self.manifest["reports"])

    # ---- the area hierarchy -----------------------------------------------------------

    @property
    def county_code(self) -> str:
        """GSS code of the county the artifact covers (``E06000057``)."""
        return self.geographies.county_code

    @property
    def county_name(self) -> str:
        return self.geographies.county_name

    @property
    def title(self) -> str:
        """The observatory's name: "Northumberland Living Archive Data Observatory"."""
        return f"{self.county_name} Living Archive Data Observatory"

    @property
    def from_england(self) -> bool:
        """True for a council built from the England files alone (no Census topics,
        fuel poverty, ward series, postcodes or 2025 divisions)."""
        return self.geographies.from_england

    @property
    def parent_geographies(self) -> tuple[str, ...]:
        """Geographies made of 2021 LSOAs (divisions, wards), each a column of the LSOA
        boundaries naming the area each LSOA mainly lies in."""
        return self.geographies.parents

    def has_geography(self, geo_id: str) -> bool:
        """True when the artifact knows this kind of area."""
        return geo_id in self.geographies

    def geography(self, geo_id: str) -> Geography:
        """The geography with this id (a KeyError naming the known ones otherwise)."""
        return self.geographies[geo_id]

    def area_index(self, geography: str) -> pd.DataFrame:
        """Areas of ``geography`` without geometry, indexed by code (``name``; LSOAs also
        the code of their division and ward). Built once; read it, never change it."""
        return self.memo(f"area_index:{geography}", lambda art: _index(art.areas(geography)))

    def names(self, geography: str) -> pd.Series:
        """Area names indexed by code (built once; read it, never change it)."""
        return self.memo(f"names:{geography}", lambda art: art.area_index(geography)["name"])

    def name(self, geography: str, code: str) -> str:
        """The name of one area; the county's name for the county; the code if unknown."""
        if geography == "county":
            return self.county_name
        return str(self.names(geography).get(code, code))

    def is_area(self, geography: str, code: object) -> bool:
        """True when ``code`` is an area of ``geography`` (safe for any value from a link,
        and False for a geography this artifact does not have)."""
        return (
            isinstance(code, str)
            and geography in self.geographies
            and code in self.names(geography).index
        )

    def parent(self, code: str, geography: str) -> str | None:
        """The division or ward (``geography``) a 2021 LSOA mainly lies in, or None."""
        value = self.parents(geography).get(code)
        return None if value is None or pd.isna(value) else str(value)

    def parents(self, geography: str) -> pd.Series:
        """For every 2021 LSOA, the code of the division or ward it mainly lies in: the
        ONS best fit for 2022 wards, the build's own for 2025 divisions."""
        if geography not in self.parent_geographies:
            known = ", ".join(self.parent_geographies) or "no wards or divisions"
            raise ValueError(f"LSOAs are given to {known}, not {geography!r}.")
        return self.area_index("lsoa21")[geography]

    def members(self, geography: str, code: str) -> list[str]:
        """The 2021 LSOAs mainly in an area: itself for an LSOA, all for the county, the
        LSOAs whose best fit is a division or ward. Figures use :meth:`makeup` instead,
        which also counts the shares of LSOAs split with other areas."""
        if geography == "lsoa21":
            return [code]
        if geography == "county":
            return list(self.names("lsoa21").index)
        groups = self.memo(f"members:{geography}", lambda art: _grouped(art.parents(geography)))
        return list(groups.get(code, ()))

    def shares(self, geography: str, blocks: str = "lsoa21") -> pd.DataFrame:
        """Share of each LSOA's people in each area of ``geography`` (``lsoa``, ``code``,
        ``share``; the shares of one LSOA add up to 1). See :mod:`geo.apportion`."""
        if geography not in self.parent_geographies or blocks not in BLOCKS:
            raise ValueError(
                f"Shares are kept for {', '.join(BLOCKS)} in "
                f"{', '.join(self.parent_geographies)}, not {blocks!r} in {geography!r}."
            )
        table = self._shares[blocks]
        return table.loc[table["geography"] == geography, ["lsoa", "code", "share"]]

    def makeup(self, geography: str, code: str, blocks: str = "lsoa21") -> Makeup:
        """Which LSOAs (2021 or 2011) an area's figures are built from, whole or in part.

        An LSOA is made of itself (and, on 2011 LSOAs, of the whole 2011 LSOAs it came
        from); the county of all its LSOAs; a division or ward of its shares.
        """
        if geography == blocks:
            return Makeup(geography, code, blocks, (code,))
        if geography == "county":
            return Makeup(geography, code, blocks, tuple(self.names(blocks).index))
        if geography == "lsoa21" and blocks == "lsoa11":
            lookup = self.lookup("lsoa11_lsoa21")
            inside = self.names("lsoa11").index
            parents = lookup.loc[lookup["LSOA21CD"] == code, "LSOA11CD"]
            return Makeup(geography, code, blocks, tuple(sorted(set(parents) & set(inside))))
        groups = self.memo(
            f"makeup:{geography}:{blocks}", lambda art: _by_area(art, geography, blocks)
        )
        return makeup_from(geography, code, blocks, groups.get(code, {}))

    def method(self, geography: str, code: str, blocks: str = "lsoa21") -> str:
        """How an area's figures were made from LSOAs, in words ("" for an LSOA itself)."""
        words = best_fit_text if self.from_england else method_text
        return words(
            self.makeup(geography, code, blocks), self.geography(geography), self.geography(blocks)
        )

    def method_note(self, geography: str) -> str:
        """How the figures of every area of ``geography`` were made, in one sentence
        (maps, rankings); "" for LSOAs and the county, which LSOAs tile exactly."""
        if geography not in self.parent_geographies:
            return ""
        if self.from_england:  # whole LSOAs by the ONS best fit: no postcodes to share by
            return best_fit_note(self.geography(geography), self.geography("lsoa21"))
        return self.memo(
            f"method_note:{geography}",
            lambda art: geography_note(
                [art.makeup(geography, c) for c in art.names(geography).index],
                art.geography(geography),
                art.geography("lsoa21"),
            ),
        )

    def area_at(self, geography: str, lon: float, lat: float) -> str | None:
        """Code of the area of ``geography`` containing the point (point-in-polygon on the
        published, not simplified, boundaries); None outside every area."""
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return None
        areas = self.areas(geography)
        hits = areas.sindex.query(shapely.Point(lon, lat), predicate="intersects")
        return str(areas["code"].iloc[hits[0]]) if len(hits) else None

    # ---- names people know -------------------------------------------------------------

    def local_names(self, geography: str) -> pd.Series:
        """Names residents know, by code: the local names of 2021 LSOAs ("Hirst,
        Ashington", made at build time by :mod:`geo.localnames`); for every other
        geography the area's own name. Built once; read it, never change it."""
        if geography != "lsoa21":
            return self.names(geography)
        return self.memo("local_names", lambda art: art.area_index("lsoa21")["local_name"])

    def local_name(self, geography: str, code: str) -> str:
        """The name residents know for one area (see :meth:`local_names`)."""
        if geography == "county":
            return self.county_name
        return str(self.local_names(geography).get(code, code))

    def labels(self, geography: str) -> pd.Series:
        """Local name with the official name beside it where they differ, by code:
        "Hirst, Ashington (Northumberland 010C)", for lists officers read too."""

        def build(art: Artifact) -> pd.Series:
            local, official = art.local_names(geography), art.names(geography)
            return local.where(local == official, local + " (" + official + ")")

        return self.memo(f"labels:{geography}", build)

    def label(self, geography: str, code: str) -> str:
        """One area's :meth:`labels` entry (the code itself if unknown)."""
        if geography == "county":
            return self.county_name
        return str(self.labels(geography).get(code, code))

    def settlement(self, code: str) -> str:
        """The town or main village a 2021 LSOA belongs to (or its division's name)."""
        return str(self.area_index("lsoa21")["settlement"].get(code, ""))

    @property
    def places(self) -> pd.DataFrame:
        """The gazetteer (see :func:`geo.gazetteer.read_places`), checked and typed."""
        return self.memo(
            "places",
            lambda art: read_places(
                art.lookup("places"), art.path / GAZETTEER_FILE, set(art.names("lsoa21").index)
            ),
        )

    def towns(self) -> dict[str, tuple[str, ...]]:
        """Towns and the 2021 LSOAs that make each up, by town name (see
        :mod:`geo.localnames`); a town's view shows these LSOAs together."""
        return self.memo("towns", lambda art: _grouped(art.area_index("lsoa21")["town"].dropna()))

    def indicators_on(self, geography: str) -> tuple[Indicator, ...]:
        """Indicators that have values on ``geography`` (published or combined)."""
        columns = set(self.values(geography).columns)
        return tuple(ind for ind in self.registry if ind.id in columns)

    def lsoa_table(self) -> pd.DataFrame:
        """Every LSOA 2021 indicator joined into one table with codes and names.

        Hidden numerator and denominator columns are left out; columns are the
        indicator ids, in registry order.
        """
        values = self.values("lsoa21")
        areas = self.area_index("lsoa21")
        ids = [ind.id for ind in self.indicators_on("lsoa21")]
        parents = [g for g in self.parent_geographies if g in areas]
        table = areas[["name", "local_name", *parents]].join(values[ids])
        return table.reset_index().rename(
            columns={
                "code": "LSOA21CD",
                "name": "LSOA21NM",
                **{g: f"{g.upper()}CD" for g in parents},
            }
        )


def _index(areas: gpd.GeoDataFrame) -> pd.DataFrame:
    """Boundaries' attributes without geometry, indexed by code."""
    return pd.DataFrame(areas.drop(columns="geometry")).set_index("code")


def _by_area(artifact: Artifact, geography: str, blocks: str) -> dict[str, dict[str, float]]:
    """For each area, its LSOAs and their shares."""
    table = artifact.shares(geography, blocks)
    return {
        str(code): dict(zip(rows["lsoa"], rows["share"].astype(float), strict=True))
        for code, rows in table[table["share"] > 0].groupby("code")
    }


def _grouped(parent: pd.Series) -> dict[str, tuple[str, ...]]:
    """Codes (the index) grouped by their parent's code, each group in code order."""
    return {str(k): tuple(v) for k, v in parent.groupby(parent).groups.items()}


@functools.cache
def _wgs84() -> pyproj.CRS:
    return pyproj.CRS.from_user_input(WGS84)


def _read_geoparquet(data: io.BytesIO) -> gpd.GeoDataFrame:
    # The build writes every boundary in WGS84; reusing one parsed CRS object skips
    # re-parsing the PROJJSON in each file's metadata, most of the load time.
    frame = pd.read_parquet(data)
    geometry = gpd.GeoSeries.from_wkb(frame.pop("geometry"), crs=_wgs84())
    return gpd.GeoDataFrame(frame, geometry=geometry)
