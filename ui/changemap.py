"""The map explorer's change mode: a measure's change between two editions or years.

The same area layer, click handling, area picker and link as the map of one indicator
(:mod:`ui.mapview`); only the classes (seven fixed, diverging from "about the same"),
the palette, the legend and the table differ (:mod:`geo.change`).
"""

from __future__ import annotations

import functools

import streamlit as st

from geo import change, links
from geo.artifact import Artifact
from geo.maps import choropleth, dashed_layer, legend_html
from geo.tabular import to_csv_bytes
from ui import data, frame, mapview
from ui.state import key

DASHED = "Dashed outline: figures from LSOAs drawn differently then (split or merged)"


def controls(artifact: Artifact) -> None:
    """The measure, the two periods and the geography of a change map."""
    options = [m.id for m in change.measures(artifact)]
    if st.session_state.get(key("change")) not in options:
        st.session_state[key("change")] = change.DEFAULT_MEASURE
    st.selectbox(
        "Change in",
        options,
        key=key("change"),
        format_func=lambda m: change.measure(artifact, m).label,
        on_change=_on_measure_change,
        args=(artifact,),
    )
    measure = change.measure(artifact, st.session_state[key("change")])
    _keep_valid(artifact, measure)
    periods = list(measure.periods)
    since = st.session_state[key("since")]
    left, middle, right = st.columns([3, 2, 2])
    with left:
        st.radio(
            "Areas",
            change.geographies(artifact, measure),
            key=key("geo"),
            format_func=lambda g: data.geography(g).label,
            horizontal=True,
            on_change=mapview.on_geo_change,
            args=(artifact,),
        )
    middle.selectbox(
        "From",
        periods[:-1],
        key=key("since"),
        format_func=measure.label_of,
        on_change=_keep_order,
        args=(measure,),
    )
    right.selectbox(
        "To", periods[periods.index(since) + 1 :], key=key("until"), format_func=measure.label_of
    )
    if reason := change.not_shown(artifact, measure):
        st.caption(f":material/info: {reason}")


def _on_measure_change(artifact: Artifact) -> None:
    measure = change.measure(artifact, st.session_state[key("change")])
    st.session_state[key("since")], st.session_state[key("until")] = measure.default
    mapview.on_mode_change(artifact)


def _keep_valid(artifact: Artifact, measure: change.Measure) -> None:
    """Periods and geography the measure has, before its widgets are drawn."""
    pair = change.valid_pair(
        measure, st.session_state.get(key("since")), st.session_state.get(key("until"))
    )
    st.session_state[key("since")], st.session_state[key("until")] = pair
    mapview.on_mode_change(artifact)


def _keep_order(measure: change.Measure) -> None:
    """A "From" as late as "To" moves "To" on to the period after it."""
    periods = list(measure.periods)
    since = periods.index(st.session_state[key("since")])
    if periods.index(st.session_state[key("until")]) <= since:
        st.session_state[key("until")] = periods[since + 1]


def show(artifact: Artifact, view: links.MapView) -> None:
    """The change map and its table, as tabs."""
    tab_map, tab_table = st.tabs(["Map", "Table"])
    with tab_map:
        show_map(artifact, view)
    with tab_table:
        table_view(view)


def show_map(artifact: Artifact, view: links.MapView) -> None:
    """The change map with boundary changes dashed, its legend in plain words, notes."""
    picture = data.change_map(view.change, view.geo, view.since, view.until)
    display = artifact.areas(view.geo, display=True)
    basemap, story_marks = mapview.toggles(artifact, view.geo, display)
    fmap = choropleth(
        display,
        artifact.encoded(view.geo),
        picture.table,
        picture.classification,
        value_label="Change",
        rank_label="Boundaries",
        basemap=basemap,
    )
    dashed = dashed_layer(display, picture.changed, "Boundaries changed")
    mapview.draw(artifact, fmap, display, view, [dashed, story_marks])
    st.markdown(
        legend_html(
            picture.classification, picture.title, dashed=DASHED if picture.changed else ""
        ),
        unsafe_allow_html=True,
    )
    for note in picture.notes:
        st.caption(note)
    st.caption(f"Source: {picture.source}. Open Government Licence v3.0.")
    mapview.link_and_picture(
        artifact,
        view,
        staticmap_args=(display, picture.classification),
        title=picture.title,
        subtitle=f"{data.geography(view.geo).label}. Source: {picture.source}.",
        file_name=f"change-{view.change}-{view.since}-{view.until}-{view.geo}.png",
    )


def table_view(view: links.MapView) -> None:
    """The change of every area as a sortable table, with a CSV download."""
    picture = data.change_map(view.change, view.geo, view.since, view.until)
    measure = picture.measure
    table = picture.table.reset_index()[
        ["name", "code", "then", "now", "change", "class_label", "boundary"]
    ]
    unit = "%" if measure.relative else measure.unit
    table.columns = [
        "Area",
        "Code",
        measure.label_of(view.since),
        measure.label_of(view.until),
        f"Change ({unit})",
        "What changed",
        "Boundaries",
    ]
    st.dataframe(table, hide_index=True, height=360)
    st.download_button(
        "Download this table (CSV)",
        functools.partial(
            to_csv_bytes,
            table,
            notes=[picture.title, f"Source: {picture.source}.", *picture.notes, frame.ATTRIBUTION],
        ),
        file_name=f"change_{view.change}_{view.since}_{view.until}_{view.geo}.csv",
        mime="text/csv",
        icon=":material/download:",
    )


def area_summary(view: links.MapView) -> None:
    """The selected area's change in words, beside the map."""
    picture = data.change_map(view.change, view.geo, view.since, view.until)
    if view.area not in picture.table.index:
        return
    row = picture.row(view.area)
    with st.container(border=True):
        st.markdown(f"**{picture.title}**")
        st.markdown(row["value_text"])
        if row["boundary"]:
            st.caption(f":material/warning: {row['boundary']}")
        st.caption(f"Source: {picture.source}. Open Government Licence v3.0.")
