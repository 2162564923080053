"""Names people know for the 2021 LSOAs, made from the gazetteer and the divisions.

ONS names LSOAs by district and letter ("Northumberland 010C"), which nobody who lives
there would recognise. Each LSOA gets a local name instead, made when the data is built
and kept beside the ONS name and GSS code. The rule, also written out for people in
``data/README.md``:

1. **Town or country.** An LSOA is in a town when the gazetteer lists it in the town's
   extent (several towns: the one covering most of it). An urban LSOA outside every
   extent is in the town whose name starts its division's name and at least two other
   division names (Cramlington, whose Ordnance Survey record is missing), or else in the
   town most of its division's LSOAs are in. An LSOA in a town is one of the town's
   neighbourhoods when it is urban, holds no village, or holds the town's point;
   otherwise it is named after its villages, with the town's point competing with them.
2. **Which places.** Each postcode of the LSOA counts for the nearest candidate place (the
   places whose point is inside the LSOA, plus its town's point): a stand-in for where
   people live, since the gazetteer has no population. Places are ranked by that count,
   then by kind (town, village, suburb, hamlet ...) and name. Settlements (OS and
   gap-fill rows) come first; ONS-only names (mostly farms and estates) are used only
   when no settlement is left, and never when they name a road or a farm.
3. **The name.** A town neighbourhood holding the town's point is "Hexham centre" (just
   "Wooler" when it is the town's only neighbourhood); else "<its first place>, <town>"
   ("Spittal, Berwick-upon-Tweed"); else its division, with any "with …" part dropped, either
   alone when it already names the town ("Morpeth North", "Berwick East") or before the
   town ("Hirst, Ashington"). In the country: its first village, and its second when
   that counts at least a quarter as many postcodes ("Belford & Bamburgh"); else its
   first other place; else its division's name.
4. **Unique.** When several LSOAs would share a name and exactly one holds the place the
   name comes from, it keeps the name; the others (or all, when none or several hold
   it) add their compass direction from that one (or from the group's middle):
   "Bothal, Ashington (east)"; on sixteen points where eight repeat; nearer or further
   in the same direction where those repeat too ("Hirst, Ashington (further north)");
   and, last, by its ONS code letter.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj

from geo.gazetteer import SETTLEMENT_TIERS, importance, normal_form, town_points

BRITISH_GRID = "EPSG:27700"
#: A settlement starting this many division names is a town (Cramlington).
DIVISION_TOWN_MIN = 3
#: A second village joins the name when it counts this share of the first's postcodes.
SECOND_PLACE_SHARE = 0.25
#: ONS-only names that are not neighbourhoods people would give as where they live.
_NOT_A_NEIGHBOURHOOD = re.compile(r"\b(?:road|street|lane|farm)$", re.IGNORECASE)
#: Sixteen compass points, counter-clockwise from east (the grid's angle 0).
_COMPASS = (
    "east",
    "east-north-east",
    "north-east",
    "north-north-east",
    "north",
    "north-north-west",
    "north-west",
    "west-north-west",
    "west",
    "west-south-west",
    "south-west",
    "south-south-west",
    "south",
    "south-south-east",
    "south-east",
    "east-south-east",
)


@dataclass(frozen=True)
class _Named:
    """A name before it is made unique."""

    name: str
    settlement: str
    #: True when a place the name comes from lies inside the LSOA
    holds: bool


def local_names(
    places: pd.DataFrame,
    lsoas: gpd.GeoDataFrame,
    divisions: pd.Series,
    postcodes: pd.DataFrame,
    urban: pd.Series,
) -> pd.DataFrame:
    """A unique local name and the settlement of every LSOA.

    Parameters
    ----------
    places
        The gazetteer as checked by :func:`geo.gazetteer.read_places`.
    lsoas
        LSOA boundaries (``code``, ``name``, ``wd25``, geometry).
    divisions
        2025 division names by code.
    postcodes
        ``LSOA21CD``, ``lat``, ``lon`` of every postcode.
    urban
        ``"Urban"`` or ``"Rural"`` by LSOA code.

    Returns
    -------
    DataFrame
        Indexed by LSOA code, in the order of ``lsoas``: ``local_name`` (unique),
        ``settlement`` (the town or main village it belongs to, or its division) and
        ``town`` (the town it is part of, or None): a town's LSOAs are its view.
    """
    codes = [str(c) for c in lsoas["code"]]
    places = places[["name", "kind", "tier", "lsoa21", "easting", "northing", "extent"]]
    by_lsoa = {str(code): rows for code, rows in places.groupby("lsoa21")}
    division_of = {c: str(divisions.get(d, "")) for c, d in zip(codes, lsoas["wd25"], strict=True)}
    is_urban = {c: urban.get(c) == "Urban" for c in codes}
    towns = _towns(places, codes, division_of, is_urban)
    located = _grid_postcodes(postcodes)
    town_rows = town_points(places, set(towns.values()))
    named = {
        code: _name(
            places,
            by_lsoa.get(code, places.iloc[:0]),
            located.get(code),
            towns.get(code),
            town_rows.get(towns.get(code, "")),
            division_of[code],
            is_urban[code],
        )
        for code in codes
    }
    named = _town_only_once(named)
    points = lsoas.to_crs(BRITISH_GRID).representative_point()
    where = {c: (p.x, p.y) for c, p in zip(codes, points, strict=True)}
    letters = {c: str(n).rsplit(" ", 1)[-1] for c, n in zip(codes, lsoas["name"], strict=True)}
    unique = _unique(named, where, letters)
    return pd.DataFrame(
        {
            "local_name": [unique[c] for c in codes],
            "settlement": [named[c].settlement for c in codes],
            "town": [towns[c] if named[c].settlement == towns.get(c) else None for c in codes],
        },
        index=pd.Index(codes, name="code"),
    )


def _grid_postcodes(postcodes: pd.DataFrame) -> dict[str, np.ndarray]:
    """Postcode points in British National Grid metres, by LSOA."""
    to_grid = pyproj.Transformer.from_crs("EPSG:4326", BRITISH_GRID, always_xy=True)
    lon = pd.to_numeric(postcodes["lon"], errors="coerce")
    lat = pd.to_numeric(postcodes["lat"], errors="coerce")
    ok = (lon.notna() & lat.notna()).to_numpy()
    x, y = to_grid.transform(lon[ok].to_numpy(), lat[ok].to_numpy())
    frame = pd.DataFrame({"lsoa": postcodes["LSOA21CD"].to_numpy()[ok], "x": x, "y": y})
    return {str(k): g[["x", "y"]].to_numpy() for k, g in frame.groupby("lsoa")}


def _votes(points: np.ndarray | None, candidates: pd.DataFrame) -> dict[int, int]:
    """How many of the postcode ``points`` are nearest to each candidate place (by row)."""
    if points is None or candidates.empty:
        return {}
    where = candidates[["easting", "northing"]].to_numpy()
    distance = ((points[:, None, :] - where[None, :, :]) ** 2).sum(axis=2)
    counts = np.bincount(distance.argmin(axis=1), minlength=len(candidates))
    return {int(row): int(n) for row, n in zip(candidates.index, counts, strict=True)}


def _towns(
    places: pd.DataFrame,
    codes: list[str],
    division_of: dict[str, str],
    is_urban: dict[str, bool],
) -> dict[str, str]:
    """The town each LSOA is in, for LSOAs in a town (see rule 1)."""
    out: dict[str, str] = {}
    best: dict[str, tuple[float, bool]] = {}
    for _, town in places[places["kind"] == "town"].iterrows():
        for code, share in town["extent"].items():
            key = (share, town["lsoa21"] == code)
            if code in division_of and key > best.get(code, (-1.0, False)):
                out[code], best[code] = str(town["name"]), key
    settlements = set(places.loc[places["tier"].isin(SETTLEMENT_TIERS), "name"])
    division_names = set(division_of.values())
    starting = sorted(
        name
        for name in settlements
        if sum(_starts(d, name) for d in division_names) >= DIVISION_TOWN_MIN
    )
    for code in codes:
        found = [name for name in starting if _starts(division_of[code], name)]
        if code not in out and is_urban[code] and found:
            out[code] = found[0]
    for code in codes:
        if code not in out and is_urban[code]:
            neighbours = [out[c] for c in codes if division_of[c] == division_of[code] and c in out]
            if neighbours:
                out[code] = max(sorted(set(neighbours)), key=neighbours.count)
    return out


def _starts(division: str, name: str) -> bool:
    return division == name or division.startswith(f"{name} ")


def _ranked(rows: pd.DataFrame, votes: dict[int, int]) -> list[tuple[str, int]]:
    """(name, postcodes) of places: most postcodes first, then kind, then name."""
    keyed = sorted(
        (-votes.get(int(i), 0), -importance(r["kind"], r["tier"]), str(r["name"]))
        for i, r in rows.iterrows()
    )
    seen: dict[str, int] = {}
    for minus_votes, _, name in keyed:
        seen.setdefault(name, -minus_votes)
    return list(seen.items())


def _name(
    places: pd.DataFrame,
    inside: pd.DataFrame,
    postcodes: np.ndarray | None,
    town: str | None,
    town_row: int | None,
    division: str,
    urban: bool,
) -> _Named:
    """One LSOA's name before de-duplication (rules 1 to 3)."""
    settled = inside[inside["tier"].isin(SETTLEMENT_TIERS) & (inside["name"] != town)]
    others = inside[
        ~inside["tier"].isin(SETTLEMENT_TIERS)
        & ~inside["name"].str.contains(_NOT_A_NEIGHBOURHOOD)
        & (inside["name"] != town)
    ]
    holds_town = town is not None and bool((inside["name"] == town).any())
    villages = settled[settled["kind"].isin(("town", "village"))]
    with_town = settled if town_row is None else pd.concat([settled, places.loc[[town_row]]])
    votes = _votes(postcodes, with_town) | _votes(postcodes, others)
    in_town = town is not None and (urban or villages.empty or holds_town)
    if in_town:
        assert town is not None
        if holds_town:
            return _Named(f"{town} centre", town, True)
        for rows in (settled, others):
            if not rows.empty:
                return _Named(f"{_ranked(rows, votes)[0][0]}, {town}", town, True)
        short = division.split(" with ")[0]
        if normal_form(town).split()[0] in normal_form(short).split():
            return _Named(short, town, False)
        return _Named(f"{short}, {town}", town, False)
    # In the country the town's point competes with the villages for the postcodes.
    with_town_point = (
        villages if town_row is None else pd.concat([villages, places.loc[[town_row]]])
    )
    for rows in (with_town_point, settled, others):
        ranked = _ranked(rows, votes)
        if ranked:
            (first, most), second = ranked[0], ranked[1:2]
            if second and second[0][1] >= max(1, SECOND_PLACE_SHARE * most):
                return _Named(f"{first} & {second[0][0]}", first, True)
            return _Named(first, first, True)
    return _Named(division, division, False)


