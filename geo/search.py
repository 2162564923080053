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

import numpy as np
import shapely

from geo.artifact import Artifact
from geo.boundaries import GEOGRAPHIES

MAX_QUERY = 80
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


def clean(text: str) -> str:
    """The query as it may be shown back: printable, single-spaced, shortened."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    text = " ".join(text.split())
    return text[:MAX_QUERY]


def shown(text: str, limit: int = 30) -> str:
    """A fragment of untrusted text that is safe to repeat in a message.

    Only letters, digits, spaces and ``_-.`` survive, so nothing can become markdown,
    a link or HTML when the message is displayed.
    """
    return re.sub(r"[^A-Za-z0-9_\-. ]", "", str(text))[:limit]


def whole_number(text: str, low: int, high: int) -> int | None:
    """An ASCII whole number from ``low`` to ``high``, else None (``'¹'`` is a digit to
    ``str.isdigit`` but not to ``int``)."""
    text = str(text).strip()
    if not re.fullmatch(r"[0-9]{1,12}", text):
        return None
    number = int(text)
    return number if low <= number <= high else None


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
        if GEOGRAPHIES[geo_id].is_code(code):
            names = artifact.names(geo_id)
            if code in names.index:
                return SearchResult((Place(geo_id, code, names[code], "code"),))
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
    name = artifact.names("lsoa21").get(code, code)
    return SearchResult(
        (Place("lsoa21", code, name, f"postcode {postcode}", float(row["lat"]), float(row["lon"])),)
    )


def _names(artifact: Artifact, text: str, limit: int) -> SearchResult:
    wanted = text.casefold()
    candidates = [
        Place(geo_id, str(code), str(name), GEOGRAPHIES[geo_id].label)
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


def area_at(artifact: Artifact, geography: str, lon: float, lat: float) -> str | None:
    """Code of the area of ``geography`` containing the point, by point-in-polygon.

    Uses the published (not simplified) boundaries; None outside every area.
    """
    if not (np.isfinite(lon) and np.isfinite(lat)):
        return None
    areas = artifact.areas(geography)
    hits = areas.sindex.query(shapely.Point(lon, lat), predicate="intersects")
    return str(areas["code"].iloc[hits[0]]) if len(hits) else None


def resolve_click(artifact: Artifact, geography: str, clicked: dict | None) -> str | None:
    """The area code a map click points at, or None.

    The clicked feature's ``code`` property is used when it names an area of
    ``geography``; otherwise the click position is looked up by point-in-polygon on the
    server. Nothing from the browser is trusted without that check.
    """
    if not isinstance(clicked, dict):
        return None
    feature = clicked.get("last_active_drawing")
    props = feature.get("properties") if isinstance(feature, dict) else None
    code = props.get("code") if isinstance(props, dict) else None
    if isinstance(code, str) and code in artifact.names(geography).index:
        return code
    point = clicked.get("last_object_clicked") or clicked.get("last_clicked")
    if isinstance(point, dict):
        try:
            return area_at(artifact, geography, float(point["lng"]), float(point["lat"]))
        except (KeyError, TypeError, ValueError):
            return None
    return None


def in_geography(artifact: Artifact, place: Place, geography: str) -> str | None:
    """The area of ``geography`` that a found place is in (itself, or its LSOA's parent)."""
    if place.geography == geography:
        return place.code
    if place.geography == "lsoa21" and geography in ("wd25", "wd22"):
        lsoa = artifact.areas("lsoa21").set_index("code")
        return str(lsoa.at[place.code, geography]) if place.code in lsoa.index else None
    return None
