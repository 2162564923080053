"""The Priorities page's pieces: weights, filters, uploads, results and exports."""

from __future__ import annotations

import functools
from datetime import UTC, datetime

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from archive.text import escape_markdown
from geo import charts, classify, maps, priority, upload
from geo.artifact import Artifact
from geo.catalog import Indicator
from geo.cleaning import shown
from geo.tabular import to_csv_bytes
from outputs.export import to_xlsx_bytes
from ui import data, frame, state

UPLOADS = "pri_uploads"  # id → (Indicator, {geography: Series}) for this session only


def key(name: str) -> str:
    return f"pri_{name}"


#: (geography, codes) of the last shortlist made here, for the Present page to step through.
LAST_SHORTLIST: state.Key[tuple[str, list[str]]] = state.Key(key("last_shortlist"))


def rankable(artifact: Artifact) -> list[str]:
    """What can be ranked: neighbourhoods, and the 2025 divisions where there are any."""
    return [g for g in ("lsoa21", "wd25") if artifact.has_geography(g)]


def weightable(artifact: Artifact, geography: str) -> dict[str, Indicator]:
    """Numeric indicators with values on ``geography``, plus this session's uploads."""
    table = artifact.values(geography)
    found = {
        ind.id: ind
        for ind in artifact.registry
        if ind.is_numeric and ind.id in table.columns and table[ind.id].notna().sum() > 1
    }
    for ind_id, (ind, by_geo) in st.session_state.get(UPLOADS, {}).items():
        if by_geo[geography].notna().sum() > 1:
            found[ind_id] = ind
    return found


CUSTOM = "custom"
#: The URL parameters of a shortlist (see :meth:`geo.priority.Settings.to_params`).
PARAMS = ("method", "weights", "geo", "n", "seed", "type", "division", "minpop")


def default_settings(presets: dict[str, priority.Preset]) -> priority.Settings:
    """A fresh session's settings: the first preset, as published."""
    preset = next(iter(presets.values()))
    return priority.Settings(weights=tuple(preset.weights.items()), method=preset.method)


def _parse(artifact: Artifact, params) -> tuple[priority.Settings, list[str]]:
    geographies = rankable(artifact)
    geography = params.get("geo") if params.get("geo") in geographies else "lsoa21"
    return priority.parse_settings(
        params,
        set(weightable(artifact, geography)),
        set(_divisions(artifact).index),
        default_settings(data.presets()),
    )


def _divisions(artifact: Artifact) -> pd.Series:
    """Names of the 2025 divisions by code (none for a council without them)."""
    if not artifact.has_geography("wd25"):
        return pd.Series(dtype=str)
    return artifact.names("wd25")


def seed_from(settings: priority.Settings, overwrite: bool = True) -> None:
    """Put settings (from a link, a preset or the saved view) into the widgets."""
    values: dict[str, object] = {
        key("indicators"): [k for k, _ in settings.weights],
        key("method"): settings.method,
        key("geo"): settings.geography,
        key("n"): settings.n,
        key("type"): settings.area_type or "All",
        key("division"): settings.division,
        key("minpop"): settings.min_population,
        key("seed"): settings.seed,
        **{key(f"w_{ind_id}"): float(weight) for ind_id, weight in settings.weights},
    }
    for name, value in values.items():
        if overwrite or name not in st.session_state:
            st.session_state[name] = value


LINK: state.PageLink[priority.Settings] = state.PageLink(
    "priorities", PARAMS, _parse, lambda _artifact: default_settings(data.presets()), seed_from
)


def apply_preset(presets: dict[str, priority.Preset]) -> None:
    chosen = st.session_state[key("preset")]
    if chosen == CUSTOM:  # choosing "Custom" keeps the weights as they are
        return
    preset = presets[chosen]
    st.session_state[key("indicators")] = list(preset.weights)
    st.session_state[key("method")] = preset.method
    for ind_id, weight in preset.weights.items():
        st.session_state[key(f"w_{ind_id}")] = float(weight)


def _chosen_weights() -> tuple[tuple[str, float], ...]:
    """The weights the widgets hold, before they are drawn again."""
    return tuple(
        (i, float(st.session_state.get(key(f"w_{i}"), 10.0)))
        for i in dict.fromkeys(st.session_state.get(key("indicators"), []))
    )


def method_text(artifact: Artifact, settings: priority.Settings) -> str:
    """The method in words: what the shortlist is built from, weights as shares."""
    options = weightable(artifact, settings.geography)
    labels = {i: options[i].label for i, _ in settings.weights if i in options}
    return priority.describe(settings, labels, _divisions(artifact))


