"""Altair chart builders for area profiles. Each returns a chart; no Streamlit here.

Colours are colour-blind safe (Okabe and Ito); every chart has a description for screen
readers, and the profile shows the same numbers as a table beside it. Legends sit under
the plot so narrow screens keep the plot wide.
"""

from __future__ import annotations

import json

import altair as alt
import geopandas as gpd
import pandas as pd

from geo.catalog import Indicator
from geo.classify import CATEGORY_COLOURS

AREA_COLOUR = "#0072B2"
COUNTY_COLOUR = "#999999"
PREVIOUS_COLOUR = "#E69F00"
BREAK_COLOUR = "#D55E00"
WIDTH = "container"
HEIGHT = 260


def _chart(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(data).properties(width=WIDTH, height=HEIGHT)


def _finish(chart: alt.TopLevelMixin, description: str, **properties: object) -> alt.TopLevelMixin:
    """Describe the chart for screen readers and put legends underneath.

    Autosizing fits the width only: ``height`` stays the height of the plot itself, so
    legends and axis labels below it cannot squeeze it flat.
    """
    return chart.properties(
        description=description,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        **properties,
    ).configure_legend(
        orient="bottom", direction="horizontal", columns=3, labelLimit=220, titleLimit=220
    )


def imd_trend(history: pd.DataFrame) -> alt.TopLevelMixin:
    """Relative deprivation across editions, one line per 2021 LSOA.

    The axis is turned so that *up means more deprived*; the point shape says whether
    a figure comes from a split, merged or redrawn former LSOA.
    """
    per_year = history.groupby(["name", "year"], as_index=False).agg(
        percentile=("percentile", "mean")
    )
    flagged = history.assign(
        boundary=history["change"].where(history["change"] != "", "same boundaries")
    )
    x = alt.X(
        "year:O", title="Edition of the Index of Multiple Deprivation", axis=alt.Axis(labelAngle=0)
    )
    y = alt.Y(
        "percentile:Q",
        title="England percentile (top = most deprived)",
        scale=alt.Scale(domain=[100, 0]),
    )
    colour = alt.Color(
        "name:N",
        title="Neighbourhood",
        scale=alt.Scale(range=list(CATEGORY_COLOURS[4:] + CATEGORY_COLOURS[:4])),
    )
    lines = _chart(per_year).mark_line().encode(x=x, y=y, color=colour)
    points = (
        _chart(flagged)
        .mark_point(size=70, filled=True)
        .encode(
            x=x,
            y=y,
            color=colour,
            shape=alt.Shape("boundary:N", title="Boundaries"),
            tooltip=[
                alt.Tooltip("name:N", title="Neighbourhood"),
                alt.Tooltip("edition:N", title="Edition"),
                alt.Tooltip("source_code:N", title="Figure for LSOA"),
                alt.Tooltip("percentile:Q", title="Percentile", format=".1f"),
                alt.Tooltip("decile:Q", title="England decile"),
                alt.Tooltip("boundary:N", title="Boundaries"),
            ],
        )
    )
    layers = [lines, points]
    if (history["change"] != "").any():
        # Editions after which LSOA boundaries were redrawn (2011 and 2021 censuses).
        rules = pd.DataFrame({"year": [y for y in (2015, 2025) if y in set(history["year"])]})
        layers.append(_chart(rules).mark_rule(strokeDash=[4, 4], color="#666").encode(x="year:O"))
    names = ", ".join(history["name"].unique())
    return _finish(
        alt.layer(*layers),
        f"Line chart of the relative deprivation of {names} in each edition, 2004 to 2025.",
    )


def decile_comparison(table: pd.DataFrame, now: int, before: int) -> alt.TopLevelMixin:
    """England decile of each measure in two editions (1 = most deprived 10%)."""
    data = table.assign(edition=table["year"].astype(str))
    chart = (
        _chart(data)
        .mark_point(size=110, filled=True)
        .encode(
            y=alt.Y("topic:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X(
                "decile:Q",
                title="England decile (1 = most deprived 10%)",
                scale=alt.Scale(domain=[1, 10]),
                axis=alt.Axis(values=list(range(1, 11)), format="d"),
            ),
            color=alt.Color(
                "edition:N",
                title="Edition",
                scale=alt.Scale(
                    domain=[str(before), str(now)], range=[PREVIOUS_COLOUR, AREA_COLOUR]
                ),
            ),
            shape=alt.Shape("edition:N", title="Edition"),
            tooltip=["topic:N", "edition:N", "decile:Q", "source_code:N", "change:N"],
        )
    )
    return _finish(
        chart,
        f"Dot chart of England deciles by deprivation domain, {before} and {now}.",
        height=max(120, 28 * table["topic"].nunique()),
    )


def population(table: pd.DataFrame) -> alt.TopLevelMixin:
    """Mid-year population over the available years."""
    chart = (
        _chart(table)
        .mark_line(point=True, color=AREA_COLOUR)
        .encode(
            x=alt.X("year:O", title="Year (mid-year estimate)", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("people:Q", title="People", scale=alt.Scale(zero=False)),
            tooltip=["year:O", alt.Tooltip("people:Q", format=",.0f")],
        )
    )
    return _finish(chart, "Line chart of the mid-year population estimate by year.")


def age_profile(table: pd.DataFrame) -> alt.TopLevelMixin:
    """Share of people in each age band: area bars against county ticks."""
    bars = (
        _chart(table)
        .mark_bar(color=AREA_COLOUR)
        .encode(
            y=alt.Y("band:N", title="Age", sort=None),
            x=alt.X("share:Q", title="% of people (bars: here; ticks: Northumberland)"),
            tooltip=[
                "band:N",
                alt.Tooltip("people:Q", format=",.0f"),
                alt.Tooltip("share:Q", title="% here", format=".1f"),
                alt.Tooltip("county_share:Q", title="% in Northumberland", format=".1f"),
            ],
        )
    )
    ticks = (
        _chart(table)
        .mark_tick(color="#000", thickness=2)
        .encode(y=alt.Y("band:N", sort=None), x="county_share:Q")
    )
    return _finish(
        alt.layer(bars, ticks),
        "Bar chart of the share of people in each five-year age band, mid-2020, with "
        "Northumberland's shares as ticks.",
        height=330,
    )


def then_and_now(table: pd.DataFrame, ind: Indicator) -> alt.TopLevelMixin:
    """A rate in two censuses, for the area and the county."""
    data = table.assign(year=table["year"].astype(str))
    chart = (
        _chart(data)
        .mark_bar()
        .encode(
            x=alt.X("place:N", title=None, sort=None, axis=alt.Axis(labelAngle=0, labelLimit=240)),
            xOffset="year:N",
            y=alt.Y("value:Q", title="% of households" if ind.unit == "%" else ind.unit),
            color=alt.Color(
                "year:N", title="Census", scale=alt.Scale(range=[PREVIOUS_COLOUR, AREA_COLOUR])
            ),
            tooltip=["place:N", "year:N", alt.Tooltip("value:Q", format=".1f")],
        )
    )
    return _finish(
        chart, f"Bar chart of {ind.label.lower()} in two censuses, here and in Northumberland."
    )


def series_with_break(
    county: pd.DataFrame, ind: Indicator, area_points: pd.DataFrame
) -> alt.TopLevelMixin:
    """County series with its break marked, and the area's own figures as large dots."""

    def side(period: object) -> str:
        if ind.series_break and str(period) < ind.series_break:
            return "before the break"
        return "after the break"

    data = county.assign(measure=[side(p) for p in county["period"]])
    x = alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0, labelOverlap=True))
    y = alt.Y("value:Q", title="% of households" if ind.unit == "%" else ind.unit)
    layers = [
        _chart(data)
        .mark_line(point=True, color=COUNTY_COLOUR)
        .encode(
            x=x,
            y=y,
            detail="measure:N",
            tooltip=[alt.Tooltip("year:O"), alt.Tooltip("value:Q", format=".1f"), "measure:N"],
        )
    ]
    if ind.series_break:
        rule = pd.DataFrame(
            {"year": [int(ind.series_break)], "label": [ind.break_note or "Series break"]}
        )
        layers.append(
            _chart(rule).mark_rule(strokeDash=[6, 3], color=BREAK_COLOUR).encode(x="year:O")
        )
        layers.append(
            _chart(rule)
            .mark_text(align="right", dx=-6, dy=-110, color=BREAK_COLOUR)
            .encode(x="year:O", text="label:N")
        )
    if not area_points.empty:
        layers.append(
            _chart(area_points)
            .mark_point(size=140, filled=True, color=AREA_COLOUR)
            .encode(x=x, y=y, tooltip=["place:N", "year:O", alt.Tooltip("value:Q", format=".1f")])
        )
    return _finish(
        alt.layer(*layers),
        f"Line chart of {ind.label.lower()} for Northumberland by year, with a dashed line at "
        "the series break and this area's figure as a blue dot.",
    )


