"""Moderation: approve, reject with a reason, edit, take down, audit, import and export."""

from __future__ import annotations

import streamlit as st

from geo import GEOGRAPHIES
from geo.archive import THEMES, ArchiveError, ArchiveUnavailableError, StoryView, transfer
from geo.archive.text import clean_text, escape_markdown
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
        reason = st.text_input("Reason (kept in the audit log)", key=f"reason_{story.public_id}")
        st.button(
            "Reject this story",
            key=f"reject_{story.public_id}",
            on_click=lambda: act(store.reject, story.public_id, actor, reason),
        )
    edit(story, actor)


def edit(story: StoryView, actor: str) -> None:
    """Correct a story's title, text, themes or areas before (or after) publishing."""
    names = data.story_areas()
    store = data.store()
    with st.expander("Edit this story"), st.form(f"edit_{story.public_id}"):
        title = st.text_input("Title", story.title, max_chars=120)
        body = st.text_area("Text", story.body, height=200, max_chars=5000)
        themes = st.multiselect("Themes", THEMES, [t for t in story.themes if t in THEMES])
        areas = st.multiselect(
            "Areas",
            list(names),
            list(story.areas),
            format_func=lambda a: f"{names[a]} ({GEOGRAPHIES[a[0]].label})",
        )
        reason = st.text_input("What you changed and why")
        if st.form_submit_button("Save changes"):
            act(
                lambda: store.edit(
                    story.public_id,
                    actor,
                    title=clean_text(title, multiline=False),
                    body=clean_text(body),
                    themes=themes,
                    areas=areas,
                    reason=reason,
                )
            )
            st.rerun()


def published(story: StoryView, actor: str) -> None:
    """An approved story with its take-down action."""
    stories.card(story, full=False, photos=False)
    with st.popover("Take down…"):
        reason = st.text_input(
            "Reason (kept in the audit log)", key=f"down_reason_{story.public_id}"
        )
        st.button(
            "Take this story down",
            key=f"down_{story.public_id}",
            on_click=lambda: act(data.store().take_down, story.public_id, actor, reason),
        )


def erase_on_request(actor: str) -> None:
    """Erase a story for good when the person who shared it asks."""
    st.markdown(
        "When someone asks for their story to be removed, erase it here with the story number "
        "they were given. Its words, name, photos and places are deleted for good; the audit "
        "log keeps who erased it, when and why. To hide a story but keep it, take it down instead."
    )
    with st.form("erase", clear_on_submit=True):
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
        except transfer.ImportFileError as exc:
            st.error(str(exc))
        except ArchiveUnavailableError as exc:
            st.error(str(exc))
        else:
            st.success(report.summary())
            if report.refused:
                st.dataframe(
                    [{"Row": n, "Why": "; ".join(msgs)} for n, msgs in report.refused],
                    hide_index=True,
                )
    st.markdown("**Export** the published stories, with their licences.")
    published_stories = store.stories()
    points = {}
    for geography in ("lsoa21", "wd25"):
        display = artifact.areas(geography, display=True)
        for story in published_stories:
            for geo_id, code in story.areas:
                if geo_id == geography and (geo_id, code) not in points:
                    lat, lon = centre_of(display, code) or (None, None)
                    if lat is not None:
                        points[(geo_id, code)] = (lon, lat)
    left, middle, right = st.columns(3)
    left.download_button("CSV", transfer.export_csv(published_stories), "stories.csv", "text/csv")
    middle.download_button(
        "JSON", transfer.export_json(published_stories), "stories.json", "application/json"
    )
    right.download_button(
        "GeoJSON (area level)",
        transfer.export_geojson(published_stories, points),
        "stories.geojson",
        "application/geo+json",
    )
