"""Data for pages: the artifact and everything cached from it.

Caching happens here and only here (``geo`` stays free of Streamlit).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import streamlit as st

import geo
from geo import build as data_build
from geo import static


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
    static.ensure_assets()  # Leaflet for offline maps, if set-up was skipped
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
