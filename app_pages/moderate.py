"""Moderation: only signed-in moderators; every action goes in the audit log."""

import streamlit as st

from archive import ArchiveUnavailableError
from ui import auth, data, moderation

artifact = data.artifact()

st.title("Moderate stories")
actor = auth.moderator()
if actor is not None:
    st.caption(f"Signed in as {actor}.")
    st.button("Sign out", on_click=auth.sign_out, icon=":material/logout:")
    moderation.show_message()
    try:
        moderation.desk(artifact, actor)
    except ArchiveUnavailableError as exc:  # the database went away, before or mid-page
        st.error(str(exc))
