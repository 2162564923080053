"""Everything an area profile shows, assembled without Streamlit.

* :func:`summary`: name, code, the division and ward an LSOA mainly lies in, or the
  LSOAs (whole and in part) that make up a division;
* :func:`figures`: headline figures with rank in the county, England decile, the
  difference from the county and, for a division, how it was made, each with its source;
  a total some of whose LSOAs have no value is shown as incomplete and not ranked;
* :func:`trend_charts`: trend charts, each with a caption naming sources and editions, a
  note on boundary changes and a table with the same numbers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from geo import charts, trends
from geo.aggregate import N_LSOAS, missing_column, partial_column
from geo.artifact import Artifact
from geo.catalog import Indicator
from geo.format import format_number, format_value, is_missing
from geo.ranks import need_ranks, ordinal, superlative


@dataclass(frozen=True)
class Figure:
    """One headline figure of a profile.

    ``method`` says in words how a figure combined from LSOAs was made (empty for a
    published one); ``complete`` is False for a total some of whose LSOAs have no value,
    shown as such and not ranked.
    """

    indicator: Indicator
    value: object
    text: str
    rank_text: str
    england_text: str
    county_text: str
    method: str = ""
    complete: bool = True
    rank: int | None = None  # 1 = most need in the county
    out_of: int = 0  # areas ranked
    decile: int | None = None  # England decile, where published for this geography


@dataclass(frozen=True)
class Summary:
    """Who an area is and what it belongs to."""

    geography: str
    code: str
    name: str  # the name people know (an LSOA's local name)
    kind: str
    belongs_to: tuple[tuple[str, str, str], ...]  # (geography label, code, name)
    #: for divisions and wards: code, name (local), official (ONS), IMD 2025 decile, share
    #: of its people here and whether it lies mainly here (its best fit)
    lsoas: pd.DataFrame
    notes: tuple[str, ...]
    official: str = ""  # the ONS name


@dataclass(frozen=True)
class ProfileChart:
    """A trend chart with what people need to read it.

    The data (``table``) is ready at once; the chart itself is built from it the first
    time it is asked for, so a profile's data can be assembled quickly and drawn after.
    """

    title: str
    make: Callable[[], alt.TopLevelMixin] = field(repr=False)
    caption: str
    table: pd.DataFrame
    cite: charts.Citation
    note: str = ""

    @functools.cached_property
    def chart(self) -> alt.TopLevelMixin:
        return self.make()

    @functools.cached_property
    def spec(self) -> dict:
        """The Vega-Lite specification, converted (and validated) once."""
        return self.chart.to_dict()


def summary(artifact: Artifact, geography: str, code: str) -> Summary:
    """Name, kind and relations of an area.

    Raises
    ------
    KeyError
        If ``code`` is not an area of ``geography``.
    """
    kind = artifact.geography(geography)
    if not artifact.is_area(geography, code):
        raise KeyError(f"{code!r} is not a {kind.label}.")
    notes: list[str] = []
    belongs: list[tuple[str, str, str]] = []
    lsoas = pd.DataFrame(columns=["code", "name", "official", "decile", "share", "mainly_here"])
    if geography == "lsoa21":
        for geo_id in artifact.parent_geographies:
            parent = artifact.parent(code, geo_id)
            if parent is not None:
                label = artifact.geography(geo_id).label
                belongs.append((label, parent, artifact.name(geo_id, parent)))
        note = trends.lineage(artifact, code).note()
        if note:
            notes.append(note)
    else:
        weights = artifact.makeup(geography, code).weights.sort_values(ascending=False)
        mainly = set(artifact.members(geography, code))
        deciles = artifact.values("lsoa21")["imd2025_decile"]
        lsoas = pd.DataFrame(
            {
                "code": weights.index,
                "name": [artifact.local_name("lsoa21", m) for m in weights.index],
                "official": [artifact.name("lsoa21", m) for m in weights.index],
                "decile": deciles.reindex(weights.index).to_numpy(),
                "share": (100 * weights).round().to_numpy(),
                "mainly_here": [m in mainly for m in weights.index],
            }
        )
        notes.append(artifact.method(geography, code))
    return Summary(
        geography,
        code,
        artifact.local_name(geography, code),
        kind.label,
        tuple(belongs),
        lsoas,
        tuple(notes),
        artifact.name(geography, code),
    )


def lsoa_list(artifact: Artifact, codes: list[str]) -> pd.DataFrame:
    """LSOAs as a table people can read: ``code``, ``name`` (local), ``official`` (ONS)
    and ``decile`` (IMD 2025 England decile)."""
    deciles = artifact.values("lsoa21")["imd2025_decile"]
    return pd.DataFrame(
        {
            "code": codes,
            "name": [artifact.local_name("lsoa21", c) for c in codes],
            "official": [artifact.name("lsoa21", c) for c in codes],
            "decile": [deciles.get(c) for c in codes],
        }
    )


def figures(
    artifact: Artifact, geography: str, code: str, indicators: Iterable[Indicator]
) -> list[Figure]:
    """Headline figures for an area; indicators without values there are skipped, and
    a total some of whose LSOAs have no value is shown as incomplete."""
    table = artifact.values(geography)
    county = artifact.values("county").loc[artifact.county_code]
    noun = artifact.geography(geography).noun
    where = artifact.county_name
    out: list[Figure] = []
    for ind in {i.id: i for i in indicators}.values():  # keep order, drop repeats
        if ind.id not in table.columns or code not in table.index:
            continue
        value = table.at[code, ind.id]
        method = artifact.method(geography, code) if ind.geography != geography else ""
        if ind.kind == "category":
            if not is_missing(value):
                out.append(Figure(ind, value, str(value), "", "", "", method))
            continue
        if is_missing(value):
            gap = _incomplete(artifact, table, geography, code, ind)
            if gap:
                out.append(Figure(ind, None, gap[0], gap[1], "", "", method, complete=False))
            continue
        if geography == "county":  # one area: no rank, no comparison with itself
            out.append(Figure(ind, value, format_value(ind, value), "", "", "", method))
            continue
        ranks = need_ranks(table[ind.id], ind)
        n = int(ranks.notna().sum())
        rank = int(ranks[code])
        if ind.more_need == "neither":
            place = "the highest" if rank == 1 else f"{ordinal(rank)} highest"
            rank_text = f"{place[0].upper()}{place[1:]} of {n} {noun} in {where}"
        else:
            rank_text = f"{ordinal(rank)} of {n} {noun} in {where} (1st = {superlative(ind)})"
        decile = _england_decile(artifact, geography, code, ind)
        skipped = int(_incomplete_areas(table, ind).sum())
        if skipped:
            rank_text += f"; {skipped} with incomplete data not ranked"
        out.append(
            Figure(
                indicator=ind,
                value=value,
                text=format_value(ind, value),
                rank_text=rank_text,
                england_text=""
                if decile is None
                else f"England decile {decile} of 10 (1 = most deprived 10%)",
                county_text=_versus_county(ind, float(value), county.get(ind.id), where),
                method=method,
                rank=rank,
                out_of=n,
                decile=decile,
            )
        )
    return out


def _incomplete_areas(table: pd.DataFrame, ind: Indicator) -> pd.Series:
    """Areas left without a figure because some of their LSOAs have no value."""
    if missing_column(ind) not in table:
        return pd.Series(False, index=table.index)
    return table[ind.id].isna() & (table[missing_column(ind)] > 0)


def _incomplete(
    artifact: Artifact, table: pd.DataFrame, geography: str, code: str, ind: Indicator
) -> tuple[str, str] | None:
    """(value text, explanation) for a total with LSOAs lacking a value, else None."""
    missing = table[missing_column(ind)].get(code) if missing_column(ind) in table else None
    if is_missing(missing) or not missing:
        return None
    counted = int(table.at[code, N_LSOAS])
    have = counted - int(missing)
    noun = artifact.geography("lsoa21").noun
    partial = table[partial_column(ind)].get(code) if partial_column(ind) in table else None
    text = "Incomplete" if is_missing(partial) else f"At least {format_value(ind, partial)}"
    return text, (
        f"Incomplete: {have} of the {counted} {noun} counted here {'has' if have == 1 else 'have'} "
        "data, so this is not a total and is not ranked."
    )


def _england_decile(artifact: Artifact, geography: str, code: str, ind: Indicator) -> int | None:
    decile_id = ind.id if ind.kind == "decile" else ind.decile_indicator
    if decile_id is None or geography != ind.geography:
        return None
    decile = artifact.values(geography)[decile_id].get(code)
    return None if is_missing(decile) else int(decile)


def _decimals(ind: Indicator, value: float) -> int:
    """Decimal places :func:`geo.format.format_value` shows for this value."""
    if ind.kind == "percent":
        return 1
    shown = format_number(value)
    return len(shown.split(".")[1]) if "." in shown else 0


def _versus_county(ind: Indicator, value: float, county: object, where: str) -> str:
    """The difference from the county, judged on the numbers as shown: a difference that
    rounds away is "about the same"."""
    if is_missing(county) or ind.kind not in ("percent", "score"):
        return ""
    county_value = float(county)  # type: ignore[arg-type]
    places = max(_decimals(ind, value), _decimals(ind, county_value))
    diff = round(value, places) - round(county_value, places)
    unit = " points" if ind.kind == "percent" else ""
    if abs(diff) < 0.5 * 10**-places:
        return f"About the same as {where} ({format_value(ind, county_value)})"
    side = "above" if diff > 0 else "below"
    return f"{abs(diff):.{places}f}{unit} {side} {where} ({format_value(ind, county_value)})"


Builder = Callable[[Artifact, str, str], list[ProfileChart]]


#: How charts name the kind of an English LSOA outside the county (England's part of the
#: artifact has LSOAs only, and no geographies file of its own).
LSOA_LABEL = "Neighbourhood (LSOA 2021)"


def area_label(artifact: Artifact, geography: str, code: str) -> str:
    """The area as a chart names it: "Hexham West · Electoral division (2025)", or for an
    LSOA its local name with the ONS name: "Hirst, Ashington (north) · Neighbourhood
    (LSOA 2021) Northumberland 010C"."""
    if geography == "county":
        return artifact.county_name
    kind = artifact.geography(geography).label if hasattr(artifact, "geography") else LSOA_LABEL
    local, official = artifact.local_name(geography, code), artifact.name(geography, code)
    return f"{local} · {kind}" + (f" {official}" if official != local else "")


