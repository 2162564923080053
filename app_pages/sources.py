"""Data & sources: every registry indicator with its definition, source, edition, licence."""

import functools

import pandas as pd
import streamlit as st

from geo import gazetteer
from geo.catalog import licence_name
from geo.tabular import to_csv_bytes
from ui import data, frame
from ui.profile import slug

artifact = data.artifact()
registry = artifact.registry

st.title("Data & sources")
st.markdown(
    "Every figure in the observatory comes from published open data, joined to "
    "neighbourhoods and divisions on official GSS codes. Read these notes before comparing "
    "places or years:"
)
st.markdown(
    "- **LSOAs do not nest in electoral divisions.** A division's or ward's figures add up the "
    "LSOAs lying wholly in it and *shares* of those split with its neighbours, by where their "
    "residents' postcodes are; each figure says which. Ranks and deciles are never shared out.\n"
    "- **LSOAs changed in 2021.** Some 2011 LSOAs were split or merged; trends from 2004 to 2025 "
    "follow the official lookups and flag the changed areas.\n"
    "- **Deprivation ranks are relative.** Each edition ranks England's LSOAs afresh, so compare "
    "editions by decile or percentile, not by score or raw rank.\n"
    "- **Some series break.** Fuel poverty changed its measure in 2019 (LIHC to LILEE); the "
    "2015 population estimate leaves out prisoners. Charts mark both.\n"
    "- **Gaps are shown, not summed away.** A total for an area where some LSOAs have no "
    "figure is shown as incomplete and not ranked."
)

st.subheader("Indicators")
themes = list(registry.themes())
chosen = st.multiselect("Themes", themes, placeholder="All themes")
search = st.text_input("Search indicators", placeholder="e.g. fuel, income, overcrowded")
rows = [
    {
        "Indicator": ind.label,
        "Theme": ind.theme,
        "Definition": ind.description,
        "Source": f"{ind.source.publisher}: {ind.source.title}",
        "Edition": ind.edition,
        "Geography": data.geography(ind.geography).label,
        "Unit": ind.unit,
        "More need when": ind.more_need,
        "Licence": licence_name(ind.licence),
        "Link": ind.source.url,
        "Id": ind.id,
    }
    for ind in registry
    if (not chosen or ind.theme in chosen)
    and (not search or search.lower() in f"{ind.label} {ind.description}".lower())
]
if rows:
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        column_config={"Link": st.column_config.LinkColumn("Link", display_text="publisher page")},
    )
    st.caption(f"{len(rows)} of {len(registry)} indicators.")
else:
    st.info("No indicator matches that search. Clear the search box or pick other themes.")

st.subheader("Download the joined LSOA table")
table = artifact.lsoa_table()
county = artifact.county_name
st.markdown(
    f"All {len(table)} {county} LSOAs (2021) with every LSOA indicator, one column per "
    "indicator id (see the table above for definitions)."
)
notes = [
    f"{county} Data Observatory: LSOA 2021 indicators joined on GSS codes.",
    frame.ATTRIBUTION,
]
st.download_button(
    "Download CSV",
    functools.partial(to_csv_bytes, table, notes=notes),  # built when clicked
    file_name=f"{slug(county)}_lsoa21_indicators.csv",
    mime="text/csv",
    icon=":material/download:",
)

st.subheader("Sources")
for source in registry.sources.values():
    with st.expander(f"{source.title} ({source.edition})"):
        st.markdown(
            f"**Publisher:** {source.publisher}  \n"
            f"**Geography:** {data.geography(source.geography).label}  \n"
            f"**Licence:** {licence_name(source.licence)}  \n"
            + (
                "**File:** the England file named below, cut to this council"
                if artifact.from_england
                else f"**File:** `data/{source.file}`"
            )
        )
        if source.notes:
            st.markdown(source.notes)
        if source.url:
            st.markdown(f"[Publisher's page]({source.url})")
with st.expander("Place names (the gazetteer used by search and for local names)"):
    st.markdown(f"{gazetteer.PROVENANCE}  \n**File:** `data/{gazetteer.FILE}`")

st.subheader("How the data joined")
reports = pd.DataFrame(
    [
        {
            "Source": r.source_id,
            "Geography": data.geography(r.geography).label,
            "Matched": f"{r.matched} of {r.expected}",
            "Unmatched codes": len(r.unmatched),
            "Duplicate codes": len(r.duplicates),
            "Areas with no row": len(r.missing),
            "Empty values": r.empty_text(),
        }
        for r in artifact.reports
    ]
)
st.dataframe(reports, hide_index=True)

st.subheader("How neighbourhoods are shared out among divisions and wards")
if artifact.from_england:  # no postcodes to share neighbourhoods out by
    st.markdown(
        "Each neighbourhood is given wholly to its ONS best-fit 2024 ward, and the wards are "
        "drawn from their neighbourhoods: ward figures and outlines are approximate."
    )
else:
    st.markdown(
        "Like the ONS best-fit lookups, the build places each output area (about 125 "
        "households) at the centre of its postcodes and gives it to the division or ward "
        "there; an LSOA's share in an area is the share of its output areas there."
    )
for geo_id, fit in artifact.manifest.get("fit", {}).items():
    line = (
        f"**{data.geography(geo_id).label}:** {fit['split_lsoas']} of {fit['lsoas']} LSOAs "
        f"are split; {fit['areas_of_whole_lsoas']} of {fit['areas']} areas are made of whole "
        "LSOAs only."
    )
    for row in fit.get("agreement", [])[:1]:
        line += f" Agrees with the ONS best fit for {row['agree']} of {row['of']} LSOAs."
    st.markdown(line)
built_from = "the England files in `data/england/`" if artifact.from_england else "`data/`"
st.caption(f"Data artifact built {artifact.manifest['built_at']} from {built_from}.")
