"""Meeting mode: one area a screen, a bar to step through them, areas side by side.

A slide fills the window (the side menu and page chrome are covered), so it fits any
projector; the bar along the bottom holds the set-up, the arrows and the mode. The
slide itself is drawn from the same content model as the A4 pack
(:func:`outputs.content.slide`, rendered by :func:`outputs.slide.html`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from html import escape

import streamlit as st

from archive.text import escape_markdown
from geo import change, charts, links, profile, timeline
from geo.artifact import Artifact
from geo.ranks import ordinal
from outputs import content, pack, slide
from outputs.staticmap import area_legend
from ui import data, frame, state, stories
from ui.priorities import LAST_SHORTLIST
from ui.stories import area_stories

PARAMS = ("deck", "division", "areas", "step", "contrast", "full", "mode", "compare")
STEP: state.Key[int] = state.Key("present_step")  # counts from 0
#: What the bar's "Show" offers (links.PRESENT_MODES); the first two step through a deck.
MODE_LABELS = {"slides": "Slides", "change": "Twenty years", "compare": "Compare"}
STEPPED = ("slides", "change")
#: The change a "Twenty years" slide maps: relative deprivation, first to latest edition.
CHANGE_MEASURE = "imd"
DECK_LABELS = {
    "shortlist": "The priorities shortlist",
    "division": "A division's neighbourhoods",
    "picked": "Areas I choose",
}


def _widget(field: str) -> str:
    return f"present_{field}"


def _seed(view: links.PresentView, overwrite: bool) -> None:
    """Put a view into the Present page's widgets."""
    values: dict[str, object] = {
        _widget("deck"): view.deck,
        _widget("division"): view.division or data.default_division(),
        _widget("picked"): list(view.areas) if view.deck == "picked" else [],
        _widget("contrast"): view.contrast,
        _widget("full"): view.full,
        _widget("mode"): view.mode,
        _widget("compare"): list(view.compare),
        STEP.name: view.step - 1,
    }
    for name, value in values.items():
        if overwrite or name not in st.session_state:
            st.session_state[name] = value
    if overwrite and view.deck == "shortlist" and view.areas:
        geography = "wd25" if view.areas[0].startswith("E05") else "lsoa21"
        LAST_SHORTLIST.set((geography, list(view.areas)))


LINK: state.PageLink[links.PresentView] = state.PageLink(
    "present",
    PARAMS,
    links.parse_present,
    lambda _artifact: links.PresentView(division=data.default_division()),
    _seed,
)


@dataclass(frozen=True)
class Deck:
    """The areas a meeting steps through, in order."""

    kind: str
    geography: str
    codes: tuple[str, ...]
    label: str


def deck(artifact: Artifact) -> Deck:
    """The deck the set-up widgets describe."""
    kind = st.session_state.get(_widget("deck"), "shortlist")
    if kind not in decks(artifact):  # a division's deck, for a council without divisions
        kind = "shortlist"
    if kind == "division":
        division = st.session_state.get(_widget("division")) or data.default_division()
        codes = tuple(artifact.members("wd25", division))
        return Deck(kind, "lsoa21", codes, f"{artifact.name('wd25', division)} division")
    if kind == "picked":
        codes = tuple(st.session_state.get(_widget("picked")) or ())
        return Deck(kind, "lsoa21", codes, "areas chosen for this meeting")
    geography, shortlist = LAST_SHORTLIST.get() or data.default_shortlist()
    return Deck(kind, geography, tuple(shortlist), "the priorities shortlist")


def current(chosen: Deck) -> links.PresentView:
    """The view the widgets hold now (what the link will reproduce)."""
    get = st.session_state.get
    return links.PresentView(
        deck=chosen.kind,
        division=get(_widget("division")) if chosen.kind == "division" else None,
        areas=chosen.codes if chosen.kind != "division" else (),
        step=min(get(STEP.name, 0), max(len(chosen.codes) - 1, 0)) + 1,
        contrast=bool(get(_widget("contrast"))),
        full=bool(get(_widget("full"), True)),
        mode=get(_widget("mode")) or "slides",
        compare=tuple(get(_widget("compare")) or ()),
    )


