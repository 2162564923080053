"""The story form: what people type is kept whatever happens, until it is safely stored.

Every field has a session key, so a refused submission, a bad photo or a database that
is down leaves the form exactly as it was, with the reason shown beside it.
"""

from __future__ import annotations

import functools
import time
from datetime import UTC, datetime

import streamlit as st

from archive import (
    LICENCES,
    THEMES,
    ArchiveError,
    ArchiveUnavailableError,
    PhotoError,
    Problems,
    RateLimiter,
    Receipt,
    StoryDraft,
    check,
    normalise,
    process,
    settings,
)
from archive import photos as photo_rules
from archive.text import escape_markdown
from archive.validation import (
    BODY_LIMITS,
    EARLIEST_YEAR,
    GEOGRAPHIES,
    MAX_AREAS,
    MAX_PHOTOS,
    MAX_THEMES,
    NAME_LIMIT,
    TITLE_LIMITS,
)
from geo import links
from geo.artifact import Artifact
from geo.search import search
from ui import data, frame, state

STARTED = "share_started_at"
LIMITER = "share_rate_limiter"
PHOTO_BUDGET = "share_photo_budget"
RECEIPT = "share_receipt"
TRAP = "share_trap"
FIELDS = (
    "title",
    "body",
    "year_from",
    "year_to",
    "themes",
    "divisions",
    "lsoas",
    "postcode",
    "display_name",
    "anonymous",
    "licence",
    "consent",
    "website",
    "photo_caption",
)


def key(name: str) -> str:
    return f"share_{name}"


def form(artifact: Artifact) -> tuple[StoryDraft, list, str] | None:
    """Draw the form; when it is sent, return the draft, the uploaded files and what was
    wrong with the postcode, if anything."""
    st.session_state.setdefault(STARTED, time.time())
    names = data.story_areas()
    this_year = datetime.now(UTC).year
    with st.form("share_story", clear_on_submit=False, enter_to_submit=False):
        st.text_input(
            "Title",
            key=key("title"),
            max_chars=TITLE_LIMITS[1],
            placeholder="e.g. Saturday mornings at the Co-op",
        )
        st.text_area(
            "Your story",
            key=key("body"),
            height=240,
            max_chars=BODY_LIMITS[1],
            help="Plain text. Leave a blank line between paragraphs; **bold** and *italic* work.",
        )
        left, right = st.columns(2)
        left.number_input(
            "From year",
            EARLIEST_YEAR,
            this_year,
            value=None,
            step=1,
            key=key("year_from"),
            placeholder="e.g. 1984",
        )
        right.number_input(
            "To year (if it spans years)",
            EARLIEST_YEAR,
            this_year,
            value=None,
            step=1,
            key=key("year_to"),
            placeholder="optional",
        )
        st.multiselect("Themes", THEMES, key=key("themes"), max_selections=MAX_THEMES)
        st.markdown("**Where is it about?** Choose one or more places, or give a postcode.")
        if artifact.has_geography("wd25"):
            st.multiselect(
                "Electoral divisions",
                data.story_area_codes("wd25"),
                key=key("divisions"),
                format_func=lambda c: names[("wd25", c)],
                max_selections=MAX_AREAS,
                select_all=False,  # it would quietly pick only the first few
            )
        else:
            frame.not_available(artifact, "Choosing a division", "2025 electoral divisions")
        st.multiselect(
            "Neighbourhoods (LSOAs)",
            data.story_area_codes("lsoa21"),
            key=key("lsoas"),
            format_func=lambda c: f"{names[('lsoa21', c)]} · {c}",
            max_selections=MAX_AREAS,
            select_all=False,  # it would quietly pick only the first few
        )
        if artifact.has_lookup("postcodes"):
            st.text_input(
                "Or a postcode",
                key=key("postcode"),
                max_chars=10,
                help="Used only to find the neighbourhood. The postcode itself is not kept, "
                "and no exact location is ever shown.",
            )
        else:
            frame.not_available(artifact, "Finding the area by postcode", "postcodes")
        st.file_uploader(
            f"Photos (up to {MAX_PHOTOS}; JPEG, PNG or WebP, "
            f"up to {photo_rules.MAX_BYTES // 2**20} MB each)",
            accept_multiple_files=True,
            key=key("photos"),
        )
        st.text_input(
            "Describe your photos for people who cannot see them",
            key=key("photo_caption"),
            max_chars=200,
        )
        st.text_input(
            "Your name as you would like it shown", key=key("display_name"), max_chars=NAME_LIMIT
        )
        st.checkbox("Publish without a name (anonymous)", key=key("anonymous"))
        st.radio(
            "How may others use your story?",
            list(LICENCES),
            key=key("licence"),
            format_func=LICENCES.get,
            index=list(LICENCES).index("display-only"),  # the most cautious choice
        )
        st.markdown(
            "**Consent.** By ticking the box you agree that the observatory may publish your "
            "story, with the name you chose (or anonymously), after a moderator has read it. "
            "You can withdraw it at any time with the code you will be given. Please do not "
            "name other people or give addresses without their permission."
        )
        st.checkbox("I agree to my story being published", key=key("consent"))
        # The spam trap: in the page for robots that fill in every box, hidden from people
        # and from screen readers (display: none also keeps it out of the tab order).
        frame.styles(f".st-key-{TRAP} {{ display: none; }}")
        with st.container(key=TRAP):
            st.text_input("Leave this box empty", key=key("website"))
        sent = st.form_submit_button(
            "Send my story for review", type="primary", icon=":material/send:"
        )
    if not sent:
        return None
    draft, postcode_problem = _draft(artifact)
    return draft, list(st.session_state.get(key("photos")) or []), postcode_problem


