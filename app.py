"""Router: page config, navigation and the frame every page shares."""

import streamlit as st

from ui import frame

st.set_page_config(page_title="Northumberland Data Observatory", page_icon="🗺️", layout="wide")

navigation = st.navigation(
    {
        "Explore": [
            st.Page("pages/home.py", title="Overview", icon=":material/home:", default=True),
        ],
        "About": [
            st.Page(
                "pages/data_sources.py",
                title="Data & sources",
                icon=":material/dataset:",
                url_path="data",
            ),
        ],
    }
)
frame.sidebar_frame()
navigation.run()
frame.footer()
