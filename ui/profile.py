"""Draw an area profile: who the area is, headline figures, trend charts with tables."""

from __future__ import annotations

import functools
import re

import pandas as pd
import streamlit as st

from geo import profile
from geo.profile import Figure, ProfileChart
from outputs import render
from ui import data, frame


def header(geo: str, code: str, *, link: bool = True) -> None:
    """Name, kind, what the area belongs to, caveats, and (for divisions) its LSOAs."""
    summary = data.summary(geo, code)
    st.header(summary.name, anchor="profile")
    st.caption(f"{summary.kind} · {summary.code}")
    for label, parent_code, name in summary.belongs_to:
        st.markdown(f"In **{name}** — {label}, {parent_code}")
    for note in summary.notes:
        st.info(note, icon=":material/info:")
    if link:
        st.page_link(
            "app_pages/area.py",
            label="Open this profile on its own page (a link you can share)",
            icon=":material/link:",
            query_params={"geo": geo, "area": code},
        )
    if not summary.lsoas.empty:
        _members(summary.lsoas, geo, code)


def figures(
    geo: str,
    code: str,
    indicator_id: str = "",
    *,
    per_row: int = 2,
    first: int = 0,
    count: int | None = None,
    title: str | None = "Headline figures",
) -> None:
    """Headline figures (the mapped indicator first), each with rank, decile and source.

    ``first`` and ``count`` pick a slice, so a page can show the first figure beside
    the map and the rest below it.
    """
    items = data.figures(geo, code, (indicator_id,) if indicator_id else ())
    items = items[first : None if count is None else first + count]
    if title:
        st.subheader(title)
    for start in range(0, len(items), per_row):
        row = items[start : start + per_row]
        for column, figure in zip(st.columns(per_row), row, strict=False):
            with column, st.container(border=True):
                _figure(figure)


def trends(geo: str, code: str, *, per_row: int = 2) -> None:
    """Trend charts, each with its caption, boundary-change note and a table."""
    st.subheader("How it has changed")
    for reason in profile.not_shown(data.artifact(), geo):
        st.caption(f":material/info: Not available here: {reason}")
    draw_charts(data.trend_charts(geo, code), f"{geo}_{code}", per_row=per_row)


def draw_charts(items: list[ProfileChart], key: str, *, per_row: int = 2) -> None:
    """Charts side by side, each with caption, note, table and a PNG download."""
    for start in range(0, len(items), per_row):
        for column, chart in zip(st.columns(per_row), items[start : start + per_row], strict=False):
            with column:
                st.vega_lite_chart(chart.spec, width="stretch")  # titled and cited inside
                st.caption(chart.caption)
                if chart.note:
                    st.caption(f":material/warning: {chart.note}")
                with st.expander("The numbers as a table"):
                    st.dataframe(chart.table, hide_index=True)
                st.download_button(
                    "Chart as PNG",
                    functools.partial(render.chart_image, chart.spec),  # made only when clicked
                    file_name=f"{slug(chart.title)}-{key.rsplit('_', 1)[-1]}.png",
                    mime="image/png",
                    icon=":material/image:",
                    key=f"png_{key}_{slug(chart.title)}",
                )


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _figure(figure: Figure) -> None:
    ind = figure.indicator
    st.markdown(f"**{ind.label}**")
    st.markdown(f"<p style='font-size:1.9rem;margin:0'>{figure.text}</p>", unsafe_allow_html=True)
    lines = [figure.rank_text, figure.england_text, figure.county_text]
    st.markdown("  \n".join(line for line in lines if line))
    if figure.method:
        st.caption(figure.method)
    frame.source_caption(ind)


def _members(lsoas: pd.DataFrame, geo: str, code: str) -> None:
    st.markdown(f"**Neighbourhoods in this {data.geography(geo).singular}**")
    table = lsoas.rename(
        columns={
            "name": "LSOA",
            "code": "Code",
            "decile": "IMD 2025 England decile",
            "share": "% of its residents here",
            "mainly_here": "Mainly here",
        }
    )
    st.dataframe(table, hide_index=True)
    st.caption(
        "England decile: 1 = the most deprived 10% of LSOAs in England (IoD 2025, MHCLG). "
        "% of its residents here: where the LSOA's residents' postcodes are."
    )
    st.vega_lite_chart(data.members_map(geo, code), width="stretch")
