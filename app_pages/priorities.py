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

link = {k: v for k, v in st.query_params.to_dict().items()}
if link and st.session_state.get(ui.key("link")) != link:
    available = set(
        ui.weightable(
            artifact,
            link.get("geo", "lsoa21") if link.get("geo") in ("lsoa21", "wd25") else "lsoa21",
        )
    )
    default = priority.Settings(weights=tuple(next(iter(presets.values())).weights.items()))
    settings, problems = priority.parse_settings(
        link, available, set(artifact.names("wd25").index), default
    )
    ui.seed_from(settings)
    st.session_state[ui.key("link")] = link
    for problem in problems:
        st.warning(problem, icon=":material/link_off:")

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
    if ranking.table.empty:
        st.warning(
            "No area passes these filters. Loosen them to see a list.",
            icon=":material/filter_alt_off:",
        )
    else:
        stays = data.cached_robustness(ranking, values)
        excluded = "; ".join(f"{n} {why}" for why, n in ranking.excluded.items() if n)
        st.subheader(f"Top {min(settings.n, len(ranking.table))} of {len(ranking.table)} areas")
        if excluded:
            st.caption(f"Not ranked: {excluded}.")
        shown_table = ui.results(artifact, ranking, stays)
        # The Present page can walk a meeting through this list.
        st.session_state[ui.LAST_SHORTLIST] = (settings.geography, list(ranking.shortlist.index))
        params = settings.to_params()
        st.query_params.from_dict(params)
        st.session_state[ui.key("link")] = params
        link_text = frame.shareable_link("priorities", params)
        st.markdown("**Link to this list** (uploaded data is not part of links):")
        st.code(link_text, language=None)
        ui.exports(ranking, shown_table, link_text)

with st.expander("How the score is made"):
    st.markdown(priority.HOW_THE_SCORE_IS_MADE)
