"""The map explorer's pieces: controls, search, area picker, the map and its table.

Widget changes and map clicks are handled in callbacks, which run before the page is
drawn again, so the area picker, the map highlight and the profile always agree.
"""

from __future__ import annotations

import dataclasses
import functools

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from geo import change, links
from geo.artifact import Artifact
from geo.classify import MAX_K, MIN_K, SCHEMES
from geo.maps import centre_of, resolve_click, selection_layer, story_layer
from geo.search import TOWN, Place, in_geography, search
from geo.tabular import to_csv_bytes
from outputs import staticmap
from ui import data, find, frame, state, stories
from ui import profile as profile_view
from ui.profile import PROFILE_ANCHOR
from ui.state import current, key

MAP_KEY = "map_click"
FOCUS = "map_focus"
SHOWN_GEO = "map_geo_shown"
SEARCH_MESSAGE = "map_search_message"
SUGGESTIONS = "map_suggestions"
#: A town found by a search: its LSOAs are outlined and its answer shown (no area chosen).
TOWN_SHOWN = "map_town"
MAP_HEIGHT = 560
MAP_AREA = "map_box"
MAP_NOTE = "map_note"
# The box has the map's height from the start (a container's height is part of the page
# itself, drawn at once), so nothing jumps when the map arrives; the note sits behind
# the map, which covers it once Leaflet has drawn. The box must not scroll: a swipe
# would scroll it, not the page.
MAP_AREA_CSS = f"""
.st-key-{MAP_AREA} {{ position: relative; overflow: hidden; }}
.st-key-{MAP_NOTE} {{ position: absolute; top: 45%; left: 0; right: 0; text-align: center; }}
.st-key-{MAP_AREA} iframe {{ position: relative; z-index: 1; }}
"""


MODES = {"level": "One edition", "change": "Change between two"}


def mode_choice(artifact: Artifact) -> str:
    """What the map shows: one indicator, or the change of a measure between two periods."""
    st.segmented_control(
        "The map shows",
        list(MODES),
        format_func=MODES.get,
        key=key("mode"),
        required=True,
        on_change=on_mode_change,
        args=(artifact,),
    )
    return st.session_state[key("mode")]


def on_mode_change(artifact: Artifact) -> None:
    """Keep the geography (and the selection) valid for what the map shows now."""
    allowed = allowed_geographies(artifact)
    if st.session_state[key("geo")] not in allowed:
        st.session_state[key("geo")] = allowed[0]
        _carry_area(artifact, allowed[0])


def allowed_geographies(artifact: Artifact) -> list[str]:
    """Geographies the map can show now: of the indicator, or of the change measure."""
    if state.value("mode") == "change":
        found = change.measure(artifact, state.value("change"))
        return change.geographies(artifact, found)
    return links.geographies_for(artifact, artifact.registry.get(state.value("indicator")))


def controls(artifact: Artifact) -> None:
    """Indicator, geography and classification pickers."""
    registry = artifact.registry
    options = [ind.id for ind in links.mappable_indicators(artifact)]
    st.selectbox(
        "Indicator",
        options,
        key=key("indicator"),
        format_func=lambda i: f"{registry.get(i).theme} › {registry.get(i).label}",
        on_change=_on_indicator_change,
        args=(artifact,),
        help="Type to search. Indicators are grouped by theme.",
    )
    ind = registry.get(st.session_state[key("indicator")])
    left, middle, right = st.columns([3, 3, 2])
    with left:
        st.radio(
            "Areas",
            links.geographies_for(artifact, ind),
            key=key("geo"),
            format_func=lambda g: data.geography(g).label,
            horizontal=True,
            on_change=on_geo_change,
            args=(artifact,),
        )
    with middle:
        st.selectbox(
            "Colour classes",
            links.schemes_for(artifact, ind, st.session_state[key("geo")]),
            key=key("scheme"),
            format_func=lambda s: SCHEMES[s],
        )
    with right:
        fixed = st.session_state[key("scheme")] == "england_deciles" or not ind.is_numeric
        st.slider("Number of classes", MIN_K, MAX_K, key=key("k"), disabled=fixed)


