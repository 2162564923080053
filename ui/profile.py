"""Draw an area profile: who the area is, headline figures, trend charts with tables."""

from __future__ import annotations

import functools
import html
import re

import pandas as pd
import streamlit as st

from archive.text import escape_markdown
from geo import answer, profile, thenandnow, timeline
from geo.answer import Searched
from geo.profile import Figure, ProfileChart
from geo.timeline import StoryMark
from outputs import render
from ui import data, frame, stories

#: The sections of a profile, in page order: (anchor, link text).
SECTIONS = (
    ("figures", "Figures"),
    ("stories", "Community stories"),
    ("trends", "How it has changed"),
)

PROFILE_ANCHOR = "profile"


def header(
    geo: str,
    code: str,
    *,
    link: bool = True,
    searched: Searched | None = None,
    level: int = 2,
    answer_first: bool = True,
) -> None:
    """The area's name people know and the plain answer (see :func:`answer_panel`), then
    its official names and codes, notes, and for divisions its LSOAs.

    ``answer_first=False`` leaves the answer out, when the page shows it elsewhere.
    """
    summary = data.summary(geo, code)
    if answer_first:
        answer_panel(geo, code, searched=searched, level=level)
    for note in summary.notes:
        st.info(note, icon=":material/info:")
    if link:
        st.page_link(
            "app_pages/area.py",
            label="Open this profile on its own page (a link you can share)",
            icon=":material/link:",
            query_params={"geo": geo, "area": code},
        )
    if not summary.lsoas.empty:
        _members(summary.lsoas, data.geography(geo).singular, data.members_map(geo, code))


def answer_panel(geo: str, code: str, *, searched: Searched | None = None, level: int = 2) -> None:
    """Name (h1 with ``level`` 1, else h2), what was searched, where it is, England, the
    change since 2004, the stories, links to the sections, official names and codes."""
    artifact = data.artifact()
    count = stories.count_for(artifact, stories.related_areas(artifact, geo, code))
    found = answer.area_answer(artifact, geo, code, stories=count, searched=searched)
    _answer(found, level)
    st.caption(_official(geo, code))


def _official(geo: str, code: str) -> str:
    """Kind, ONS name and GSS code, and what it belongs to, for officers."""
    summary = data.summary(geo, code)
    kind = [summary.kind, summary.official if summary.official != summary.name else "", code]
    belongs = [f"{label}: {name} ({parent})" for label, parent, name in summary.belongs_to]
    return " · ".join([*(k for k in kind if k), *belongs])


def town(name: str, *, searched: Searched | None = None) -> None:
    """A town's view: its answer, then its neighbourhoods (LSOAs) together, each linked
    to its profile, and the stories about them."""
    town_answer(name, searched=searched, level=1)
    st.subheader(f"The neighbourhoods of {name}", anchor="neighbourhoods")
    _members(data.town_members(name), "town", data.town_map(name), links=True)
    stories.about(_town_areas(name))


def town_answer(name: str, *, searched: Searched | None = None, level: int = 2) -> None:
    """A town's name and plain answer, with links to its sections."""
    artifact = data.artifact()
    count = stories.count_for(artifact, _town_areas(name))
    found = answer.town_answer(artifact, name, stories=count, searched=searched)
    sections = (("neighbourhoods", "Its neighbourhoods"), SECTIONS[1]) if level == 1 else ()
    _answer(found, level, sections=sections)
    st.caption(found.official)
    if level != 1:
        st.page_link(
            "app_pages/area.py",
            label=f"Open {name}'s page: its neighbourhoods and stories",
            icon=":material/link:",
            query_params={"town": name},
        )


def _town_areas(name: str) -> list[tuple[str, str]]:
    """A town's LSOAs and their divisions, for its stories."""
    artifact = data.artifact()
    members = artifact.towns()[name]
    divisions = dict.fromkeys(artifact.parent(m, "wd25") for m in members)
    return [*(("lsoa21", m) for m in members), *(("wd25", d) for d in divisions if d)]