def _cite(
    title: str, artifact: Artifact, geography: str, code: str, source: str
) -> charts.Citation:
    return charts.Citation(title, area_label(artifact, geography, code), source)


def imd_editions_source(artifact: Artifact) -> str:
    """ "MHCLG and predecessors, English Indices of Deprivation 2004 to 2025"."""
    editions = artifact.registry.trend("imd")
    latest = editions[-1].source
    return (
        f"{latest.short_publisher} and predecessors, English Indices of Deprivation "
        f"{editions[0].year} to {editions[-1].year}"
    )


def imd_history_chart(artifact: Artifact, geography: str, code: str) -> list[ProfileChart]:
    """Relative deprivation in every IMD edition, one line per 2021 LSOA of the area."""
    members = [] if geography == "county" else artifact.members(geography, code)
    if not members:
        return []
    history = trends.imd_history(artifact, members)
    editions = artifact.registry.trend("imd")
    notes = {trends.lineage(artifact, m).note() for m in members} - {""}
    if geography != "lsoa21":
        kind = artifact.geography(geography).singular
        notes.add(
            f"One line for each neighbourhood lying mainly in this {kind}; IMD ranks and "
            "deciles describe whole neighbourhoods and are never shared out."
        )
    columns = [
        "name",
        "year",
        "source_code",
        "rank",
        "england_areas",
        "percentile",
        "decile",
        "change",
    ]
    title = f"Relative deprivation, {editions[0].year} to {editions[-1].year}"
    cite = _cite(title, artifact, geography, code, imd_editions_source(artifact))
    return [
        ProfileChart(
            title,
            functools.partial(charts.imd_trend, history, cite),
            "Index of Multiple Deprivation, editions "
            + ", ".join(str(i.year) for i in editions)
            + f". {editions[-1].source.publisher} and predecessors; Open Government Licence "
            "v3.0. Each edition ranks all LSOAs in England afresh, so positions are shown "
            "as percentiles of England (0 = most deprived), not as scores. Earlier "
            "editions are carried onto today's LSOAs with the ONS 2001–2011 and 2011–2021 "
            "lookups.",
            history[columns],
            cite,
            " ".join(sorted(notes)),
        )
    ]