#: Placement of the slide and the bar. Keyed containers carry a ``st-key-<key>`` class
#: (Streamlit's documented hook for styling a container); the slide's own layout is in
#: :data:`outputs.slide.CSS`.
PLACEMENT = """
.stApp { --bar-h: max(56px, 8vh); --title-h: 8vh; }
.st-key-present_slide, .st-key-present_comparison, .st-key-present_change {
  background: var(--paper); color: var(--ink); }
.st-key-present_slide { gap: 0 !important; }
.st-key-present_slide > div:first-child { height: var(--title-h); flex: none;
  overflow: hidden; margin: 0 !important; }
.st-key-present_slide h1 { font-size: clamp(24px, 5.4vh, 80px) !important;
  line-height: 1.15 !important; margin: 0 !important; padding: 1.4vh 2.2vw 0 !important;
  color: var(--ink); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.st-key-present_slide > div:last-child { height: calc(100vh - var(--bar-h) - var(--title-h)); }
.st-key-present_slide > div:last-child > div { height: 100%; }
.st-key-present_bar { padding: 0.6vh 1.5vw; border-top: 2px solid var(--ink);
  background: var(--paper); flex-wrap: nowrap; }
.st-key-present_bar p.present-where { margin: 0; text-align: center; font-size: 1.05rem;
  color: var(--ink); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
table.compare { border-collapse: collapse; width: 100%; font-size: 1.15rem; }
table.compare caption { text-align: left; font-weight: 700; padding-bottom: 0.4rem; }
table.compare th, table.compare td { text-align: left; vertical-align: top;
  padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--ink); color: var(--ink); }
"""
FULL_WINDOW = """
.st-key-present_slide, .st-key-present_comparison, .st-key-present_change { position: fixed;
  top: 0; left: 0; right: 0; bottom: var(--bar-h); z-index: 1000001; }
.st-key-present_comparison, .st-key-present_change { overflow-y: auto; padding: 2vh 3vw; }
.st-key-present_bar { position: fixed; left: 0; right: 0; bottom: 0; height: var(--bar-h);
  z-index: 1000002; box-sizing: border-box; }
"""
IN_PAGE = """
.st-key-present_slide > div:last-child { height: 76vh; }
"""
HIGH_CONTRAST = """
.stApp, .stApp header, .stApp [data-testid="stSidebar"] { background: #000 !important; }
.stApp p, .stApp h1, .stApp h2, .stApp h3, .stApp label, .stApp span, .stApp li,
.stApp small, .stApp th, .stApp td, .stApp caption { color: #fff !important; }
.stApp a { color: #ffd700 !important; }
.stApp button { background: #000 !important; color: #fff !important;
  border: 2px solid #ffd700 !important; }
.stApp button:disabled { border-color: #888 !important; }
.stApp button:disabled p { color: #bbb !important; }
"""


def style(view: links.PresentView) -> None:
    """The slide's layout, full window or in the page, in ordinary or high contrast."""
    ink, paper = ("#ffffff", "#000000") if view.contrast else ("#111111", "#ffffff")
    css = (
        f".stApp {{ --ink: {ink}; --paper: {paper}; }}"
        + slide.CSS
        + PLACEMENT
        + (FULL_WINDOW if view.full else IN_PAGE)
        + (HIGH_CONTRAST if view.contrast else "")
    )
    st.html(f"<style>{css}</style>")


def _restart() -> None:
    STEP.set(0)


def decks(artifact: Artifact) -> dict[str, str]:
    """The decks on offer: a division's only where there are 2025 divisions."""
    return {
        k: v for k, v in DECK_LABELS.items() if k != "division" or artifact.has_geography("wd25")
    }


def setup(artifact: Artifact, chosen: Deck, code: str | None) -> None:
    """What to show and how, and the handout: drawn inside the bar's "Set up" pop-over."""
    st.radio(
        "Walk through",
        list(decks(artifact)),
        format_func=DECK_LABELS.get,
        key=_widget("deck"),
        on_change=_restart,
    )
    if chosen.kind == "division":
        divisions = artifact.names("wd25").sort_values()
        st.selectbox(
            "Division",
            list(divisions.index),
            format_func=divisions.get,
            key=_widget("division"),
            on_change=_restart,
        )
    elif chosen.kind == "picked":
        names = artifact.labels("lsoa21").sort_values()
        st.multiselect(
            "Neighbourhoods",
            list(names.index),
            format_func=lambda c: f"{names[c]} · {c}",
            key=_widget("picked"),
            max_selections=30,
            select_all=False,  # it would quietly pick only the first 30
            on_change=_restart,
        )
    else:
        st.caption(
            f"{len(chosen.codes)} {data.geography(chosen.geography).noun} from the Priorities "
            "page (or, if you have not made a list there, the IMD 2025 top 10)."
        )
    st.toggle("Fill the window (cover the side menu)", key=_widget("full"))
    if code:
        st.markdown(f"**Handout for {escape(artifact.local_name(chosen.geography, code))}**")
        pack_button(artifact, chosen.geography, code)


