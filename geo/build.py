"""``python -m geo.build``: turn the raw data pack into a fast, checked artifact.

The artifact is a folder of Parquet files (GeoParquet for boundaries) plus a
``manifest.json`` listing every file with its SHA-256, the join report of every source
and the fingerprint of the inputs it was made from. It is written atomically: the new
version is written to a temporary folder, moved into place, and only then does the
``CURRENT`` pointer file switch to it (``os.replace``), so a build that fails or is
interrupted leaves the previous artifact in use. When the fingerprint of the inputs
(data files, registry and the build code itself) is unchanged, nothing is rebuilt.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import (
    aggregate,
    apportion,
    artifact,
    boundaries,
    catalog,
    council,
    encoding,
    gazetteer,
    geographies,
    indicators,
    localnames,
    paths,
    versioned,
)
from geo.artifact import (
    GEOGRAPHIES_COPY,
    MANIFEST,
    REGISTRY_COPY,
    SCHEMA_VERSION,
    add_files,
    current_path,
    sha256_file,
    verify,
)
from geo.catalog import Registry, load_registry
from geo.errors import ArtifactError, DataError, ObservatoryError, RegistryError
from geo.geographies import Geographies, load_geographies
from geo.indicators import JoinReport, read_table

#: Tables copied into the artifact as they are (after their columns are checked).
LOOKUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "lsoa11_lsoa21": (
        "lookups/lsoa11_to_lsoa21.csv",
        ("LSOA11CD", "LSOA11NM", "LSOA21CD", "LSOA21NM", "CHGIND"),
    ),
    "lsoa01_lsoa11": (
        "lookups/lsoa01_to_lsoa11.csv",
        ("LSOA01CD", "LSOA01NM", "LSOA11CD", "LSOA11NM", "CHGIND"),
    ),
    "lsoa21_wards": (
        "lookups/lsoa21_to_ward.csv",
        (
            "LSOA21CD",
            "WD24CD_ons_bestfit",
            "WD22CD_point",
            "WD22CD_maxoverlap",
        ),
    ),
    "postcodes": (
        "lookups/postcode_to_lsoa21.csv",
        ("postcode", "lat", "lon", "OA21CD", "LSOA21CD"),
    ),
    "places": (gazetteer.FILE, gazetteer.COLUMNS),
    "rural_urban": ("lookups/rural_urban_lsoa21.csv", ("LSOA21CD", "urban_rural")),
    "age_2020": (
        "indicators/population_mid2020_lsoa11_single_year_of_age.csv",
        ("LSOA11CD", "total_population", "0", "90+"),
    ),
}

#: The lookups of a council built from the England files (``geo.council``): the 2001 →
#: 2011 → 2021 lineage and the ONS ward best fit. The county's own pack has them all.
ENGLAND_LOOKUPS = ("lsoa11_lsoa21", "lsoa01_lsoa11", "lsoa21_wards")
#: In a council's pack, which 2011 LSOAs are the council's own (the lineage lookup also
#: names the parts of neighbours' 2011 LSOAs its 2021 LSOAs took in).
IN_AREA = "in_area"
#: ``best_fit`` in geographies.toml for areas with no official best fit: the build makes
#: its own from residents' postcodes (see :mod:`geo.apportion`).
BY_POSTCODES = "postcodes"


def lookups_for(kinds: Geographies) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The lookups a build reads (file and required columns), for this pack."""
    if not kinds.from_england:
        return LOOKUPS
    out = {name: LOOKUPS[name] for name in ENGLAND_LOOKUPS}
    out["lsoa21_wards"] = (
        LOOKUPS["lsoa21_wards"][0],
        ("LSOA21CD", *official_best_fit(kinds).values()),
    )
    rel, columns = LOOKUPS["lsoa11_lsoa21"]
    out["lsoa11_lsoa21"] = (rel, (*columns, IN_AREA))
    return out


def official_best_fit(kinds: Geographies) -> dict[str, str]:
    """Official best-fit columns of ``lsoa21_wards`` (each LSOA's ward, where ONS publishes
    one), by geography, as ``geographies.toml`` names them: the 2022 wards through the
    identical 2024 codes. No official best fit to the 2025 divisions exists, so theirs is
    the build's own."""
    return {g: kinds[g].best_fit for g in kinds.parents if kinds[g].best_fit != BY_POSTCODES}


