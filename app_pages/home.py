"""Overview: what the observatory is, a few county figures, where to go next."""

import streamlit as st

from geo.insights import county_headlines
from ui import data, find

artifact = data.artifact()

st.title(artifact.title)
st.markdown(
    f"Explore how {artifact.county_name}'s neighbourhoods are doing, and how they have changed "
    "over 20 years, through open data and the stories of the people who live there."
)

st.subheader("Find your area")
find.search_box(artifact, key="home_search", label="Your postcode or place")

st.subheader(f"{artifact.county_name} at a glance")
headlines = county_headlines(artifact)
# Two per row: long labels stay readable, and phones stack them one per row.
for start in range(0, len(headlines), 2):
    for column, headline in zip(st.columns(2), headlines[start : start + 2], strict=False):
        with column, st.container(border=True):
            st.metric(headline.label, headline.value)
            st.caption(f"{headline.detail} {headline.source}")

st.subheader("What you can do here")
st.page_link(
    "app_pages/map.py",
    label="Map and compare neighbourhoods",  # page links do not wrap: short enough for a phone
    icon=":material/map:",
)
st.page_link(
    "app_pages/sources.py",
    label="Every figure's source and licence",
    icon=":material/dataset:",
)