def ward_lines(table: pd.DataFrame, ind: Indicator, *, period_title: str) -> alt.TopLevelMixin:
    """A ward series, one line per ward."""
    chart = (
        _chart(table)
        .mark_line(point=len(table) < 60)
        .encode(
            x=alt.X("period:O", title=period_title, axis=alt.Axis(labelOverlap=True)),
            y=alt.Y("value:Q", title=ind.unit),
            color=alt.Color(
                "ward:N", title="Ward (2022)", scale=alt.Scale(range=list(CATEGORY_COLOURS))
            ),
            tooltip=["ward:N", "period:O", alt.Tooltip("value:Q", format=",.0f")],
        )
    )
    return _finish(chart, f"Line chart of {ind.label.lower()} by {period_title.lower()}, per ward.")


def mini_map(lsoas: gpd.GeoDataFrame, outline: gpd.GeoDataFrame) -> alt.TopLevelMixin:
    """A small static map of an area's LSOAs coloured by England decile, with its outline."""

    def features(gdf: gpd.GeoDataFrame) -> alt.InlineData:
        # Plain GeoJSON: a GeoDataFrame would be handed on as a table with a geometry column.
        return alt.InlineData(
            values=json.loads(gdf.to_json(drop_id=True)),
            format=alt.DataFormat(type="json", property="features"),
        )

    fills = (
        alt.Chart(features(lsoas))
        .mark_geoshape(stroke="#fff", strokeWidth=1)
        .encode(
            color=alt.Color(
                "properties.decile:Q",
                title="IMD 2025 England decile (1 = most deprived)",
                scale=alt.Scale(scheme="yellowgreenblue", reverse=True, domain=[1, 10]),
            ),
            tooltip=[
                alt.Tooltip("properties.name:N", title="Neighbourhood"),
                alt.Tooltip("properties.code:N", title="Code"),
                alt.Tooltip("properties.decile:Q", title="IMD 2025 decile"),
            ],
        )
    )
    edge = alt.Chart(features(outline)).mark_geoshape(filled=False, stroke="#000", strokeWidth=2)
    return _finish(
        alt.layer(fills, edge).project("mercator"),
        "Map of the neighbourhoods in this area, coloured by England deprivation decile.",
        width=WIDTH,
        height=240,
    )