def domains_chart(artifact: Artifact, geography: str, code: str) -> list[ProfileChart]:
    """England deciles of each domain, now and in the previous edition (LSOAs only)."""
    if geography != "lsoa21":
        return []
    deciles = trends.then_and_now_deciles(artifact, code)
    now = artifact.registry.get("imd2025_decile")
    before = artifact.registry.get(now.previous) if now.previous else now
    title = f"Deprivation domains, {before.year} and {now.year}"
    cite = _cite(
        title,
        artifact,
        geography,
        code,
        f"{now.source.short_publisher}, English Indices of Deprivation {before.year} and "
        f"{now.year}",
    )
    return [
        ProfileChart(
            title,
            functools.partial(charts.decile_comparison, deciles, now.year, before.year, cite),
            f"England deciles from the English Indices of Deprivation {before.year} and "
            f"{now.year} (MHCLG, Open Government Licence v3.0). Deciles are relative to "
            "England in each edition.",
            deciles,
            cite,
            trends.lineage(artifact, code).note(),
        )
    ]


def population_charts(artifact: Artifact, geography: str, code: str) -> list[ProfileChart]:
    """Population 2015 to 2020 and the mid-2020 age profile."""
    if "population_mye" not in artifact.registry or not artifact.has_lookup("age_2020"):
        return []
    out = []
    name = artifact.local_name(geography, code)
    people, note = trends.population_history(artifact, geography, code)
    pop_ind = artifact.registry.get("population_mye")
    if not people.empty:
        title = f"Population, {people['year'].min()} to {people['year'].max()}"
        cite = _cite(
            title,
            artifact,
            geography,
            code,
            f"{pop_ind.source.short_publisher}, mid-year population estimates "
            f"{people['year'].min()} to {people['year'].max()} (2011 LSOAs)",
        )
        out.append(
            ProfileChart(
                title,
                functools.partial(charts.population, people, cite, name),
                f"{pop_ind.caption} Editions: {pop_ind.edition}. {pop_ind.source.notes} "
                "The axis starts at zero.",
                people,
                cite,
                note,
            )
        )
    ages, note = trends.age_profile(artifact, geography, code)
    title = "Age profile, mid-2020"
    cite = _cite(
        title,
        artifact,
        geography,
        code,
        f"{pop_ind.source.short_publisher}, mid-2020 small area population estimates (2011 LSOAs)",
    )
    out.append(
        ProfileChart(
            title,
            functools.partial(charts.age_profile, ages, cite, name, artifact.county_name),
            "ONS mid-2020 small area population estimates (2011 LSOAs), Open "
            "Government Licence v3.0.",
            ages,
            cite,
            note,
        )
    )
    return out


