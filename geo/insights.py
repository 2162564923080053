"""Short factual statements generated from the indicators, each with its source.

These are labelled in the app as generated from data, apart from community stories.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from geo import trends
from geo.artifact import Artifact
from geo.format import format_value, is_missing


@dataclass(frozen=True)
class Headline:
    """One figure with what it means and where it comes from."""

    label: str
    value: str
    detail: str
    source: str


def county_headlines(artifact: Artifact) -> list[Headline]:
    """A handful of county-wide figures for the overview page."""
    reg = artifact.registry
    lsoa = artifact.values("lsoa21")
    county = artifact.values("county").loc[artifact.county_code]
    out: list[Headline] = []

    decile = reg.get("imd2025_decile")
    deciles = lsoa[decile.id]
    most = int((deciles == 1).sum())
    out.append(
        Headline(
            "Neighbourhoods in England's most deprived 10%",
            f"{most} of {len(deciles)}",
            f"{int((deciles <= 2).sum())} are in the most deprived 20%.",
            decile.caption,
        )
    )
    for ind_id in ("census21_residents", "fuel_poverty_2021", "census21_hh_deprived_1plus"):
        if ind_id not in reg:  # a council built from England's files has no Census
            continue
        ind = reg.get(ind_id)
        out.append(
            Headline(ind.label, format_value(ind, county[ind.id]), ind.description, ind.caption)
        )
    return out


@dataclass(frozen=True)
class Insight:
    """A sentence generated from the data about one area, with its source."""

    text: str
    source: str


def share_phrase(percentile: float) -> str:
    """Percentile of England (0 = most deprived) in words."""
    if percentile <= 40:
        share = max(1, math.ceil(percentile))
        return f"among the most deprived {share}% of neighbourhoods in England"
    if percentile >= 60:
        share = max(1, math.ceil(100 - percentile))
        return f"among the least deprived {share}% of neighbourhoods in England"
    return "around the middle of England's neighbourhoods"


def _month(period: str) -> str:
    """'2018-04' → 'April 2018' (other periods unchanged)."""
    try:
        return datetime.strptime(period, "%Y-%m").strftime("%B %Y")
    except ValueError:
        return period


def _compare(here: float, there: float) -> str:
    """ "higher than", "lower than" or "the same as", judged on whole numbers as shown:
    a difference that rounds away is no difference."""
    shown_here, shown_there = round(here), round(there)
    if shown_here == shown_there:
        return "the same as"
    return "higher than" if shown_here > shown_there else "lower than"


def change_phrase(then: float, now: float, unit: str = "%") -> str:
    """ "rose from 43% to 51%", "fell …", or "was 61% in both", on whole numbers as shown."""
    a, b = round(then), round(now)
    if a == b:
        return f"was about the same ({a}{unit} then and now)"
    return f"{'rose' if b > a else 'fell'} from {a}{unit} to {b}{unit}"


def area_insights(artifact: Artifact, geography: str, code: str) -> list[Insight]:
    """Short factual statements about an area, generated from the indicators.

    Each names its source and edition, says no more than the numbers shown carry (a
    difference that rounds away is "the same"), gives no causes, and warns where a
    comparison crosses an LSOA split or merge. They are shown apart from community
    stories and labelled as generated from data.
    """
    return [
        insight
        for make in (_deprivation, _fuel_poverty, _census_change, _housing_benefit)
        if (insight := make(artifact, geography, code)) is not None
    ]


def _deprivation(artifact: Artifact, geography: str, code: str) -> Insight | None:
    members = artifact.members(geography, code)
    history = trends.imd_history(artifact, members)
    if history.empty:
        return None
    first, last = int(history["year"].min()), int(history["year"].max())
    editions = {int(i.year): i.edition for i in artifact.registry.trend("imd")}
    then_ed, now_ed = editions.get(first, str(first)), editions.get(last, str(last))
    changed = history["change"].ne("").any()
    if geography == "lsoa21":
        by_year = history.groupby("year")["percentile"].mean()
        then, now = share_phrase(by_year[first]), share_phrase(by_year[last])
        moved = "more" if by_year[last] < by_year[first] - 2 else "less"
        if then == now or abs(by_year[last] - by_year[first]) <= 2:
            moved = "about as"
        text = (
            f"In the {then_ed} this neighbourhood was {then}; in the {now_ed} it was {now}: "
            f"{moved} deprived relative to England"
            + (" than before." if moved != "about as" else " as before.")
        )
        if changed:
            text += " Its boundaries changed along the way, so treat the comparison with care."
    else:
        latest = history[history["year"] == last].groupby("lsoa21")["decile"].min()
        earliest = history[history["year"] == first].groupby("lsoa21")["decile"].min()
        where = (
            "neighbourhoods"
            if geography == "county"
            else f"neighbourhoods lying mainly in this {artifact.geography(geography).singular}"
        )
        most = int((latest <= 2).sum())
        text = (
            f"{most} of the {len(latest)} {where} {'is' if most == 1 else 'are'} in England's "
            f"most deprived 20% in the {now_ed}, against {int((earliest <= 2).sum())} in the "
            f"{then_ed}."
        )
        if changed:
            text += (
                " Some were split or merged when LSOAs were redrawn; their earlier figures "
                "are those of the former areas."
            )
    return Insight(text, f"English Indices of Deprivation, {then_ed} to {now_ed} (MHCLG)")


def _fuel_poverty(artifact: Artifact, geography: str, code: str) -> Insight | None:
    if "fuel_poverty_2021" not in artifact.registry:  # the county's own data only
        return None
    fuel = artifact.registry.get("fuel_poverty_2021")
    values = artifact.values(geography)
    county = artifact.values("county").loc[artifact.county_code]
    if fuel.id not in values.columns or is_missing(values[fuel.id].get(code)):
        return None
    here, there = float(values.at[code, fuel.id]), float(county[fuel.id])
    text = (
        f"About {here:.0f} in every 100 households were in fuel poverty in {fuel.year} "
        "(Low Income Low Energy Efficiency measure)"
    )
    if geography != "county":
        text += f", {_compare(here, there)} the county's {there:.0f} in 100"
    return Insight(f"{text}.", fuel.source.citation)


def _census_change(artifact: Artifact, geography: str, code: str) -> Insight | None:
    if "census21_hh_deprived_1plus" not in artifact.values(geography).columns:
        return None
    now_ind = artifact.registry.get("census21_hh_deprived_1plus")
    rates = trends.then_and_now_rate(artifact, now_ind.id, geography, code)
    here = rates[rates["place"] != artifact.county_name].set_index("year")["value"]
    if geography == "county":
        here = rates.set_index("year")["value"]
    if len(here) != 2 or not here.notna().all():
        return None
    before = artifact.registry.get(now_ind.previous) if now_ind.previous else now_ind
    text = (
        f"The share of households deprived in at least one way "
        f"{change_phrase(here.iloc[0], here.iloc[1])}, {before.edition} to {now_ind.edition}."
    )
    caveat = boundary_caveat(artifact, geography, code)
    if caveat:
        text += f" {caveat}"
    return Insight(text, f"ONS {before.edition} (QS119) and {now_ind.edition} (TS011)")


def boundary_caveat(artifact: Artifact, geography: str, code: str) -> str:
    """A warning when a 2011-to-2021 comparison crosses an LSOA split or merge."""
    if geography == "county":
        return ""
    changed = [
        (c, line)
        for c in artifact.makeup(geography, code).codes
        if (line := trends.lineage(artifact, c)).change21 != "unchanged"
    ]
    if not changed:
        return ""
    if geography == "lsoa21":
        [(_, line)] = changed
        former = ", ".join(c for c, _ in line.parents11)
        if line.change21 == "split":
            return (
                f"The 2011 figure is for the larger former LSOA {former}, which was split "
                "in 2021, so it also counts households now in neighbouring areas."
            )
        return (
            f"The 2011 figure is for the former LSOAs {former}, which were {line.change21} "
            "in 2021, so the areas compared are not exactly the same."
        )
    listed = ", ".join(c for c, _ in changed)
    return (
        f"The 2011 figure includes LSOAs that were split or merged in 2021 ({listed}), "
        "shared out by their parts' residents, so it is an estimate."
    )


def _housing_benefit(artifact: Artifact, geography: str, code: str) -> Insight | None:
    wards = trends.wards_for(artifact, geography, code)
    hb = trends.ward_series(artifact, "housing_benefit_claimants", wards[:1]) if wards else ()
    if len(hb) < 2:
        return None
    ind = artifact.registry.get("housing_benefit_claimants")
    start, end = hb.iloc[0], hb.iloc[-1]
    change = (end["value"] - start["value"]) / start["value"] * 100 if start["value"] else 0
    if round(abs(change)) == 0:
        moved = "about the same"
    else:
        moved = f"{'a fall' if change < 0 else 'a rise'} of {abs(change):.0f}%"
    ward = artifact.geography("wd22").singular
    return Insight(
        f"Housing Benefit claimants in {start['ward']} {ward} went from "
        f"{start['value']:,.0f} ({_month(start['period'])}) to {end['value']:,.0f} "
        f"({_month(end['period'])}): {moved}.",
        ind.source.citation,
    )