#: The pack's geometric columns, compared with the official best fit in the build report.
PACK_METHODS = {
    "wd22": {
        "the LSOA's representative point (pack)": "WD22CD_point",
        "the largest share of the LSOA's area (pack)": "WD22CD_maxoverlap",
    }
}

_BUILD_MODULES = (
    catalog,
    geographies,
    boundaries,
    indicators,
    aggregate,
    apportion,
    artifact,
    encoding,
    versioned,
    gazetteer,
    localnames,
    sys.modules[__name__],
)

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class BuildResult:
    """What a build did."""

    path: Path
    fingerprint: str
    rebuilt: bool
    reports: tuple[JoinReport, ...]
    seconds: float
    #: how LSOAs were shared out among wards and divisions (see :func:`fit_report`)
    fit: dict


# --------------------------------------------------------------------------------------
# Fingerprint and state
# --------------------------------------------------------------------------------------


def input_files(registry: Registry, areas: Geographies) -> list[str]:
    """Data files (relative to the data folder) that a build reads."""
    files = {g.file for g in areas.with_boundaries if g.file}
    files |= {s.file for s in registry.sources.values()}
    files |= {f for f, _ in lookups_for(areas).values()}
    return sorted(files)


def fingerprint(data_dir: Path | None = None) -> str:
    """Hash of everything a build depends on: inputs, registry, build code.

    Raises
    ------
    DataError, RegistryError
        If the registry or an input file is missing.
    """
    data_dir = data_dir or paths.data_dir()
    registry_path = data_dir / paths.REGISTRY_FILE
    geographies_path = data_dir / geographies.FILE_NAME
    registry = load_registry(registry_path)
    areas = load_geographies(geographies_path)
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}\n".encode())
    digest.update(registry_path.read_bytes())
    digest.update(geographies_path.read_bytes())
    for module in _BUILD_MODULES:
        digest.update(Path(module.__file__).read_bytes())
    add_files(digest, data_dir, input_files(registry, areas))
    return digest.hexdigest()


def needs_build(data_dir: Path | None = None, build_dir: Path | None = None) -> bool:
    """True when there is no usable artifact for the current inputs (for a council
    chosen with ``OBSERVATORY_AREA``, also when its pack is out of date)."""
    code = paths.council() if data_dir is None else None
    if code is not None:
        data_dir = council.usable_pack(code, None, build_dir)
        if data_dir is None:
            return True
    current = current_path(build_dir)
    if current is None:
        return True
    try:
        manifest = verify(current)
    except ArtifactError:
        return True
    return manifest.get("fingerprint") != fingerprint(data_dir)


# --------------------------------------------------------------------------------------
# The build
# --------------------------------------------------------------------------------------


