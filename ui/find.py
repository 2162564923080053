"""Finding a place from the Overview and the Area profile, and echoing what was searched.

The search runs in the box's callback, once per change, so a page that stays open never
searches again on its own. What was found is kept in the session (never in the link: a
postcode says where someone lives), so the profile can say "NE63 9DZ is in Ashington".
"""

from __future__ import annotations

import streamlit as st

from geo.answer import Searched
from geo.artifact import Artifact
from geo.search import TOWN, Place, SearchResult, search

AREA_PAGE = "app_pages/area.py"
#: The last place a search found in this session (a Place).
FOUND = "find_found"
_PENDING = "find_pending"  # a place to open on the next run (set in a callback)


def remember(place: Place) -> None:
    """Keep the place a search found, to echo it on its profile."""
    st.session_state[FOUND] = place


def searched_for(geography: str, code: str) -> Searched | None:
    """What was searched, when the last search found this area (else None)."""
    place: Place | None = st.session_state.get(FOUND)
    if place is None or (place.geography, place.code) != (geography, code):
        return None
    return Searched(place.name, place.how, place.lat, place.lon)


def profile_params(place: Place) -> dict[str, str]:
    """Link parameters of a found place's profile (a town's view, or an area's)."""
    if place.geography == TOWN:
        return {"town": place.code}
    return {"geo": place.geography, "area": place.code}


def search_words(artifact: Artifact, label: str, example: str) -> tuple[str, str]:
    """A search box's label and example: with postcodes only where the pack has them
    (a council built from the England files has none), else two of its wards."""
    if artifact.has_lookup("postcodes"):
        return label, example
    geo = next(iter(artifact.parent_geographies), None)
    wards = sorted(artifact.names(geo))[:2] if geo else []
    return "Find a ward or neighbourhood", "e.g. " + ", ".join([*wards, "an LSOA code"])


def search_box(artifact: Artifact, *, key: str, label: str) -> None:
    """A postcode or place box that opens what it finds on the Area profile page.

    Several matches are offered as buttons (each says what and where the place is);
    no match gives the search's message.
    """
    label, example = search_words(artifact, label, "e.g. NE61 1AA, Seahouses or Hexham")
    st.text_input(
        label,
        key=key,
        placeholder=example,
        max_chars=80,
        on_change=_on_search,
        args=(artifact, key),
    )
    pending: Place | None = st.session_state.pop(_PENDING, None)
    if pending is not None:
        st.switch_page(AREA_PAGE, query_params=profile_params(pending))
    result: SearchResult | None = st.session_state.get(f"{key}_result")
    if result is None or result.found:
        return
    if not result.matches:
        st.warning(result.message, icon=":material/search_off:")
        return
    st.markdown(result.message)
    for n, place in enumerate(result.matches):
        st.button(
            place.label,
            key=f"{key}_choice_{n}",
            icon=":material/location_on:",
            on_click=_open,
            args=(place, key),
        )


def _on_search(artifact: Artifact, key: str) -> None:
    result = search(artifact, st.session_state.get(key, ""))
    st.session_state[f"{key}_result"] = result
    if result.found:
        _open(result.matches[0], key)


def _open(place: Place, key: str) -> None:
    remember(place)
    st.session_state[_PENDING] = place
    st.session_state[f"{key}_result"] = None
