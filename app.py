"""Router: page config, navigation and the frame every page shares.

Pages live in app_pages/, not pages/: a top-level pages/ folder switches Streamlit's
file-based router back on, which then answers deep links (/map, /area?...) itself,
running a page without this frame or showing "Page not found".
"""

import streamlit as st

from ui import data, frame

# The tab's title names the council once its data is loaded (frame.sidebar_frame).
st.set_page_config(page_title="Data Observatory", page_icon="🗺️", layout="wide")

# One flat list, in the order people need the pages (explore, decide, stories, about):
# Streamlit draws sectioned navigation as a list holding headings, which screen readers
# cannot read as a list (axe-core: "list", "listitem").
PAGES = [
    st.Page("app_pages/home.py", title="Overview", icon=":material/home:", default=True),
    st.Page("app_pages/map.py", title="Map explorer", icon=":material/map:", url_path="map"),
    st.Page(
        "app_pages/area.py",
        title="Area profile",
        icon=":material/location_on:",
        url_path="area",
    ),
    st.Page(
        "app_pages/priorities.py",
        title="Priorities",
        icon=":material/format_list_numbered:",
        url_path="priorities",
    ),
    st.Page(
        "app_pages/present.py", title="Present", icon=":material/slideshow:", url_path="present"
    ),
    st.Page(
        "app_pages/stories.py",
        title="Community stories",
        icon=":material/auto_stories:",
        url_path="stories",
    ),
    st.Page("app_pages/share.py", title="Share a story", icon=":material/edit:", url_path="share"),
    st.Page(
        "app_pages/moderate.py",
        title="Moderate",
        icon=":material/shield_person:",
        url_path="moderate",
    ),
    st.Page(
        "app_pages/sources.py",
        title="Data & sources",
        icon=":material/dataset:",
        url_path="sources",
    ),
]
navigation = st.navigation(PAGES)
frame.sidebar_frame(data.artifact())
with data.page_turn():  # pages take turns: see ui.data.page_turn
    navigation.run()
frame.footer()