def _on_indicator_change(artifact: Artifact) -> None:
    ind = artifact.registry.get(st.session_state[key("indicator")])
    allowed = links.geographies_for(artifact, ind)
    if st.session_state[key("geo")] not in allowed:
        st.session_state[key("geo")] = allowed[0]
        _carry_area(artifact, allowed[0])
    _keep_scheme_valid(artifact)


def on_geo_change(artifact: Artifact) -> None:
    """Keep the selection (and the classification) meaningful on the new geography."""
    _carry_area(artifact, st.session_state[key("geo")])
    if state.value("mode") != "change":  # a change map has fixed classes
        _keep_scheme_valid(artifact)


def _keep_scheme_valid(artifact: Artifact) -> None:
    """Fall back to quantiles when the chosen classification no longer applies."""
    ind = artifact.registry.get(state.value("indicator"))
    if state.value("scheme") not in links.schemes_for(artifact, ind, st.session_state[key("geo")]):
        st.session_state[key("scheme")] = links.DEFAULT_SCHEME


def _carry_area(artifact: Artifact, new_geo: str) -> None:
    """Keep the selection meaningful when the geography changes (LSOA → its division)."""
    area, old_geo = st.session_state.get(key("area")), st.session_state.get(SHOWN_GEO)
    carried = None
    if area and old_geo:
        place = _place_of(artifact, old_geo, area)
        carried = in_geography(artifact, place, new_geo) if place else None
    st.session_state[key("area")] = carried


def _place_of(artifact: Artifact, geo: str, code: str) -> Place | None:
    if not artifact.is_area(geo, code):
        return None
    return Place(geo, code, artifact.local_name(geo, code), "selected")


def search_box(artifact: Artifact) -> None:
    """Postcode, place or code search, with suggestions when several places match."""
    label, example = find.search_words(
        artifact, "Find a postcode or place", "e.g. NE61 1AA, Hexham, Cramlington North"
    )
    st.text_input(
        label,
        key="map_search",
        placeholder=example,
        on_change=_on_search,
        args=(artifact,),
        max_chars=80,
    )
    message = st.session_state.get(SEARCH_MESSAGE)
    if message:
        kind, text = message
        (st.success if kind == "ok" else st.warning)(text)
    suggestions = st.session_state.get(SUGGESTIONS) or []
    if suggestions:
        cols = st.columns(min(3, len(suggestions)))
        for i, place in enumerate(suggestions):
            cols[i % len(cols)].button(
                place.label,
                key=f"suggest_{place.geography}_{place.code}_{i}",
                on_click=_choose,
                args=(artifact, place),
            )
    search_answer()


def search_answer() -> None:
    """The plain answer about what the last search found, right under the search box
    (on a phone, the map and the profile beside it are further down)."""
    place: Place | None = st.session_state.get(find.FOUND)
    if place is None or st.session_state.get(SEARCH_MESSAGE) is not None:
        return
    searched = find.searched_for(place.geography, place.code)
    if place.geography == TOWN:
        if st.session_state.get(TOWN_SHOWN) == place.code:
            profile_view.town_answer(place.code, searched=searched)
    elif answered(current()):
        profile_view.answer_panel(place.geography, place.code, searched=searched)


def answered(view: links.MapView) -> bool:
    """True when the search answer under the box is about the view's area."""
    place: Place | None = st.session_state.get(find.FOUND)
    return (
        place is not None
        and st.session_state.get(SEARCH_MESSAGE) is None
        and bool(view.area)
        and (place.geography, place.code) == (view.geo, view.area)
    )


def _on_search(artifact: Artifact) -> None:
    result = search(artifact, st.session_state.get("map_search", ""))
    st.session_state[SUGGESTIONS] = list(result.matches) if len(result.matches) > 1 else []
    if result.found:
        _choose(artifact, result.matches[0])
    else:
        st.session_state[SEARCH_MESSAGE] = ("warn", result.message)


