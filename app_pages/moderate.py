"""Moderation: only signed-in moderators; every action goes in the audit log."""

import streamlit as st

from geo.archive import ArchiveUnavailableError
from ui import auth, data, moderation

artifact = data.artifact()

st.title("Moderate stories")
actor = auth.moderator()
if actor is not None:
    st.caption(f"Signed in as {actor}.")
    st.button("Sign out", on_click=auth.sign_out, icon=":material/logout:")
    moderation.show_message()
    try:
        waiting = data.store().stories(status="pending")
        live = data.store().stories(status="approved")
    except ArchiveUnavailableError as exc:
        st.error(str(exc))
    else:
        tab_waiting, tab_live, tab_log, tab_files, tab_erase = st.tabs(
            [
                f"Waiting ({len(waiting)})",
                f"Published ({len(live)})",
                "Audit log",
                "Import and export",
                "Erase on request",
            ]
        )
        with tab_waiting:
            if not waiting:
                st.info("No stories are waiting. Well done.", icon=":material/done_all:")
            for story in waiting:
                moderation.pending(story, actor)
        with tab_live:
            for story in live:
                moderation.published(story, actor)
        with tab_log:
            moderation.audit_log()
        with tab_files:
            moderation.import_export(artifact, actor)
        with tab_erase:
            moderation.erase_on_request(actor)
