"""Drawing stories: cards, the stories of an area, and generated data insights.

Story text comes from the public. Titles, names, themes, excerpts and photo captions are
shown as plain text by :func:`archive.text.escape_markdown` (one layer of escaping, no
live links or images); bodies are turned into HTML by :func:`archive.text.story_html`,
which escapes everything first. Nothing a person typed is ever interpreted as markup.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from archive import ArchiveUnavailableError, StoryView
from archive.examples import BADGE
from archive.text import escape_markdown, excerpt, story_html
from archive.validation import LICENCES
from geo import charts, timeline
from geo.artifact import Artifact
from geo.cleaning import clean, link_value
from geo.timeline import Placed, StoryMark
from ui import data

#: The Community stories page opens the story a link names (``/stories?story=<number>``).
STORY_PARAM = "story"


def card(story: StoryView, *, full: bool = True, photos: bool = True, public: bool = True) -> None:
    """One story in a bordered box."""
    with st.container(border=True):
        if story.is_example:
            st.badge(BADGE, icon=":material/science:", color="orange")
        st.markdown(f"#### {escape_markdown(story.title)}")
        st.caption(
            " · ".join(
                [story.period, escape_markdown(story.author), *map(escape_markdown, story.themes)]
            )
        )
        if full:
            st.markdown(story_html(story.body), unsafe_allow_html=True)  # escaped HTML only
        else:
            st.markdown(escape_markdown(excerpt(story.body)))
        if photos and story.photo_ids:
            columns = st.columns(min(3, len(story.photo_ids)))
            for i, (photo_id, caption) in enumerate(
                zip(story.photo_ids, story.photo_captions, strict=True)
            ):
                image = data.store().photo(photo_id, thumbnail=True, public=public)
                if image:  # the caption is the photo's description for screen readers too
                    columns[i % len(columns)].image(
                        image,
                        caption=escape_markdown(caption) or None,
                        alt=caption or "A photo shared with this story",
                    )
        for geography, code in story.areas:
            st.page_link(
                "app_pages/area.py",
                label=area_label((geography, code)),
                query_params={"geo": geography, "area": code},
                icon=":material/location_on:",
            )
        st.caption(f"Licence: {LICENCES.get(story.licence, story.licence)}")


def related_areas(artifact: Artifact, geography: str, code: str) -> list[tuple[str, str]]:
    """The area itself, plus its division (for an LSOA) or its LSOAs (for a division)."""
    pairs = [(geography, code)]
    if geography == "lsoa21" and "wd25" in artifact.parent_geographies:
        division = artifact.parent(code, "wd25")
        if division:
            pairs.append(("wd25", division))
    elif geography in artifact.parent_geographies:
        pairs += [("lsoa21", lsoa) for lsoa in artifact.members(geography, code)]
    return pairs


def count_for(artifact: Artifact, areas: list[tuple[str, str]]) -> int:
    """How many approved stories concern any of these areas (0 if the archive is down)."""
    try:
        return len(data.store().stories(areas=areas, limit=None))
    except ArchiveUnavailableError:
        return 0


def for_area(artifact: Artifact, geography: str, code: str) -> list[StoryView]:
    """Community stories about an area, then data insights, clearly apart; returns the
    stories shown (for the charts and the then-and-now account)."""
    shown = about(related_areas(artifact, geography, code))
    st.subheader("What the data says")
    st.caption("Generated automatically from the published figures; not a community story.")
    for insight in data.insights(geography, code):
        source = escape_markdown(insight.source)
        st.markdown(
            f"- {escape_markdown(insight.text)}  \n  <small>Source: {source}</small>",
            unsafe_allow_html=True,
        )
    return shown


def about(areas: list[tuple[str, str]]) -> list[StoryView]:
    """The approved community stories about any of these areas (newest 20); returns them."""
    st.subheader("Community stories", anchor="stories")
    try:
        stories = data.store().stories(areas=areas, limit=20)
    except ArchiveUnavailableError as exc:
        st.warning(str(exc), icon=":material/cloud_off:")
        stories = []
    else:
        if not stories:
            st.info(
                "No one has shared a story about this area yet. Be the first: stories are read "
                "by a moderator before they appear.",
                icon=":material/edit_note:",
            )
    for story in stories:
        card(story, full=False, photos=False)
    st.page_link(
        "app_pages/share.py", label="Share a story about this area", icon=":material/edit:"
    )

    return stories


def area_stories(artifact: Artifact, geography: str, code: str, limit: int = 20) -> list[StoryView]:
    """Approved stories of an area and its division (or its LSOAs), newest first; none
    if the archive cannot be reached (where it matters, the page says so)."""
    try:
        return data.store().stories(areas=related_areas(artifact, geography, code), limit=limit)
    except ArchiveUnavailableError:
        return []


def marks_of(stories: list[StoryView]) -> tuple[StoryMark, ...]:
    """Stories as charts show them: a title over the years each is about."""
    return tuple(
        StoryMark(s.public_id, s.title, s.year_from, s.year_to, s.is_example) for s in stories
    )


def chart_links(on_chart: list[Placed], key: str) -> None:
    """The stories drawn on a chart as numbered links, the way in for keyboards and
    screen readers (the chart's own bars answer a mouse or a tap)."""
    links([(p.number, p.mark) for p in on_chart], key, "Stories on this chart, numbered as on it:")


def links(numbered: list[tuple[int, StoryMark]], key: str, caption: str) -> None:
    """Numbered stories as links to each on the Community stories page."""
    if not numbered:
        return
    st.caption(caption)
    with st.container(horizontal=True, key=f"story_links_{key}"):
        for number, mark in numbered:
            st.page_link(
                "app_pages/stories.py",
                label=f"{number} · {escape_markdown(mark.name)} ({mark.years})",
                query_params={STORY_PARAM: mark.public_id},
                icon=":material/auto_stories:",
            )


def opened_story() -> str | None:
    """The story a link names, in full at the top of the Community stories page; returns
    its number (None when the link names none that is public)."""
    wanted = link_value(st.query_params.to_dict(), STORY_PARAM)
    if not wanted:
        return None
    try:
        story = data.store().get(clean(wanted, 64))
    except ArchiveUnavailableError as exc:
        st.warning(str(exc), icon=":material/cloud_off:")
        return None
    if story is None:
        st.warning(
            "The story this link names is not in the archive: it may have been withdrawn or "
            "taken down. The approved stories are below.",
            icon=":material/link_off:",
        )
        return None
    st.subheader("The story you opened")
    card(story)
    return story.public_id


def timeline_view(artifact: Artifact, found: list[StoryView]) -> None:
    """Stories over the years they describe, then the county's figures of those years
    with the same stories drawn on them, and each story beside its years' figures."""
    table = pd.DataFrame(
        [
            {"title": s.title, "year_from": s.year_from, "year_to": s.year_to, "author": s.author}
            for s in found
        ]
    )
    cite = charts.Citation(
        "Stories by the years they describe",
        f"{len(table)} approved stories matching these filters",
        "Northumberland Living Archive (community stories, moderated)",
        "each story under its own licence",
    )
    st.altair_chart(charts.story_timeline(table, cite), width="stretch")
    county = artifact.county_name
    st.subheader(f"{county} in those years")
    marks = marks_of(found)
    spec = timeline.with_stories(data.county_timeline(), marks)
    st.vega_lite_chart(spec, width="stretch")
    on_chart, _beyond = timeline.placed(data.county_timeline(), marks)
    chart_links(on_chart, "county")
    figures = data.county_figures()
    beside = pd.DataFrame(
        [
            {
                "Story": m.name,
                "Years": m.years,
                f"{county} in these years": timeline.county_in_years(figures, m),
            }
            for _, m in timeline.numbered(marks)
        ]
    )
    st.dataframe(beside, hide_index=True)
    st.caption(
        "County figures: MHCLG, English Indices of Deprivation 2004 to 2025 (the share of "
        "the county's neighbourhoods among England's most deprived 20%, each edition ranked "
        "afresh); ONS, Census 2011 and 2021; DESNZ, sub-regional fuel poverty (the measure "
        "changed in 2019). Open Government Licence v3.0."
    )


def area_label(area: tuple[str, str]) -> str:
    """``('wd25', 'E05016087')`` → ``'Ashington Central (Electoral division (2025))'``."""
    geography, code = area
    return f"{data.story_areas().get(area, code)} ({data.geography(geography).label})"


def counts_on(artifact: Artifact, geography: str) -> dict[str, int]:
    """Approved stories per area of ``geography`` (LSOA stories count for their division)."""
    try:
        by_lsoa = data.store().counts_by_area("lsoa21")
        by_division = data.store().counts_by_area("wd25")
    except ArchiveUnavailableError:
        return {}
    if geography == "lsoa21":
        return by_lsoa
    if geography not in artifact.parent_geographies:
        return {}
    parent = artifact.parents(geography)
    counts = dict(by_division) if geography == "wd25" else {}
    for lsoa, n in by_lsoa.items():
        if lsoa in parent.index:
            counts[parent[lsoa]] = counts.get(parent[lsoa], 0) + n
    return counts