def controls(artifact: Artifact, presets: dict[str, priority.Preset]) -> priority.Settings:
    """Presets, weights, method and filters; returns the settings they describe.

    "Start from" always says what the weights are: the preset they match, or
    "Custom" with the method in words.
    """
    now = priority.Settings(
        weights=_chosen_weights(), method=st.session_state.get(key("method"), "rank")
    )
    match = priority.matching_preset(presets, now)
    st.session_state[key("preset")] = match.id if match else CUSTOM
    choices = list(presets) if match else [CUSTOM, *presets]
    st.selectbox(
        "Start from",
        choices,
        key=key("preset"),
        on_change=apply_preset,
        args=(presets,),
        format_func=lambda p: "Custom (your own weights)" if p == CUSTOM else presets[p].label,
    )
    preset_note = st.empty()
    left, right = st.columns(2)
    geography = left.radio(
        "Rank",
        rankable(artifact),
        key=key("geo"),
        horizontal=True,
        format_func=lambda g: data.geography(g).noun.capitalize(),
    )
    right.radio(
        "Method",
        list(priority.METHODS),
        key=key("method"),
        horizontal=True,
        format_func=priority.METHODS.get,
    )
    options = weightable(artifact, geography)
    chosen = [i for i in dict.fromkeys(st.session_state.get(key("indicators"), [])) if i in options]
    st.session_state[key("indicators")] = chosen
    st.multiselect(
        "Indicators",
        list(options),
        key=key("indicators"),
        format_func=lambda i: options[i].label,
        max_selections=12,
        select_all=False,  # it would quietly pick only the first 12
    )
    weights = {}
    columns = st.columns(3)
    for n, ind_id in enumerate(st.session_state[key("indicators")]):
        st.session_state.setdefault(key(f"w_{ind_id}"), 10.0)
        # Labels are markdown, and an uploaded column's name is whatever the file said.
        weights[ind_id] = columns[n % 3].slider(
            escape_markdown(options[ind_id].label),
            0.0,
            100.0,
            key=key(f"w_{ind_id}"),
            step=0.5,
            help=escape_markdown(f"{options[ind_id].direction_note} {options[ind_id].caption}"),
        )
    st.markdown(
        "**Filters** (areas are scored county-wide first; filters only choose which to list)"
    )
    a, b, c, d = st.columns(4)
    area_type = a.selectbox("Urban or rural", ["All", "Urban", "Rural"], key=key("type"))
    division = None
    if geography == "lsoa21" and "wd25" in rankable(artifact):
        divisions = artifact.names("wd25").sort_values()
        division = b.selectbox(
            "Division",
            list(divisions.index),
            key=key("division"),
            index=None,
            placeholder="Anywhere",
            format_func=divisions.get,
        )
    min_population = 0
    if artifact.registry.population_indicator is not None:  # none in England-wide files
        min_population = c.number_input(
            "Minimum residents", 0, 100_000, step=100, key=key("minpop")
        )
    n = d.number_input("Shortlist size", 1, 200, key=key("n"))
    settings = priority.Settings(
        weights=tuple(weights.items()),
        method=st.session_state[key("method")],
        geography=geography,
        n=int(n),
        area_type=None if area_type == "All" else area_type,
        division=division,
        min_population=int(min_population),
        seed=int(st.session_state.get(key("seed"), 2025)),
    )
    preset_note.caption(
        presets[match.id].description if match else f"Custom: {method_text(artifact, settings)}"
    )
    return settings


def table_and_indicators(
    artifact: Artifact, settings: priority.Settings
) -> tuple[pd.DataFrame, list[Indicator]]:
    options = weightable(artifact, settings.geography)
    chosen = [options[i] for i, w in settings.weights if i in options and w > 0]
    table = artifact.values(settings.geography).copy()
    for ind in chosen:
        if ind.id in st.session_state.get(UPLOADS, {}):
            table[ind.id] = st.session_state[UPLOADS][ind.id][1][settings.geography]
    return table, chosen