def _answer(found: answer.Answer, level: int, sections=SECTIONS) -> None:
    """Name as a heading, the answer's sentences with their sources, in-page links."""
    (st.title if level == 1 else st.header)(found.name, anchor=PROFILE_ANCHOR)
    paragraphs = []
    for sentence in (found.where, found.england, found.change, found.stories):
        text = html.escape(sentence.text)
        if sentence.emphasis:
            echo = html.escape(sentence.emphasis)
            text = text.replace(echo, f"<strong>{echo}</strong>", 1)
        if sentence.source:
            text += f' <span class="answer-source">({html.escape(sentence.source)})</span>'
        paragraphs.append(f"<p>{text}</p>")
    links = " · ".join(f'<a href="#{anchor}">{html.escape(t)}</a>' for anchor, t in sections)
    nav = (
        f'<nav class="answer-sections" aria-label="Sections of this page">On this page: '
        f"{links}</nav>"
        if sections
        else ""
    )
    st.markdown(
        f'<div class="answer">{"".join(paragraphs)}</div>{nav}{ANSWER_CSS}',
        unsafe_allow_html=True,
    )


ANSWER_CSS = """<style>
.answer p { margin: 0 0 0.45rem 0; font-size: 1.05rem; line-height: 1.4; }
.answer .answer-source { font-size: 0.85em; white-space: nowrap; }
.answer-sections { margin: 0.2rem 0 0.6rem 0; }
.answer-sections a { display: inline-block; padding: 0.35rem 0; }
</style>"""


def figures(
    geo: str,
    code: str,
    indicator_id: str = "",
    *,
    per_row: int = 2,
    first: int = 0,
    count: int | None = None,
    title: str | None = "Headline figures",
) -> None:
    """Headline figures (the mapped indicator first), each with rank, decile and source.

    ``first`` and ``count`` pick a slice, so a page can show the first figure beside
    the map and the rest below it.
    """
    items = data.figures(geo, code, (indicator_id,) if indicator_id else ())
    items = items[first : None if count is None else first + count]
    if title:
        st.subheader(title, anchor="figures")
    for start in range(0, len(items), per_row):
        row = items[start : start + per_row]
        for column, figure in zip(st.columns(per_row), row, strict=False):
            with column, st.container(border=True):
                _figure(figure)


def then_and_now(geo: str, code: str, marks: tuple[StoryMark, ...]) -> None:
    """The area's twenty years in order: each edition in words, the stories beside it."""
    account = thenandnow.with_stories(data.then_and_now(geo, code), marks)
    if not account.moments:
        return
    st.subheader("Then and now", anchor="then-and-now")
    st.caption(thenandnow.GENERATED)
    if account.earlier:
        _moment(
            f"Before {account.first_year}",
            "Stories about the years before the first edition of the Indices of Deprivation.",
            account.earlier,
            "earlier",
        )
    for moment in account.moments:
        _moment(moment.heading, moment.text, moment.stories, str(moment.year), moment)


def _moment(
    heading: str,
    text: str,
    numbered: tuple[tuple[int, StoryMark], ...],
    key: str,
    moment: thenandnow.Moment | None = None,
) -> None:
    words, told = st.columns([3, 2])
    with words:
        st.markdown(f"**{escape_markdown(heading)}**  \n{escape_markdown(text)}")
        if moment is not None and moment.caveat:
            st.caption(f":material/warning: {escape_markdown(moment.caveat)}")
        if moment is not None:
            st.caption(f"Source: {escape_markdown(moment.source)}.")
    with told:
        stories.links(list(numbered), f"then_{key}", "Stories from these years:")


