"""Community stories: browse, search and filter approved stories; withdraw your own."""

from datetime import UTC, datetime

import streamlit as st

from archive import THEMES, ArchiveUnavailableError
from archive.validation import EARLIEST_YEAR
from ui import data, frame, stories

artifact = data.artifact()
names = data.story_areas()
THIS_YEAR = datetime.now(UTC).year

st.title("Community stories")
st.markdown(
    "Real accounts of 20 years of change, from people who live here, read by a moderator "
    "before they appear. Every story links to its area's figures."
)
opened = stories.opened_story()

left, middle, right = st.columns([2, 2, 3])
division = None
if artifact.has_geography("wd25"):
    division = left.selectbox(
        "Division",
        data.story_area_codes("wd25"),
        index=None,
        placeholder=f"All of {artifact.county_name}",
        format_func=lambda c: names[("wd25", c)],
    )
else:
    with left:
        frame.not_available(artifact, "Filtering by division", "2025 electoral divisions")
themes = middle.multiselect("Themes", THEMES, placeholder="All themes")
years = right.slider(
    "Years the story is about", EARLIEST_YEAR, THIS_YEAR, (EARLIEST_YEAR, THIS_YEAR)
)
text = st.text_input("Search the stories", max_chars=80, placeholder="e.g. pit, ferry, school")
view = st.segmented_control("Show as", ["List", "Timeline"], default="List")

areas = stories.related_areas(artifact, "wd25", division) if division else data.story_scope()
try:
    found = data.store().stories(
        areas=areas,
        themes=themes or None,
        years=None if years == (EARLIEST_YEAR, THIS_YEAR) else years,
        text=text or None,
    )
except ArchiveUnavailableError as exc:
    st.warning(f"{exc} Maps and area profiles still work.", icon=":material/cloud_off:")
    found = None

if found is not None:
    st.caption(f"{len(found)} {'story' if len(found) == 1 else 'stories'}")
    if not found:
        st.info(
            "No stories match. Try fewer filters, or share the first one.",
            icon=":material/search_off:",
        )
    elif view == "Timeline":
        stories.timeline_view(artifact, found)
    else:
        for story in found:
            if story.public_id != opened:  # shown in full above
                stories.card(story)

st.page_link("app_pages/share.py", label="Share your own story", icon=":material/edit:")

with st.expander("Withdraw a story you shared"), st.form("withdraw"):
    story_number = st.text_input("Story number", max_chars=32)
    code = st.text_input("Withdrawal code", type="password", max_chars=40)
    if st.form_submit_button("Withdraw my story"):
        try:
            done = data.store().withdraw(story_number, code)
        except ArchiveUnavailableError as exc:
            st.error(str(exc))
        else:
            if done:
                st.success("Your story has been withdrawn and is no longer shown.")
            else:
                st.error("That story number and code do not match. Check them and try again.")