def results(artifact: Artifact, ranking: priority.Ranking, stays: pd.Series) -> pd.DataFrame:
    """Map, table and chart of the shortlist; returns the table shown (for export)."""
    settings = ranking.settings
    names = artifact.local_names(settings.geography)
    labels = {ind.id: ind.label for ind in ranking.indicators}
    shortlist = ranking.shortlist
    table = pd.DataFrame(
        {
            "Rank": shortlist["rank"],
            "Area": names.reindex(shortlist.index),
            "ONS name": artifact.names(settings.geography).reindex(shortlist.index),
            "Code": shortlist.index,
            "Score (out of 100)": shortlist["score"].round(1),
            "Stays in the top N (%)": (100 * stays.reindex(shortlist.index)).round(0),
            "Verdict": stays.reindex(shortlist.index).map(priority.verdict),
            "Main reasons": shortlist[list(labels)].apply(
                lambda row: ", ".join(
                    f"{labels[i]} ({100 * row[i] / row.sum():.0f}%)"
                    for i in row.sort_values(ascending=False).index[:2]
                ),
                axis=1,
            ),
        }
    )
    for ind_id, label in labels.items():
        table[f"Points: {label}"] = shortlist[ind_id].round(1)
    if artifact.method_note(settings.geography):
        table["How its figures were made"] = [
            artifact.method(settings.geography, code) for code in shortlist.index
        ]
    map_column, chart_column = st.columns([2, 3])
    with map_column:
        _map(artifact, ranking)
    with chart_column:
        long = (
            shortlist[list(labels)]
            .rename(columns=labels)
            .assign(area=names.reindex(shortlist.index), rank=shortlist["rank"])
            .melt(id_vars=["area", "rank"], var_name="indicator", value_name="points")
        )
        sources = "; ".join(
            dict.fromkeys(
                f"{i.source.short_publisher} ({i.source.edition})" for i in ranking.indicators
            )
        )
        cite = charts.Citation(
            "Why each area is on the list",
            f"Top {len(shortlist)} {data.geography(settings.geography).noun} in "
            f"{artifact.county_name}",
            sources,
        )
        st.altair_chart(charts.contributions(long, cite), width="stretch")
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "Stays in the top N (%)": st.column_config.ProgressColumn(
                min_value=0, max_value=100, format="%d%%"
            )
        },
    )
    st.caption(
        f"Robustness: the weights were each changed at random by up to ±50%, "
        f"{settings.draws} times (seed {settings.seed}); an area is robust if it stays in the "
        f"top {settings.n} in at least {priority.ROBUST_SHARE:.0%} of those draws, and "
        "marginal otherwise."
    )
    if artifact.method_note(settings.geography):
        st.caption(artifact.method_note(settings.geography))
    return table


def _map(artifact: Artifact, ranking: priority.Ranking) -> None:
    geography = ranking.settings.geography
    score = ranking.table["score"].reindex(artifact.names(geography).index)
    ind = Indicator(
        id="composite",
        label="Composite score",
        theme="",
        description="",
        source=ranking.indicators[0].source,
        column="",
        unit="points",
        kind="score",
        more_need="higher",
        aggregate="none",
        need_label="higher priority",
    )
    classes = classify.classify(score, ind, "quantiles", 5)
    rows = pd.DataFrame(
        {
            "name": artifact.local_names(geography),
            "value_text": score.map(lambda v: "not ranked" if pd.isna(v) else f"{v:.1f}"),
            "rank_text": ranking.table["rank"]
            .reindex(score.index)
            .map(lambda r: "" if pd.isna(r) else f"rank {int(r)}"),
        }
    )
    display = artifact.areas(geography, display=True)
    fmap = maps.choropleth(
        display,
        artifact.encoded(geography),
        rows,
        classes,
        value_label="Composite score",
        rank_label="Rank",
        basemap=False,
    )
    maps.selection_layer(display, list(ranking.shortlist.index)).add_to(fmap)
    st_folium(fmap, key="priority_map", height=460, use_container_width=True, returned_objects=[])
    st.caption(
        "Shortlisted areas are outlined. Darker = higher composite score; grey = not ranked."
    )


