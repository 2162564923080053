"""The answer first: what a resident wants to know about a place, in plain sentences.

After a search, the first screen says what was searched (in its standard form), where
it is in names people know, how the neighbourhood compares with England and how that has
changed since 2004, and how many community stories there are. Everything is generated
from the data, each sentence with its source:

* the comparison with England uses the published IoD 2025 decile;
* the change since 2004 compares positions in England (percentiles), because every
  edition ranks England afresh; it says "relatively", and it never claims a change that
  is too small to show (less than :data:`SMALL_CHANGE` percentile points);
* areas made of several LSOAs (divisions, wards, towns) are described by counting their
  LSOAs, never by combining ranks.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from geo import trends
from geo.artifact import Artifact
from geo.catalog import Indicator
from geo.format import is_missing

#: Changes of England percentile smaller than this are "about the same".
SMALL_CHANGE = 2.0
DECILE = "imd2025_decile"
#: How near (metres, roughly) a named place must be to a postcode to be "near" it.
NEAR_M = 2500.0


@dataclass(frozen=True)
class Searched:
    """What a person searched for, as the search understood it."""

    text: str  # the standard form: "NE63 9DZ", "Berwick-upon-Tweed"
    kind: str  # "postcode", "village", "town", ...
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Sentence:
    """One sentence of the answer, where its figures come from ("" if none), and the
    words to emphasise (what was searched, echoed back)."""

    text: str
    source: str = ""
    emphasis: str = ""


@dataclass(frozen=True)
class Answer:
    """The plain answer about one area, in the order it is shown."""

    name: str  # the name people know: "Hirst, Ashington"
    where: Sentence
    england: Sentence
    change: Sentence
    stories: Sentence
    #: for officers: the official name, kind and GSS code
    official: str


def area_answer(
    artifact: Artifact,
    geography: str,
    code: str,
    *,
    stories: int,
    searched: Searched | None = None,
) -> Answer:
    """The answer for an LSOA, a division or a ward.

    Parameters
    ----------
    stories
        How many approved community stories concern the area (the caller asks the
        archive).
    searched
        What the person typed, when the area was found by a search.
    """
    kind = artifact.geography(geography)
    official = artifact.name(geography, code)
    local = artifact.local_name(geography, code)
    official_line = " · ".join(
        part for part in (kind.label, official if official != local else "", code) if part
    )
    if geography == "lsoa21":
        where = _where_lsoa(artifact, code, searched)
        england = _england_lsoa(artifact, code)
        change = _change_lsoa(artifact, code)
    else:
        members = artifact.members(geography, code)
        where = _where_group(artifact, geography, code, members, searched)
        england = _england_group(artifact, members)
        change = _change_group(artifact, members)
    return Answer(local, where, england, change, _stories(stories, geography), official_line)


def town_answer(
    artifact: Artifact, town: str, *, stories: int, searched: Searched | None = None
) -> Answer:
    """The answer for a town: its LSOAs together (see :meth:`Artifact.towns`).

    Raises
    ------
    KeyError
        If ``town`` is not one of the artifact's towns.
    """
    members = list(artifact.towns()[town])
    divisions = sorted(
        {artifact.name("wd25", d) for d in (artifact.parent(m, "wd25") for m in members) if d}
    )
    in_divisions = (
        f"the {_and(divisions)} division{'s' if len(divisions) != 1 else ''}"
        if len(divisions) <= 3
        else f"{len(divisions)} divisions"
    )
    where = Sentence(
        f"{_lead(searched, town)} is a town of {len(members)} neighbourhoods, in "
        f"{in_divisions} (2025).",
        emphasis=_echo(searched),
    )
    official = f"Town · {len(members)} neighbourhoods (LSOAs 2021), listed below"
    return Answer(
        town,
        where,
        _england_group(artifact, members),
        _change_group(artifact, members),
        _stories(stories, "town"),
        official,
    )


# ---- where ---------------------------------------------------------------------------


def _lead(searched: Searched | None, fallback: str) -> str:
    return searched.text if searched else fallback


def _echo(searched: Searched | None) -> str:
    return searched.text if searched else ""


def _where_lsoa(artifact: Artifact, code: str, searched: Searched | None) -> Sentence:
    # The 2025 division; for a council built from the England files, its ward.
    parent = next(iter(artifact.parent_geographies), None)
    division = artifact.parent(code, parent) if parent else None
    local = artifact.local_name("lsoa21", code)
    settlement = artifact.settlement(code)

    def within(place: str | None) -> str:
        """ "in Hexham, in the Hexham East division (2025)" (each part when known)."""
        parts = [f"in {place}" if place else ""]
        if division and parent == "wd25":
            parts.append(f"in the {artifact.name('wd25', division)} division (2025)")
        elif division:
            parts.append(f"in {artifact.name(parent, division)} ward (approximate)")
        return ", ".join(p for p in parts if p).replace("in near ", "near ")

    if searched is None:
        return Sentence(f"A neighbourhood {within(None if settlement in local else settlement)}.")
    if searched.kind == "postcode":
        near = _nearest_place(artifact, code, searched)
        place = settlement
        if near is not None and near != settlement:
            in_town = pd.notna(artifact.area_index("lsoa21")["town"].get(code))
            place = f"{settlement}, near {near}" if in_town else f"near {near}"
        return Sentence(f"{searched.text} is {within(place)}.", emphasis=searched.text)
    if searched.text == local:
        place = None if settlement in local else settlement
        return Sentence(
            f"{searched.text} is a neighbourhood {within(place)}.", emphasis=searched.text
        )
    return Sentence(
        f"{searched.text} is in the neighbourhood we call {local}, {within(None)}.",
        emphasis=searched.text,
    )


def _where_group(
    artifact: Artifact, geography: str, code: str, members: list[str], searched: Searched | None
) -> Sentence:
    kind = artifact.geography(geography)
    name = artifact.name(geography, code)
    settlements = pd.Series([artifact.settlement(m) for m in members]).value_counts()
    made_of = (
        f"{len(members)} neighbourhood{'s' if len(members) != 1 else ''} in "
        f"{_and(list(settlements.index[:3]))}"
    )
    label = kind.label.lower()
    if searched is not None and searched.text != name:
        return Sentence(
            f"{searched.text} is in the {name} {label}, of {made_of}.", emphasis=searched.text
        )
    article = "an" if label[0] in "aeiou" else "a"
    lead = searched.text if searched else f"This {kind.singular}"
    return Sentence(f"{lead} is {article} {label} of {made_of}.", emphasis=_echo(searched))


def _nearest_place(artifact: Artifact, code: str, searched: Searched) -> str | None:
    """The named settlement nearest to a searched point, inside its LSOA."""
    if searched.lat is None or searched.lon is None:
        return None
    places = artifact.places
    here = places[(places["lsoa21"] == code) & (places["tier"] != "supplementary")]
    if here.empty:
        return None
    # Close enough to flat at this scale: degrees of longitude shrink by cos(latitude).
    dy = (here["lat"] - searched.lat) * 111_000
    dx = (here["lon"] - searched.lon) * 111_000 * math.cos(math.radians(searched.lat))
    distance = (dx * dx + dy * dy) ** 0.5
    nearest = distance.idxmin()
    return str(here.at[nearest, "name"]) if distance[nearest] <= NEAR_M else None


# ---- England, now --------------------------------------------------------------------


def _england_lsoa(artifact: Artifact, code: str) -> Sentence:
    ind = artifact.registry.get(DECILE)
    decile = artifact.values("lsoa21")[ind.id].get(code)
    if is_missing(decile):
        return Sentence("The Index of Multiple Deprivation 2025 has no figure for it.")
    return Sentence(f"{_first_upper(_decile_phrase(int(decile)))}.", _source(ind))


def _decile_phrase(decile: int) -> str:
    """England decile (1 = most deprived tenth) in words."""
    if decile <= 4:
        return f"among the {10 * decile}% most deprived neighbourhoods in England"
    if decile >= 7:
        return f"among the {10 * (11 - decile)}% least deprived neighbourhoods in England"
    return (
        f"in the middle of England's neighbourhoods (decile {decile} of 10, where 1 is "
        "the most deprived tenth)"
    )


def _england_group(artifact: Artifact, members: list[str]) -> Sentence:
    ind = artifact.registry.get(DECILE)
    deciles = artifact.values("lsoa21")[ind.id].reindex(members).dropna()
    if deciles.empty:
        return Sentence("The Index of Multiple Deprivation 2025 has no figures for it.")
    most, least, n = int((deciles <= 2).sum()), int((deciles >= 9).sum()), len(deciles)
    first = f"{_count(most, n)} among the 20% most deprived neighbourhoods in England"
    second = f"{_count(least, None)} among the 20% least deprived"
    return Sentence(f"{first}; {second}.", _source(ind))


def _count(k: int, n: int | None) -> str:
    """ "3 of its 8 neighbourhoods are" / "none of its 8 is" / "2 are"."""
    verb = "is" if k == 1 or (k == 0 and n is not None) else "are"
    if n is None:
        return f"{'none' if k == 0 else k} {verb}"
    whole = f"{n} neighbourhoods" if n != 1 else "1 neighbourhood"
    return f"{'None' if k == 0 else k} of its {whole} {verb}"


# ---- change since 2004 ---------------------------------------------------------------


def _positions(artifact: Artifact, members: list[str]) -> pd.DataFrame:
    """England percentile (0 = most deprived) of each LSOA in the first and last IMD."""
    history = trends.imd_history(artifact, members)
    if history.empty:
        return pd.DataFrame(columns=["first", "last", "changed"])
    first, last = int(history["year"].min()), int(history["year"].max())
    by = history.groupby(["lsoa21", "year"])["percentile"].mean().unstack()
    changed = history.groupby("lsoa21")["change"].apply(lambda c: c.ne("").any())
    table = pd.DataFrame({"first": by.get(first), "last": by.get(last), "changed": changed})
    table.attrs.update(first=first, last=last)
    return table.dropna(subset=["first", "last"])


def _position_phrase(percentile: float) -> str:
    """England percentile (0 = most deprived) in words, in whole per cent (never "0%")."""
    if percentile < 40:
        return f"among the most deprived {max(1, math.ceil(percentile))}%"
    if percentile > 60:
        return f"among the least deprived {max(1, math.ceil(100 - percentile))}%"
    return "around the middle"


def _change_lsoa(artifact: Artifact, code: str) -> Sentence:
    table = _positions(artifact, [code])
    if table.empty:
        return Sentence("There is no earlier Index of Multiple Deprivation to compare with.")
    first, last = table.attrs["first"], table.attrs["last"]
    then, now = float(table["first"].iloc[0]), float(table["last"].iloc[0])
    source = f"IoD {first} and {last}"
    if abs(now - then) < SMALL_CHANGE or _position_phrase(now) == _position_phrase(then):
        text = (
            f"Relatively, it is about as deprived as in {first}: "
            f"{_position_phrase(now)} of England's neighbourhoods then and now."
        )
    else:
        moved = "more" if now < then else "less"
        text = (
            f"Relatively, it is {moved} deprived than in {first}: in {first} it was "
            f"{_position_phrase(then)} of England's neighbourhoods, in {last} "
            f"{_position_phrase(now)}."
        )
    if bool(table["changed"].iloc[0]):
        text += " Its boundaries changed along the way, so this is approximate."
    return Sentence(text, source)


def _change_group(artifact: Artifact, members: list[str]) -> Sentence:
    table = _positions(artifact, members)
    if table.empty:
        return Sentence("There is no earlier Index of Multiple Deprivation to compare with.")
    first, last = table.attrs["first"], table.attrs["last"]
    moved = table["last"] - table["first"]
    more = int((moved <= -SMALL_CHANGE).sum())
    less = int((moved >= SMALL_CHANGE).sum())
    same = len(table) - more - less
    parts = [
        f"{more} became more deprived" if more else "",
        f"{less} less deprived" if less else "",
        f"{same} stayed about the same" if same else "",
    ]
    return Sentence(
        f"Relatively, since {first}: of its {len(table)} neighbourhoods, "
        f"{_and([p for p in parts if p])}, compared with England.",
        f"IoD {first} and {last}",
    )


# ---- stories -------------------------------------------------------------------------


def _stories(count: int, geography: str) -> Sentence:
    about = {
        "lsoa21": "this neighbourhood or its division",
        "town": "this town's neighbourhoods or divisions",
    }.get(geography, "this area or its neighbourhoods")
    if count <= 0:
        return Sentence(f"No community stories about {about} yet.")
    return Sentence(f"{count} community stor{'y is' if count == 1 else 'ies are'} about {about}.")


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _source(ind: Indicator) -> str:
    """A short source for the first screen: "IoD 2025, MHCLG"."""
    publisher = re.search(r"\(([A-Z]{2,})\)\s*$", ind.source.publisher)
    return f"{ind.source.edition}, {publisher.group(1) if publisher else ind.source.publisher}"


def _and(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
