"""The map explorer's England mode: all 33,755 English LSOAs for one IoD measure.

The map is drawn from tiles built with England's data (see :mod:`geo.englandtiles`);
a click comes back as a point and is turned into an LSOA on the server. The view lives
in the session and in the address bar (``/map?extent=england&measure=…&area=…``).
"""

from __future__ import annotations

import functools

import streamlit as st
from streamlit_folium import st_folium

from geo import englandmap
from geo.cleaning import clean, shown
from geo.maps import legend_html
from ui import data
from ui import england as england_ui

CLICK = "england_click"
MEASURE = "england_measure"
AREA = "england_area"
FOCUS = "england_focus"
AUTHORITY = "england_authority"
LAST_LINK = "england_last_link"
HEIGHT = 560


def extent_choice() -> str:
    """The county (or council) or all of England: the radio at the top of the map explorer.

    The address decides when a link is opened (``extent=england``); afterwards the radio.
    """
    asked = "england" if st.query_params.get("extent") == "england" else "county"
    if st.session_state.get("map_extent_link") != asked:
        st.session_state["map_extent_link"] = asked
        st.session_state["map_extent"] = asked
    extents = {"county": data.artifact().county_name, "england": "All of England"}
    st.radio("Map of", list(extents), key="map_extent", format_func=extents.get, horizontal=True)
    chosen = st.session_state["map_extent"]
    if chosen == "county" and asked == "england":
        st.query_params.clear()
        st.session_state["map_extent_link"] = "county"
    return chosen


def _restore(england) -> None:
    """Apply the link's measure and area once (they are checked, never trusted)."""
    link = {k: st.query_params.get(k) for k in ("measure", "area")}
    if link == st.session_state.get(LAST_LINK):
        return
    st.session_state[LAST_LINK] = link
    measure, area = link["measure"], clean(link["area"] or "").upper()
    if measure in englandmap.measures(england):
        st.session_state[MEASURE] = measure
    elif measure:
        st.warning(f"The link's measure “{shown(measure)}” is not on the England map.")
    if area and england.is_lsoa(area):
        _select(england, area, centre=True)
    elif area:
        st.warning(f"The link's area “{shown(area)}” is not an English LSOA 2021.")


def _select(england, code: str, *, centre: bool) -> None:
    st.session_state[AREA] = code
    st.session_state[AUTHORITY] = england.place(code)["lad"]
    if centre:
        st.session_state[FOCUS] = englandmap.focus(england, code)


def _on_click(england) -> None:
    clicked = (st.session_state.get(CLICK) or {}).get("last_clicked")
    code = englandmap.lsoa_clicked(england, clicked)
    if code:
        _select(england, code, centre=False)


def _on_pick(england) -> None:
    code = st.session_state.get("england_pick")
    if code:
        _select(england, code, centre=True)


def page() -> None:
    """Controls, the England map, its legend and the chosen LSOA's profile."""
    england = england_ui.wait("the England map")
    if england is None:
        return
    _restore(england)
    registry = england.registry
    options = englandmap.measures(england)
    st.session_state.setdefault(MEASURE, options[0])
    st.selectbox(
        "Measure (England deciles, IoD 2025)",
        options,
        key=MEASURE,
        format_func=lambda m: registry.get(m).label,
    )
    measure = st.session_state[MEASURE]
    _picker(england)
    area = st.session_state.get(AREA)
    map_column, side_column = st.columns([3, 2], gap="large")
    with map_column:
        focus = st.session_state.get(FOCUS) or {}
        st_folium(
            _map(measure),
            key=CLICK,
            height=HEIGHT,
            use_container_width=True,
            returned_objects=["last_clicked"],
            feature_group_to_add=[englandmap.selection(england, area)],
            center=focus.get("center"),
            zoom=focus.get("zoom"),
            on_change=functools.partial(_on_click, england),
        )
        st.markdown(
            legend_html(_classes(measure), f"{registry.get(measure).label}, all of England"),
            unsafe_allow_html=True,
        )
        st.caption(
            "Zoomed out, each neighbourhood is a coloured dot of the picture; zoom in (to a "
            "town) for the outlines of every LSOA, with names. Lines show local authorities. "
            f"{registry.get(measure).caption}"
        )
    with side_column:
        if area:
            england_ui.profile(area, compact=True)
        else:
            st.info(
                "Click anywhere on the map, or choose a local authority and a neighbourhood "
                "above, to see how that neighbourhood compares with all of England.",
                icon=":material/touch_app:",
            )
    if area:
        england_ui.charts_section(england_ui.chart_list(area), area)
        england_ui.similar_section(area)
    params = {"extent": "england", "measure": measure, **({"area": area} if area else {})}
    st.session_state["map_extent_link"] = "england"
    st.session_state[LAST_LINK] = {"measure": measure, "area": area}
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def _picker(england) -> None:
    """Keyboard path to any LSOA: a local authority, then one of its neighbourhoods."""
    lads = england.names("lad").sort_values()
    st.session_state.setdefault(AUTHORITY, None)
    left, right = st.columns(2)
    with left:
        st.selectbox(
            "Local authority",
            list(lads.index),
            key=AUTHORITY,
            format_func=lambda c: f"{lads[c]} · {c}",
            placeholder="Type a council's name",
        )
    lad = st.session_state.get(AUTHORITY)
    with right:
        names = england.names("lsoa21")
        codes = sorted(england.in_authority(lad), key=lambda c: names[c]) if lad else []
        current = st.session_state.get(AREA)
        st.session_state["england_pick"] = current if current in codes else None
        st.selectbox(
            "Neighbourhood (LSOA 2021)",
            codes,
            key="england_pick",
            format_func=lambda c: f"{names[c]} · {c}",
            placeholder="Choose a local authority first" if not lad else "Type a name or code",
            on_change=_on_pick,
            args=(england,),
        )


def _map(measure: str):
    """The England map of one measure, made afresh each run (it holds no geometry, and
    streamlit-folium adds the selection to the map it is given, so it cannot be shared).
    Its script is the same every run, so the browser keeps the map and its view."""
    return englandmap.england_map(england_ui.get(), measure)


@st.cache_resource(show_spinner=False, max_entries=16)
def _classes(measure: str):
    return englandmap.classes(england_ui.get(), measure)
