"""Any English council: a data pack of its own, derived from the England files.

``OBSERVATORY_AREA=E06000017`` (any English local authority code) makes the observatory
cover that council instead of the county whose own pack is in ``data/``. The council's
pack is derived from ``data/england/`` and laid out like the county's, so the ordinary
build (:mod:`geo.build`) turns it into an artifact unchanged:

* its 2021 LSOAs (the local authority MHCLG gives each in the IoD 2025), their
  super-generalised boundaries and an outline dissolved from them;
* its 2011 and 2001 LSOAs through the ONS lookups (a 2011 LSOA split between two
  councils belongs to the one holding most of its 2021 LSOAs, or on a tie the one the
  IoD 2019 placed it in);
* **wards** from the ONS LSOA 2021 → ward 2024 best fit, drawn as the union of their
  LSOAs and labelled approximate;
* every file the England column map (``data/england_columns.csv``) links to a county
  file, filtered to the council and with the county file's column names;
* a registry (``indicators.toml``) of the indicators those files hold: an indicator is
  there when every column it reads is in the column map. So there are no Census topics,
  fuel poverty, ward series, postcodes or places, and no 2025 divisions;
* a ``geographies.toml`` with the council's own counts and ``built_from = "england"``.

The pack is versioned and published atomically like an artifact, in the council's own
build folder (``data/build/<code>/pack/``), and derived again only when the England files,
the county registry or this module change.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geo import england, geographies, paths, versioned
from geo.artifact import MANIFEST, add_files, current_path, read_manifest, sha256_file
from geo.errors import ArtifactError, SettingError
from geo.metadata import write_toml

SCHEMA_VERSION = 1
FOLDER = "pack"
IMD2025 = "england/indicators/imd2025_lsoa21_england.csv.gz"
IMD2019 = "england/indicators/imd2019_lsoa11_england.csv.gz"
LAD_COLUMN_2025 = "Local Authority District code (2024)"
LAD_COLUMN_2019 = "Local Authority District code (2019)"
#: Files of the council's pack, relative to it.
LSOA_FILE = "boundaries/lsoa21_bsc.geojson"
WARD_FILE = "boundaries/wards_wd24_from_lsoa21.geojson"
OUTLINE_FILE = "boundaries/outline_from_lsoa21.geojson"
LINEAGE_FILE = "lookups/lsoa11_to_lsoa21.csv"
WARD_LOOKUP_FILE = "lookups/lsoa21_to_ward.csv"
WARD_BEST_FIT = "WD24CD_ons_bestfit"
WARD_NAME = "WD24NM_ons_bestfit"
#: Written into the lineage lookup: 1 for the council's own 2011 LSOAs (geo.build.IN_AREA).
IN_AREA = "in_area"
GEOGRAPHY_IDS = ("lsoa21", "lsoa11", "lsoa01", "wd24", "county")

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Council:
    """An English local authority district (2024)."""

    code: str
    name: str


def councils(data_dir: Path | None = None) -> dict[str, str]:
    """Every English local authority (2024), code → name, from the England files."""
    data_dir = data_dir or paths.data_dir()
    table = england.read_england_file(data_dir, england.LAD_BOUNDARIES, ["LAD24CD", "LAD24NM"])
    codes, names = table["LAD24CD"].astype(str), table["LAD24NM"].astype(str)
    return dict(sorted(zip(codes, names, strict=True)))


def find(code: str, data_dir: Path | None = None) -> Council:
    """The council with this GSS code.

    Raises
    ------
    SettingError
        If the code is not an English local authority's, with examples of real ones.
    """
    known = councils(data_dir)
    if code in known:
        return Council(code, known[code])
    examples = ", ".join(f"{c} ({n})" for c, n in list(known.items())[:3])
    raise SettingError(
        f"{paths.AREA_SETTING}={code[:12]!r} is not the code of an English local authority. "
        f"Use a 2024 local authority district code such as {examples}, or leave the "
        "setting out for the county whose data is in data/."
    )


# --------------------------------------------------------------------------------------
# Which areas are the council's
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Areas:
    """The council's LSOAs on each edition's boundaries."""

    lsoa21: tuple[str, ...]
    lsoa11: tuple[str, ...]
    lsoa01: tuple[str, ...]


def areas_of(code: str, data_dir: Path) -> Areas:
    """The council's 2021, 2011 and 2001 LSOAs (see the module docstring for the rules).

    Raises
    ------
    SettingError
        If no LSOA belongs to ``code``.
    """
    lad21 = england.read_england_file(data_dir, IMD2025, ["LSOA code (2021)", LAD_COLUMN_2025])
    lad_of = lad21.set_index("LSOA code (2021)")[LAD_COLUMN_2025]
    lsoa21 = sorted(lad_of.index[lad_of == code])
    if not lsoa21:
        raise SettingError(f"No English LSOA belongs to {code}; check {paths.AREA_SETTING}.")
    lineage = england.read_england_file(data_dir, england.LOOKUPS["lsoa11_lsoa21"])
    lineage = lineage.assign(lad=lineage["LSOA21CD"].map(lad_of))
    lad19 = england.read_england_file(data_dir, IMD2019, ["LSOA code (2011)", LAD_COLUMN_2019])
    lad19 = lad19.set_index("LSOA code (2011)")[LAD_COLUMN_2019]
    pairs = lineage.groupby(["LSOA11CD", "lad"]).size().rename("n").reset_index()
    shared = pairs.groupby("LSOA11CD")["lad"].transform("size") > 1
    owner = dict(pairs.loc[~shared, ["LSOA11CD", "lad"]].itertuples(index=False))
    for lsoa11, rows in pairs[shared].groupby("LSOA11CD"):  # a handful in all England
        tied = list(rows.loc[rows["n"] == rows["n"].max(), "lad"])
        owner[lsoa11] = lad19.get(lsoa11) if lad19.get(lsoa11) in tied else sorted(tied)[0]
    lsoa11 = sorted(c for c, lad in owner.items() if lad == code)
    l01 = england.read_england_file(data_dir, england.LOOKUPS["lsoa01_lsoa11"])
    lsoa01 = sorted(set(l01.loc[l01["LSOA11CD"].isin(lsoa11), "LSOA01CD"]))
    return Areas(tuple(lsoa21), tuple(lsoa11), tuple(lsoa01))


# --------------------------------------------------------------------------------------
# The pack
# --------------------------------------------------------------------------------------


def pack_dir(build_dir: Path | None = None) -> Path:
    """Where the council's derived pack is kept (inside its build folder)."""
    return (build_dir or paths.build_dir()) / FOLDER


