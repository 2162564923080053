"""Meeting mode: big type, little chrome, one area at a time, and two areas side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from archive import ArchiveUnavailableError
from archive.text import escape_markdown, excerpt
from geo import charts, profile, trends
from geo.artifact import Artifact
from outputs import pack
from ui import data
from ui.priorities import LAST_SHORTLIST
from ui.stories import related_areas

STEP = "present_step"
SLIDE_FIGURES = ("imd2025_score", "iod2025_income_score", "fuel_poverty_2021")

LARGE_TYPE = """
<style>
html, .stApp { font-size: 125%; }
.stApp [data-testid="stMetricValue"] { font-size: 3rem; }
.stApp h1 { font-size: 3.2rem; }
.stApp .slide-figure { font-size: 3rem; font-weight: 600; margin: 0; line-height: 1.1; }
</style>
"""
HIGH_CONTRAST = """
<style>
.stApp, .stApp [data-testid="stSidebar"], .stApp header { background: #000 !important; }
.stApp, .stApp p, .stApp h1, .stApp h2, .stApp h3, .stApp label, .stApp span,
.stApp [data-testid="stMetricValue"], .stApp [data-testid="stCaptionContainer"] {
  color: #fff !important;
}
.stApp a { color: #ffd700 !important; }
.stApp button, .stApp [data-testid="stExpander"] summary {
  background: #000 !important; color: #fff !important; border: 2px solid #ffd700 !important;
}
.stApp button p { color: #fff !important; }
.stApp button:disabled { opacity: 0.35; }
</style>
"""
HIDE_CHROME = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header { display: none; }
</style>
"""


def style(*, high_contrast: bool, hide_chrome: bool) -> None:
    """Big type always; a high-contrast theme and no sidebar when asked."""
    css = (
        LARGE_TYPE + (HIGH_CONTRAST if high_contrast else "") + (HIDE_CHROME if hide_chrome else "")
    )
    st.markdown(css, unsafe_allow_html=True)


def choose_areas(artifact: Artifact) -> tuple[str, list[str]]:
    """Which list to walk through: a division's LSOAs, a shortlist, or a hand-picked list."""
    kind = st.radio(
        "Walk through",
        ["division", "shortlist", "picked"],
        format_func={
            "division": "A division's neighbourhoods",
            "shortlist": "The priorities shortlist",
            "picked": "Areas I choose",
        }.get,
        horizontal=True,
        key="present_kind",
        on_change=lambda: st.session_state.update({STEP: 0}),
    )
    if kind == "division":
        divisions = artifact.names("wd25").sort_values()
        division = st.selectbox(
            "Division",
            list(divisions.index),
            format_func=divisions.get,
            key="present_division",
            on_change=lambda: st.session_state.update({STEP: 0}),
        )
        return "lsoa21", artifact.members("wd25", division)
    if kind == "shortlist":
        geography, codes = st.session_state.get(LAST_SHORTLIST) or data.default_shortlist()
        st.caption(
            f"{len(codes)} {data.geography(geography).noun} from the Priorities page "
            "(or, if you have not been there, the IMD 2025 top 10)."
        )
        return geography, codes
    names = artifact.names("lsoa21")
    picked = st.multiselect(
        "Neighbourhoods",
        list(names.index),
        format_func=lambda c: f"{names[c]} · {c}",
        key="present_picked",
        max_selections=30,
    )
    return "lsoa21", picked


def _move(by: int, count: int) -> None:
    st.session_state[STEP] = min(max(st.session_state.get(STEP, 0) + by, 0), count - 1)


def stepper(count: int) -> int:
    """Previous and next buttons (also the left and right arrow keys); returns the step.

    The buttons move the step in callbacks, before the page is drawn again, so both
    buttons are always enabled or disabled for the step actually shown.
    """
    step = min(st.session_state.get(STEP, 0), max(count - 1, 0))
    st.session_state[STEP] = step
    back, where, forward = st.columns([1, 2, 1])
    back.button(
        "◀ Previous",
        disabled=step == 0,
        shortcut="left",
        width="stretch",
        on_click=_move,
        args=(-1, count),
    )
    forward.button(
        "Next ▶",
        disabled=step >= count - 1,
        shortcut="right",
        width="stretch",
        on_click=_move,
        args=(1, count),
    )
    where.markdown(
        f"<p style='text-align:center;margin:0.3rem'>Area {step + 1} of {count} · "
        "arrow keys move on</p>",
        unsafe_allow_html=True,
    )
    return step


def slide(artifact: Artifact, geography: str, code: str) -> None:
    """One area: a full-width map, three figures with sources, one trend chart, a quote."""
    summary = data.summary(geography, code)
    st.title(summary.name)
    st.caption(f"{summary.kind} · {code}")
    st.image(data.area_map(geography, code), width="stretch")
    figures = data.figures(geography, code, SLIDE_FIGURES)[: len(SLIDE_FIGURES)]
    for column, figure in zip(st.columns(len(figures)), figures, strict=True):
        with column:
            st.markdown(f"**{figure.indicator.label}**")
            st.markdown(f"<p class='slide-figure'>{figure.text}</p>", unsafe_allow_html=True)
            st.caption(
                " · ".join(t for t in (figure.rank_text, figure.england_text) if t)
                + f". {figure.indicator.caption}"
            )
    left, right = st.columns([3, 2], gap="large")
    with left:
        for chart in profile.trend_charts(artifact, geography, code, (profile.imd_history_chart,)):
            st.markdown(f"### {chart.title}")
            st.altair_chart(chart.chart, width="stretch")
            st.caption(chart.caption)
    with right:
        quote(artifact, geography, code)


def quote(artifact: Artifact, geography: str, code: str) -> None:
    """A short quote from an approved story about the area, if there is one."""
    try:
        found = data.store().stories(areas=related_areas(artifact, geography, code), limit=1)
    except ArchiveUnavailableError:
        return
    if found:
        st.markdown("### In their words")
        story = found[0]
        badge = " — *Example, not a real account*" if story.is_example else ""
        st.markdown(
            f"> {escape_markdown(excerpt(story.body, 260))}\n>\n> — "
            f"{escape_markdown(story.author)}, *{escape_markdown(story.title)}* "
            f"({story.period}){badge}"
        )


def compare(artifact: Artifact) -> None:
    """Two areas side by side: the same figures, and their deprivation histories together."""
    names = {
        **{("lsoa21", c): f"{n} (LSOA)" for c, n in artifact.names("lsoa21").items()},
        **{("wd25", c): f"{n} (division)" for c, n in artifact.names("wd25").items()},
    }
    options = sorted(names, key=names.get)
    left, right = st.columns(2)

    def pick(column, label: str, widget_key: str, default: tuple[str, str]) -> tuple[str, str]:
        index = options.index(default) if default in options else 0
        return column.selectbox(label, options, format_func=names.get, key=widget_key, index=index)

    first = pick(left, "First area", "compare_a", ("wd25", "E05016087"))  # Ashington Central
    second = pick(right, "Second area", "compare_b", ("wd25", "E05016115"))  # Hexham West
    if first == second:
        st.info("Choose two different areas to compare them.", icon=":material/compare_arrows:")
        return
    rows = [
        {"Figure": figure.indicator.label, "Area": names[area], "Value": figure.text}
        for area in (first, second)
        for figure in data.figures(*area)
    ]
    table = pd.DataFrame(rows).pivot(index="Figure", columns="Area", values="Value")
    st.dataframe(table, width="stretch")
    st.caption(
        "Sources: as on each area's profile (IoD 2025, Census 2021, DESNZ fuel poverty 2021). "
        "Division figures are built from LSOAs and are approximate."
    )
    history = pd.concat(
        [
            trends.imd_history(artifact, artifact.members(g, c))
            .groupby("year", as_index=False)["percentile"]
            .mean()
            .assign(name=names[(g, c)])
            .assign(source_code=c, edition="", rank=float("nan"), decile=float("nan"), change="")
            for g, c in (first, second)
        ],
        ignore_index=True,
    )
    st.altair_chart(charts.imd_trend(history), width="stretch")
    st.caption(
        "Relative deprivation: the mean England percentile of each area's 2021 LSOAs in each "
        "IMD edition (0 = most deprived). MHCLG, Open Government Licence v3.0."
    )


def pack_button(artifact: Artifact, geography: str, code: str) -> None:
    """Make the A4 PDF pack on request, with progress, then offer it for download."""
    key = f"pack_{geography}_{code}"
    if st.button(
        "Make the A4 area pack (PDF)", icon=":material/picture_as_pdf:", key=f"make_{key}"
    ):
        with st.status("Making the area pack…", expanded=True) as status:
            bar = st.progress(0.0)
            try:
                stories = data.store().stories(
                    areas=related_areas(artifact, geography, code), limit=3
                )
            except ArchiveUnavailableError:
                stories = []
            st.session_state[key] = pack.area_pack(
                artifact,
                geography,
                code,
                stories,
                progress=lambda done, what: bar.progress(done, text=what),
            )
            status.update(label="Area pack ready", state="complete", expanded=False)
    if key in st.session_state:
        st.download_button(
            "Download the area pack (PDF)",
            st.session_state[key],
            file_name=f"area-pack-{code}.pdf",
            mime="application/pdf",
            icon=":material/download:",
            key=f"get_{key}",
        )
