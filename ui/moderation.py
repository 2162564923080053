"""Moderation: approve, reject with a reason, edit, take down, audit, import and export."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from archive import THEMES, ArchiveError, ArchiveUnavailableError, StoryView, transfer
from archive.text import escape_markdown
from archive.validation import BODY_LIMITS, TITLE_LIMITS, check_edit, normalise, story_draft
from geo.artifact import Artifact
from geo.maps import centre_of
from ui import data, stories


def act(action, *args) -> None:
    """Run a store action; show its refusal instead of failing the page."""
    try:
        action(*args)
    except (ArchiveError, ArchiveUnavailableError) as exc:
        st.session_state["moderation_message"] = ("error", str(exc))
    else:
        st.session_state["moderation_message"] = ("ok", "Done.")


def desk(artifact: Artifact, actor: str) -> None:
    """The moderator's tabs: waiting, published, audit log, files, erasure."""
    store = data.store()
    waiting = store.stories(status="pending", limit=None)
    live = store.stories(status="approved")
    published_count = store.count("approved")
    tab_waiting, tab_live, tab_log, tab_files, tab_erase = st.tabs(
        [
            f"Waiting ({len(waiting)})",
            f"Published ({published_count})",
            "Audit log",
            "Import and export",
            "Erase on request",
        ]
    )
    with tab_waiting:
        if not waiting:
            st.info("No stories are waiting. Well done.", icon=":material/done_all:")
        for story in waiting:
            pending(story, actor)
    with tab_live:
        if len(live) < published_count:
            st.caption(f"The newest {len(live)} are shown; exports hold them all.")
        for story in live:
            published(story, actor)
    with tab_log:
        audit_log()
    with tab_files:
        import_export(artifact, actor)
    with tab_erase:
        erase_on_request(actor)


def act_with_reason(action, public_id: str, actor: str, reason_key: str) -> None:
    """Like :func:`act`, with the reason as typed when the button was pressed."""
    act(action, public_id, actor, st.session_state.get(reason_key, ""))


def show_message() -> None:
    message = st.session_state.pop("moderation_message", None)
    if message:
        kind, text = message
        (st.success if kind == "ok" else st.error)(text)


def pending(story: StoryView, actor: str) -> None:
    """A waiting story with its actions."""
    store = data.store()
    stories.card(story, public=False)
    approve, reject = st.columns(2)
    approve.button(
        "Approve and publish",
        key=f"approve_{story.public_id}",
        type="primary",
        on_click=act,
        args=(store.approve, story.public_id, actor),
    )
    with reject.popover("Reject…"):
        st.text_input("Reason (kept in the audit log)", key=f"reason_{story.public_id}")
        st.button(
            "Reject this story",
            key=f"reject_{story.public_id}",
            on_click=act_with_reason,
            args=(store.reject, story.public_id, actor, f"reason_{story.public_id}"),
        )
    edit(story, actor)


def edit(story: StoryView, actor: str) -> None:
    """Correct a story's title, text, themes or areas before (or after) publishing."""
    names = data.story_areas()
    store = data.store()
    with st.expander("Edit this story"), st.form(f"edit_{story.public_id}"):
        title = st.text_input("Title", story.title, max_chars=TITLE_LIMITS[1])
        body = st.text_area("Text", story.body, height=200, max_chars=BODY_LIMITS[1])
        themes = st.multiselect("Themes", THEMES, [t for t in story.themes if t in THEMES])
        areas = st.multiselect(
            "Areas", list(names), list(story.areas), format_func=stories.area_label
        )
        reason = st.text_input("What you changed and why")
        if not st.form_submit_button("Save changes"):
            return
    edited = normalise(
        replace(
            story_draft(story), title=title, body=body, themes=tuple(themes), areas=tuple(areas)
        )
    )
    problems = check_edit(edited, set(names))
    if problems:
        st.error("Not saved: " + " ".join(problems.messages()))
        return
    act(
        lambda: store.edit(
            story.public_id,
            actor,
            title=edited.title,
            body=edited.body,
            themes=edited.themes,
            areas=edited.areas,
            reason=reason,
        )
    )
    st.rerun()


