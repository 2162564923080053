"""Present: walk a room through areas on a projector, compare two, hand out packs."""

import streamlit as st

from ui import data, present

artifact = data.artifact()

with st.expander("Set up the presentation", expanded=True):
    left, right = st.columns(2)
    high_contrast = left.toggle("High-contrast colours", key="present_contrast")
    hide_chrome = right.toggle("Hide the side menu (full width)", key="present_full")
    geography, codes = present.choose_areas(artifact)
present.style(high_contrast=high_contrast, hide_chrome=hide_chrome)

walk, side_by_side = st.tabs(["Walk through", "Compare two areas"])
with walk:
    if not codes:
        st.info("Choose areas above to start.", icon=":material/slideshow:")
    else:
        step = present.stepper(len(codes))
        present.slide(artifact, geography, codes[step])
        present.pack_button(artifact, geography, codes[step])
with side_by_side:
    present.compare(artifact)
