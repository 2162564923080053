"""Data for pages: the artifact and everything cached from it.

Caching happens here and only here (``geo`` stays free of Streamlit).
"""

from __future__ import annotations

import collections
import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa
import streamlit as st

import archive
import geo
from archive import examples, settings
from geo import build as data_build
from geo import (
    change,
    charts,
    council,
    links,
    maps,
    paths,
    priority,
    profile,
    static,
    thenandnow,
    timeline,
)
from geo import insights as geo_insights
from outputs import content, render, slide, staticmap


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
                except geo.SettingError as exc:
                    st.error(f"**The observatory is not set up right.** {exc}")
                    st.stop()
                except geo.ObservatoryError as exc:
                    st.error(
                        f"**The data could not be prepared.** {exc}\n\n"
                        "Fix the file named above (a fresh copy of the project's `data/` folder "
                        "will do), then reload this page. Nothing you saved has been lost."
                    )
                    st.stop()
    return holder.artifact


def _prepare() -> geo.Artifact:
    try:
        static.ensure_assets()  # Leaflet for offline maps, if set-up was skipped
    except geo.ObservatoryError as exc:  # figures and profiles still work without it
        st.warning(f"The maps cannot be drawn: {exc}", icon=":material/map:")
    if data_build.needs_build():
        # Only when the server started without warming up (serve.py builds before it
        # answers anyone): progress in plain words, gone once the data is ready.
        note = st.empty()
        with note.container():
            bar = st.progress(0.0, text=f"Getting {_place()}'s figures ready…")
            data_build.build(
                progress=lambda done, _what: bar.progress(
                    done, text=f"Getting {_place()}'s figures ready…"
                )
            )
        note.empty()
    try:
        return geo.Artifact.open()
    except geo.ArtifactError:
        # Damaged between the check and the read (or by hand): build afresh once.
        data_build.build(force=True)
        return geo.Artifact.open()


def _place() -> str:
    """The name of the county or council being prepared, before its artifact exists."""
    code = paths.council()
    return geo.load_geographies().county_name if code is None else council.find(code).name


def geography(geo_id: str) -> geo.Geography:
    """What a geography is called and how its areas are counted (from the artifact)."""
    return artifact().geography(geo_id)


# ---- cached views of the artifact ---------------------------------------------------
# Arguments are plain strings and numbers, so each cache key is cheap and exact.


# Map views are shared by every visitor (cache_resource): read them, never change them.
@st.cache_resource(show_spinner=False, max_entries=512)  # every view: see warm_up
def choropleth(geography: str, indicator_id: str, scheme: str, k: int) -> maps.ChoroplethView:
    """Everything the map of one indicator on one geography needs (classes, table, shapes)."""
    return maps.choropleth_view(artifact(), geography, indicator_id, scheme, k)


@st.cache_resource(show_spinner=False, max_entries=64)  # shared: read it, never change it
def change_map(measure_id: str, geography: str, since: str, until: str) -> change.ChangeMap:
    """A change map: each area's two figures, the change in words, classes and notes."""
    return change.change_map(artifact(), measure_id, geography, since, until)


@st.cache_data(show_spinner=False, max_entries=64)
def change_png(
    measure_id: str, since: str, until: str, within: tuple[str, ...], outlined: tuple[str, ...]
) -> bytes:
    """A change map of the county's neighbourhoods (or only ``within``) as a PNG, with
    ``outlined`` LSOAs outlined and the county-wide classes in its legend."""
    picture = change_map(measure_id, "lsoa21", since, until)
    display = artifact().areas("lsoa21", display=True)
    if within:
        display = display[display["code"].isin(within)]
    measure = picture.measure
    return staticmap.choropleth_png(
        display,
        picture.classification,
        title=f"{measure.label_of(since)} to {measure.label_of(until)}",
        subtitle=f"Source: {picture.source}.",
        highlight=outlined,
        places=staticmap.places_of(artifact()),
        size=(1400, 1000),
    )


# Profiles are shared by every visitor (cache_resource): read them, never change them.
@st.cache_resource(show_spinner=False, max_entries=512)
def summary(geography: str, code: str) -> profile.Summary:
    """Who an area is: name, kind, what it belongs to, caveats, its LSOAs."""
    return profile.summary(artifact(), geography, code)


