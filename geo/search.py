"""Find an area from what a person types: a postcode, a place, a division, a code.

Postcodes are accepted in any case and spacing (``ne611aa``, ``NE61 1AA``) and looked up
in the ONS postcode directory extract. Names are matched against the gazetteer's towns,
villages, hamlets and localities, the divisions and wards, and the LSOAs' local and ONS
names, all compared in :func:`geo.gazetteer.normal_form` (case, accents, hyphens,
apostrophes, "upon", "by-the-sea" do not matter), by whole name, by the start of a name
("Allendale" finds "Allendale Town") and with a typo or two. A village opens the LSOA it
lies in; a town opens the view of all its LSOAs (geography ``"town"``).

Input is untrusted: it is length-limited, and messages never repeat it except in a
cleaned, shortened form.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import pandas as pd

from geo.artifact import Artifact
from geo.cleaning import clean
from geo.gazetteer import importance, normal_form, squashed, town_points

#: Outward codes' letters of the postcode areas that reach into Northumberland.
LOCAL_POSTCODE_AREAS = ("NE", "TD", "CA", "DH")
#: The geography of a town's view: all its LSOAs together (code = the town's name).
TOWN = "town"
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_CODES = ("wd25", "wd22", "wd24", "lsoa21")
#: How much each kind of match counts, best first. A typo is only ever a suggestion.
EXACT, PREFIX, WORD, TYPO = 4, 3, 2, 1
#: Weights of areas against places (see geo.gazetteer.importance: towns 13, villages 11,
#: suburbs 9, hamlets 7 ...): an LSOA's own name is nearly a town's, unless it is only
#: its division's name (then the division comes first); old wards come last.
_AREA_WEIGHT = {"lsoa21": 12, "wd25": 8, "wd24": 8, "wd22": 1}
_BORROWED_NAME_WEIGHT = 7


@dataclass(frozen=True)
class Place:
    """Something a search found, and the area it opens."""

    geography: str  # "lsoa21", "wd25", "wd22" or TOWN
    code: str  # GSS code, or the town's name for TOWN
    name: str  # what was found, in its standard form: "NE63 9DZ", "Berwick-upon-Tweed"
    how: str  # what it is: "postcode", "village", "Electoral division (2025)"
    lat: float | None = None
    lon: float | None = None
    where: str = ""  # what tells it from others of its name: "Corbridge division"

    @property
    def label(self) -> str:
        """How a person tells it from other matches: "Bridge End — hamlet, Humshaugh
        division"."""
        details = ", ".join(part for part in (self.how, self.where) if part)
        return f"{self.name} — {details}" if details else self.name


@dataclass(frozen=True)
class SearchResult:
    """Matches (best first), a message when there is none or several, and other places
    the words also match when one is found."""

    matches: tuple[Place, ...]
    message: str = ""
    also: tuple[Place, ...] = ()
    #: True when the matches are only near misses, to offer rather than open
    guesses: bool = False

    @property
    def found(self) -> bool:
        return len(self.matches) == 1 and not self.guesses


def normalise_postcode(text: str) -> str | None:
    """``'ne611aa'`` → ``'NE61 1AA'``; None if it is not shaped like a full UK postcode."""
    squeezed = re.sub(r"\s+", "", str(text)).upper()
    match = _POSTCODE.match(squeezed)
    return f"{match.group(1)} {match.group(2)}" if match else None


def looks_like_postcode(text: str) -> bool:
    """True when the text is probably meant as a postcode (letters then a digit)."""
    squeezed = re.sub(r"\s+", "", str(text)).upper()
    return bool(re.match(r"^[A-Z]{1,2}[0-9]", squeezed)) and len(squeezed) <= 8


def search(artifact: Artifact, query: str, *, limit: int = 6) -> SearchResult:
    """Look up a postcode, a GSS code or a place name.

    Returns
    -------
    SearchResult
        One match when the answer is clear (with ``also``: up to ``limit`` other
        places the words match); several, with a message, when places share the name
        or only come close (a single near miss is offered, not opened); none, with a
        message saying what to try.
    """
    text = clean(query)
    if not text:
        if not artifact.has_lookup("postcodes"):
            return SearchResult((), "Type a ward or neighbourhood name, or an LSOA code.")
        return SearchResult((), "Type a postcode (for example NE61 1AA) or a place name.")
    if looks_like_postcode(text):
        return _postcode(artifact, text)
    code = text.upper()
    for geo_id in searchable(artifact):
        if artifact.is_area(geo_id, code):
            kind = artifact.geography(geo_id).label
            return SearchResult((Place(geo_id, code, artifact.local_name(geo_id, code), kind),))
    return _names(artifact, text, limit)


