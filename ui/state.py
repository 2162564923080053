"""The map page's view state: kept in the session, mirrored in the URL.

A view arrives from a link once (or whenever the link's parameters change), lives in
``st.session_state`` while the person explores, and is written back to the URL after
every run, so the address bar always holds a link that reproduces what is on screen.
Widgets use the ``map_*`` keys below; they are re-seeded from the saved view when the
person comes back to the page (Streamlit forgets widget state of pages not shown).
"""

from __future__ import annotations

from dataclasses import asdict, fields

import streamlit as st

from geo import links
from geo.artifact import Artifact

SAVED = "map_view"
PROBLEMS = "map_link_problems"
LAST_LINK = "map_last_link"

_FIELDS = {f.name for f in fields(links.MapView)}  # the URL parameters of a map view


def key(field: str) -> str:
    """Widget key of a view field."""
    return f"map_{field}"


def restore(artifact: Artifact) -> bool:
    """Seed the widgets from the link (when it is new) or from the saved view.

    Returns True when a new link was applied, so the page can centre on its area.
    """
    link = {k: v for k, v in st.query_params.to_dict().items() if k in _FIELDS}
    saved: links.MapView | None = st.session_state.get(SAVED)
    if (
        link
        and (saved is None or link != saved.to_params())
        and link != st.session_state.get(LAST_LINK)
    ):
        view, problems = links.parse(artifact, link)
        st.session_state[PROBLEMS] = problems
        st.session_state[LAST_LINK] = link
        _seed(view, overwrite=True)
        return True
    _seed(saved or links.MapView(), overwrite=False)
    return False


def _seed(view: links.MapView, *, overwrite: bool) -> None:
    for name, value in asdict(view).items():
        if overwrite or key(name) not in st.session_state:
            st.session_state[key(name)] = value


def current() -> links.MapView:
    """The view the widgets hold now."""
    return links.MapView(
        **{f.name: st.session_state.get(key(f.name), f.default) for f in fields(links.MapView)}
    )


def publish(view: links.MapView) -> None:
    """Save the view and put it in the address bar."""
    st.session_state[SAVED] = view
    params = view.to_params()
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    st.session_state[LAST_LINK] = params


def take_problems() -> list[str]:
    """Messages about ignored link parameters, shown once."""
    return st.session_state.pop(PROBLEMS, [])