@st.cache_resource(show_spinner=False, max_entries=512)
def figures(geography: str, code: str, indicator_ids: tuple[str, ...] = ()) -> list[profile.Figure]:
    """Headline figures of an area: ``indicator_ids`` first, then the profile's usual ones."""
    art = artifact()
    wanted = dict.fromkeys([*indicator_ids, *(i.id for i in art.registry.profile_indicators)])
    found = [art.registry.get(i) for i in wanted if i in art.registry]  # a council has fewer
    return profile.figures(art, geography, code, found)


@st.cache_resource(show_spinner=False, max_entries=512)
def trend_charts(geography: str, code: str) -> list[profile.ProfileChart]:
    """An area's trend charts (each builds its chart and spec once, when first drawn)."""
    return profile.trend_charts(artifact(), geography, code)


@st.cache_resource(show_spinner=False, max_entries=512)
def then_and_now(geography: str, code: str) -> tuple[thenandnow.Moment, ...]:
    """An area's then and now from the data (its stories are added fresh each time)."""
    return thenandnow.moments(artifact(), geography, code)


@st.cache_resource(show_spinner=False)
def county_figures() -> pd.DataFrame:
    """The county's figures by year, for the stories timeline (read it, never change it)."""
    return timeline.county_figures(artifact())


@st.cache_resource(show_spinner=False)
def county_timeline() -> dict:
    """The county's figures as a chart spec, before the stories are drawn on it."""
    cite = charts.Citation(
        f"{artifact().county_name} in the years of the stories",
        artifact().county_name,
        "MHCLG, IoD 2004 to 2025; ONS, Census 2011 and 2021; DESNZ, fuel poverty 2012 to 2022",
    )
    return charts.county_lines(county_figures(), cite).to_dict()