def story_timeline(stories: pd.DataFrame) -> alt.TopLevelMixin:
    """Stories as bars over the years they describe (``title``, ``year_from``, ``year_to``)."""
    data = stories.assign(year_end=stories["year_to"] + 1)
    chart = (
        _chart(data)
        .mark_bar(color=AREA_COLOUR, height=14, cornerRadius=3)
        .encode(
            x=alt.X("year_from:Q", title="Years the story is about", axis=alt.Axis(format="d")),
            x2="year_end:Q",
            y=alt.Y(
                "title:N",
                title=None,
                sort=alt.EncodingSortField("year_from"),
                axis=alt.Axis(labelLimit=320),
            ),
            tooltip=[
                "title:N",
                alt.Tooltip("year_from:Q", title="From", format="d"),
                alt.Tooltip("year_to:Q", title="To", format="d"),
                "author:N",
            ],
        )
    )
    return _finish(
        chart,
        "Timeline of community stories by the years they describe.",
        height=max(120, 24 * len(data)),
    )


def contributions(long: pd.DataFrame) -> alt.TopLevelMixin:
    """Why each area is on the list: stacked bars of each indicator's share of its score.

    ``long`` has ``area``, ``indicator``, ``points`` and ``rank`` columns.
    """
    chart = (
        _chart(long)
        .mark_bar()
        .encode(
            y=alt.Y(
                "area:N",
                title=None,
                sort=alt.EncodingSortField("rank", order="ascending"),
                axis=alt.Axis(labelLimit=260),
            ),
            x=alt.X(
                "points:Q", title="Composite score (out of 100), split by indicator", stack=True
            ),
            color=alt.Color(
                "indicator:N", title="Indicator", scale=alt.Scale(range=list(CATEGORY_COLOURS))
            ),
            tooltip=[
                "area:N",
                "indicator:N",
                alt.Tooltip("points:Q", format=".1f", title="Points"),
            ],
        )
    )
    return _finish(
        chart,
        "Stacked bar chart of each shortlisted area's composite score, split by indicator.",
        height=max(160, 22 * long["area"].nunique()),
    )


