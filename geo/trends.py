"""Time series for an area, carried across the 2011 and 2021 LSOA boundary changes.

Editions of the Indices of Deprivation sit on different LSOAs: 2004 to 2010 on the 2001
LSOAs, 2015 and 2019 on the 2011 LSOAs, 2025 on the 2021 LSOAs. An area's history is
followed backwards through the official lookups (its *lineage*). Where an LSOA was split,
the earlier figure describes the whole former area; where LSOAs were merged, each former
LSOA keeps its own figure. Every such row is flagged so charts can say so.

Ranks are turned into percentiles of England (rank / number of LSOAs × 100, so 0 is the
most deprived) because each edition ranks a different number of LSOAs; scores from
different editions are never compared.

A division's or ward's 2011-based figures (Census 2011, population 2015 to 2020) come
from the 2011 LSOAs its 2021 LSOAs came from, shared out the same way
(:meth:`geo.artifact.Artifact.makeup`), so a change is a change of people, not of the
areas counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from geo.aggregate import weighted_sum
from geo.artifact import Artifact
from geo.catalog import Indicator
from geo.indicators import denominator_column, numerator_column, ratio_multiplier

CHANGES = {"U": "unchanged", "S": "split", "M": "merged", "X": "irregular"}
AGE_BANDS = [(lo, lo + 4) for lo in range(0, 90, 5)] + [(90, None)]


@dataclass(frozen=True)
class Lineage:
    """Where a 2021 LSOA came from."""

    lsoa21: str
    #: (2011 LSOA, change flag 2011→2021) for parents inside the county
    parents11: tuple[tuple[str, str], ...]
    #: (2001 LSOA, its 2011 LSOA, change flag 2001→2011)
    parents01: tuple[tuple[str, str, str], ...]
    #: parents outside the county (part of a Gateshead LSOA, for one area)
    outside: tuple[str, ...] = ()

    @property
    def change21(self) -> str:
        flags = {flag for _, flag in self.parents11}
        for flag in ("X", "M", "S"):
            if flag in flags:
                return CHANGES[flag]
        return CHANGES["U"]

    @property
    def change11(self) -> str:
        flags = {flag for _, _, flag in self.parents01}
        for flag in ("M", "S"):
            if flag in flags:
                return CHANGES[flag]
        return CHANGES["U"]

    def note(self) -> str:
        """A sentence for charts, or "" when the boundaries never changed."""
        parts = []
        codes11 = ", ".join(code for code, _ in self.parents11)
        if self.change21 == "split":
            parts.append(
                f"In 2021 this area was split from the 2011 LSOA {codes11}; figures before "
                "2021 describe that whole former area."
            )
        elif self.change21 == "merged":
            parts.append(f"In 2021 this area was formed by merging the 2011 LSOAs {codes11}.")
        elif self.change21 == "irregular":
            parts.append(
                f"In 2021 this area was redrawn from {codes11} and part of "
                f"{', '.join(self.outside)} (in a neighbouring council, not shown)."
            )
        if self.change11 == "split":
            parts.append("Before 2011 it was part of a larger 2001 LSOA.")
        elif self.change11 == "merged":
            parts.append("In 2011 its LSOA was formed by merging 2001 LSOAs.")
        return " ".join(parts)


def lineage(artifact: Artifact, lsoa21: str) -> Lineage:
    """The 2011 and 2001 LSOAs a 2021 LSOA descends from."""
    return artifact.memo("lineages", _all_lineages).get(lsoa21) or Lineage(lsoa21, (), ())


def _all_lineages(artifact: Artifact) -> dict[str, Lineage]:
    inside = set(artifact.values("lsoa11").index)
    parents01: dict[str, list[tuple[str, str, str]]] = {}
    for c01, c11, flag in artifact.lookup("lsoa01_lsoa11")[
        ["LSOA01CD", "LSOA11CD", "CHGIND"]
    ].itertuples(index=False):
        parents01.setdefault(c11, []).append((c01, c11, flag))
    rows: dict[str, list[tuple[str, str]]] = {}
    for c11, c21, flag in artifact.lookup("lsoa11_lsoa21")[
        ["LSOA11CD", "LSOA21CD", "CHGIND"]
    ].itertuples(index=False):
        rows.setdefault(c21, []).append((c11, flag))
    out = {}
    for c21, parents in rows.items():
        inner = tuple((c, f) for c, f in parents if c in inside)
        out[c21] = Lineage(
            c21,
            inner,
            tuple(p for c11, _ in inner for p in parents01.get(c11, [])),
            tuple(c for c, _ in parents if c not in inside),
        )
    return out


def codes_on(line: Lineage, geography: str) -> list[tuple[str, str]]:
    """(code, change) pairs of the lineage on ``geography``."""
    if geography == "lsoa21":
        return [(line.lsoa21, "")]
    if geography == "lsoa11":
        return [
            (code, line.change21 if line.change21 != "unchanged" else "")
            for code, _ in line.parents11
        ]
    if geography == "lsoa01":
        out = []
        for c01, _c11, flag in line.parents01:
            changes = [c for c in (line.change21, CHANGES[flag]) if c != "unchanged"]
            out.append((c01, ", ".join(dict.fromkeys(changes))))
        return list(dict.fromkeys(out))
    raise ValueError(f"No lineage on {geography}")


def lsoa11_weights(artifact: Artifact, geography: str, code: str) -> tuple[pd.Series, str]:
    """2011 LSOAs standing for an area, each with the share of it counted, and a note.

    An LSOA takes the whole 2011 LSOAs it came from; the county all of them; a division
    or ward the 2011 LSOAs its 2021 LSOAs came from, shared out the same way.
    """
    weights = artifact.makeup(geography, code, "lsoa11").weights
    if geography == "lsoa21":
        return weights, lineage(artifact, code).note()
    if geography == "county":
        return weights, ""
    return weights, changes_note(artifact, geography, code)


def changes_note(artifact: Artifact, geography: str, code: str) -> str:
    """How the figures before 2021 of a division or ward were matched to today's LSOAs."""
    kind = artifact.geography(geography).singular
    text = (
        f"Figures before 2021 come from the 2011 LSOAs that became this {kind}'s "
        "neighbourhoods (ONS 2011 to 2021 lookup), shared out the same way as the 2021 "
        "figures, so both describe the same people."
    )
    changed = [
        (c21, line.change21)
        for c21 in artifact.makeup(geography, code).codes
        if (line := lineage(artifact, c21)).change21 != "unchanged"
    ]
    if changed:
        listed = ", ".join(f"{c} ({change} in 2021)" for c, change in changed)
        text += (
            f" Boundaries changed for {listed}: a split 2011 LSOA is shared out by its "
            "parts' Census 2021 residents, merged ones are counted together."
        )
    return text


