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


def _share_phrase(percentile: float) -> str:
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


def area_insights(artifact: Artifact, geography: str, code: str) -> list[Insight]:
    """Short factual statements about an area, generated from the indicators.

    Each names its source. They are shown apart from community stories and labelled
    as generated from data.
    """
    out: list[Insight] = []
    reg = artifact.registry
    members = artifact.members(geography, code)
    history = trends.imd_history(artifact, members)
    if not history.empty:
        first, last = int(history["year"].min()), int(history["year"].max())
        if geography == "lsoa21":
            by_year = history.groupby("year")["percentile"].mean()
            then, now = by_year[first], by_year[last]
            moved = "more" if now < then - 2 else "less" if now > then + 2 else "about as"
            text = (
                f"In {first} this neighbourhood was {_share_phrase(then)}; in {last} it was "
                f"{_share_phrase(now)}: {moved} deprived relative to England"
                + (" than before." if moved != "about as" else " as before.")
            )
            if history["change"].ne("").any():
                text += " Its boundaries changed along the way, so treat the comparison with care."
        else:
            latest = history[history["year"] == last].groupby("lsoa21")["decile"].min()
            earliest = history[history["year"] == first].groupby("lsoa21")["decile"].min()
            text = (
                f"{int((latest <= 2).sum())} of its {len(latest)} neighbourhoods are in England's "
                f"most deprived 20% in {last}, against {int((earliest <= 2).sum())} in {first}."
            )
        out.append(Insight(text, f"English Indices of Deprivation {first} to {last}"))

    values = artifact.values(geography)
    county = artifact.values("county").loc[artifact.county_code]
    fuel = reg.get("fuel_poverty_2021")
    if fuel.id in values.columns and not is_missing(values[fuel.id].get(code)):
        here, there = float(values.at[code, fuel.id]), float(county[fuel.id])
        side = (
            "higher than"
            if here > there + 0.5
            else "lower than"
            if here < there - 0.5
            else "close to"
        )
        out.append(
            Insight(
                f"About {here:.0f} in every 100 households were in fuel poverty in 2021, "
                f"{side} the county's {there:.0f} in 100.",
                fuel.source.citation,
            )
        )

    now_ind = reg.get("census21_hh_deprived_1plus")
    if now_ind.id in values.columns:
        rates = trends.then_and_now_rate(artifact, now_ind.id, geography, code)
        here = rates[rates["place"] != artifact.county_name].set_index("year")["value"]
        if len(here) == 2 and here.notna().all():
            change = here.iloc[1] - here.iloc[0]
            direction = "fell" if change < -0.5 else "rose" if change > 0.5 else "hardly changed"
            out.append(
                Insight(
                    f"The share of households deprived in at least one way {direction} from "
                    f"{here.iloc[0]:.0f}% in 2011 to {here.iloc[1]:.0f}% in 2021.",
                    "ONS Census 2011 and 2021",
                )
            )

    wards = trends.wards_for(artifact, geography, code)
    hb = trends.ward_series(artifact, "housing_benefit_claimants", wards[:1])
    if len(hb) > 1:
        start, end = hb.iloc[0], hb.iloc[-1]
        change = (end["value"] - start["value"]) / start["value"] * 100 if start["value"] else 0
        out.append(
            Insight(
                f"Housing Benefit claimants in {start['ward']} ward went from "
                f"{start['value']:,.0f} "
                f"({_month(start['period'])}) to {end['value']:,.0f} ({_month(end['period'])}), "
                f"{'a fall' if change < 0 else 'a rise'} of {abs(change):.0f}%, partly because "
                "Universal Credit replaced it for many.",
                reg.get("housing_benefit_claimants").source.citation,
            )
        )
    return out