def _town_only_once(named: dict[str, _Named]) -> dict[str, _Named]:
    """ "Wooler centre" is just "Wooler" when no other LSOA is named after Wooler."""
    per_settlement = pd.Series([n.settlement for n in named.values()]).value_counts()
    return {
        code: _Named(n.settlement, n.settlement, True)
        if n.name == f"{n.settlement} centre" and per_settlement[n.settlement] == 1
        else n
        for code, n in named.items()
    }


def _unique(
    named: dict[str, _Named], where: dict[str, tuple[float, float]], letters: dict[str, str]
) -> dict[str, str]:
    """Tell apart LSOAs that would share a name (rule 4)."""
    groups: dict[str, list[str]] = {}
    for code, n in named.items():
        groups.setdefault(n.name, []).append(code)
    out = {code: n.name for code, n in named.items()}
    for name, members in groups.items():
        if len(members) == 1:
            continue
        holders = [c for c in members if named[c].holds]
        keeper = holders[0] if len(holders) == 1 else None
        if keeper is not None:
            middle = where[keeper]
        else:
            middle = (
                sum(where[c][0] for c in members) / len(members),
                sum(where[c][1] for c in members) / len(members),
            )
        rest = [c for c in members if c != keeper]
        for code, qualifier in _directions(rest, middle, where, letters).items():
            out[code] = f"{name} ({qualifier})"
    return out


