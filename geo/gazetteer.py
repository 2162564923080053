"""The place-name gazetteer (``data/lookups/places_northumberland.csv``) and how names match.

The gazetteer lists Northumberland's named places (towns, villages, hamlets, suburbs and
localities) with a point and the 2021 LSOA the point falls in; towns also list the LSOAs
their extent covers. Its ``tier`` says how much to trust a row: ``primary`` (Ordnance
Survey Open Names), ``gapfill`` (ONS and GeoNames points standing in for a missing OS
tile around Cramlington) and ``supplementary`` (ONS-only names, mostly farms, halls and
estates). See ``data/lookups/places_northumberland.md``.

:func:`normal_form` is the one way names are compared, here and in :mod:`geo.search`:
case, accents, apostrophes, hyphens and the little words of English place names
("upon", "on the", "by-the-sea") do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd

from geo.errors import DataError

#: The gazetteer's file in the data folder.
FILE = "lookups/places_northumberland.csv"
#: Columns the app uses.
COLUMNS = (
    "name",
    "kind",
    "lat",
    "lon",
    "lsoa21",
    "tier",
    "easting",
    "northing",
    "lsoa21_in_extent",
    "source_id",
)
#: Where the place names come from, and the attribution their licences ask for.
PROVENANCE = (
    "Place names and points: Ordnance Survey Open Names (about October 2021; contains OS "
    "data © Crown copyright and database right 2021), the ONS Index of Place Names in "
    "Great Britain (July 2016; Source: Office for National Statistics licensed under the "
    "Open Government Licence v.3.0), both under the Open Government Licence v3.0, and two "
    "names from GeoNames (geonames.org, CC BY). Local names of neighbourhoods are the "
    "observatory's own, made from these and the 2025 divisions (see data/README.md)."
)
#: Kinds of place, most important first (towns before villages before hamlets ...).
KINDS = ("town", "village", "suburban area", "hamlet", "other settlement", "locality")
TIERS = ("primary", "gapfill", "supplementary")
#: Tiers that name settlements; ``supplementary`` rows are mostly farms and halls.
SETTLEMENT_TIERS = ("primary", "gapfill")

_FILLER_PHRASES = re.compile(r"\bby the sea\b")
_FILLER_WORDS = frozenset({"upon", "on", "the", "by", "in", "and", "of", "at"})
_WORDS = {"st": "saint", "mt": "mount"}


def normal_form(text: str) -> str:
    """A name as it is compared: lower case, no accents, no punctuation, no filler words.

    ``"Berwick-upon-Tweed"`` and ``"berwick upon tweed"`` both give ``"berwick tweed"``;
    ``"Newbiggin-by-the-Sea"`` gives ``"newbiggin"``; ``"Scots' Gap"`` gives
    ``"scots gap"``. A name made only of filler words keeps them.
    """
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"['’‘`´]", "", plain).replace("&", " and ")
    plain = re.sub(r"[^a-z0-9]+", " ", plain)
    plain = _FILLER_PHRASES.sub(" ", plain)
    words = [_WORDS.get(w, w) for w in plain.split()]
    kept = [w for w in words if w not in _FILLER_WORDS]
    return " ".join(kept or words)


def squashed(normal: str) -> str:
    """A normal form without spaces, so "Scotsgap" meets "Scots' Gap"."""
    return normal.replace(" ", "")


def read_places(table: pd.DataFrame, path: Path, lsoa_codes: set[str]) -> pd.DataFrame:
    """Check the gazetteer as read (text columns) and give it typed columns.

    Returns
    -------
    DataFrame
        One row per place, in file order: the :data:`COLUMNS`, with ``lat``, ``lon``,
        ``easting`` and ``northing`` as numbers, an ``id`` (the OS id, or one made from
        the row number for rows without one), ``normal`` (:func:`normal_form` of the
        name) and ``extent`` (LSOA code → share of the place's extent, towns and other
        OS rows; empty otherwise).

    Raises
    ------
    DataError
        Naming the first problem: an unknown kind or tier, a point without
        coordinates, an LSOA that is not one of the county's.
    """
    places = table[list(COLUMNS)].copy()
    for column, allowed in (("kind", KINDS), ("tier", TIERS)):
        bad = sorted(set(places[column].fillna("(empty)")) - set(allowed))
        if bad:
            raise DataError(path, f"column {column} has unknown value(s) {bad[:5]}.")
    for column in ("lat", "lon", "easting", "northing"):
        numbers = pd.to_numeric(places[column], errors="coerce")
        if numbers.isna().any():
            row = int(numbers.isna().to_numpy().argmax()) + 2
            raise DataError(path, f"line {row} has no number in column {column}.")
        places[column] = numbers
    unknown = sorted(set(places["lsoa21"].dropna()) - lsoa_codes)
    if unknown or places["lsoa21"].isna().any():
        raise DataError(path, f"names LSOAs that are not the county's: {unknown[:5]}.")
    if places["name"].isna().any():
        raise DataError(path, "has a place without a name.")
    places["id"] = [
        sid if isinstance(sid, str) and sid else f"row{n + 2}"
        for n, sid in enumerate(places["source_id"])
    ]
    places["normal"] = places["name"].map(normal_form)
    places["extent"] = places["lsoa21_in_extent"].map(_extent)
    return places.reset_index(drop=True)


def _extent(cell: object) -> dict[str, float]:
    """``"E01027358:0.34;E01027356:0.31"`` → ``{"E01027358": 0.34, "E01027356": 0.31}``."""
    if not isinstance(cell, str) or not cell:
        return {}
    out = {}
    for part in cell.split(";"):
        code, _, share = part.partition(":")
        try:
            out[code.strip()] = float(share)
        except ValueError:
            continue
    return out


def town_points(places: pd.DataFrame, names: set[str]) -> dict[str, int]:
    """The row of each town's own point, by name: its OS town row, else the first row of
    that name (Cramlington's is an ONS locality)."""
    ranked = places.assign(is_town=places["kind"] == "town").sort_values(
        "is_town", ascending=False, kind="stable"
    )
    return {
        name: int(ranked.index[ranked["name"] == name][0])
        for name in sorted(names)
        if (ranked["name"] == name).any()
    }


def importance(kind: str, tier: str) -> int:
    """A place's weight when several match: towns highest, unconfirmed localities lowest."""
    rank = len(KINDS) - KINDS.index(kind) if kind in KINDS else 0
    return rank * 2 + (0 if tier == "supplementary" else 1)
