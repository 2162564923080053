"""Then and now: an area's twenty years told in order, from the data and the archive.

Each IMD edition's relative position in plain words ("among the most deprived 12% of
neighbourhoods in England") and how it compares with the edition before; the two
censuses' household deprivation; a caveat where the area's LSOAs were split or merged;
and beside each, the approved stories about the same years. It is generated, and is
labelled so wherever it is shown (:data:`GENERATED`).

The rules are those of the rest of the profile (and of :mod:`geo.insights`): editions
are compared by percentile of England, never by score, and only "relatively"; a move
too small to show in the figures as printed (under :data:`ABOUT_THE_SAME` points of
percentile) is "about the same"; each sentence names its edition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from geo import trends
from geo.artifact import Artifact
from geo.insights import boundary_caveat, change_phrase, share_phrase
from geo.timeline import StoryMark, numbered

GENERATED = (
    "Generated from the published figures and the archive's approved stories, not "
    "written by a person. Each edition of the Indices of Deprivation ranks England afresh, "
    "so positions are relative to England at the time."
)
#: A move smaller than this many points of percentile of England is "about the same"
#: (as on the change map, :data:`geo.change` steps).
ABOUT_THE_SAME = 2
CENSUS = "census21_hh_deprived_1plus"


@dataclass(frozen=True)
class Moment:
    """One edition or census in the account, with the stories that begin by then."""

    year: int
    heading: str
    text: str
    source: str
    caveat: str = ""
    stories: tuple[tuple[int, StoryMark], ...] = ()


@dataclass(frozen=True)
class Account:
    """The whole account: the moments in time order, and stories about earlier years."""

    moments: tuple[Moment, ...]
    earlier: tuple[tuple[int, StoryMark], ...] = ()

    @property
    def first_year(self) -> int:
        return self.moments[0].year if self.moments else 0


def moments(artifact: Artifact, geography: str, code: str) -> tuple[Moment, ...]:
    """The data's part of the account (no stories yet), in time order."""
    found = [*_editions(artifact, geography, code), *_censuses(artifact, geography, code)]
    return tuple(sorted(found, key=lambda m: m.year))


def with_stories(parts: Sequence[Moment], marks: Sequence[StoryMark]) -> Account:
    """The account with each story beside the first moment at or after the year it
    begins (numbered as on the charts); stories that end before the first moment are
    told first, and any that begin after the last are told with it."""
    if not parts:
        return Account(())
    earlier: list[tuple[int, StoryMark]] = []
    beside: dict[int, list[tuple[int, StoryMark]]] = {}
    for number, mark in numbered(marks):
        if mark.year_to < parts[0].year:
            earlier.append((number, mark))
            continue
        index = next((i for i, m in enumerate(parts) if m.year >= mark.year_from), len(parts) - 1)
        beside.setdefault(index, []).append((number, mark))
    return Account(
        tuple(replace(m, stories=tuple(beside.get(i, ()))) for i, m in enumerate(parts)),
        tuple(earlier),
    )


def _percentiles(artifact: Artifact, lsoas: list[str]) -> pd.DataFrame:
    """Mean percentile of England of each LSOA in each edition (rows LSOAs, columns years)."""
    history = trends.imd_history(artifact, lsoas)
    return history.pivot_table(index="lsoa21", columns="year", values="percentile", aggfunc="mean")


def _editions(artifact: Artifact, geography: str, code: str) -> list[Moment]:
    editions = artifact.registry.trend("imd")
    lsoas = artifact.members(geography, code)
    table = _percentiles(artifact, lsoas) if lsoas else pd.DataFrame()
    out: list[Moment] = []
    previous = None
    for ind in editions:
        if ind.year not in table.columns:
            continue
        column = table[ind.year].dropna()
        if column.empty:
            continue
        heading = f"{ind.year} · Index of Multiple Deprivation ({ind.edition})"
        source = f"{ind.source.short_publisher}, English Indices of Deprivation ({ind.edition})"
        if geography == "lsoa21":
            text = _position(ind.edition, float(column.iloc[0]), previous)
            previous = (ind.edition, float(column.iloc[0]))
        else:
            text = _share_in_most_deprived(artifact, geography, ind.edition, column, previous)
            previous = (ind.edition, float((column < 20).sum()))
        out.append(
            Moment(ind.year, heading, text, source, _edition_caveat(artifact, lsoas, ind.geography))
        )
    return _caveat_once(out)