def similar_change(table: pd.DataFrame, own: pd.Series, own_name: str) -> alt.TopLevelMixin:
    """Each similar area's England IMD percentile in 2004 and 2025, this area on top.

    ``table`` has ``name``, ``authority``, ``pct_2004``, ``pct_2025`` and ``moved``; the
    axis runs so that *right means less deprived* (percentile 0 = most deprived).
    """
    rows = pd.concat(
        [
            pd.DataFrame(
                [
                    {
                        "label": f"{own_name} (this area)",
                        "pct_2004": own.get("pct_2004"),
                        "pct_2025": own.get("pct_2025"),
                        "moved": "this area",
                    }
                ]
            ),
            table.assign(label=table["name"] + ", " + table["authority"])[
                ["label", "pct_2004", "pct_2025", "moved"]
            ],
        ],
        ignore_index=True,
    ).dropna(subset=["pct_2025"])
    long = rows.melt(
        id_vars=["label", "moved"], value_vars=["pct_2004", "pct_2025"], var_name="year"
    )
    long["year"] = long["year"].str[-4:]
    order = list(rows["label"])
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=260))
    x = alt.X(
        "value:Q",
        title="England IMD percentile (0 = most deprived)",
        scale=alt.Scale(domain=[0, 100]),
    )
    lines = alt.Chart(long).mark_line(color=COUNTY_COLOUR).encode(x=x, y=y, detail="label:N")
    dots = (
        alt.Chart(long)
        .mark_point(filled=True, size=70)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "year:N",
                title="Edition",
                scale=alt.Scale(domain=["2004", "2025"], range=[PREVIOUS_COLOUR, AREA_COLOUR]),
            ),
            shape=alt.Shape("year:N", title="Edition"),
            tooltip=["label:N", "year:N", alt.Tooltip("value:Q", format=".0f", title="Percentile")],
        )
    )
    return _finish(
        alt.layer(lines, dots).properties(width=WIDTH, height=max(160, 18 * len(order))),
        f"Dot chart of {own_name} and {len(order) - 1} similar areas: England IMD percentile "
        "in 2004 and 2025.",
    )
