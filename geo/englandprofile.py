"""A profile of any English LSOA, from the England part of the artifact (no Streamlit).

What exists for every English LSOA: who it is (local authority, region, the ONS best-fit
ward, rural-urban class), its IoD 2025 figures with its rank in England and in its local
authority, the six-edition deprivation history carried across the 2011 and 2021 LSOA
changes, the domains in 2019 and 2025, and the areas most like it
(:mod:`geo.similar`). Census topics, fuel poverty, ward series and stories exist only in
the county's own pack, and the page says so.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from geo import charts, profile, similar
from geo.england import England
from geo.englandtiles import MEASURES
from geo.format import format_value, is_missing
from geo.profile import ProfileChart
from geo.ranks import ordinal

NOT_IN_ENGLAND_PACK = (
    "Census topics, population and age, fuel poverty, the ward series and community "
    "stories are not in the England-wide files, so they are not shown for this area."
)


@dataclass(frozen=True)
class EnglandSummary:
    """Who an English LSOA is and where it sits."""

    code: str
    name: str
    authority: str
    authority_code: str
    region: str
    ward: str
    ward_code: str
    rural_urban: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class EnglandFigure:
    """One headline IoD figure: its England decile and its ranks."""

    label: str
    text: str
    england_text: str
    authority_text: str
    caption: str


def summary(england: England, code: str) -> EnglandSummary:
    """Name and places of an English LSOA.

    Raises
    ------
    KeyError
        If ``code`` is not an English LSOA 2021.
    """
    if not england.is_lsoa(code):
        raise KeyError(f"{code!r} is not an English LSOA 2021.")
    place = england.place(code)
    from geo import trends

    notes = [n for n in (trends.lineage(england, code).note(),) if n]
    notes.append(
        f"Ward: the ONS best fit of LSOAs to 2024 wards, {place['ward_name']} "
        f"({place['ward']}). LSOAs do not nest in wards, so this is approximate."
    )
    return EnglandSummary(
        code,
        str(place["name"]),
        str(place["lad_name"]),
        str(place["lad"]),
        str(place["region_name"]),
        str(place["ward_name"]),
        str(place["ward"]),
        str(place["ruc_name"]),
        tuple(notes),
    )


def _authority_ranks(england: England) -> pd.DataFrame:
    """Each LSOA's rank within its local authority for every measure (1 = most deprived)."""
    values = england.values("lsoa21")
    lad = england.places()["lad"].reindex(values.index)
    ranks = [m.replace("_decile", "_rank") for m in MEASURES]
    table = values[ranks].groupby(lad).rank(method="min")
    table["count"] = lad.map(lad.value_counts())
    return table


def figures(england: England, code: str) -> list[EnglandFigure]:
    """The IMD 2025 and its seven domains for one LSOA, each with its England decile."""
    values = england.values("lsoa21").loc[code]
    place = england.place(code)
    local = england.memo("authority_ranks", _authority_ranks).loc[code]
    out = []
    for decile_id in MEASURES:
        rank_id = decile_id.replace("_decile", "_rank")
        if decile_id not in england.registry or is_missing(values.get(decile_id)):
            continue
        decile, rank = england.registry.get(decile_id), england.registry.get(rank_id)
        label = decile.label.replace(" (England decile)", "").replace(": England decile", "")
        out.append(
            EnglandFigure(
                label=label,
                text=f"Decile {int(values[decile_id])} of 10",
                england_text=(
                    f"Ranked {format_value(rank, values[rank_id])} LSOAs in England "
                    "(1 = most deprived)"
                ),
                authority_text=(
                    f"{ordinal(int(local[rank_id]))} most deprived of {int(local['count'])} "
                    f"in {place['lad_name']}"
                ),
                caption=f"{decile.caption} Decile 1 = the most deprived 10% of England.",
            )
        )
    return out


def trend_charts(england: England, code: str) -> list[ProfileChart]:
    """The six-edition history and the domains chart, as for a Northumberland LSOA."""
    return [
        *profile.imd_history_chart(england, "lsoa21", code),
        *profile.domains_chart(england, "lsoa21", code),
    ]


def similar_chart(england: England, code: str) -> tuple[similar.SimilarAreas, ProfileChart]:
    """The areas most like ``code`` and a chart of their change, 2004 to 2025."""
    found = similar.similar_to(england, code)
    table = found.table.rename(
        columns={
            "name": "Area",
            "authority": "Local authority",
            "region": "Region",
            "apart": "Points apart",
            "imd_decile": "IMD 2025 decile",
            "pct_2004": "Percentile 2004",
            "pct_2025": "Percentile 2025",
            "change": "Change (points)",
            "moved": "Relatively",
        }
    )
    title = f"Areas like {found.name}: how they changed, 2004 to 2025"
    cite = charts.Citation(
        title,
        f"{found.name} and {len(found.table)} similar neighbourhoods in England",
        "ODPM and MHCLG, English Indices of Deprivation 2004 and 2025; ONS Rural Urban "
        "Classification 2021",
    )
    chart = ProfileChart(
        title,
        functools.partial(charts.similar_change, found.table, found.own, found.name, cite),
        "English Indices of Deprivation 2004 and 2025 (ODPM, MHCLG; Open Government Licence "
        "v3.0), carried onto 2021 LSOAs with the ONS lookups; rural-urban classes from the "
        "ONS Rural Urban Classification 2021. " + similar.METHOD_NOTE,
        table,
        cite,
        f"All are “{found.rural_urban}” neighbourhoods, like this one.",
    )
    return found, chart