def _position(edition: str, percentile: float, previous: tuple[str, float] | None) -> str:
    """One neighbourhood's place in England in an edition, against the edition before."""
    where = share_phrase(percentile)
    if previous is None:
        return f"In the {edition} this neighbourhood was {where}."
    before_edition, before = previous
    moved = round(percentile) - round(before)
    if abs(moved) < ABOUT_THE_SAME:
        compared = f"about the same position relative to England as in the {before_edition}"
    else:
        compared = (
            f"relatively {'less' if moved > 0 else 'more'} deprived than in the {before_edition}"
        )
    return f"In the {edition} it was {where}: {compared}."


def _share_in_most_deprived(
    artifact: Artifact,
    geography: str,
    edition: str,
    percentiles: pd.Series,
    previous: tuple[str, float] | None,
) -> str:
    """How many of a division's (or ward's) neighbourhoods were in England's most
    deprived fifth in an edition, against the edition before."""
    kind = artifact.geography(geography).singular
    most, of = int((percentiles < 20).sum()), len(percentiles)
    were = "was" if most == 1 else "were"
    text = (
        f"In the {edition}, {most} of the {of} neighbourhoods lying mainly in this {kind} "
        f"{were} among the most deprived 20% in England"
    )
    if previous is not None:
        before_edition, before = previous
        if most == before:
            text += f", as many as in the {before_edition}"
        else:
            text += f", {'more' if most > before else 'fewer'} than in the {before_edition}"
    return text + "."


def _edition_caveat(artifact: Artifact, lsoas: list[str], geography: str) -> str:
    """Where this edition's figures are for LSOAs drawn differently from today's."""
    if geography == "lsoa21":
        return ""
    former = []
    for lsoa in lsoas:
        line = trends.lineage(artifact, lsoa)
        changes = []
        if line.change21 != "unchanged":
            changes.append(f"{line.change21} in 2021")
        if geography == "lsoa01" and line.change11 != "unchanged":
            changes.append(f"{line.change11} in 2011")
        if changes:
            codes = [c for c, _ in trends.codes_on(line, geography)]
            former.append((lsoa, codes, " and ".join(reversed(changes))))
    if not former:
        return ""
    if len(lsoas) == 1:
        [(_, codes, changes)] = former
        several = len(codes) > 1
        return (
            f"This figure is for the former {'LSOAs' if several else 'LSOA'} "
            f"{', '.join(codes)} ({changes}), {'averaged' if several else 'as a whole'}."
        )
    listed = "; ".join(f"{lsoa} from {', '.join(codes)} ({ch})" for lsoa, codes, ch in former)
    return f"Some neighbourhoods' figures are for former LSOAs drawn differently: {listed}."


def _caveat_once(parts: list[Moment]) -> list[Moment]:
    """A caveat that holds edition after edition is said where it starts, and again
    only where it changes."""
    out, said = [], ""
    for moment in parts:
        caveat = "" if moment.caveat == said else moment.caveat
        if said and not moment.caveat:
            caveat = "From this edition the figures are for the neighbourhoods as drawn today."
        out.append(replace(moment, caveat=caveat))
        said = moment.caveat
    return out


def _censuses(artifact: Artifact, geography: str, code: str) -> list[Moment]:
    """Households deprived in at least one dimension, Census 2011 and 2021."""
    if CENSUS not in artifact.registry:  # a council built from England-wide files
        return []
    now = artifact.registry.get(CENSUS)
    if now.id not in artifact.values(geography).columns or now.previous is None:
        return []
    before = artifact.registry.get(now.previous)
    rates = trends.then_and_now_rate(artifact, now.id, geography, code)
    here = rates[rates["place"] == artifact.local_name(geography, code)].set_index("year")["value"]
    county = rates[rates["place"] == artifact.county_name].set_index("year")["value"]
    if here.isna().any() or len(here) != 2:
        return []
    source = f"{now.source.short_publisher}, {before.edition} (QS119) and {now.edition} (TS011)"
    then_text = (
        f"In the {before.edition}, {here[before.year]:.0f}% of households here were deprived "
        f"in at least one of four dimensions (employment, education, health, housing); "
        f"{county[before.year]:.0f}% across {artifact.county_name}."
    )
    now_text = (
        f"By the {now.edition} the share {change_phrase(here[before.year], here[now.year])}; "
        f"{county[now.year]:.0f}% across {artifact.county_name}."
    )
    return [
        Moment(before.year, f"{before.year} · {before.edition}", then_text, source),
        Moment(
            now.year,
            f"{now.year} · {now.edition}",
            now_text,
            source,
            boundary_caveat(artifact, geography, code),
        ),
    ]


def account(
    artifact: Artifact, geography: str, code: str, marks: Sequence[StoryMark] = ()
) -> Account:
    """The area's then and now: :func:`moments` with the stories beside them."""
    return with_stories(moments(artifact, geography, code), marks)
