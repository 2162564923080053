"""Short factual statements generated from the indicators, each with its source.

These are labelled in the app as generated from data, apart from community stories.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.artifact import Artifact
from geo.boundaries import COUNTY_CODE
from geo.format import format_value


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
    county = artifact.values("county").loc[COUNTY_CODE]
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
