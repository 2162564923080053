"""The one helper module pages share: cached data, the app frame, repeated UI pieces.

Caching happens here and only here (``geo`` stays free of Streamlit). Pages import
this module, read their widgets, call ``geo`` and draw.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import streamlit as st

import geo
from geo import build as data_build

APP_TITLE = "Northumberland Living Archive Data Observatory"

ATTRIBUTION = (
    "Source: Office for National Statistics, MHCLG, DESNZ, DWP and the Insolvency Service, "
    "licensed under the Open Government Licence v3.0. Contains OS data © Crown copyright and "
    "database right 2025. Contains Royal Mail data © Royal Mail copyright and database right 2025."
)

ABOUT = (
    "Open data and community stories about Northumberland's neighbourhoods, from Northumberland "
    "County Council's *Communities First* initiative and the *Living Archive Data Observatory*."
)


@dataclass
class _Loaded:
    """Process-wide holder: the artifact is built and opened once, by one session."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    artifact: geo.Artifact | None = None


@st.cache_resource(show_spinner=False)
def _loaded() -> _Loaded:
    return _Loaded()


def artifact() -> geo.Artifact:
    """The data artifact, built on first start with a progress bar, then shared.

    A data problem a person can fix (a missing or damaged file) is shown as a clear
    message and the page stops there; the rest of the app keeps running.
    """
    holder = _loaded()
    if holder.artifact is None:
        with holder.lock:
            if holder.artifact is None:
                try:
                    holder.artifact = _prepare()
                except geo.ObservatoryError as exc:
                    st.error(
                        f"**The data could not be prepared.** {exc}\n\n"
                        "Fix the file named above (a fresh copy of the project's `data/` folder "
                        "will do), then reload this page. Nothing you saved has been lost."
                    )
                    st.stop()
    return holder.artifact


def _prepare() -> geo.Artifact:
    if data_build.needs_build():
        with st.status(
            "Preparing Northumberland's data (first start only)…", expanded=True
        ) as status:
            bar = st.progress(0.0, text="Starting")
            result = data_build.build(progress=lambda done, what: bar.progress(done, text=what))
            status.update(
                label=f"Data ready: built in {result.seconds:.1f} s",
                state="complete",
                expanded=False,
            )
    try:
        return geo.Artifact.open()
    except geo.ArtifactError:
        # Damaged between the check and the read (or by hand): build afresh once.
        data_build.build(force=True)
        return geo.Artifact.open()


def sidebar_frame() -> None:
    """The part of the frame every page shares: about and attribution in the sidebar."""
    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        st.caption(ABOUT)


def footer() -> None:
    """Data attribution under every page (required by the Open Government Licence)."""
    st.divider()
    st.caption(ATTRIBUTION)


def source_caption(ind: geo.Indicator) -> None:
    """Source, edition and direction under a figure."""
    st.caption(f"{ind.caption} {ind.direction_note}")