def trends(geo: str, code: str, *, per_row: int = 2, marks: tuple[StoryMark, ...] = ()) -> None:
    """Trend charts, each with its caption, boundary-change note and a table; time
    series carry ``marks``, the area's stories."""
    st.subheader("How it has changed", anchor="trends")
    for reason in profile.not_shown(data.artifact(), geo):
        st.caption(f":material/info: Not available here: {reason}")
    draw_charts(data.trend_charts(geo, code), f"{geo}_{code}", per_row=per_row, marks=marks)
    missing = profile.unavailable(data.artifact())
    if missing:
        st.info(missing, icon=":material/info:")


def draw_charts(
    items: list[ProfileChart], key: str, *, per_row: int = 2, marks: tuple[StoryMark, ...] = ()
) -> None:
    """Charts side by side, each with caption, note, table and a PNG download; time
    series carry the area's stories at the years they are about, listed under them."""
    for start in range(0, len(items), per_row):
        for column, chart in zip(st.columns(per_row), items[start : start + per_row], strict=False):
            with column:
                spec = timeline.with_stories(chart.spec, marks)
                # Titled and cited inside; without stories, its data sent as Arrow
                # converted once (a spec with stories is this visit's own).
                shown = data.arrow_spec(spec) if spec is chart.spec else spec
                st.vega_lite_chart(shown, width="stretch")
                on_chart, beyond = timeline.placed(chart.spec, marks)
                stories.chart_links(on_chart, f"{key}_{slug(chart.title)}")
                if beyond:
                    st.caption(
                        f"{len(beyond)} {'story is' if len(beyond) == 1 else 'stories are'} "
                        "about years too far from this chart's to show on it: see Community "
                        "stories."
                    )
                st.caption(chart.caption)
                if chart.note:
                    st.caption(f":material/warning: {chart.note}")
                with st.expander("The numbers as a table"):
                    st.dataframe(chart.table, hide_index=True)
                st.download_button(
                    "Chart as PNG",
                    functools.partial(render.chart_image, spec),  # made only when clicked
                    file_name=f"{slug(chart.title)}-{key.rsplit('_', 1)[-1]}.png",
                    mime="image/png",
                    icon=":material/image:",
                    key=f"png_{key}_{slug(chart.title)}",
                )


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _figure(figure: Figure) -> None:
    ind = figure.indicator
    st.markdown(f"**{ind.label}**")
    st.markdown(f"<p style='font-size:1.9rem;margin:0'>{figure.text}</p>", unsafe_allow_html=True)
    lines = [figure.rank_text, figure.england_text, figure.county_text]
    st.markdown("  \n".join(line for line in lines if line))
    if figure.method:
        st.caption(figure.method)
    frame.source_caption(ind)


def _members(lsoas: pd.DataFrame, kind: str, chart: dict, *, links: bool = False) -> None:
    """The neighbourhoods of a division, ward or town: table, map and (for towns) links."""
    if kind != "town":
        st.markdown(f"**Neighbourhoods in this {kind}**")
    columns = {
        "name": "Neighbourhood",
        "official": "ONS name",
        "code": "Code",
        "decile": "IMD 2025 England decile",
        "share": "% of its residents here",
        "mainly_here": "Mainly here",
    }
    st.dataframe(lsoas[[c for c in columns if c in lsoas]].rename(columns=columns), hide_index=True)
    st.caption(
        "England decile: 1 = the most deprived 10% of LSOAs in England (IoD 2025, MHCLG)."
        + (
            " % of its residents here: where the LSOA's residents' postcodes are."
            if "share" in lsoas
            else ""
        )
    )
    st.vega_lite_chart(chart, width="stretch")
    if links:
        for row in lsoas.itertuples():
            st.page_link(
                "app_pages/area.py",
                label=f"{row.name} (decile {_decile(row.decile)})",
                query_params={"geo": "lsoa21", "area": row.code},
                icon=":material/location_on:",
            )


def _decile(value: object) -> str:
    return "not known" if pd.isna(value) else str(int(value))