def published(story: StoryView, actor: str) -> None:
    """An approved story with its take-down action."""
    stories.card(story, full=False, photos=False)
    with st.popover("Take down…"):
        st.text_input("Reason (kept in the audit log)", key=f"down_reason_{story.public_id}")
        st.button(
            "Take this story down",
            key=f"down_{story.public_id}",
            on_click=act_with_reason,
            args=(data.store().take_down, story.public_id, actor, f"down_reason_{story.public_id}"),
        )


def erase_on_request(actor: str) -> None:
    """Erase a story for good when the person who shared it asks."""
    st.markdown(
        "When someone asks for their story to be removed, erase it here with the story number "
        "they were given. Its words, name, photos and places are deleted for good; the audit "
        "log keeps who erased it, when and why. To hide a story but keep it, take it down instead."
    )
    with st.form("erase"):  # kept filled in, so a refusal can be corrected
        number = st.text_input("Story number", max_chars=32)
        reason = st.text_input(
            "Reason (kept in the audit log)", placeholder="Request by email, 3 March"
        )
        sure = st.checkbox("I understand that erasing cannot be undone")
        if not st.form_submit_button("Erase this story", icon=":material/delete_forever:"):
            return
    if not sure:
        st.error("Nothing was erased: tick the box to confirm, as erasing cannot be undone.")
        return
    try:
        data.store().erase(number.strip(), actor, reason)
    except (ArchiveError, ArchiveUnavailableError) as exc:
        st.error(f"Nothing was erased. {exc}")
    else:
        st.success(f"Story {escape_markdown(number.strip())} has been erased.")


def audit_log() -> None:
    events = data.store().audit(limit=300)
    if not events:
        st.info("Nothing has happened yet.")
        return
    st.dataframe(
        [
            {
                "When": e.at,
                "Story": e.title,
                "Number": e.story_id,
                "Action": e.action,
                "By": e.actor,
                "Reason": e.reason,
            }
            for e in events
        ],
        hide_index=True,
    )


def import_export(artifact: Artifact, actor: str) -> None:
    store = data.store()
    st.markdown(
        "**Import** stories from an existing collection: a CSV or JSON file with the "
        "columns `title`, `body`, `year_from`, `year_to`, `themes`, `areas` (LSOA or "
        "division codes, separated by `;`), `display_name`, `consent` (yes), `licence`."
    )
    upload = st.file_uploader("Collection file (CSV or JSON, up to 5 MB)", key="import_file")
    approve = st.checkbox(
        "Publish imported stories straight away (they were consented and checked when collected)"
    )
    if upload is not None and st.button("Import", type="primary"):
        try:
            report = transfer.import_stories(
                store,
                upload.getvalue(),
                upload.name,
                set(data.story_areas()),
                actor=actor,
                approve=approve,
            )
        except (transfer.ImportFileError, ArchiveUnavailableError) as exc:
            st.error(str(exc))
        else:
            st.success(report.summary())
            if report.refused:
                st.dataframe(
                    [{"Row": n, "Why": "; ".join(msgs)} for n, msgs in report.refused],
                    hide_index=True,
                )
    st.markdown("**Export** the published stories, with their licences.")
    # Built when a button is pressed (all published stories, read then), not on every run.
    left, middle, right = st.columns(3)
    left.download_button(
        "CSV", lambda: transfer.export_csv(_published()), "stories.csv", "text/csv"
    )
    middle.download_button(
        "JSON", lambda: transfer.export_json(_published()), "stories.json", "application/json"
    )
    right.download_button(
        "GeoJSON (area level)",
        lambda: _geojson(artifact, _published()),
        "stories.geojson",
        "application/geo+json",
    )


def _published() -> list[StoryView]:
    return data.store().stories(limit=None)


def _geojson(artifact: Artifact, published: list[StoryView]) -> bytes:
    """Each story at a point inside each of its areas."""
    points = {}
    for geography, code in {area for story in published for area in story.areas}:
        centre = centre_of(artifact.areas(geography, display=True), code)
        if centre is not None:
            lat, lon = centre
            points[(geography, code)] = (lon, lat)
    return transfer.export_geojson(published, points)
