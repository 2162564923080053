"""Map explorer: a choropleth of any indicator, or of a measure's change between two
editions; clicking an area opens its profile.

Northumberland's areas for any indicator, or all of England's LSOAs for an IoD measure.
"""

import streamlit as st

from ui import changemap, data, englandmap, frame, mapview, state, stories
from ui import profile as profile_view

artifact = data.artifact()
st.title("Map explorer")
if englandmap.extent_choice() == "england":
    englandmap.page()
else:
    if state.MAP.restore(artifact).from_link and state.current().area:
        mapview.focus_on(artifact, state.current().geo, state.current().area)
    state.MAP.show_problems(state.current())

    mapview.search_box(artifact)
    changing = mapview.mode_choice(artifact) == "change"
    (changemap.controls if changing else mapview.controls)(artifact)

    map_column, side_column = st.columns([3, 2], gap="large")
    with map_column:
        mapview.area_picker(artifact, state.current().geo)
        view = state.current()  # final for this run: clicks and searches are applied
        if changing:
            changemap.show(artifact, view)
        else:
            mapview.show_chosen(artifact, view)
    with side_column:
        if view.area:
            profile_view.header(view.geo, view.area, answer_first=not mapview.answered(view))
            frame.reveal_pending()
            if changing:
                changemap.area_summary(view)
            else:
                profile_view.figures(
                    view.geo, view.area, view.indicator, per_row=1, count=1, title=None
                )
            shown = stories.for_area(artifact, view.geo, view.area)
        else:
            search = "a postcode or place" if artifact.has_lookup("postcodes") else "a place"
            st.info(
                f"Click an area on the map, search for {search}, or choose an area from the "
                "list to see its profile: figures, 20 years of deprivation history and more.",
                icon=":material/touch_app:",
            )
    if view.area:
        profile_view.figures(
            view.geo, view.area, view.indicator, per_row=3, first=int(not changing)
        )
        marks = stories.marks_of(shown)
        profile_view.then_and_now(view.geo, view.area, marks)
        profile_view.trends(view.geo, view.area, marks=marks)
    state.MAP.publish(view)