def is_found_area(artifact: Artifact, place: Place) -> bool:
    """True when a found place names an area of the artifact (or one of its towns)."""
    if place.geography == TOWN:
        return place.code in artifact.towns()
    return artifact.is_area(place.geography, place.code)


def searchable(artifact: Artifact) -> list[str]:
    """The geographies of this artifact that are searched by name and code."""
    return [g for g in _CODES if artifact.has_geography(g)]


def _postcode(artifact: Artifact, text: str) -> SearchResult:
    if not artifact.has_lookup("postcodes"):
        return SearchResult(
            (),
            f"Postcode search is not available for {artifact.county_name}: the England-wide "
            "files it is built from have no postcodes. Type a ward or neighbourhood name, "
            "or pick your area from the list.",
        )
    postcode = normalise_postcode(text)
    squeezed = re.sub(r"\s+", "", text).upper()
    if postcode is None:
        if _OUTWARD.match(squeezed):
            return SearchResult(
                (),
                f"{squeezed} is only the first half of a postcode. Please type the whole "
                "postcode, for example NE61 1AA.",
            )
        return SearchResult(
            (), "That doesn't look like a UK postcode. A postcode looks like NE61 1AA."
        )
    table = artifact.postcode_index
    if postcode.replace(" ", "") not in table.index:
        area = re.match(r"^[A-Z]+", postcode).group(0)  # type: ignore[union-attr]
        county = artifact.county_name
        where = (
            f"is not a {county} postcode we know"
            if area in LOCAL_POSTCODE_AREAS
            else f"is outside {county}"
        )
        return SearchResult(
            (),
            f"{postcode} {where}. Check it, try a neighbour's postcode, or pick your "
            "area from the list.",
        )
    row = table.loc[postcode.replace(" ", "")]
    code = str(row["LSOA21CD"])
    return SearchResult(
        (Place("lsoa21", code, postcode, "postcode", float(row["lat"]), float(row["lon"])),)
    )


@dataclass(frozen=True)
class _Entry:
    """One name that can be searched, and the place it opens."""

    normal: str
    joined: str  # squashed normal form
    weight: int
    place: Place


@dataclass(frozen=True)
class _Index:
    """The searchable names, with sorted keys to find names by their start quickly."""

    entries: tuple[_Entry, ...]
    #: squashed names, sorted, with the entry each belongs to
    names: tuple[tuple[str, int], ...]
    #: every name's later words ("tweed" of "berwick tweed"), sorted, with their entry
    tails: tuple[tuple[str, int], ...]
    letters: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, entries: list[_Entry]) -> _Index:
        names = sorted((e.joined, i) for i, e in enumerate(entries))
        tails = sorted(
            (" ".join(words[k:]), i)
            for i, e in enumerate(entries)
            for words in [e.normal.split()]
            for k in range(1, len(words))
        )
        letters = tuple(frozenset(e.joined) for e in entries)
        return cls(tuple(entries), tuple(names), tuple(tails), letters)

    @staticmethod
    def starting(keys: tuple[tuple[str, int], ...], text: str) -> list[tuple[str, int]]:
        """The keys that start with ``text``."""
        found = []
        for key in keys[bisect.bisect_left(keys, (text, -1)) :]:
            if not key[0].startswith(text):
                break
            found.append(key)
        return found


def _index(artifact: Artifact) -> _Index:
    """Every searchable name: gazetteer places, divisions, wards and LSOAs (built once)."""
    has_divisions = artifact.has_geography("wd25")
    divisions = artifact.names("wd25") if has_divisions else pd.Series(dtype=str)
    towns = artifact.towns()
    # A council built from the England files has no gazetteer: its areas' names only.
    places = artifact.places if artifact.has_lookup("places") else None
    town_rows = town_points(places, set(towns)) if places is not None else {}
    entries = []
    for n, row in places.iterrows() if places is not None else ():
        name = str(row["name"])
        if name in towns and town_rows[name] == n:  # Cramlington is an ONS "locality"
            target, kind, where = (TOWN, name), "town", f"{len(towns[name])} neighbourhoods"
        else:
            division = (
                divisions.get(artifact.parent(row["lsoa21"], "wd25")) if has_divisions else None
            )
            target, kind = ("lsoa21", str(row["lsoa21"])), str(row["kind"])
            where = f"{division} division" if division else ""
        place = Place(
            *target,
            name=name,
            how=kind,
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            where=where,
        )
        entries.append(_entry(name, importance(row["kind"], row["tier"]), place))
    division_names = {normal_form(n) for n in divisions}
    for geo_id in searchable(artifact):
        label = artifact.geography(geo_id).label
        for code, local in artifact.local_names(geo_id).items():
            official = artifact.name(geo_id, code)
            weight = _AREA_WEIGHT[geo_id]
            if geo_id == "lsoa21" and normal_form(local) in division_names:
                weight = _BORROWED_NAME_WEIGHT
            for name in dict.fromkeys((local, official)):
                place = Place(geo_id, str(code), str(local), label)
                entries.append(_entry(str(name), weight, place))
    return _Index.of(entries)