def _choose(artifact: Artifact, place: Place) -> None:
    """Select a found place in the current geography (or switch to its own)."""
    st.session_state[SUGGESTIONS] = []
    st.session_state[TOWN_SHOWN] = None
    if place.geography == TOWN:
        _choose_town(artifact, place)
        return
    geo = st.session_state[key("geo")]
    code = in_geography(artifact, place, geo)
    if code is None and place.geography in allowed_geographies(artifact):
        geo, code = place.geography, place.code
        st.session_state[key("geo")] = geo
    if code is None:
        st.session_state[SEARCH_MESSAGE] = (
            "warn",
            f"{place.name} is a {data.geography(place.geography).label}, which this "
            "map is not shown for. Switch the areas above, or pick another indicator.",
        )
        return
    st.session_state[key("area")] = code
    find.remember(dataclasses.replace(place, geography=geo, code=code))
    st.session_state[SEARCH_MESSAGE] = None
    if place.lat is not None and place.lon is not None:
        st.session_state[FOCUS] = {"center": (place.lat, place.lon), "zoom": 13}
    else:
        focus_on(artifact, geo, code)
    frame.reveal_next(PROFILE_ANCHOR)


def _choose_town(artifact: Artifact, place: Place) -> None:
    """Outline a town's LSOAs on the LSOA map and show its answer."""
    st.session_state[key("geo")] = "lsoa21"
    st.session_state[key("area")] = None
    st.session_state[TOWN_SHOWN] = place.code
    find.remember(place)
    st.session_state[SEARCH_MESSAGE] = None
    if place.lat is not None and place.lon is not None:
        st.session_state[FOCUS] = {"center": (place.lat, place.lon), "zoom": 12}
    frame.reveal_next(PROFILE_ANCHOR)


def town_selection() -> list[str]:
    """The LSOAs of the town the search found, while no single area is chosen."""
    town = st.session_state.get(TOWN_SHOWN)
    return list(data.artifact().towns().get(town, ())) if town else []


def focus_on(artifact: Artifact, geo: str, code: str) -> None:
    """Centre the map on an area (used after a search and when a link names one)."""
    centre = centre_of(artifact.areas(geo, display=True), code)
    if centre is not None:
        st.session_state[FOCUS] = {"center": centre, "zoom": 12 if geo == "lsoa21" else 11}


def area_picker(artifact: Artifact, geo: str) -> None:
    """A keyboard-usable list of every area, synced with map clicks and search."""
    names = artifact.labels(geo).sort_values()
    if st.session_state.get(key("area")) not in names.index:
        st.session_state[key("area")] = None
    st.selectbox(
        f"Choose an area ({data.geography(geo).plural})",
        list(names.index),
        key=key("area"),
        index=None,
        format_func=lambda c: f"{names[c]} · {c}",
        placeholder="Type a name or code",
        on_change=_on_pick,
    )


def _on_pick() -> None:
    st.session_state[TOWN_SHOWN] = None
    if st.session_state.get(key("area")):
        frame.reveal_next(PROFILE_ANCHOR)


def show_map(artifact: Artifact, view: links.MapView) -> None:
    """The choropleth with the selection outlined, its legend and its notes."""
    picture = data.choropleth(view.geo, view.indicator, view.scheme, view.k)
    basemap, story_marks = toggles(artifact, view.geo, picture.display)
    draw(artifact, picture.folium_map(basemap=basemap), picture.display, view, [story_marks])
    frame.legend(picture.legend_html())
    for note in picture.notes:
        st.caption(note)
    frame.source_caption(picture.indicator)
    link_and_picture(
        artifact,
        view,
        staticmap_args=(picture.display, picture.classification),
        title=picture.indicator.label,
        subtitle=f"{data.geography(view.geo).label}. {picture.indicator.caption}",
        file_name=f"map-{view.indicator}-{view.geo}.png",
    )


def toggles(
    artifact: Artifact, geo: str, display: gpd.GeoDataFrame
) -> tuple[bool, folium.FeatureGroup]:
    """The street map underneath, and markers on areas with stories: both optional."""
    left, right = st.columns(2)
    basemap = left.toggle("Street map underneath (needs internet)", value=True, key="map_basemap")
    show_stories = right.toggle("Mark areas with stories", value=False, key="map_stories")
    return basemap, story_layer(display, stories.counts_on(artifact, geo) if show_stories else {})