def census_chart(artifact: Artifact, geography: str, code: str) -> list[ProfileChart]:
    """Households deprived in at least one dimension, Census 2011 against 2021."""
    if "census21_hh_deprived_1plus" not in artifact.values(geography).columns:
        return []
    deprivation = artifact.registry.get("census21_hh_deprived_1plus")
    table = trends.then_and_now_rate(artifact, deprivation.id, geography, code)
    title = "Household deprivation, Census 2011 and 2021"
    cite = _cite(
        title,
        artifact,
        geography,
        code,
        f"{deprivation.source.short_publisher}, Census 2011 (QS119) and Census 2021 (TS011)",
    )
    return [
        ProfileChart(
            title,
            functools.partial(charts.then_and_now, table, deprivation, cite),
            "ONS Census 2011 (QS119) and Census 2021 (TS011): households deprived in at "
            "least one of four dimensions (employment, education, health and disability, "
            "housing). Open Government Licence v3.0.",
            table,
            cite,
            "; ".join(n for n in table["note"].unique() if n),
        )
    ]


def fuel_poverty_chart(artifact: Artifact, geography: str, code: str) -> list[ProfileChart]:
    """The county's fuel poverty series with its break, and the area's own figure."""
    reg = artifact.registry
    if "fuel_poverty_2021" not in reg or "fuel_poverty_county" not in reg:
        return []
    fuel, county_fuel = reg.get("fuel_poverty_2021"), reg.get("fuel_poverty_county")
    series = trends.county_series(artifact, county_fuel.id)
    series["note"] = [county_fuel.period_note(p) for p in series["period"]]
    area_value = artifact.values(geography)[fuel.id].get(code) if geography != "county" else None
    columns = ["place", "year", "value", "note"]
    points = pd.DataFrame(
        [
            {
                "place": artifact.local_name(geography, code),
                "year": fuel.year,
                "value": area_value,
                "note": artifact.method(geography, code),
            }
        ]
        if not is_missing(area_value)
        else [],
        columns=columns,
    )
    title = f"Fuel poverty against {artifact.county_name}"
    years = series["year"].dropna()
    cite = _cite(
        title,
        artifact,
        geography,
        code,
        f"{county_fuel.source.short_publisher}, sub-regional fuel poverty statistics "
        f"{int(years.min())} to {int(years.max())}",
    )
    return [
        ProfileChart(
            title,
            functools.partial(
                charts.series_with_break,
                series,
                county_fuel,
                points,
                cite,
                county_name=artifact.county_name,
            ),
            f"{county_fuel.caption} Area figure: {fuel.source.citation}. "
            f"{county_fuel.break_note}: the two parts of the line are not comparable.",
            pd.concat([series.assign(place=artifact.county_name)[columns], points]),
            cite,
        )
    ]