def _entry(name: str, weight: int, place: Place) -> _Entry:
    normal = normal_form(name)
    return _Entry(normal, squashed(normal), weight, place)


def _names(artifact: Artifact, text: str, limit: int) -> SearchResult:
    wanted = normal_form(text)
    joined = squashed(wanted)
    if not joined:
        return SearchResult((), "Type a postcode or a place name, in letters and numbers.")
    index: _Index = artifact.memo("search_index", _index)
    scored: dict[tuple[str, str], tuple[tuple[int, int, int], Place]] = {}
    for entry, tier, typos in _matches(index, wanted, joined):
        target = (entry.place.geography, entry.place.code)
        key = (tier, -typos, entry.weight)
        if target not in scored or key > scored[target][0]:
            scored[target] = (key, entry.place)
    if not scored:
        if not artifact.has_lookup("places"):
            return SearchResult((), "No place matches that. Try a ward name or an LSOA code.")
        return SearchResult(
            (),
            "No place matches that. Try a town or village such as Hexham or Seahouses, "
            "a division, or a postcode.",
        )
    # Best first: kind of match, fewest typos, weight; then shorter names, alphabetical.
    ranked = sorted(
        scored.values(),
        key=lambda kp: (-kp[0][0], -kp[0][1], -kp[0][2], len(kp[1].name), kp[1].name),
    )
    best, places = ranked[0][0], [p for _, p in ranked]
    if best[0] == TYPO:  # never a confident answer from a guess: "Boston" is not Bolton
        return SearchResult(
            tuple(places[:limit]), "No place has exactly that name. Did you mean:", guesses=True
        )
    if len(ranked) == 1 or best > ranked[1][0]:
        also = tuple(p for (tier, _, _), p in ranked[1:] if tier >= WORD)[:limit]
        return SearchResult((places[0],), also=also)
    return SearchResult(tuple(places[:limit]), "Several places match: choose one.")


def _matches(index: _Index, wanted: str, joined: str) -> list[tuple[_Entry, int, int]]:
    """(entry, kind of match, typos) of every name the query matches.

    Whole names, starts of names and starts of later words are found in the sorted
    keys; only when none match are the names checked for typos (one in five to eight
    letters, two from nine).
    """
    found = [
        (index.entries[i], EXACT if key == joined else PREFIX, 0)
        for key, i in index.starting(index.names, joined)
        if key == joined or len(joined) >= 3
    ]
    if len(wanted) >= 3:
        found += [(index.entries[i], WORD, 0) for _, i in index.starting(index.tails, wanted)]
    allowed = 0 if len(joined) < 5 else 1 if len(joined) < 9 else 2
    if found or not allowed:
        return found
    letters = set(joined)
    for entry, theirs in zip(index.entries, index.letters, strict=True):
        if len(letters - theirs) > allowed:  # more letters of the query missing: no match
            continue
        typos = min(
            _distance(joined, entry.joined, allowed),
            _distance(joined, entry.joined[: len(joined)], allowed) + 1,  # in a prefix
        )
        if typos <= allowed:
            found.append((entry, TYPO, typos))
    return found


def _distance(a: str, b: str, most: int) -> int:
    """Edits (insert, delete, change, swap two neighbours) from ``a`` to ``b``; any
    number above ``most`` is returned as ``most + 1`` (checked in a band, so it is fast)."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [most + 1] * len(b)
        for j in range(max(1, i - most), min(len(b), i + most) + 1):
            cost = 0 if ca == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous2 is not None
                and i > 1
                and j > 1
                and ca == b[j - 2]
                and a[i - 2] == b[j - 1]
            ):
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > most:
            return most + 1
        previous2, previous = previous, current
    return min(previous[len(b)], most + 1)


def in_geography(artifact: Artifact, place: Place, geography: str) -> str | None:
    """The area of ``geography`` that a found place is in (itself, or its LSOA's parent)."""
    if place.geography == geography:
        return place.code
    if place.geography == "lsoa21" and geography in artifact.parent_geographies:
        return artifact.parent(place.code, geography)
    return None