def draw(
    artifact: Artifact,
    fmap: folium.Map,
    display: gpd.GeoDataFrame,
    view: links.MapView,
    layers: list[folium.FeatureGroup],
) -> None:
    """Draw a map with the selection outlined over ``layers``; a click selects an area."""
    focus = st.session_state.get(FOCUS) or {}
    frame.styles(MAP_AREA_CSS)
    # The map's own box, so the page keeps its layout while the map loads.
    with st.container(key=MAP_AREA, height=MAP_HEIGHT, border=False):
        st_folium(
            fmap,
            key=MAP_KEY,
            height=MAP_HEIGHT,
            use_container_width=True,
            # Only clicks come back: panning and zooming do not rerun the page.
            returned_objects=[
                "last_active_drawing",
                "last_object_clicked",
                "last_object_clicked_count",
            ],
            feature_group_to_add=[
                *layers,
                selection_layer(display, [view.area] if view.area else town_selection()),
            ],
            center=focus.get("center"),
            zoom=focus.get("zoom"),
            on_change=functools.partial(_on_map_click, artifact, view.geo),
        )
        with st.container(key=MAP_NOTE):  # after the map: it never pushes the map down
            st.markdown("Drawing the map…")
    st.session_state[SHOWN_GEO] = view.geo


def link_and_picture(
    artifact: Artifact,
    view: links.MapView,
    *,
    staticmap_args: tuple,
    title: str,
    subtitle: str,
    file_name: str,
) -> None:
    """The view's link to copy, and the map as a PNG (drawn only when asked for)."""
    left, right = st.columns([3, 1])
    with left:
        frame.link_box(
            "Link to this view (copy it into an email or a slide)", "map", view.to_params()
        )
    right.download_button(
        "This map as PNG",
        functools.partial(
            staticmap.choropleth_png,
            *staticmap_args,
            title=title,
            subtitle=subtitle,
            highlight=[view.area] if view.area else [],
            places=staticmap.places_of(artifact),
        ),
        file_name=file_name,
        mime="image/png",
        icon=":material/image:",
    )


def _on_map_click(artifact: Artifact, geo: str) -> None:
    code = resolve_click(artifact, geo, st.session_state.get(MAP_KEY))
    if code:
        st.session_state[key("area")] = code
        st.session_state[SEARCH_MESSAGE] = None
        st.session_state[TOWN_SHOWN] = None
        # No frame.reveal_next here: the map's own script (static/observatory/areas.js)
        # brings the profile into view as soon as its heading is drawn.


def show_chosen(artifact: Artifact, view: links.MapView) -> None:
    """The map, or its values as a table: the table is drawn only when asked for."""
    shown = st.segmented_control(
        "Show", ["Map", "Table"], default="Map", required=True, key="map_shown"
    )
    if shown == "Table":
        table_view(artifact, view)
    else:
        show_map(artifact, view)


def table_view(artifact: Artifact, view: links.MapView) -> None:
    """The map's values as a sortable table, with a CSV download."""
    picture = data.choropleth(view.geo, view.indicator, view.scheme, view.k)
    ind = picture.indicator
    columns = ["name", "official", "code", "value", "rank", "class_label"]
    table = picture.table.reset_index()[columns]
    table.columns = [
        "Area",
        "ONS name",
        "Code",
        f"{ind.label} ({ind.unit})",
        f"Rank in {artifact.county_name}",
        "Map class",
    ]
    st.dataframe(table, hide_index=True, height=360)
    st.download_button(
        "Download this table (CSV)",
        functools.partial(  # built when clicked, not on every rerun
            to_csv_bytes, table, notes=[f"{ind.label}. {ind.caption}", frame.ATTRIBUTION]
        ),
        file_name=f"{ind.id}_{view.geo}.csv",
        mime="text/csv",
        icon=":material/download:",
    )