def fingerprint(code: str, data_dir: Path | None = None) -> str:
    """Hash of everything the pack is derived from: the England files, the county's
    registry and geographies, the column map, this code, and the council."""
    data_dir = data_dir or paths.data_dir()
    digest = hashlib.sha256(f"council {SCHEMA_VERSION} {code}\n".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(Path(england.__file__).read_bytes())
    add_files(
        digest, data_dir, sorted(set(england.input_files(data_dir)) | {geographies.FILE_NAME})
    )
    return digest.hexdigest()


def usable_pack(code: str, data_dir: Path | None = None, build_dir: Path | None = None):
    """The current pack folder if it was derived from these inputs, else None."""
    current = current_path(pack_dir(build_dir))
    if current is None or not current.is_dir():
        return None
    with contextlib.suppress(ArtifactError):
        manifest = read_manifest(current)
        if manifest.get("fingerprint") == fingerprint(code, data_dir) and all(
            (current / rel).is_file() and sha256_file(current / rel) == digest
            for rel, digest in manifest.get("files", {}).items()
        ):
            return current
    return None


def prepare(
    code: str,
    data_dir: Path | None = None,
    build_dir: Path | None = None,
    progress: Progress | None = None,
) -> Path:
    """Derive the council's pack from the England files, or confirm it is up to date.

    Returns
    -------
    Path
        The pack folder, laid out like ``data/`` (pass it to :func:`geo.build.build`).

    Raises
    ------
    SettingError
        If ``code`` is not an English local authority.
    DataError
        Naming the England file at fault.
    """
    data_dir = data_dir or paths.data_dir()
    say = progress or (lambda _f, _m: None)
    council = find(code, data_dir)
    current = usable_pack(code, data_dir, build_dir)
    if current is not None:
        return current
    inputs_hash = fingerprint(code, data_dir)

    def write(out: Path) -> None:
        say(0.02, f"Taking {council.name}'s neighbourhoods from England's files")
        files = derive(council, data_dir, out)
        manifest = {
            "schema": SCHEMA_VERSION,
            "fingerprint": inputs_hash,
            "council": {"code": council.code, "name": council.name},
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "files": {rel: sha256_file(out / rel) for rel in files},
        }
        (out / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")

    return versioned.publish(pack_dir(build_dir), inputs_hash, write)


def derive(council: Council, data_dir: Path, out: Path) -> list[str]:
    """Write the council's pack into ``out``; returns its files (relative to ``out``)."""
    areas = areas_of(council.code, data_dir)
    mapping = england.column_map(data_dir)
    files = [_write_tables(areas, mapping, data_dir, out, rel) for rel in _tables(mapping)]
    lsoas = _lsoa_boundaries(areas, data_dir)
    wards = pd.read_csv(out / WARD_LOOKUP_FILE, dtype=str).set_index("LSOA21CD")
    files += _write_boundaries(council, lsoas, wards, out)
    registry = england_registry(data_dir, mapping)
    write_toml(out / paths.REGISTRY_FILE, registry, _header(council, "indicator registry"))
    kinds = council_geographies(council, areas, wards[WARD_BEST_FIT].nunique(), data_dir)
    write_toml(out / geographies.FILE_NAME, kinds, _header(council, "geographies"))
    return [*files, paths.REGISTRY_FILE, geographies.FILE_NAME]


def _header(council: Council, what: str) -> str:
    return (
        f"The {what} of {council.name} ({council.code}), made by geo.council from the\n"
        "county's own file and the England files. Do not edit: it is derived again when\n"
        "they change."
    )


def _tables(mapping: pd.DataFrame) -> list[str]:
    """County files with an England counterpart, other than boundaries."""
    return sorted(f for f in set(mapping["pack_file"]) if not f.startswith("boundaries/"))


def _write_tables(areas: Areas, mapping: pd.DataFrame, data_dir: Path, out: Path, rel: str) -> str:
    """One county file rebuilt from its England counterpart, for the council's areas."""
    table = england.read_as_pack(data_dir, rel, mapping)
    if table.index.name is not None:
        table = table.reset_index()
    if rel == LINEAGE_FILE:
        # Every 2021 LSOA's whole lineage, marking which 2011 LSOAs are the council's.
        table = table[table["LSOA21CD"].isin(areas.lsoa21)]
        table = table.assign(**{IN_AREA: table["LSOA11CD"].isin(areas.lsoa11).astype(int)})
    elif "LSOA21CD" in table.columns:
        table = table[table["LSOA21CD"].isin(areas.lsoa21)]
    elif "LSOA11CD" in table.columns:
        table = table[table["LSOA11CD"].isin(areas.lsoa11)]
    else:
        table = table[table["LSOA01CD"].isin(areas.lsoa01)]
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False)
    return rel


def _lsoa_boundaries(areas: Areas, data_dir: Path) -> gpd.GeoDataFrame:
    shapes = england.read_england_file(data_dir, england.BOUNDARIES)
    shapes = shapes[shapes["LSOA21CD"].isin(areas.lsoa21)]
    return shapes[["LSOA21CD", "LSOA21NM", "geometry"]].sort_values("LSOA21CD", ignore_index=True)


def _write_boundaries(
    council: Council, lsoas: gpd.GeoDataFrame, wards: pd.DataFrame, out: Path
) -> list[str]:
    """LSOA boundaries, wards drawn as the union of their best-fit LSOAs, the outline."""
    ward = wards.reindex(lsoas["LSOA21CD"])
    by_ward = gpd.GeoDataFrame(
        {"WD24CD": ward[WARD_BEST_FIT].to_numpy(), "WD24NM": ward[WARD_NAME].to_numpy()},
        geometry=lsoas.geometry.values,
        crs=lsoas.crs,
    ).dissolve(by=["WD24CD", "WD24NM"], as_index=False)
    outline = gpd.GeoDataFrame(
        {"LAD_CD": [council.code], "LAD_NM": [council.name]},
        geometry=[lsoas.geometry.union_all()],
        crs=lsoas.crs,
    )
    written = []
    for rel, frame in ((LSOA_FILE, lsoas), (WARD_FILE, by_ward), (OUTLINE_FILE, outline)):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        frame.to_file(out / rel, driver="GeoJSON")
        written.append(rel)
    return written


# --------------------------------------------------------------------------------------
# The council's registry and geographies
# --------------------------------------------------------------------------------------


def _columns_read(indicator: Mapping[str, Any], source: Mapping[str, Any]) -> set[str]:
    """Every column of its source file an indicator needs."""
    names = {indicator.get(k) for k in ("column", "numerator_column", "denominator_column")}
    names |= {source.get(k) for k in ("key", "period_column", "category_column")}
    names |= {source.get("denominator_column")}
    names |= set(source.get("where", {})) | set(indicator.get("where", {}))
    return {n for n in names if n}


def england_registry(data_dir: Path, mapping: pd.DataFrame | None = None) -> dict[str, Any]:
    """The county's registry cut down to what the England files hold, as TOML data.

    An indicator stays when every column it reads is in the column map; references to
    indicators that did not stay (``previous``, ``decile_indicator``) are dropped, and so
    are the population weights (the England files have no population figures).
    """
    mapping = england.column_map(data_dir) if mapping is None else mapping
    mapped = set(zip(mapping["pack_file"], mapping["pack_column"], strict=True))
    england_files = dict(zip(mapping["pack_file"], mapping["england_file"], strict=False))
    raw = tomllib.loads((data_dir / paths.REGISTRY_FILE).read_text(encoding="utf-8"))
    sources = raw.get("source", {})
    kept = [
        dict(ind)
        for ind in raw.get("indicator", [])
        if all(
            (sources[ind["source"]]["file"], c) in mapped
            for c in _columns_read(ind, sources[ind["source"]])
        )
    ]
    ids = {ind["id"] for ind in kept}
    for ind in kept:
        for ref in ("previous", "decile_indicator"):
            if ind.get(ref) and ind[ref] not in ids:
                del ind[ref]
    used = {ind["source"] for ind in kept}
    kept_sources = {}
    for sid, source in sources.items():
        if sid in used:
            note = f"Read from the England file data/{england_files[source['file']]}."
            kept_sources[sid] = {**source, "notes": f"{source.get('notes', '')} {note}".strip()}
    settings = {
        k: v for k, v in raw.get("settings", {}).items() if k not in ("population_indicator",)
    }
    settings["profile_indicators"] = [i for i in settings.get("profile_indicators", ()) if i in ids]
    return {"settings": settings, "source": kept_sources, "indicator": kept}


def council_geographies(
    council: Council, areas: Areas, n_wards: int, data_dir: Path
) -> dict[str, Any]:
    """The council's geographies: the county's LSOA editions with the council's counts,
    wards from the ONS best fit (approximate), the council itself."""
    county = tomllib.loads((data_dir / geographies.FILE_NAME).read_text(encoding="utf-8"))
    base = {g["id"]: g for g in county.get("geography", [])}
    lsoa = {k: v for k, v in base["lsoa21"].items()}
    lsoa.update(file=LSOA_FILE, expected_count=len(areas.lsoa21))
    earlier = [
        {
            **{
                k: v
                for k, v in base[geo].items()
                if k not in ("file", "code_column", "name_column")
            },
            "expected_count": count,
        }
        for geo, count in (("lsoa11", len(areas.lsoa11)), ("lsoa01", len(areas.lsoa01)))
    ]
    wards = {
        "id": "wd24",
        "label": "Ward (2024, approximate)",
        "plural": "wards (2024, approximate: drawn from whole LSOAs)",
        "noun": "wards",
        "singular": "ward",
        "code_prefix": "E05",
        "expected_count": n_wards,
        "file": WARD_FILE,
        "code_column": "WD24CD",
        "name_column": "WD24NM",
        "display_tolerance_m": 30.0,
        "mappable": True,
        "best_fit": WARD_BEST_FIT,
    }
    whole = {
        "id": "county",
        "label": council.name,
        "plural": "council area",
        "noun": "council areas",
        "singular": "council area",
        "code_prefix": council.code[:3],
        "expected_count": 1,
        "file": OUTLINE_FILE,
        "code_column": "LAD_CD",
        "name_column": "LAD_NM",
        "display_tolerance_m": 60.0,
    }
    return {
        "county": {"code": council.code, "name": council.name, "built_from": "england"},
        "geography": [lsoa, *earlier, wards, whole],
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m geo.council``: list the councils that can be built."""
    for code, name in councils().items():
        print(f"{code}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