def _draft(artifact: Artifact) -> tuple[StoryDraft, str]:
    state = st.session_state
    areas = [("wd25", c) for c in state.get(key("divisions")) or []]
    areas += [("lsoa21", c) for c in state.get(key("lsoas")) or []]
    postcode = (state.get(key("postcode")) or "").strip()
    postcode_problem = ""
    if postcode:
        found = search(artifact, postcode)
        if found.found and found.matches[0].geography == "lsoa21":
            areas.append(("lsoa21", found.matches[0].code))
        else:
            postcode_problem = (
                found.message or f"That is not a full {artifact.county_name} postcode."
            )
    year_from, year_to = state.get(key("year_from")), state.get(key("year_to"))
    draft = normalise(
        StoryDraft(
            title=state.get(key("title")) or "",
            body=state.get(key("body")) or "",
            year_from=int(year_from) if year_from is not None else None,
            year_to=int(year_to) if year_to is not None else None,
            themes=tuple(state.get(key("themes")) or ()),
            areas=tuple(areas),
            display_name=None if state.get(key("anonymous")) else state.get(key("display_name")),
            consent=bool(state.get(key("consent"))),
            licence=state.get(key("licence")) or "display-only",
            honeypot=state.get(key("website")) or "",
            started_at=state.get(STARTED),
        )
    )
    return draft, postcode_problem


def save(draft: StoryDraft, uploads: list, postcode_problem: str = "") -> Receipt | None:
    """Check and store a draft; show why when it cannot be stored (the form keeps its text).

    Everything cheap is checked first, photos by their headers only: a form that will be
    refused never has a photo decoded. Decoding is charged to the session's photo budget.
    """
    limiter: RateLimiter = st.session_state.setdefault(LIMITER, RateLimiter())
    if not limiter.allowed():
        _wait_message(limiter.wait_seconds(), "You have sent several stories just now.")
        return None
    problems = check(draft, set(data.story_areas()))
    if postcode_problem:
        problems.add("postcode", postcode_problem)
    if len(uploads) > MAX_PHOTOS:
        problems.add("photos", f"Send up to {MAX_PHOTOS} photos.")
    headers = {}
    for upload in uploads[:MAX_PHOTOS]:
        try:
            headers[upload.file_id] = photo_rules.inspect(upload.getvalue())
        except PhotoError as exc:
            problems.add("photos", f"{escape_markdown(upload.name[:60])}: {exc}")
    if problems:
        _refusal(problems)
        return None
    budget: RateLimiter = st.session_state.setdefault(
        PHOTO_BUDGET, RateLimiter(settings.PHOTO_BUDGET_MB.value(), window=600)
    )
    megabytes = sum(h.decoded_bytes for h in headers.values()) / 2**20
    if not budget.allowed(amount=megabytes):
        _wait_message(
            budget.wait_seconds(amount=megabytes), "Many large photos have been checked just now."
        )
        return None
    budget.record(amount=megabytes)
    caption = st.session_state.get(key("photo_caption")) or ""
    photos = []
    for upload in uploads[:MAX_PHOTOS]:
        try:
            photos.append(process(upload.getvalue(), caption=caption))
        except PhotoError as exc:
            problems.add("photos", f"{escape_markdown(upload.name[:60])}: {exc}")
    if problems:
        _refusal(problems)
        return None
    try:
        receipt = data.store().submit(draft, photos)
    except (ArchiveError, ArchiveUnavailableError) as exc:
        st.error(
            f"{exc} Your story has **not** been saved, but it is still in the form; you can "
            "also download a copy below."
        )
        st.download_button(
            "Download a copy of my story",
            f"{draft.title}\n\n{draft.body}\n".encode(),
            file_name="my-story.txt",
            mime="text/plain",
        )
        return None
    limiter.record()
    return receipt


def _refusal(problems: Problems) -> None:
    labels = {"display_name": "name", "spam": "check"}
    st.error(
        "Your story has not been sent yet. Please fix these and send it again:\n\n"
        + "\n".join(
            f"- **{labels.get(name, name).capitalize()}**: {message}"
            for name, messages in problems.by_field.items()
            for message in messages
        )
    )


def _wait_message(seconds: int, why: str) -> None:
    st.warning(
        f"{why} Please wait {seconds // 60 + 1} minutes before sending again. "
        "Your text is still in the form."
    )


def clear() -> None:
    """Empty the form for another story."""
    for name in (*FIELDS, "photos"):
        st.session_state.pop(key(name), None)
    st.session_state.pop(STARTED, None)
    st.session_state.pop(RECEIPT, None)


def _prefill(view: links.AreaView, overwrite: bool) -> None:
    """Start the form on the area a link names (the QR code on a pack or a slide)."""
    if overwrite and view.area:
        field = "lsoas" if view.geo == "lsoa21" else "divisions"
        st.session_state[key(field)] = [view.area]


#: ``/share?area=E01027356``: the form, about that area.
LINK: state.PageLink[links.AreaView] = state.PageLink(
    "share",
    ("geo", "area"),
    functools.partial(links.parse_area, geographies=GEOGRAPHIES),
    lambda _artifact: links.AreaView(),
    _prefill,
    remember=False,
)