@st.cache_resource(show_spinner=False, max_entries=256)
def members_map(geography: str, code: str) -> dict:
    """Vega-Lite map of a division's LSOAs coloured by IMD decile, inside its outline."""
    art = artifact()
    outline = art.areas(geography, display=True)
    return _lsoas_map(
        summary(geography, code).lsoas,
        outline[outline["code"] == code],
        profile.area_label(art, geography, code),
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def town_members(town: str) -> pd.DataFrame:
    """A town's LSOAs as a table: code, local and ONS names, IMD 2025 decile."""
    art = artifact()
    return profile.lsoa_list(art, list(art.towns()[town]))


@st.cache_resource(show_spinner=False, max_entries=64)
def town_map(town: str) -> dict:
    """Vega-Lite map of a town's LSOAs coloured by IMD decile, inside their outline."""
    lsoas = town_members(town)
    members = artifact().areas("lsoa21", display=True)
    outline = members[members["code"].isin(lsoas["code"])].dissolve()
    return _lsoas_map(lsoas, outline, f"{town} · Town ({len(lsoas)} neighbourhoods)")


def _lsoas_map(lsoas: pd.DataFrame, outline, area: str) -> dict:
    """Mini map of LSOAs by England decile inside ``outline``; ``area`` names it."""
    art = artifact()
    decile = art.registry.get("imd2025_decile")
    cite = charts.Citation(
        f"Neighbourhoods by England deprivation decile, {decile.year}",
        area,
        decile.source.citation,
    )
    members = art.areas("lsoa21", display=True)
    members = members[members["code"].isin(lsoas["code"])][["code", "geometry"]].merge(
        lsoas[["code", "name", "decile"]], on="code"
    )
    return _arrow_datasets(charts.mini_map(members, outline, cite).to_dict())


#: Specs already given Arrow data, by the id of the spec they came from (kept with it,
#: so the id cannot be reused while the entry lives).
_ARROW_SPECS: collections.OrderedDict[int, tuple[dict, dict]] = collections.OrderedDict()
_ARROW_LOCK = threading.Lock()
ARROW_SPECS_KEPT = 2048


def arrow_spec(spec: dict) -> dict:
    """``spec`` (a chart's cached Vega-Lite spec) with its data in Arrow, converted once.

    Hashing the spec to use ``st.cache_resource`` would cost what it saves, so this
    remembers the spec object itself, the most recent :data:`ARROW_SPECS_KEPT` of them.
    """
    with _ARROW_LOCK:
        kept = _ARROW_SPECS.get(id(spec))
        if kept is not None and kept[0] is spec:
            _ARROW_SPECS.move_to_end(id(spec))
            return kept[1]
    converted = _arrow_datasets(spec)
    with _ARROW_LOCK:
        _ARROW_SPECS[id(spec)] = (spec, converted)
        while len(_ARROW_SPECS) > ARROW_SPECS_KEPT:
            _ARROW_SPECS.popitem(last=False)
    return converted


def _arrow_datasets(spec: dict) -> dict:
    """A copy of ``spec`` whose tabular datasets are Arrow IPC bytes.

    Streamlit sends chart data as Arrow: given rows, it converts them on every page run;
    given bytes, it sends them as they are. GeoJSON datasets stay as they are.
    """
    datasets = {
        name: _arrow_bytes(rows) if _is_rows(rows) else rows
        for name, rows in spec.get("datasets", {}).items()
    }
    return {**spec, "datasets": datasets} if datasets else spec


def _is_rows(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(row, dict) and "geometry" not in row for row in value
    )


def _arrow_bytes(rows: list[dict]) -> bytes:
    table = pa.Table.from_pandas(pd.DataFrame(rows))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


@st.cache_resource(show_spinner=False)
def presets() -> dict[str, priority.Preset]:
    """The Priorities page's presets (data/priorities.toml), read once."""
    art = artifact()
    known = {i.id for i in art.registry}
    if not art.from_england:  # the county's presets must all hold: a typo is an error
        return {p.id: p for p in priority.load_presets(known=known)}
    # A council built from England's files offers the presets it has every indicator of.
    return {p.id: p for p in priority.load_presets() if set(p.weights) <= known}


@st.cache_resource(show_spinner=False)
def default_shortlist() -> tuple[str, list[str]]:
    """The first preset's top 10 neighbourhoods, for the Present page before any ranking."""
    art = artifact()
    preset = next(iter(presets().values()))
    settings = priority.Settings(weights=tuple(preset.weights.items()), method=preset.method, n=10)
    ranking = priority.rank_areas(
        art.values("lsoa21"), [art.registry.get(i) for i in preset.weights], settings
    )
    return "lsoa21", list(ranking.shortlist.index)


# ---- the story archive ----------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def store() -> archive.StoryStore:
    """The story archive (one connection pool per process); examples added on first use."""
    archive_store = archive.StoryStore()
    if artifact().from_england:  # the examples are about the county's own places
        return archive_store
    # If the database is down, pages say so; maps and profiles carry on regardless.
    with contextlib.suppress(archive.ArchiveUnavailableError):
        examples.seed_if_empty(archive_store)
    return archive_store


@st.cache_resource(show_spinner=False)  # shared, not copied per call: read it, never change it
def story_areas() -> dict[tuple[str, str], str]:
    """Areas a story may be linked to: (geography, code) → name."""
    art = artifact()
    return {
        (geo_id, str(code)): str(name)
        for geo_id in archive.validation.GEOGRAPHIES
        if art.has_geography(geo_id)
        for code, name in art.labels(geo_id).items()
    }


@st.cache_resource(show_spinner=False)
def story_scope() -> list[tuple[str, str]] | None:
    """The areas whose stories a council built from the England files shows (its build may
    share a story database with other councils'); None for the county: all its stories."""
    return list(story_areas()) if artifact().from_england else None


@st.cache_resource(show_spinner=False)
def story_area_codes(geography: str) -> list[str]:
    """Codes of one geography's story areas, in order of their names (for pickers)."""
    names = story_areas()
    return sorted((c for g, c in names if g == geography), key=lambda c: names[(geography, c)])


@st.cache_data(show_spinner=False, max_entries=256)
def insights(geography: str, code: str) -> list[geo_insights.Insight]:
    """Generated statements about an area."""
    return geo_insights.area_insights(artifact(), geography, code)


def cached_robustness(ranking: priority.Ranking, values: pd.DataFrame) -> pd.Series:
    """Robustness of a ranking, cached by its settings (the draws take a moment)."""
    uploads = tuple(sorted(i.id for i in ranking.indicators if i.id.startswith("upload_")))
    if uploads:  # session data: not shared between sessions
        return priority.robustness(ranking, values)
    return _robustness(ranking.settings)


@st.cache_data(show_spinner="Testing how firm the list is…", max_entries=64)
def _robustness(settings: priority.Settings) -> pd.Series:
    art = artifact()
    values = art.values(settings.geography)
    indicators = [art.registry.get(i) for i, w in settings.weights if w > 0]
    ranking = priority.rank_areas(
        values, indicators, settings, eligible=priority.eligible(art, settings)
    )
    return priority.robustness(ranking, values)


@st.cache_resource(show_spinner=False)
def default_division() -> str | None:
    """The division a fresh Present page offers: that of the county's most deprived
    neighbourhood (a town division, with several neighbourhoods to step through); None
    for a council without 2025 divisions."""
    art = artifact()
    if not art.has_geography("wd25"):
        return None
    return art.parent(default_shortlist()[1][0], "wd25") or str(art.names("wd25").index[0])


# ---- slides ------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=512)
def area_map(geography: str, code: str, high_contrast: bool = False) -> bytes:
    """A slide's map: the area among its neighbours, places named, legend left to the page."""
    picture = staticmap.area_map(
        artifact(),
        geography,
        code,
        size=(900, 900),
        with_legend=False,
        style=staticmap.HIGH_CONTRAST if high_contrast else staticmap.NORMAL,
        label_points=34,
    )
    return render.palette_png(picture)


@st.cache_resource(show_spinner=False, max_entries=256)
def slide_content(geography: str, code: str, base_url: str) -> content.AreaContent:
    """A slide's figures, chart and links (stories are added fresh, see ui.present)."""
    return content.slide(artifact(), geography, code, base_url=base_url)


@st.cache_data(show_spinner=False, max_entries=512)
def slide_charts(geography: str, code: str, base_url: str, high_contrast: bool) -> dict[str, bytes]:
    """A slide's deprivation-history chart as PNGs, wide and narrow (fonts drawn on the
    server, so the chart looks the same on every screen)."""
    charts_ = slide_content(geography, code, base_url).charts
    if not charts_:
        return {}
    return {
        shape: render.palette_png(
            render.chart_image(
                slide.chart_spec(charts_[0].spec, height),
                width=width,
                scale=2,
                high_contrast=high_contrast,
            )
        )
        for shape, (width, height) in slide.CHART_SIZES.items()
    }


# ---- before the first visitor ---------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _page_turns() -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(settings.PAGE_RUNS_AT_ONCE.whole())


@contextlib.contextmanager
def page_turn() -> Iterator[None]:
    """Run a page when its turn comes: ``OBSERVATORY_PAGE_RUNS_AT_ONCE`` (2) at a time.

    Python runs one thread at a time anyway. Fifty page runs interleaved all finish
    together, late, each holding its working memory meanwhile; taking turns, most finish
    at once and memory stays near what a few runs need. Two, not one, so one slow run (a
    moderator's import, a PDF pack) never holds everyone else up.
    """
    turns = _page_turns()
    turns.acquire()
    try:
        yield
    finally:
        turns.release()


def warm_up() -> None:
    """Fill the shared caches once, when the server starts (see serve.py).

    Without this the first visitors after a start all wait while one of them builds what
    everyone shares: the artifact, the archive's connection, every indicator's map
    classes on every geography, and one profile of each kind (which loads the chart
    library's schemas). Other profiles are built when first asked for, once.
    """
    if data_build.needs_build():
        data_build.build()  # here, not under a page's progress bar
    art = artifact()
    kinds = ("lsoa21", *art.parent_geographies)  # a council built from England: its wards
    store()
    for geography in kinds:
        story_area_codes(geography)
    presets()
    for ind in links.mappable_indicators(art):
        for geography in links.geographies_for(art, ind):
            view, _ = links.parse(art, {"indicator": ind.id, "geo": geography})  # as a link
            choropleth(view.geo, view.indicator, view.scheme, view.k)
    default = links.MapView()
    # folium compiles its page templates on first use: once here, not for a visitor.
    choropleth(default.geo, default.indicator, default.scheme, default.k).folium_map(
        basemap=True
    ).get_root().render()
    for geography in kinds:
        code = str(art.names(geography).index[0])
        summary(geography, code)
        figures(geography, code)
        for chart in trend_charts(geography, code):
            arrow_spec(chart.spec)