def ward_charts(artifact: Artifact, geography: str, code: str) -> list[ProfileChart]:
    """Housing Benefit claimants and insolvencies for the ward(s) containing the area."""
    wards = trends.wards_for(artifact, geography, code)
    if not wards:
        return []
    ward_note = (
        ""
        if geography == "wd22"
        else "Published for 2022 wards; shown for the ward(s) containing this area's LSOAs: "
        f"{', '.join(artifact.name('wd22', w) for w in wards)}."
    )
    out = []
    for ind_id, period in (("housing_benefit_claimants", "Month"), ("insolvencies_total", "Year")):
        if ind_id not in artifact.registry:
            continue
        ind = artifact.registry.get(ind_id)
        table = trends.ward_series(artifact, ind_id, wards)
        if not table.empty:
            title = f"{ind.label} in the ward"
            cite = _cite(
                title,
                artifact,
                geography,
                code,
                f"{ind.source.short_publisher}, {ind.source.title} ({ind.source.edition})",
            )
            out.append(
                ProfileChart(
                    title,
                    functools.partial(charts.ward_lines, table, ind, cite, period_title=period),
                    f"{ind.caption} {ind.source.notes}",
                    table[["ward", "period", "value"]],
                    cite,
                    ward_note,
                )
            )
    return out


#: The profile's charts, in order. Packs and slides pick the ones they need.
BUILDERS: tuple[Builder, ...] = (
    imd_history_chart,
    domains_chart,
    population_charts,
    census_chart,
    fuel_poverty_chart,
    ward_charts,
)


def trend_charts(
    artifact: Artifact, geography: str, code: str, builders: tuple[Builder, ...] = BUILDERS
) -> list[ProfileChart]:
    """The trend charts of an area's profile, each with caption and table."""
    return [chart for build in builders for chart in build(artifact, geography, code)]


