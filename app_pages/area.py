"""Area profile on its own page: from a search, or directly from a link.

``?geo=lsoa21&area=E01027356`` (or ``?area=…``) opens an area, ``?town=Hexham`` a town's
view (its LSOAs together). After a search the first screen answers in plain words;
figures, stories and charts follow, reached by the in-page links.
"""

import streamlit as st

from geo import links
from geo.cleaning import clean, link_value, shown
from ui import data, find, frame, mapview, present, state, stories
from ui import england as england_ui
from ui import profile as profile_view

artifact = data.artifact()
SEARCH_LABEL = "Find another postcode or place"

town = link_value(st.query_params.to_dict(), "town")
if town is not None:
    known = {name.casefold(): name for name in artifact.towns()}
    name = known.get(clean(town).casefold())
    if name is None:
        st.warning(
            f"The link's town “{shown(town)}” is not one we know; search for it below.",
            icon=":material/link_off:",
        )
    else:
        profile_view.town(name, searched=find.searched_for("town", name))
        find.search_box(artifact, key="area_search", label=SEARCH_LABEL)
        st.query_params.from_dict({"town": name})
        st.stop()

link = state.AREA.link()
elsewhere = england_ui.outside_county(artifact, link)  # an English LSOA beyond the county
view = links.AreaView() if elsewhere else state.AREA.restore(artifact).view
state.AREA.show_problems()

if elsewhere:
    england_ui.profile_page(elsewhere)
elif view.area:
    frame.print_styles()
    searched = find.searched_for(view.geo, view.area)
    profile_view.header(view.geo, view.area, link=False, searched=searched, level=1)
    frame.reveal_pending()
    find.search_box(artifact, key="area_search", label=SEARCH_LABEL)
    present.pack_button(artifact, view.geo, view.area)
    profile_view.figures(view.geo, view.area)
    marks = stories.marks_of(stories.for_area(artifact, view.geo, view.area))
    profile_view.then_and_now(view.geo, view.area, marks)
    profile_view.trends(view.geo, view.area, marks=marks)
    if view.geo == "lsoa21":
        england_ui.similar_section(view.area)
    state.AREA.publish(view)
else:
    st.title("Area profile")
    st.markdown("Find an area to see its figures, trends and history.")
    find.search_box(artifact, key="area_search", label="Your postcode or place")
    geo = st.radio(
        "Or choose from the list",
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