def _move(by: int, count: int) -> None:
    STEP.set(min(max((STEP.get() or 0) + by, 0), max(count - 1, 0)))


def bar(artifact: Artifact, chosen: Deck, view: links.PresentView) -> None:
    """Set-up, previous and next (also the arrow keys), where we are, mode and contrast."""
    count = len(chosen.codes)
    step = view.step - 1
    with st.container(key="present_bar", horizontal=True, vertical_alignment="center"):
        with st.popover("Set up", icon=":material/tune:"):
            stepping = count and view.mode in STEPPED
            setup(artifact, chosen, chosen.codes[step] if stepping else None)
        if view.mode in STEPPED:
            st.button("Previous", icon=":material/arrow_back:", disabled=step == 0 or count == 0,
                      shortcut="left", on_click=_move, args=(-1, count))  # fmt: skip
            where = f"{step + 1} of {count} · {chosen.label}" if count else "No areas chosen"
            st.markdown(f"<p class='present-where'>{escape(where)}</p>", unsafe_allow_html=True)
            st.button("Next", icon=":material/arrow_forward:", disabled=step >= count - 1,
                      shortcut="right", on_click=_move, args=(1, count))  # fmt: skip
        st.segmented_control(
            "Show",
            list(MODE_LABELS),
            format_func=MODE_LABELS.get,
            key=_widget("mode"),
            label_visibility="collapsed",
            required=True,
        )
        st.toggle("High contrast", key=_widget("contrast"))


def show_slide(artifact: Artifact, geography: str, code: str, *, high_contrast: bool) -> None:
    """One area on one screen: name, place, map, three figures, history, a quote, QR codes."""
    base = frame.public_base()
    area = dataclasses.replace(
        data.slide_content(geography, code, base),
        quotes=content.quotes(area_stories(artifact, geography, code, 1), 1, 160),
    )
    legend_title, legend = area_legend(artifact)
    with st.container(key="present_slide"):
        st.title(area.name, anchor=False)
        st.html(
            slide.html(
                area,
                map_png=data.area_map(geography, code, high_contrast),
                legend_title=legend_title,
                legend=legend,
                charts=data.slide_charts(geography, code, base, high_contrast),
                chart_alt=area.charts[0].spec.get("description", "") if area.charts else "",
                high_contrast=high_contrast,
            )
        )


def show_change(artifact: Artifact, chosen: Deck, code: str, *, high_contrast: bool) -> None:
    """An area's twenty years on one screen: the change in relative deprivation over the
    deck's neighbourhoods with this area outlined, and its deprivation history with the
    stories of the years they are about."""
    name = artifact.local_name(chosen.geography, code)
    measure = change.measure(artifact, CHANGE_MEASURE)
    since, until = measure.default
    picture = data.change_map(measure.id, "lsoa21", since, until)
    lsoas = (
        [code] if chosen.geography == "lsoa21" else list(artifact.members(chosen.geography, code))
    )
    shown = chosen.codes if chosen.kind == "division" else ()
    with st.container(key="present_change"):
        st.title(f"{name}: twenty years", anchor=False)
        left, right = st.columns(2, gap="large")
        with left:
            st.image(
                data.change_png(measure.id, since, until, tuple(shown), tuple(lsoas)),
                caption=(
                    f"{picture.title}, {chosen.label if shown else artifact.county_name}; "
                    f"{name} outlined. Source: {picture.source}."
                ),
            )
            if chosen.geography == "lsoa21" and code in picture.table.index:
                st.markdown(f"**{escape_markdown(str(picture.table.loc[code, 'value_text']))}**")
        with right:
            history = data.slide_content(chosen.geography, code, frame.public_base()).charts
            if not history:
                st.info("No deprivation history for this area.", icon=":material/info:")
                return
            marks = stories.marks_of(area_stories(artifact, chosen.geography, code))
            spec = timeline.with_stories(history[0].spec, marks)
            spec = charts.high_contrast(spec) if high_contrast else spec
            st.vega_lite_chart(spec, width="stretch", theme=None if high_contrast else "streamlit")
            on_chart, _beyond = timeline.placed(history[0].spec, marks)
            stories.chart_links(on_chart, f"present_{code}")