def exports(ranking: priority.Ranking, table: pd.DataFrame, link: str, method: str) -> None:
    """CSV and Excel of the shortlist, each with the method, weights, editions and link."""
    settings = ranking.settings
    weights = settings.normalised_weights()
    about = [
        ("Made", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("Method", method),
        ("Ranked", data.geography(settings.geography).plural),
        ("Shortlist size", str(settings.n)),
        (
            "Filters",
            f"type={settings.area_type or 'all'}; division={settings.division or 'any'}; "
            f"minimum residents={settings.min_population}",
        ),
        ("Robustness", f"{settings.draws} draws, weights ±50%, seed {settings.seed}"),
        ("Link to reproduce", link),
        *(
            (f"Weight: {ind.label}", f"{100 * weights[ind.id]:.1f}% — {ind.caption}")
            for ind in ranking.indicators
        ),
        ("Attribution", frame.ATTRIBUTION),
    ]
    left, right = st.columns(2)
    left.download_button(
        "Download shortlist (CSV)",
        functools.partial(to_csv_bytes, table, notes=[f"{k}: {v}" for k, v in about]),
        file_name="priority-shortlist.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    right.download_button(
        "Download shortlist (Excel)",
        functools.partial(to_xlsx_bytes, {"Shortlist": table}, about),  # built when clicked
        file_name="priority-shortlist.xlsx",
        icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def upload_section(artifact: Artifact) -> None:
    """Add a CSV of your own as an indicator for this session."""
    file = st.file_uploader(
        "A CSV with a column of LSOA 2021, LSOA 2011 or division (2025) codes", key=key("upload")
    )
    if file is None:
        return
    read = st.session_state.get(key("upload_read"))
    if read is not None and read[0] == file.file_id:  # read once, not on every rerun
        result = read[1]
    else:
        try:
            result = upload.read_upload(file.getvalue(), file.name, artifact)
        except upload.UploadError as exc:
            st.error(f"{shown(file.name, 60)}: {exc}")
            return
        st.session_state[key("upload_read")] = (file.file_id, result)
    report = result.report
    st.markdown(
        f"Read **{report.rows}** rows; codes in column **{shown(report.code_column, 40)}** are "
        f"{data.geography(report.geography).plural}. **{report.matched}** matched"
        + (f", **{len(report.unmatched)}** unknown codes" if report.unmatched else "")
        + (
            f", **{len(report.duplicates)}** codes listed twice (left out)"
            if report.duplicates
            else ""
        )
        + "."
    )
    for column, bad in report.non_numeric.items():
        st.warning(
            f"Column {shown(column, 40)}: {bad} value(s) are not numbers and were left empty."
        )
    st.selectbox("Column to use", result.columns, key=key("upload_column"))
    st.radio(
        "Higher values mean",
        ["higher", "lower"],
        key=key("upload_direction"),
        horizontal=True,
        format_func=lambda d: "more need" if d == "higher" else "less need",
    )
    st.radio("The values are", ["rates", "counts"], key=key("upload_kind"), horizontal=True)
    # A callback: it runs before the indicator picker is drawn, so it may change its choice.
    st.button(
        "Add as an indicator",
        icon=":material/add:",
        on_click=_add_upload,
        args=(artifact, file.name, result),
    )


def _add_upload(artifact: Artifact, filename: str, result: upload.Upload) -> None:
    """Make the chosen uploaded column an indicator of this session, chosen with weight 10."""
    state = st.session_state
    # The widgets' own defaults when a client sent no value for them.
    column = state.get(key("upload_column")) or result.columns[0]
    counts = state.get(key("upload_kind")) == "counts"
    more_need = state.get(key("upload_direction")) or "higher"
    ind = upload.as_indicator(shown(filename, 40), column, more_need=more_need, counts=counts)
    by_geo = {
        g: upload.to_geography(result, column, g, artifact, counts=counts)
        for g in rankable(artifact)
    }
    state.setdefault(UPLOADS, {})[ind.id] = (ind, by_geo)
    state[key(f"w_{ind.id}")] = 10.0
    chosen = [*state.get(key("indicators"), []), ind.id]
    state[key("indicators")] = list(dict.fromkeys(chosen))  # added twice: once


def upload_maps(artifact: Artifact, geography: str) -> None:
    """Map one of this session's uploaded indicators."""
    uploads = st.session_state.get(UPLOADS, {})
    if not uploads:
        return
    chosen = st.selectbox("Map your data", list(uploads), format_func=lambda i: uploads[i][0].label)
    ind, by_geo = uploads[chosen]
    values = by_geo[geography]
    if values.notna().sum() == 0:
        st.info("This data has no values on these areas (division data cannot be shown on LSOAs).")
        return
    classes = classify.classify(values, ind, "quantiles", 5)
    names = artifact.local_names(geography)
    rows = pd.DataFrame(
        {
            "name": names,
            "value_text": values.reindex(names.index).map(
                lambda v: "no data" if pd.isna(v) else f"{v:,.2f}"
            ),
            "rank_text": "",
        }
    )
    display = artifact.areas(geography, display=True)
    st_folium(
        maps.choropleth(
            display,
            artifact.encoded(geography),
            rows,
            classes,
            value_label=ind.label,
            basemap=False,
        ),
        key="upload_map",
        height=420,
        use_container_width=True,
        returned_objects=[],
    )
    st.markdown(maps.legend_html(classes, ind.label), unsafe_allow_html=True)