def build(
    data_dir: Path | None = None,
    build_dir: Path | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the artifact, or confirm the current one is up to date.

    Parameters
    ----------
    data_dir, build_dir
        Defaults from :mod:`geo.paths`. Without ``data_dir``, a council chosen with
        ``OBSERVATORY_AREA`` has its pack derived from the England files first
        (:mod:`geo.council`), in its own build folder.
    force
        Rebuild even when the inputs have not changed.
    progress
        Called with (fraction done, what is happening) as the build goes.

    Raises
    ------
    DataError
        Naming the input file at fault; the previous artifact stays in use.
    RegistryError
        If ``indicators.toml`` is malformed.
    SettingError
        If ``OBSERVATORY_AREA`` names no English local authority.
    """
    started = time.perf_counter()
    build_dir = build_dir or paths.build_dir()
    say = progress or (lambda _f, _m: None)
    code = paths.council() if data_dir is None else None
    if code is not None:  # the council's pack first (about a third of the time)
        data_dir = council.prepare(code, None, build_dir, lambda f, m: say(0.3 * f, m))
        say = functools.partial(_scaled, say, 0.3)
    data_dir = data_dir or paths.data_dir()

    say(0.0, "Checking the data files")
    inputs_hash = fingerprint(data_dir)
    current = current_path(build_dir)
    if not force and current is not None:
        with contextlib.suppress(ArtifactError):
            manifest = verify(current)
            if manifest.get("fingerprint") == inputs_hash:
                say(1.0, "The data is up to date")
                reports = tuple(JoinReport.from_dict(r) for r in manifest["reports"])
                return BuildResult(
                    current,
                    inputs_hash,
                    False,
                    reports,
                    time.perf_counter() - started,
                    manifest.get("fit", {}),
                )

    reports: list[JoinReport] = []
    fit: dict = {}

    def write(folder: Path) -> None:
        written, fitted = _write_artifact(data_dir, folder, inputs_hash, say)
        reports.extend(written)
        fit.update(fitted)

    final = versioned.publish(build_dir, inputs_hash, write)
    say(1.0, "Data ready")
    return BuildResult(final, inputs_hash, True, tuple(reports), time.perf_counter() - started, fit)


@dataclass
class Inputs:
    """Everything read from the raw files, joined and combined, before it is written."""

    registry: Registry
    geographies: Geographies
    areas: dict[str, gpd.GeoDataFrame]
    lookups: dict[str, pd.DataFrame]
    tables: dict[str, pd.DataFrame]
    series: pd.DataFrame
    reports: list[JoinReport]
    #: best-fit area of each 2021 LSOA, by geography (``Geographies.parents``)
    parents: dict[str, pd.Series]
    #: shares of 2021 and 2011 LSOAs in each area (``apportion.SHARE_COLUMNS``)
    shares: dict[str, pd.DataFrame]
    fit: dict


def read_inputs(data_dir: Path, say: Progress | None = None) -> Inputs:
    """Read every raw file, check it, join it on GSS codes and share LSOAs out to divisions.

    This is what the app would have to do on every start without the artifact.
    """
    say = say or (lambda _f, _m: None)
    registry = load_registry(data_dir / paths.REGISTRY_FILE)
    kinds = load_geographies(data_dir / geographies.FILE_NAME)
    county_code = kinds.county_code

    say(0.1, "Reading boundaries")
    areas = {geo.id: boundaries.read_boundaries(geo, data_dir) for geo in kinds.with_boundaries}

    say(0.3, "Reading lookups")
    lookups = {
        name: read_table(data_dir / rel, set(columns))
        for name, (rel, columns) in lookups_for(kinds).items()
    }
    area_codes = {geo_id: set(gdf["code"]) for geo_id, gdf in areas.items()}
    area_codes |= _codes_from_lookups(kinds, lookups)

    if "postcodes" in lookups:
        say(0.35, "Placing postcodes in divisions and wards")
        postcodes = _checked_postcodes(data_dir, lookups["postcodes"], area_codes["lsoa21"])
        fits = {g: apportion.fit(postcodes, areas[g], g) for g in kinds.parents}
        parents = _parents(data_dir, lookups["lsoa21_wards"], fits, area_codes, kinds)
    else:  # no postcodes (a council built from England's files): whole LSOAs, by ONS
        parents = _parents(data_dir, lookups["lsoa21_wards"], {}, area_codes, kinds)
        fits = {g: apportion.whole(parent, g) for g, parent in parents.items()}

    say(0.45, "Joining indicators")
    values: dict[str, list[pd.DataFrame]] = {geo_id: [] for geo_id in kinds}
    series: list[pd.DataFrame] = []
    reports: list[JoinReport] = []
    for source in registry.sources.values():
        layer = indicators.load_layer(
            source,
            registry.from_source(source.id),
            area_codes[source.geography],
            data_dir,
            county_code=county_code,
        )
        reports.append(layer.report)
        # Ward files also carry county totals: those become county figures.
        at_county = (layer.values.index == county_code) & (source.geography != "county")
        values[source.geography].append(layer.values[~at_county])
        if at_county.any():
            values["county"].append(layer.values[at_county])
        series.append(layer.series)
    tables = {geo_id: _join_columns(parts) for geo_id, parts in values.items()}

    say(0.65, "Adding up neighbourhoods into divisions")
    lsoa = tables["lsoa21"]
    # Without population figures (a council built from the England files) every LSOA
    # counts the same: they are drawn to hold similar numbers of people.
    pop = registry.population_indicator
    population = lsoa[pop.id] if pop else pd.Series(1.0, index=lsoa.index)
    shares21 = pd.concat([f.shares for f in fits.values()], ignore_index=True)
    shares = {
        "lsoa21": shares21,
        "lsoa11": apportion.lsoa11_shares(
            shares21, lookups["lsoa11_lsoa21"], population, area_codes["lsoa11"]
        ),
    }
    combinable = [ind for ind in registry.for_geography("lsoa21") if ind.aggregate != "none"]
    targets = {
        **{geo_id: shares21[shares21["geography"] == geo_id] for geo_id in kinds.parents},
        "county": aggregate.whole_area(lsoa.index, county_code),
    }
    for geo_id, target in targets.items():
        combined = aggregate.aggregate(lsoa, combinable, target, population)
        tables[geo_id] = _join_columns([tables[geo_id], combined]).reindex(
            sorted(area_codes[geo_id])
        )
        tables[geo_id].index.name = "code"
    return Inputs(
        registry,
        kinds,
        areas,
        lookups,
        tables,
        pd.concat(series, ignore_index=True),
        reports,
        parents,
        shares,
        fit_report(fits, parents, lookups["lsoa21_wards"], kinds, compared="postcodes" in lookups),
    )


def _write_artifact(
    data_dir: Path, out: Path, inputs_hash: str, say: Progress
) -> tuple[list[JoinReport], dict]:
    inputs = read_inputs(data_dir, say)
    areas, lookups, tables, reports = inputs.areas, inputs.lookups, inputs.tables, inputs.reports

    say(0.8, "Simplifying boundaries for display")
    files: list[Path] = []
    for geo_id, gdf in areas.items():
        geo = inputs.geographies[geo_id]
        full = _with_area_columns(gdf, geo_id, inputs.parents)
        if geo_id == "lsoa21" and "places" in lookups:
            full = _with_local_names(full, data_dir, lookups, areas["wd25"])
        elif geo_id == "lsoa21":  # no gazetteer (a council built from England's files)
            full = _with_ons_names(full, areas, inputs.parents)
        files.append(_write_parquet(full, out / "areas" / f"{geo_id}.parquet"))
        display = boundaries.simplify_coverage(full, geo.display_tolerance_m)
        files.append(_write_parquet(display, out / "display" / f"{geo_id}.parquet"))
        # What the browser gets: shared arcs, quantised, in the display geometry's order.
        encoded = out / "encoded" / f"{geo_id}.json"
        encoded.parent.mkdir(parents=True, exist_ok=True)
        encoded.write_text(encoding.encode(display.geometry.values).to_json(), encoding="utf-8")
        files.append(encoded)

    say(0.9, "Writing the artifact")
    for geo_id, table in tables.items():
        files.append(_write_parquet(table, out / "values" / f"{geo_id}.parquet", index=True))
    files.append(_write_parquet(inputs.series, out / "series.parquet"))
    for name, table in lookups.items():
        files.append(_write_parquet(table, out / "lookups" / f"{name}.parquet"))
    for name, table in inputs.shares.items():
        files.append(_write_parquet(table, out / "shares" / f"{name}.parquet"))
    for name, copy in (
        (paths.REGISTRY_FILE, REGISTRY_COPY),
        (geographies.FILE_NAME, GEOGRAPHIES_COPY),
    ):
        shutil.copyfile(data_dir / name, out / copy)
        files.append(out / copy)

    manifest = {
        "schema": SCHEMA_VERSION,
        "fingerprint": inputs_hash,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "reports": [r.to_dict() for r in reports],
        "areas": {geo_id: len(gdf) for geo_id, gdf in areas.items()},
        "fit": inputs.fit,
        "files": {f.relative_to(out).as_posix(): sha256_file(f) for f in files},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return reports, inputs.fit


def _checked_postcodes(data_dir: Path, postcodes: pd.DataFrame, lsoas: set[str]) -> pd.DataFrame:
    """The postcode lookup, refused if it names unknown LSOAs or leaves one without any."""
    path = data_dir / LOOKUPS["postcodes"][0]
    postcodes = postcodes.dropna(subset=["lat", "lon", "LSOA21CD"])
    unknown = set(postcodes["LSOA21CD"]) - lsoas
    if unknown:
        raise DataError(path, f"names LSOAs not in the county: {', '.join(sorted(unknown)[:5])}.")
    empty = lsoas - set(postcodes["LSOA21CD"])
    if empty:
        raise DataError(
            path,
            f"has no postcode in LSOA(s) {', '.join(sorted(empty)[:5])}, so they cannot be "
            "shared out among divisions.",
        )
    indicators.to_numbers(path, postcodes["lat"], "lat")
    indicators.to_numbers(path, postcodes["lon"], "lon")
    return postcodes


def _parents(
    data_dir: Path,
    lookup: pd.DataFrame,
    fits: dict[str, apportion.Fit],
    area_codes: dict[str, set[str]],
    kinds: Geographies,
) -> dict[str, pd.Series]:
    """Best-fit area of each 2021 LSOA: the official column where there is one, else the
    build's own best fit."""
    path = data_dir / LOOKUPS["lsoa21_wards"][0]
    out: dict[str, pd.Series] = {}
    for geo_id in kinds.parents:
        column = official_best_fit(kinds).get(geo_id)
        if column is None:
            out[geo_id] = fits[geo_id].best
            continue
        assignment = lookup.set_index("LSOA21CD")[column]
        missing = area_codes["lsoa21"] - set(assignment.dropna().index)
        if missing:
            raise DataError(
                path, f"gives no {column} for LSOA(s) {', '.join(sorted(missing)[:5])}."
            )
        unknown = set(assignment.dropna()) - area_codes[geo_id]
        if unknown:
            raise DataError(
                path,
                f"column {column} names areas that are not {kinds[geo_id].plural}: "
                f"{', '.join(sorted(unknown)[:5])}.",
            )
        out[geo_id] = assignment
    return out


def fit_report(
    fits: dict[str, apportion.Fit],
    parents: dict[str, pd.Series],
    lookup: pd.DataFrame,
    kinds: Geographies,
    *,
    compared: bool = True,
) -> dict[str, dict]:
    """How LSOAs were shared out, by geography, for the manifest and the build log.

    For each geography: how many LSOAs are split and how many areas are made of whole
    LSOAs only; where an official best fit exists, how often the build's own best fit
    (and, for comparison, a plain postcode majority and the pack's geometric columns)
    agree with it (``compared``: when the fits were made from postcodes, not taken from it).
    """
    pack = lookup.set_index("LSOA21CD")
    report: dict[str, dict] = {}
    for geo_id, fitted in fits.items():
        largest = fitted.shares.groupby("lsoa")["share"].max()
        split_areas = set(fitted.shares.loc[fitted.shares["share"] < apportion.WHOLE, "code"])
        entry: dict[str, object] = {
            "lsoas": len(largest),
            "split_lsoas": int((largest < apportion.WHOLE).sum()),
            "noun": kinds[geo_id].noun,
            "areas": kinds[geo_id].expected_count,
            "areas_of_whole_lsoas": kinds[geo_id].expected_count - len(split_areas),
            "best_fit": official_best_fit(kinds).get(
                geo_id, "output areas by postcode (this build)"
            ),
        }
        column = official_best_fit(kinds).get(geo_id)
        if column is not None and compared:
            official = parents[geo_id]
            methods = {
                "output areas by postcode (this build)": fitted.best,
                "plain postcode majority": fitted.postcode_majority,
                **{name: pack[col] for name, col in PACK_METHODS.get(geo_id, {}).items()},
            }
            entry["agreement"] = [
                apportion.agreement(name, assignment, official).to_dict()
                for name, assignment in methods.items()
            ]
        report[geo_id] = entry
    return report


def fit_summary(fit: dict[str, dict]) -> list[str]:
    """Lines for the build log from :func:`fit_report`."""
    lines = []
    for geo_id, entry in fit.items():
        noun = entry["noun"]
        lines.append(
            f"  {geo_id:<7} {entry['split_lsoas']} of {entry['lsoas']} LSOAs are split between "
            f"{noun}; {entry['areas_of_whole_lsoas']} of {entry['areas']} {noun} are "
            "made of whole LSOAs only"
        )
        for row in entry.get("agreement", ()):
            lines.append(
                f"          agrees with the ONS best fit ({entry['best_fit']}) for "
                f"{row['agree']} of {row['of']} LSOAs: {row['method']}"
            )
    return lines


def _codes_from_lookups(kinds: Geographies, lookups: dict[str, pd.DataFrame]) -> dict[str, set]:
    """Areas of the geographies without boundaries: 2001 LSOAs, and a council's 2011
    LSOAs (those its pack marks as its own; see :data:`IN_AREA`)."""
    out: dict[str, set[str]] = {}
    if "lsoa01" in kinds and not kinds["lsoa01"].file:
        out["lsoa01"] = set(lookups["lsoa01_lsoa11"]["LSOA01CD"].dropna())
    if "lsoa11" in kinds and not kinds["lsoa11"].file:
        lineage = lookups["lsoa11_lsoa21"]
        own = lineage[IN_AREA].astype(str).str.lower().isin(("1", "true"))
        out["lsoa11"] = set(lineage.loc[own, "LSOA11CD"].dropna())
    return out


def _with_area_columns(
    gdf: gpd.GeoDataFrame, geo_id: str, parents: dict[str, pd.Series]
) -> gpd.GeoDataFrame:
    """Add the best-fit division and ward of each LSOA 2021 (used by profiles)."""
    if geo_id != "lsoa21":
        return gdf
    extra = pd.DataFrame(
        {geo: parent.reindex(gdf["code"]).to_numpy() for geo, parent in parents.items()},
        index=gdf.index,
    )
    return gpd.GeoDataFrame(
        pd.concat([gdf.drop(columns="geometry"), extra], axis=1), geometry=gdf.geometry, crs=gdf.crs
    )


def _with_local_names(
    lsoas: gpd.GeoDataFrame,
    data_dir: Path,
    lookups: dict[str, pd.DataFrame],
    divisions: gpd.GeoDataFrame,
) -> gpd.GeoDataFrame:
    """Add each LSOA's local name, its town and its settlement (see geo.localnames)."""
    places = gazetteer.read_places(lookups["places"], data_dir / gazetteer.FILE, set(lsoas["code"]))
    named = localnames.local_names(
        places,
        lsoas,
        divisions.set_index("code")["name"],
        lookups["postcodes"],
        lookups["rural_urban"].set_index("LSOA21CD")["urban_rural"],
    )
    extra = named.reindex(lsoas["code"]).set_index(lsoas.index)
    return gpd.GeoDataFrame(
        pd.concat([lsoas.drop(columns="geometry"), extra], axis=1),
        geometry=lsoas.geometry,
        crs=lsoas.crs,
    )


def _with_ons_names(
    lsoas: gpd.GeoDataFrame, areas: dict[str, gpd.GeoDataFrame], parents: dict[str, pd.Series]
) -> gpd.GeoDataFrame:
    """Without a gazetteer, an LSOA's local name is its ONS name and its settlement the
    ward or division it mainly lies in; it is part of no town."""
    ward = next(iter(parents), None)
    names = areas[ward].set_index("code")["name"] if ward else pd.Series(dtype=str)
    settlement = parents[ward].map(names).reindex(lsoas["code"]) if ward else None
    return lsoas.assign(
        local_name=lsoas["name"],
        settlement=settlement.fillna("").to_numpy() if ward else "",
        town=None,
    )


def _scaled(say: Progress, start: float, fraction: float, message: str) -> None:
    """Progress of the part of a build that starts at ``start`` (of 1)."""
    say(start + (1 - start) * fraction, message)


def _join_columns(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if not p.empty or len(p.columns)]
    if not parts:
        return pd.DataFrame(index=pd.Index([], name="code"))
    table = pd.concat(parts, axis=1)
    clash = table.columns[table.columns.duplicated()]
    if len(clash):
        raise RegistryError(f"Two sources provide the same column(s): {', '.join(clash)}.")
    table.index.name = "code"
    return table


def _write_parquet(table: pd.DataFrame, path: Path, *, index: bool = False) -> Path:
    """Parquet (GeoParquet for a GeoDataFrame) at ``path``, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_parquet(path, index=index)
    return path


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m geo.build``; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m geo.build",
        description="Build the observatory's data artifact from the data pack in data/.",
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    parser.add_argument("--data-dir", type=Path, help="data folder (default: data/)")
    parser.add_argument("--build-dir", type=Path, help="artifact folder (default: data/build/)")
    parser.add_argument(
        "--area",
        help="build for this English local authority (a GSS code such as E06000017) from "
        "the England files, into its own folder; the same as OBSERVATORY_AREA",
    )
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    args = parser.parse_args(argv)

    def show(fraction: float, message: str) -> None:
        if not args.quiet:
            print(f"[{fraction:4.0%}] {message}", flush=True)

    if args.area:
        os.environ[paths.AREA_SETTING] = args.area
    try:
        result = build(args.data_dir, args.build_dir, force=args.force, progress=show)
    except ObservatoryError as exc:
        print(f"Build failed: {exc}", file=sys.stderr)
        print("The previous data artifact, if any, is unchanged.", file=sys.stderr)
        return 1
    if not args.quiet:
        print()
        print("Join report (distinct codes matched against each source's geography):")
        for report in result.reports:
            print(f"  {report.summary()}")
        print("\nHow LSOAs are shared out among wards and divisions (by residents' postcodes):")
        for line in fit_summary(result.fit):
            print(line)
        state = "built" if result.rebuilt else "already up to date"
        print(f"\nArtifact {state}: {result.path} ({result.seconds:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