def imd_history(artifact: Artifact, lsoa21_codes: list[str]) -> pd.DataFrame:
    """Relative deprivation of each 2021 LSOA in every IMD edition.

    Returns
    -------
    DataFrame
        One row per LSOA, edition and source area: ``lsoa21``, ``name``, ``year``,
        ``source_code``, ``source_geography``, ``rank``, ``england_areas``,
        ``percentile`` (0 = most deprived in England), ``decile``, ``change``.
    """
    names = artifact.local_names("lsoa21")
    editions = artifact.registry.trend("imd")
    # Plain dicts: one lookup per row instead of a pandas .get (England has 33,755 LSOAs).
    ranks = {ind.id: artifact.values(ind.geography)[ind.id].dropna().to_dict() for ind in editions}
    deciles = {
        ind.id: artifact.values(ind.geography)[ind.decile_indicator].to_dict()
        if ind.decile_indicator
        else {}
        for ind in editions
    }
    rows = []
    for lsoa21 in lsoa21_codes:
        line = lineage(artifact, lsoa21)
        for ind in editions:
            england_areas = float(ind.source.england_areas or 1)
            for source_code, change in codes_on(line, ind.geography):
                rank = ranks[ind.id].get(source_code)
                if rank is None:
                    continue
                rows.append(
                    {
                        "lsoa21": lsoa21,
                        "name": names.get(lsoa21, lsoa21),
                        "year": ind.year,
                        "edition": ind.edition,
                        "source_code": source_code,
                        "source_geography": ind.geography,
                        "rank": float(rank),
                        "england_areas": ind.source.england_areas,
                        "percentile": 100.0 * float(rank) / england_areas,
                        "decile": deciles[ind.id].get(source_code),
                        "change": change,
                    }
                )
    return pd.DataFrame(rows)


def topic(ind: Indicator) -> str:
    """The measure's name without edition or kind: "Income deprivation"."""
    return re.sub(r"\s+\d{4}$", "", ind.label.split(":")[0]).strip()


def then_and_now_deciles(artifact: Artifact, lsoa21: str) -> pd.DataFrame:
    """England deciles now and in the previous edition, for each measure that has both.

    Returns ``topic``, ``year``, ``decile``, ``source_code``, ``change`` rows; a merged
    area has one earlier row per former LSOA.
    """
    line = lineage(artifact, lsoa21)
    rows = []
    for ind in artifact.registry.for_geography("lsoa21"):
        if ind.kind != "decile" or not ind.previous:
            continue
        before = artifact.registry.get(ind.previous)
        now = artifact.values("lsoa21")[ind.id].get(lsoa21)
        if now is not None and not pd.isna(now):
            rows.append(
                {
                    "topic": topic(ind),
                    "year": ind.year,
                    "decile": float(now),
                    "source_code": lsoa21,
                    "change": "",
                }
            )
        values = artifact.values(before.geography)
        for code, change in codes_on(line, before.geography):
            then = values[before.id].get(code)
            if then is not None and not pd.isna(then):
                rows.append(
                    {
                        "topic": topic(ind),
                        "year": before.year,
                        "decile": float(then),
                        "source_code": code,
                        "change": change,
                    }
                )
    return pd.DataFrame(rows, columns=["topic", "year", "decile", "source_code", "change"])