def _directions(
    codes: list[str],
    middle: tuple[float, float],
    where: dict[str, tuple[float, float]],
    letters: dict[str, str],
) -> dict[str, str]:
    """What tells each LSOA apart: its compass direction from ``middle`` on eight points;
    on sixteen where eight repeat; "further" / "furthest" by distance where sixteen
    repeat too; then its ONS code letter."""

    def offset(code: str) -> tuple[float, float]:
        return where[code][0] - middle[0], where[code][1] - middle[1]

    def by_distance(left: list[str]) -> dict[str, str]:
        out = {}
        for direction in {_compass(*offset(c)) for c in left}:
            same = sorted(
                (c for c in left if _compass(*offset(c)) == direction),
                key=lambda c: math.hypot(*offset(c)),
            )
            for prefix, code in zip(("", "further ", "furthest "), same, strict=False):
                out[code] = f"{prefix}{direction}"
        return out

    ways = (
        lambda left: {c: _compass(*offset(c), 8) for c in left},
        lambda left: {c: _compass(*offset(c), 16) for c in left},
        by_distance,
        lambda left: {c: letters[c] for c in left},
    )
    found: dict[str, str] = {}
    for way in ways:
        named = way([c for c in codes if c not in found])
        for code, qualifier in named.items():
            if list(named.values()).count(qualifier) == 1:
                found[code] = qualifier
    return found


def _compass(dx: float, dy: float, points: int = 8) -> str:
    """Compass direction (eight or sixteen points) of a vector in grid metres."""
    angle = math.degrees(math.atan2(dy, dx)) % 360  # east = 0°, counter-clockwise
    step = 360 / points
    index = round(angle / step) % points
    return _COMPASS[index * 16 // points]