def compare(artifact: Artifact, chosen: Deck, view: links.PresentView) -> None:
    """Areas side by side, most need first: each figure with its county rank and England
    decile, then their deprivation histories in one titled chart."""
    names = {
        **{c: f"{n} (LSOA)" for c, n in artifact.labels("lsoa21").items()},
        **{
            c: f"{n} (division)"
            for c, n in (artifact.names("wd25").items() if artifact.has_geography("wd25") else ())
        },
    }
    if not st.session_state.get(_widget("compare")):
        st.session_state[_widget("compare")] = list(chosen.codes[:3])
    with st.container(key="present_comparison"):
        st.title("Compare areas", anchor=False)
        picked = st.multiselect(
            "Areas to compare (two to four)",
            sorted(names, key=names.get),
            format_func=names.get,
            key=_widget("compare"),
            max_selections=links.MAX_COMPARE,
            select_all=False,  # it would quietly pick only the first four
        )
        if len(picked) < 2:
            st.info("Choose at least two areas to compare them.", icon=":material/compare_arrows:")
            return
        areas = profile.by_need(
            artifact, [(links.geography_of_code(artifact, c), c) for c in picked]
        )
        st.html(comparison_table(artifact, areas))
        st.caption(
            "Columns in order of need (highest IMD 2025 score first). Ranks are within "
            f"{artifact.county_name} (1st = most need); England deciles are published for "
            "LSOAs only (1 = most deprived 10%). Sources: as on each area's profile. "
            + " ".join(
                f"{artifact.name(g, c)}: {artifact.method(g, c)}" for g, c in areas if g != "lsoa21"
            )
        )
        chart = profile.compare_history_chart(artifact, areas)
        spec = charts.high_contrast(chart.spec) if view.contrast else chart.spec
        st.vega_lite_chart(spec, width="stretch", theme=None if view.contrast else "streamlit")
        st.caption(chart.caption)


def comparison_table(artifact: Artifact, areas: list[tuple[str, str]]) -> str:
    """An HTML table: one column per area, one row per figure (value, rank, decile)."""
    per_area = [data.figures(g, c) for g, c in areas]
    labels = list(dict.fromkeys(f.indicator.label for figures in per_area for f in figures))
    head = "".join(
        f"<th scope='col'>{escape(artifact.local_name(g, c))}<br><small>"
        f"{escape(data.geography(g).label)}</small></th>"
        for g, c in areas
    )
    rows = []
    for label in labels:
        cells = []
        for figures in per_area:
            found = next((f for f in figures if f.indicator.label == label), None)
            if found is None:
                cells.append("<td>—</td>")
                continue
            rank = f"{ordinal(found.rank)} of {found.out_of}" if found.rank else ""
            decile = f"England decile {found.decile}" if found.decile else ""
            detail = " · ".join(t for t in (rank, decile) if t)
            cells.append(f"<td><b>{escape(found.text)}</b><br><small>{escape(detail)}</small></td>")
        rows.append(f"<tr><th scope='row'>{escape(label)}</th>{''.join(cells)}</tr>")
    return (
        "<table class='compare'><caption>Figures side by side, most need first</caption>"
        f"<thead><tr><th scope='col'>Figure</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def pack_button(artifact: Artifact, geography: str, code: str) -> None:
    """Make the A4 PDF pack on request, with progress, then offer it for download."""
    key = f"pack_{geography}_{code}"
    if st.button(
        "Make the A4 area pack (PDF)", icon=":material/picture_as_pdf:", key=f"make_{key}"
    ):
        with st.status("Making the area pack…", expanded=True) as status:
            bar_ = st.progress(0.0)
            st.session_state[key] = pack.area_pack(
                artifact,
                geography,
                code,
                area_stories(artifact, geography, code, 3),
                base_url=frame.public_base(),
                progress=lambda done, what: bar_.progress(done, text=what),
            )
            status.update(label="Area pack ready", state="complete", expanded=False)
    if key in st.session_state:
        st.download_button(
            "Download the area pack (PDF)",
            st.session_state[key],
            file_name=f"area-pack-{code}.pdf",
            mime="application/pdf",
            icon=":material/download:",
            key=f"get_{key}",
        )