def then_and_now_rate(artifact: Artifact, ind_id: str, geography: str, code: str) -> pd.DataFrame:
    """A rate now and in the previous edition, for the area and for the county.

    Earlier figures for an area are re-derived from the numerators and denominators of
    the 2011 LSOAs standing for it. Returns ``place``, ``year``, ``value``, ``note``.
    """
    ind = artifact.registry.get(ind_id)
    if ind.previous is None:
        raise ValueError(f"{ind_id} has no previous edition in the registry.")
    before = artifact.registry.get(ind.previous)
    name = artifact.local_name(geography, code)
    county = artifact.county_name
    weights11, note = lsoa11_weights(artifact, geography, code)
    old = artifact.values(before.geography)
    parts = [numerator_column(before), denominator_column(before)]
    everywhere = pd.Series(1.0, index=old.index)
    rows = []
    for place, now_value, weights in (
        (name, artifact.values(geography)[ind.id].get(code), weights11),
        (county, artifact.values("county")[ind.id].get(artifact.county_code), everywhere),
    ):
        num, den = weighted_sum(old[parts], weights)
        then_value = num / den * ratio_multiplier(before) if den > 0 else float("nan")
        rows.append(
            {
                "place": place,
                "year": before.year,
                "value": then_value,
                "note": note if place == name else "",
            }
        )
        rows.append({"place": place, "year": ind.year, "value": now_value, "note": ""})
        if geography == "county":
            break
    return pd.DataFrame(rows)


def population_history(artifact: Artifact, geography: str, code: str) -> tuple[pd.DataFrame, str]:
    """Mid-year population by year for the 2011 LSOAs standing for an area, and a note.

    Returns ``year``, ``people`` and ``note``: what the year's estimate counts where it
    differs from the others (the registry's ``period_notes``, e.g. 2015 leaves out
    prisoners), so a jump that is a definition is not read as a change.
    """
    weights, note = lsoa11_weights(artifact, geography, code)
    series = artifact.series_of("population_mye")
    wide = series.pivot(index="code", columns="period", values="value")
    totals = weighted_sum(wide, weights).dropna()
    notes = artifact.registry.get("population_mye").period_notes
    table = pd.DataFrame(
        {
            "year": totals.index.astype(int),
            "people": totals.round().to_numpy(),  # shared-out estimates: whole people
            "note": [notes.get(str(p), "") for p in totals.index],
        }
    )
    return table, note


def _age_bands(artifact: Artifact) -> pd.DataFrame:
    """People by five-year band for every 2011 LSOA (mid-2020), computed once."""
    ages = artifact.lookup("age_2020").set_index("LSOA11CD")
    ages = ages[[c for c in ages.columns if re.fullmatch(r"\d+|90\+", c)]].apply(
        pd.to_numeric, errors="coerce"
    )
    bands = {}
    for lo, hi in AGE_BANDS:
        cols = ["90+"] if hi is None else [str(a) for a in range(lo, hi + 1)]
        bands[f"{lo}+" if hi is None else f"{lo}–{hi}"] = ages[cols].sum(axis=1)
    return pd.DataFrame(bands)


def age_profile(artifact: Artifact, geography: str, code: str) -> tuple[pd.DataFrame, str]:
    """People in five-year age bands (mid-2020), as numbers and shares, with the county's
    shares for comparison."""
    weights, note = lsoa11_weights(artifact, geography, code)
    bands = artifact.memo("age_bands", _age_bands)
    area = weighted_sum(bands, weights)
    county = bands.sum()
    table = pd.DataFrame(
        {
            "band": area.index,
            "people": area.round().to_numpy(),
            "share": 100 * area.to_numpy() / max(area.sum(), 1),
            "county_share": 100 * county.to_numpy() / county.sum(),
        }
    )
    return table, note


def county_series(artifact: Artifact, ind_id: str) -> pd.DataFrame:
    """A county-level series (``period`` as int year where possible, ``value``)."""
    rows = artifact.series_of(ind_id, artifact.county_code)[["period", "value"]].copy()
    rows["year"] = pd.to_numeric(rows["period"], errors="coerce")
    return rows


def wards_for(artifact: Artifact, geography: str, code: str) -> list[str]:
    """2022 wards whose series describe an area: itself, or the wards its LSOAs mainly
    lie in, the most common first."""
    if geography == "wd22":
        return [code]
    if geography == "county" or "wd22" not in artifact.parent_geographies:
        return []
    wards = artifact.parents("wd22").reindex(artifact.members(geography, code))
    return list(wards.value_counts().index)


def ward_series(artifact: Artifact, ind_id: str, wards: list[str]) -> pd.DataFrame:
    """Series of a ward indicator for the given wards, with ward names."""
    names = artifact.names("wd22")
    rows = artifact.series[
        (artifact.series["indicator"] == ind_id) & artifact.series["code"].isin(wards)
    ]
    return rows.assign(ward=rows["code"].map(names)).reset_index(drop=True)
