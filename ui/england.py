"""England for pages: its data (built in the background), England profiles, areas like yours.

The county's artifact is ready in about a second; England's part takes about a minute
the first time. It is built in a background thread as soon as the app has its county
data, so it is usually ready before anyone asks; a page that needs it before then shows
the build's progress instead of stalling silently.
"""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass, field

import streamlit as st

import geo
from geo import england as geo_england
from geo import englandprofile, similar
from geo.cleaning import clean
from geo.england import England
from outputs import render
from ui import data, frame


@dataclass
class _State:
    """Process-wide: one build, shared by every session."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    thread: threading.Thread | None = None
    england: England | None = None
    progress: tuple[float, str] = (0.0, "Waiting to start")
    error: str | None = None


@st.cache_resource(show_spinner=False)
def _state() -> _State:
    return _State()


def _build(state: _State, registry: geo.Registry) -> None:
    def report(fraction: float, message: str) -> None:
        state.progress = (fraction, message)

    try:
        geo_england.build(progress=report)
        state.england = England.open(registry)
    except geo.ObservatoryError as exc:
        state.error = str(exc)
    except Exception as exc:  # the app must keep running; the message says what failed
        state.error = f"England's data could not be prepared ({type(exc).__name__}: {exc})."


def get() -> England | None:
    """England's data if it is ready; otherwise starts preparing it and returns None."""
    state = _state()
    if state.england is not None or state.error:
        return state.england
    with state.lock:
        if state.thread is None:
            registry = data.artifact().registry
            state.thread = threading.Thread(
                target=_build, args=(state, registry), name="england-build", daemon=True
            )
            state.thread.start()
    return state.england


def wait(what: str) -> England | None:
    """England's data, showing the build's progress until it is ready.

    Returns None (after saying why) if it could not be prepared.
    """
    # Always one element here, so the page's elements keep their places (and the map its
    # view) whether or not there was anything to wait for.
    slot = st.empty()
    england = get()
    if england is not None:
        return england
    state = _state()
    while state.england is None and state.error is None:
        fraction, message = state.progress
        slot.progress(
            min(max(fraction, 0.0), 1.0),
            text=f"Preparing England's data for {what} (first use only): {message}…",
        )
        time.sleep(0.5)
    slot.empty()
    if state.error:
        st.error(
            f"**England's data could not be prepared.** {state.error}\n\n"
            "Restore the `data/england/` folder from the project, then reload this page. "
            f"{data.artifact().county_name}'s pages carry on working."
        )
    return state.england


# ---- cached views --------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=512)
def _summary(code: str) -> englandprofile.EnglandSummary:
    return englandprofile.summary(get(), code)


@st.cache_resource(show_spinner=False, max_entries=512)
def _figures(code: str) -> list[englandprofile.EnglandFigure]:
    return englandprofile.figures(get(), code)


@st.cache_resource(show_spinner=False, max_entries=512)
def chart_list(code: str) -> list:
    """The six-edition history and domains charts of an English LSOA (cached)."""
    return englandprofile.trend_charts(get(), code)


@st.cache_resource(show_spinner=False, max_entries=512)
def _similar(code: str):
    return englandprofile.similar_chart(get(), code)


# ---- drawing -----------------------------------------------------------------------


def outside_county(artifact: geo.Artifact, link: dict) -> str | None:
    """The link's area when it is an English LSOA outside the county, else None.

    Only LSOA codes (``E01`` and six digits) are looked up, and only in England's own
    list; anything else is left to the county's link checks.
    """
    code = clean(str(link.get("area") or "")).upper()
    if link.get("geo", "lsoa21") != "lsoa21" or not artifact.geography("lsoa21").is_code(code):
        return None
    if artifact.is_area("lsoa21", code):
        return None
    england = wait("this neighbourhood")
    if england is None or not england.is_lsoa(code):
        return None
    return code


def profile_page(code: str) -> None:
    """A whole page for an English LSOA outside the county."""
    frame.print_styles()
    profile(code, page_title=True)
    st.query_params.from_dict({"geo": "lsoa21", "area": code})


