"""Priorities: a transparent composite index, its robustness, and a shortlist to take away."""

import streamlit as st

from geo import priority
from ui import data, frame
from ui import priorities as ui

artifact = data.artifact()
presets = data.presets()

st.title("Priorities")
st.markdown(
    "Choose what matters, weight it, and see which neighbourhoods come out on top, why, and "
    "how firmly. Everything here is explained below, so the list can be defended in public."
)
ui.LINK.restore(artifact)
ui.LINK.show_problems()

settings = ui.controls(artifact, presets)
with st.expander("Add your own data (a CSV; kept for this session only)"):
    ui.upload_section(artifact)
    ui.upload_maps(artifact, settings.geography)

if not settings.normalised_weights():
    st.info(
        "Give at least one indicator a weight above zero to build the list.", icon=":material/tune:"
    )
else:
    values, indicators = ui.table_and_indicators(artifact, settings)
    ranking = priority.rank_areas(
        values, indicators, settings, eligible=priority.eligible(artifact, settings)
    )
    method = ui.method_text(artifact, settings)
    if ranking.table.empty:
        st.warning(
            "No area passes these filters. Loosen them to see a list.",
            icon=":material/filter_alt_off:",
        )
    else:
        stays = data.cached_robustness(ranking, values)
        excluded = "; ".join(f"{n} {why}" for why, n in ranking.excluded.items() if n)
        st.subheader(f"Top {min(settings.n, len(ranking.table))} of {len(ranking.table)} areas")
        st.markdown(f"**Method:** {method}")
        if excluded:
            st.caption(f"Not ranked: {excluded}.")
        shown_table = ui.results(artifact, ranking, stays)
        # The Present page can walk a meeting through this list.
        ui.LAST_SHORTLIST.set((settings.geography, list(ranking.shortlist.index)))
        link_text = frame.link_box(
            "Link to this list (uploaded data is not part of links)",
            "priorities",
            settings.to_params(),
        )
        ui.exports(ranking, shown_table, link_text, method)
ui.LINK.publish(settings)

with st.expander("How the score is made"):
    st.markdown(priority.HOW_THE_SCORE_IS_MADE)
