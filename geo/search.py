"""Find an area from what a person types: a postcode, a place or division name, a code.

Postcodes are accepted in any case and spacing (``ne611aa``, ``NE61 1AA``) and looked up
in the ONS postcode directory extract; everything else is matched against area names
with suggestions for near misses. Input is untrusted: it is length-limited, and messages
never repeat it except in a cleaned, shortened form.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from geo.artifact import PARENTS, Artifact
from geo.cleaning import clean

#: Outward codes' letters of the postcode areas that reach into Northumberland.
LOCAL_POSTCODE_AREAS = ("NE", "TD", "CA", "DH")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_SEARCHABLE = ("wd25", "wd22", "lsoa21")


@dataclass(frozen=True)
class Place:
    """An area found by a search."""

    geography: str
    code: str
    name: str
    how: str  # what matched, in plain words
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class SearchResult:
    """Matches (best first) and a message for the person when there is none or several."""

    matches: tuple[Place, ...]
    message: str = ""

    @property
    def found(self) -> bool:
        return len(self.matches) == 1


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
    """Look up a postcode, a GSS code or an area name.

    Returns
    -------
    SearchResult
        One match when the answer is certain; several (with a message) when the name
        is ambiguous or only close; none, with a message saying what to try.
    """
    text = clean(query)
    if not text:
        return SearchResult((), "Type a postcode (for example NE61 1AA) or a place name.")
    if looks_like_postcode(text):
        return _postcode(artifact, text)
    code = text.upper()
    for geo_id in _SEARCHABLE:
        if artifact.is_area(geo_id, code):
            return SearchResult((Place(geo_id, code, artifact.name(geo_id, code), "code"),))
    return _names(artifact, text, limit)


def _postcode(artifact: Artifact, text: str) -> SearchResult:
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
        where = (
            "is not a Northumberland postcode we know"
            if area in LOCAL_POSTCODE_AREAS
            else "is outside Northumberland"
        )
        return SearchResult(
            (),
            f"{postcode} {where}. Check it, try a neighbour's postcode, or pick your "
            "area from the list.",
        )
    row = table.loc[postcode.replace(" ", "")]
    code = str(row["LSOA21CD"])
    name = artifact.name("lsoa21", code)
    return SearchResult(
        (Place("lsoa21", code, name, f"postcode {postcode}", float(row["lat"]), float(row["lon"])),)
    )


def _names(artifact: Artifact, text: str, limit: int) -> SearchResult:
    wanted = text.casefold()
    candidates = [
        Place(geo_id, str(code), str(name), artifact.geography(geo_id).label)
        for geo_id in _SEARCHABLE
        for code, name in artifact.names(geo_id).items()
    ]
    exact_current = [p for p in candidates if p.geography == "wd25" and p.name.casefold() == wanted]
    if len(exact_current) == 1:
        return SearchResult((exact_current[0],))
    scored = [(_similarity(wanted, p.name.casefold()), p) for p in candidates]
    # Best match first; among equals, current divisions first (they are what people vote in).
    ranked = [
        p
        for score, p in sorted(scored, key=lambda sp: (-sp[0], _SEARCHABLE.index(sp[1].geography)))
        if score >= 0.75
    ]
    if not ranked:
        return SearchResult(
            (),
            "No place matches that. Try a division or town name such as Hexham or "
            "Cramlington, or a postcode.",
        )
    if len(ranked) == 1:
        return SearchResult((ranked[0],))
    return SearchResult(tuple(ranked[:limit]), "Several places match: choose one.")


def _similarity(wanted: str, name: str) -> float:
    """How well a typed text matches a name: 1 for exact, 0.95 for a prefix, 0.9 for a
    word inside, otherwise the best fuzzy ratio against the name, its words and its start."""
    if name == wanted:
        return 1.0
    if name.startswith(wanted):
        return 0.95
    if wanted in name:
        return 0.9
    pieces = [name, name[: len(wanted)], *re.split(r"[\s&,-]+", name)]
    return max(difflib.SequenceMatcher(None, wanted, piece).ratio() for piece in pieces) * 0.89


def in_geography(artifact: Artifact, place: Place, geography: str) -> str | None:
    """The area of ``geography`` that a found place is in (itself, or its LSOA's parent)."""
    if place.geography == geography:
        return place.code
    if place.geography == "lsoa21" and geography in PARENTS:
        return artifact.parent(place.code, geography)
    return None
