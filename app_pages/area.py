"""Area profile on its own page, opened directly from a link (?geo=…&area=…, or ?area=…)."""

import streamlit as st

from geo import links
from ui import data, frame, mapview, present, state, stories
from ui import england as england_ui
from ui import profile as profile_view

artifact = data.artifact()

link = state.AREA.link()
elsewhere = england_ui.outside_county(artifact, link)  # an English LSOA beyond the county
view = links.AreaView() if elsewhere else state.AREA.restore(artifact).view
state.AREA.show_problems()

if elsewhere:
    england_ui.profile_page(elsewhere)
elif view.area:
    frame.print_styles()
    profile_view.header(view.geo, view.area, link=False)
    present.pack_button(artifact, view.geo, view.area)
    profile_view.figures(view.geo, view.area)
    stories.for_area(artifact, view.geo, view.area)
    profile_view.trends(view.geo, view.area)
    if view.geo == "lsoa21":
        england_ui.similar_section(view.area)
    state.AREA.publish(view)
else:
    st.title("Area profile")
    st.markdown("Find an area to see its figures, trends and history.")
    geo = st.radio(
        "Areas",
        links.geographies_for(artifact, artifact.registry.get(links.DEFAULT_INDICATOR)),
        format_func=lambda g: data.geography(g).label,
        horizontal=True,
        key="area_geo",
    )
    st.session_state.setdefault(state.key("geo"), geo)
    mapview.area_picker(artifact, geo)
    chosen = st.session_state.get(state.key("area"))
    if chosen:
        state.AREA.publish(links.AreaView(geo, chosen))
        st.rerun()