def profile(
    code: str, *, heading: bool = True, compact: bool = False, page_title: bool = False
) -> None:
    """The profile of any English LSOA: who it is, IoD figures, history, areas like it.

    Its name is the page's one h1 when the profile is the page (``page_title``).
    """
    summary = _summary(code)
    if heading:
        (st.title if page_title else st.header)(summary.name, anchor="profile")
    st.caption(f"Neighbourhood (LSOA 2021) · {summary.code}")
    st.markdown(
        f"In **{summary.authority}** ({summary.authority_code}), {summary.region}. "
        f"Rural-urban class: {summary.rural_urban}."
    )
    for note in summary.notes:
        st.info(note, icon=":material/info:")
    figures = _figures(code)
    st.subheader("Deprivation in 2025, against all of England")
    shown = figures[:1] if compact else figures
    per_row = 1 if compact else 4
    for start in range(0, len(shown), per_row):
        for column, figure in zip(
            st.columns(per_row), shown[start : start + per_row], strict=False
        ):
            with column, st.container(border=True):
                st.markdown(f"**{figure.label}**")
                st.markdown(
                    f"<p style='font-size:1.6rem;margin:0'>{figure.text}</p>",
                    unsafe_allow_html=True,
                )
                st.markdown(f"{figure.england_text}  \n{figure.authority_text}")
                st.caption(figure.caption)
    st.page_link(
        "app_pages/area.py",
        label="Open this profile on its own page (a link you can share)",
        icon=":material/link:",
        query_params={"geo": "lsoa21", "area": code},
    )
    if compact:
        return
    charts_section(chart_list(code), code)
    similar_section(code)
    st.info(englandprofile.NOT_IN_ENGLAND_PACK, icon=":material/info:")


def charts_section(items: list, code: str, *, per_row: int = 2) -> None:
    """Trend charts with caption, note, table and PNG download (as on county profiles)."""
    from ui import profile as profile_view

    st.subheader("How it has changed")
    profile_view.draw_charts(items, f"england_{code}", per_row=per_row)


def similar_section(code: str) -> None:
    """Areas like this one across England, and how they changed (waits for England)."""
    st.subheader("Areas like yours across England")
    if get() is None and _state().error is None:
        _similar_pending(code)
        return
    if get() is None:
        st.warning("England's data is not available, so similar areas cannot be shown.")
        return
    _similar_drawn(code)


def _similar_drawn(code: str) -> None:
    found, chart = _similar(code)
    st.markdown(f"**{found.sentence()}**")
    st.vega_lite_chart(chart.spec, width="stretch")
    st.caption(chart.note)
    links = found.table.assign(link=[f"/area?geo=lsoa21&area={c}" for c in found.table["code"]])[
        ["link", "authority", "region", "imd_decile", "pct_2004", "pct_2025", "change", "moved"]
    ]
    st.dataframe(
        links,
        hide_index=True,
        column_config={
            "link": st.column_config.LinkColumn(
                "Area (opens its profile)", display_text=r"area=(E01\d{6})"
            ),
            "authority": "Local authority",
            "region": "Region",
            "imd_decile": st.column_config.NumberColumn("IMD 2025 decile", format="%d"),
            "pct_2004": st.column_config.NumberColumn("Percentile 2004", format="%.0f"),
            "pct_2025": st.column_config.NumberColumn("Percentile 2025", format="%.0f"),
            "change": st.column_config.NumberColumn("Change (points)", format="%+.1f"),
            "moved": "Relatively",
        },
    )
    names = dict(zip(found.table["code"], found.table["name"], strict=True))
    choice = st.selectbox(
        "Open the profile of one of these areas",
        list(names),
        index=None,
        format_func=lambda c: f"{names[c]} · {c}",
        key=f"similar_open_{code}",
        placeholder="Choose an area",
    )
    if choice:
        st.switch_page("app_pages/area.py", query_params={"geo": "lsoa21", "area": choice})
    st.caption(similar.METHOD_NOTE)
    st.download_button(
        "Chart as PNG",
        functools.partial(render.chart_image, chart.chart),
        file_name=f"similar-areas-{code}.png",
        mime="image/png",
        icon=":material/image:",
        key=f"png_similar_{code}",
    )


@st.fragment(run_every=1.0)
def _similar_pending(code: str) -> None:
    """Progress of England's build, refreshed each second; the page reruns when it is done."""
    state = _state()
    if state.england is not None or state.error:
        st.rerun(scope="app")
    fraction, message = state.progress
    st.progress(
        min(max(fraction, 0.0), 1.0),
        text=f"Preparing England's data to find areas like this one: {message}…",
    )