def not_shown(artifact: Artifact, geography: str) -> list[str]:
    """Charts an area of ``geography`` does not get, each with the reason, in words."""
    if geography == "lsoa21":
        return []
    kind = artifact.geography(geography)
    reasons = [
        f"Deprivation domains, 2019 and 2025: England deciles are published for "
        f"neighbourhoods only and are never shared out, so a {kind.singular} has none. "
        "Open one of its neighbourhoods to see them."
    ]
    if geography == "county":
        reasons.append(
            "Relative deprivation, 2004 to 2025: ranks are published for neighbourhoods "
            "only; the map shows every neighbourhood's."
        )
    return reasons


def incomplete_note(artifact: Artifact, geography: str, ind: Indicator) -> str:
    """Why some areas have no figure for ``ind`` on a map or ranking, or ""."""
    n = int(_incomplete_areas(artifact.values(geography), ind).sum())
    if not n:
        return ""
    kind = artifact.geography(geography)
    return (
        f"{n} {kind.singular if n == 1 else kind.noun} show no figure: some of the "
        f"{artifact.geography('lsoa21').noun} counted in them have no value, and a total "
        "without them would be too low. Their profiles give the incomplete total."
    )


# ---- areas side by side --------------------------------------------------------------

NEED_INDICATOR = "imd2025_score"


def by_need(artifact: Artifact, areas: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Areas (geography, code) in order of need: highest IMD 2025 score first."""

    def score(area: tuple[str, str]) -> float:
        value = artifact.values(area[0])[NEED_INDICATOR].get(area[1])
        return float("-inf") if is_missing(value) else float(value)

    return sorted(dict.fromkeys(areas), key=score, reverse=True)


def compare_history_chart(artifact: Artifact, areas: list[tuple[str, str]]) -> ProfileChart:
    """Relative deprivation of several areas in every edition: the mean England
    percentile of each area's 2021 LSOAs (an LSOA is its own mean)."""
    history = pd.concat(
        [
            trends.imd_history(artifact, artifact.members(g, c))
            .groupby("year", as_index=False)["percentile"]
            .mean()
            .assign(
                name=artifact.local_name(g, c),
                source_code=c,
                edition="",
                rank=float("nan"),
                decile=float("nan"),
                change="",
            )
            for g, c in areas
        ],
        ignore_index=True,
    )
    editions = artifact.registry.trend("imd")
    title = f"Relative deprivation, {editions[0].year} to {editions[-1].year}"
    names = [artifact.local_name(g, c) for g, c in areas]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    cite = charts.Citation(title, listed, imd_editions_source(artifact))
    return ProfileChart(
        title,
        functools.partial(charts.imd_trend, history, cite, series_title="Area"),
        "Relative deprivation: the mean England percentile of each area's 2021 LSOAs in each "
        "IMD edition (0 = most deprived); each edition ranks England afresh. "
        "MHCLG and predecessors, Open Government Licence v3.0.",
        history[["name", "year", "percentile"]],
        cite,
    )


#: What each chart needs that only the county's own pack has: (what it shows, indicators).
COUNTY_PACK_CHARTS = (
    ("population and age", ("population_mye",)),
    ("Census 2011 and 2021 household deprivation", ("census21_hh_deprived_1plus",)),
    ("fuel poverty", ("fuel_poverty_2021", "fuel_poverty_county")),
    ("the ward series (Housing Benefit, insolvencies)", ("housing_benefit_claimants",)),
)


def unavailable(artifact: Artifact) -> str:
    """A sentence naming the profile sections this artifact has no data for, or ""."""
    missing = [
        what for what, ids in COUNTY_PACK_CHARTS if any(i not in artifact.registry for i in ids)
    ]
    if not missing:
        return ""
    listed = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1]
    return (
        f"Not available for {artifact.county_name}: {listed}. The observatory builds "
        f"{artifact.county_name} from England-wide files, which do not include them."
    )
