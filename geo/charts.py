"""Altair chart builders for area profiles. Each returns a chart; no Streamlit here.

Every chart cites itself wherever it is shown (on screen, as a PNG, in a PDF pack or on
a slide): :func:`frame` gives it a title, a subtitle naming the area and the source with
its edition, a description for screen readers, and legends under the plot (so narrow
screens keep the plot wide) that name every series drawn. Counts start at zero. Colours
are colour-blind safe (Okabe and Ito); :func:`high_contrast` turns a finished spec
white-on-black for projectors.

Where a figure is defined differently from the rest of its series (a series break, an
estimate that leaves out prisoners), its row of the table carries a ``note`` and the
chart marks it with a labelled dashed rule (:func:`definition_marks`).
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

import altair as alt
import geopandas as gpd
import pandas as pd

from geo.catalog import Indicator
from geo.classify import CATEGORY_COLOURS

AREA_COLOUR = "#0072B2"
COUNTY_COLOUR = "#555555"  # dark grey: at least 3:1 against white, as lines must be
PREVIOUS_COLOUR = "#E69F00"
BREAK_COLOUR = "#D55E00"
TEXT_COLOUR = "#1a1a1a"
WIDTH = "container"
HEIGHT = 260
#: Subtitle lines are wrapped to this many characters, so they fit a 390 px phone.
SUBTITLE_WIDTH = 52
#: Legend labels are never cut shorter than this (pixels): a phone's width, less margins.
LABEL_LIMIT = 320
LICENCE = "Open Government Licence v3.0"


@dataclass(frozen=True)
class Citation:
    """What a chart says about itself: its title, the area it describes, its source.

    ``source`` names the publisher and the edition (e.g. "MHCLG, English Indices of
    Deprivation 2019 and 2025").
    """

    title: str
    area: str
    source: str
    licence: str = LICENCE

    def subtitle(self, width: int = SUBTITLE_WIDTH) -> list[str]:
        """The area, then the source with edition and licence, wrapped to ``width``."""
        return [
            *textwrap.wrap(self.area, width),
            *textwrap.wrap(f"Source: {self.source}. {self.licence}.", width),
        ]


def _chart(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(data).properties(width=WIDTH, height=HEIGHT)


#: Time axes space pixels from the ends of the plot, so end points are drawn whole.
TIME_PADDING = 14


def time_x(title: str, years: Iterable[float], *, label_every: bool = True) -> alt.X:
    """A time axis in years, the field ``year`` (fractions for months).

    Quantitative rather than ordinal, so years are spaced as time passes and a community
    story can be drawn over the span of years it is about (:mod:`geo.timeline`). With
    ``label_every`` each year of the data is labelled (IMD editions, census years).
    """
    known = sorted({float(y) for y in years})
    ticks = {"values": [int(y) for y in known]} if label_every else {"tickMinStep": 1}
    return alt.X(
        "year:Q",
        title=title,
        axis=alt.Axis(format="d", labelAngle=0, labelOverlap=True, **ticks),
        scale=alt.Scale(domain=[known[0], known[-1]], nice=False, padding=TIME_PADDING),
    )


def frame(
    chart: alt.TopLevelMixin, cite: Citation, description: str, **properties: object
) -> alt.TopLevelMixin:
    """Title, area and source above the chart; description; legends underneath.

    Autosizing fits the width only: ``height`` stays the height of the plot itself, so
    legends and axis labels below it cannot squeeze it flat. Legends list their entries
    one per line, never cut short, so every series is named even on a phone.
    """
    return (
        chart.properties(
            title=alt.TitleParams(
                cite.title, subtitle=cite.subtitle(), anchor="start", frame="bounds"
            ),
            description=description,
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
            # Room on the right for the last axis label, which sits centred on its tick.
            padding={"left": 5, "top": 5, "right": 18, "bottom": 5},
            usermeta={"citation": {"title": cite.title, "area": cite.area, "source": cite.source}},
            **properties,
        )
        .configure_title(
            fontSize=15,
            subtitleFontSize=12,
            color=TEXT_COLOUR,
            subtitleColor="#333333",
            subtitlePadding=4,
            offset=10,
        )
        .configure_axis(labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR, labelFontSize=11)
        .configure_legend(
            orient="bottom",
            direction="vertical",
            labelLimit=LABEL_LIMIT,
            titleLimit=LABEL_LIMIT,
            labelColor=TEXT_COLOUR,
            titleColor=TEXT_COLOUR,
            labelFontSize=12,
        )
    )


def citation_of(spec: dict) -> dict[str, str]:
    """The citation a framed chart's Vega-Lite spec carries (empty if it has none)."""
    return dict((spec.get("usermeta") or {}).get("citation") or {})


# ---- high contrast ------------------------------------------------------------------

#: Colours swapped for a black background: brighter, still colour-blind safe.
_ON_BLACK = {
    AREA_COLOUR: "#56B4E9",
    COUNTY_COLOUR: "#FFFFFF",
    "#000": "#FFFFFF",
    "#000000": "#FFFFFF",
    "#666": "#DDDDDD",
    "#fff": "#000000",
    TEXT_COLOUR: "#FFFFFF",
    "#333333": "#FFFFFF",
    BREAK_COLOUR: "#FF9E4A",
}


def high_contrast(spec: dict) -> dict:
    """A copy of a Vega-Lite spec drawn white on black, for projectors and low vision."""

    def swap(value: object) -> object:
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, str):
            return _ON_BLACK.get(value, value)
        return value

    out = swap(spec)
    assert isinstance(out, dict)
    config = out.setdefault("config", {})
    out["background"] = "#000000"
    config.setdefault("view", {})["stroke"] = "#FFFFFF"
    for part in ("axis", "legend", "title"):
        config.setdefault(part, {})
    config["axis"].update(
        labelColor="#FFFFFF",
        titleColor="#FFFFFF",
        domainColor="#FFFFFF",
        tickColor="#FFFFFF",
        gridColor="#555555",
    )
    config["legend"].update(labelColor="#FFFFFF", titleColor="#FFFFFF", symbolFillColor="#FFFFFF")
    config["title"].update(color="#FFFFFF", subtitleColor="#FFFFFF")
    return out


# ---- the charts ------------------------------------------------------------------


def definition_marks(table: pd.DataFrame, x: str = "year:Q") -> list[alt.Chart]:
    """A labelled dashed rule at each row of ``table`` whose ``note`` is not empty.

    The label is the note's first words ("Series break", "Leaves out prisoners"); the
    whole note is the rule's tooltip and stays in the table shown beside the chart. No
    note, no layers.
    """
    if "note" not in table:
        return []
    marked = table[table["note"].fillna("").astype(str) != ""]
    if marked.empty:
        return []
    field = x.split(":")[0]
    marked = marked[[field, "note"]].drop_duplicates(field)
    marked = marked.assign(label=[re.split(r" \(|: |\. |\.$", n)[0] for n in marked["note"]])
    rule = (
        _chart(marked)
        .mark_rule(strokeDash=[6, 3], color=BREAK_COLOUR, strokeWidth=2)
        .encode(
            x=x,
            tooltip=[
                alt.Tooltip(x, format="d") if x.endswith(":Q") else alt.Tooltip(x),
                alt.Tooltip("note:N", title="Note"),
            ],
        )
    )
    # Labels point into the plot: right of a rule in its first half, left of one after.
    order = sorted(table[field].dropna().unique())
    late = marked[field].map(lambda v: order.index(v) >= len(order) / 2)
    labels = [
        _chart(part)
        .mark_text(align=align, dx=dx, dy=-110, color=BREAK_COLOUR, limit=240)
        .encode(x=x, text=alt.Text("label:N"))
        for part, align, dx in ((marked[~late], "left", 4), (marked[late], "right", -4))
        if not part.empty
    ]
    return [rule, *labels]


def imd_trend(
    history: pd.DataFrame, cite: Citation, *, series_title: str = "Neighbourhood (LSOA 2021)"
) -> alt.TopLevelMixin:
    """Relative deprivation across editions, one line per area (``name``).

    The axis is turned so that *up means more deprived*; the point shape says whether
    a figure comes from a split, merged or redrawn former LSOA.
    """
    per_year = history.groupby(["name", "year"], as_index=False).agg(
        percentile=("percentile", "mean")
    )
    flagged = history.assign(
        boundary=history["change"].where(history["change"] != "", "same boundaries")
    )
    x = time_x("Edition of the Index of Multiple Deprivation", history["year"])
    y = alt.Y(
        "percentile:Q",
        title="England percentile (top = most deprived)",
        scale=alt.Scale(domain=[100, 0]),
    )
    colour = alt.Color(
        "name:N",
        title=series_title,
        sort=list(dict.fromkeys(history["name"])),
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
            # Above the plot: a second legend beside the first would run off a phone.
            shape=alt.Shape("boundary:N", title="Boundaries", legend=alt.Legend(orient="top")),
            tooltip=[
                alt.Tooltip("name:N", title=series_title),
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
        layers.append(
            _chart(rules).mark_rule(strokeDash=[4, 4], color="#666").encode(x=alt.X("year:Q"))
        )
    names = ", ".join(history["name"].unique())
    return frame(
        alt.layer(*layers),
        cite,
        f"Line chart of the relative deprivation of {names} in each edition, 2004 to 2025.",
    )


def decile_comparison(
    table: pd.DataFrame, now: int, before: int, cite: Citation
) -> alt.TopLevelMixin:
    """England decile of each measure in two editions (1 = most deprived 10%).

    Measure names are wrapped onto short lines, so on a phone the plot keeps most of
    the width; colour and shape share one scale, so there is one legend.
    """
    data = table.assign(
        edition=table["year"].astype(str),
        measure=table["topic"].map(lambda t: "\n".join(textwrap.wrap(t, 18))),
    )
    editions = alt.Scale(domain=[str(before), str(now)], range=[PREVIOUS_COLOUR, AREA_COLOUR])
    chart = (
        _chart(data)
        .mark_point(size=110, filled=True)
        .encode(
            y=alt.Y(
                "measure:N",
                title=None,
                sort=None,
                # Wrapped names are taller than one line: never let Vega thin them out.
                axis=alt.Axis(
                    labelExpr="split(datum.label, '\\n')", labelLimit=150, labelOverlap=False
                ),
            ),
            x=alt.X(
                "decile:Q",
                title="England decile (1 = most deprived 10%)",
                scale=alt.Scale(domain=[1, 10]),
                axis=alt.Axis(values=list(range(1, 11)), format="d"),
            ),
            yOffset=alt.YOffset("edition:N", scale=alt.Scale(domain=[str(before), str(now)])),
            color=alt.Color("edition:N", title="Edition", scale=editions),
            shape=alt.Shape(
                "edition:N",
                title="Edition",
                scale=alt.Scale(domain=[str(before), str(now)], range=["diamond", "circle"]),
            ),
            tooltip=[
                alt.Tooltip("topic:N"),
                alt.Tooltip("edition:N"),
                alt.Tooltip("decile:Q"),
                alt.Tooltip("source_code:N"),
                alt.Tooltip("change:N"),
            ],
        )
    )
    return frame(
        chart,
        cite,
        f"Dot chart of England deciles by deprivation domain, {before} and {now}.",
        height=max(160, 40 * table["topic"].nunique()),
    )


def population(table: pd.DataFrame, cite: Citation, area: str) -> alt.TopLevelMixin:
    """Mid-year population over the available years; a count, so the axis starts at 0.
    Years counted differently are marked (``note``)."""
    chart = (
        _chart(table.assign(series=area))
        .mark_line(point=True)
        .encode(
            x=time_x("Year (mid-year estimate)", table["year"]),
            y=alt.Y("people:Q", title="People", scale=alt.Scale(zero=True)),
            color=alt.Color("series:N", title="Population", scale=alt.Scale(range=[AREA_COLOUR])),
            tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("people:Q", format=",.0f")],
        )
    )
    marks = definition_marks(table)
    return frame(
        alt.layer(chart, *marks),
        cite,
        f"Line chart of the mid-year population estimate of {area}"
        + (", with a dashed line at each year counted differently." if marks else "."),
    )


def age_profile(table: pd.DataFrame, cite: Citation, area: str, county: str) -> alt.TopLevelMixin:
    """Share of people in each age band: area bars against county ticks."""
    series = alt.Scale(domain=[area, county], range=[AREA_COLOUR, "#000000"])
    colour = alt.Color("series:N", title="Share of people", scale=series)
    y = alt.Y("band:N", title="Age", sort=None)
    bars = (
        _chart(table.assign(series=area))
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("share:Q", title="% of people"),
            color=colour,
            tooltip=[
                alt.Tooltip("band:N"),
                alt.Tooltip("people:Q", format=",.0f"),
                alt.Tooltip("share:Q", title=f"% in {area}", format=".1f"),
                alt.Tooltip("county_share:Q", title=f"% in {county}", format=".1f"),
            ],
        )
    )
    ticks = (
        _chart(table.assign(series=county))
        .mark_tick(thickness=2)
        .encode(y=y, x=alt.X("county_share:Q"), color=colour)
    )
    return frame(
        alt.layer(bars, ticks),
        cite,
        f"Bar chart of the share of people in each five-year age band in {area}, mid-2020, "
        f"with {county}'s shares as ticks.",
        height=330,
    )


def then_and_now(table: pd.DataFrame, ind: Indicator, cite: Citation) -> alt.TopLevelMixin:
    """A rate in two censuses, for the area and the county."""
    data = table.assign(year=table["year"].astype(str))
    chart = (
        _chart(data)
        .mark_bar()
        .encode(
            x=alt.X("place:N", title=None, sort=None, axis=alt.Axis(labelAngle=0, labelLimit=170)),
            xOffset=alt.XOffset("year:N"),
            y=alt.Y(
                "value:Q",
                title="% of households" if ind.unit == "%" else ind.unit,
                scale=alt.Scale(zero=True),
            ),
            color=alt.Color(
                "year:N", title="Census", scale=alt.Scale(range=[PREVIOUS_COLOUR, AREA_COLOUR])
            ),
            tooltip=[
                alt.Tooltip("place:N"),
                alt.Tooltip("year:N"),
                alt.Tooltip("value:Q", format=".1f"),
            ],
        )
    )
    return frame(
        chart, cite, f"Bar chart of {ind.label.lower()} in two censuses, here and in the county."
    )


def series_with_break(
    county: pd.DataFrame,
    ind: Indicator,
    area_points: pd.DataFrame,
    cite: Citation,
    *,
    county_name: str,
) -> alt.TopLevelMixin:
    """County series (line) with its break marked (the ``note`` of the break year), and
    the area's own figures (dots). The legend names both: the county's line and the
    area's dot.
    """

    def side(period: object) -> str:
        if ind.series_break and str(period) < ind.series_break:
            return "before the break"
        return "after the break"

    places = [county_name, *dict.fromkeys(area_points.get("place", []))]
    colour = alt.Color(
        "series:N",
        title="Households in fuel poverty" if "fuel" in ind.id else ind.label,
        scale=alt.Scale(domain=places, range=[COUNTY_COLOUR, AREA_COLOUR][: len(places)]),
    )
    data = county.assign(measure=[side(p) for p in county["period"]], series=county_name)
    x = time_x("Year", county["year"].dropna(), label_every=False)
    y = alt.Y(
        "value:Q",
        title="% of households" if ind.unit == "%" else ind.unit,
        scale=alt.Scale(zero=True),
    )
    layers = [
        _chart(data)
        .mark_line(point=True)
        .encode(
            x=x,
            y=y,
            color=colour,
            detail=alt.Detail("measure:N"),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("value:Q", format=".1f"),
                alt.Tooltip("measure:N"),
            ],
        )
    ]
    layers += definition_marks(county)
    if not area_points.empty:
        layers.append(
            _chart(area_points.assign(series=area_points["place"]))
            .mark_point(size=140, filled=True, opacity=1)
            .encode(
                x=x,
                y=y,
                color=colour,
                tooltip=[
                    alt.Tooltip("place:N"),
                    alt.Tooltip("year:Q", format="d"),
                    alt.Tooltip("value:Q", format=".1f"),
                ],
            )
        )
    return frame(
        alt.layer(*layers),
        cite,
        f"Line chart of {ind.label.lower()} for {county_name} by year, with a dashed line at "
        "the series break and this area's own figure as a dot.",
    )


def ward_lines(
    table: pd.DataFrame, ind: Indicator, cite: Citation, *, period_title: str
) -> alt.TopLevelMixin:
    """A ward series, one line per ward; counts, so the axis starts at zero. Monthly
    periods ("2018-04") are placed at their fraction of the year."""
    data = table.assign(year=[period_year(p) for p in table["period"]])
    chart = (
        _chart(data)
        .mark_line(point=len(table) < 60)
        .encode(
            x=time_x(period_title, data["year"], label_every=False),
            y=alt.Y("value:Q", title=ind.unit, scale=alt.Scale(zero=True)),
            color=alt.Color(
                "ward:N", title="Ward (2022)", scale=alt.Scale(range=list(CATEGORY_COLOURS))
            ),
            tooltip=[
                alt.Tooltip("ward:N"),
                alt.Tooltip("period:N", title=period_title),
                alt.Tooltip("value:Q", format=",.0f"),
            ],
        )
    )
    return frame(
        alt.layer(chart),  # layered, so stories can be drawn over it (geo.timeline)
        cite,
        f"Line chart of {ind.label.lower()} by {period_title.lower()}, per ward.",
    )


def period_year(period: object) -> float:
    """A period as a number of years: "2018-04" → 2018.25 (April starts a quarter in)."""
    year, _, month = str(period).partition("-")
    return int(year) + ((int(month) - 1) / 12 if month else 0.0)


def mini_map(
    lsoas: gpd.GeoDataFrame, outline: gpd.GeoDataFrame, cite: Citation
) -> alt.TopLevelMixin:
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
    # The outline only frames the areas: hidden from screen readers (it has nothing to say).
    edge = alt.Chart(features(outline)).mark_geoshape(
        filled=False, stroke="#000", strokeWidth=2, aria=False
    )
    return frame(
        alt.layer(fills, edge).project("mercator"),
        cite,
        "Map of the neighbourhoods in this area, coloured by England deprivation decile.",
        width=WIDTH,
        height=240,
    )


def story_timeline(stories: pd.DataFrame, cite: Citation) -> alt.TopLevelMixin:
    """Stories as bars over the years they describe (``title``, ``year_from``, ``year_to``)."""
    data = stories.assign(year_end=stories["year_to"] + 1, series="A story")
    chart = (
        _chart(data)
        .mark_bar(height=14, cornerRadius=3)
        .encode(
            x=alt.X("year_from:Q", title="Years the story is about", axis=alt.Axis(format="d")),
            x2=alt.X2("year_end:Q"),
            y=alt.Y(
                "title:N",
                title=None,
                sort=alt.EncodingSortField("year_from"),
                axis=alt.Axis(labelLimit=200),
            ),
            color=alt.Color(
                "series:N", title="Bars", scale=alt.Scale(range=[AREA_COLOUR]), legend=None
            ),
            tooltip=[
                alt.Tooltip("title:N"),
                alt.Tooltip("year_from:Q", title="From", format="d"),
                alt.Tooltip("year_to:Q", title="To", format="d"),
                alt.Tooltip("author:N"),
            ],
        )
    )
    return frame(
        chart,
        cite,
        "Timeline of community stories by the years they describe.",
        height=max(120, 24 * len(data)),
    )


def county_lines(table: pd.DataFrame, cite: Citation) -> alt.TopLevelMixin:
    """The county's figures by year (``measure``, ``year``, ``value`` in %, ``label``,
    ``note``), one line per measure, on a time axis the stories can be drawn on."""
    measures = list(dict.fromkeys(table["measure"]))
    colour = alt.Color(
        "measure:N",
        title="County figure",
        sort=measures,
        scale=alt.Scale(domain=measures, range=[AREA_COLOUR, PREVIOUS_COLOUR, COUNTY_COLOUR]),
    )
    lines = (
        _chart(table)
        .mark_line(point=True)
        .encode(
            x=time_x("Year", table["year"], label_every=False),
            y=alt.Y("value:Q", title="% (see the legend)", scale=alt.Scale(zero=True)),
            color=colour,
            detail=alt.Detail("measure:N"),
            tooltip=[
                alt.Tooltip("measure:N", title="Figure"),
                alt.Tooltip("label:N", title="Edition or year"),
                alt.Tooltip("value:Q", format=".1f", title="%"),
            ],
        )
    )
    return frame(
        alt.layer(lines, *definition_marks(table)),
        cite,
        "Line chart of the county's figures by year: the share of its neighbourhoods "
        "among England's most deprived 20% in each edition of the Index of Multiple "
        "Deprivation, households deprived in the two censuses, and households in fuel poverty.",
    )


#: Characters per line of a legend drawn beside a column of area names (about 170 px at
#: the legend's 12 px type, what a 390 px phone leaves there).
LEGEND_WRAP = 26


#: Names every JavaScript object answers to. Vega stops drawing a chart whose expression
#: holds one of them as a string (any labelExpr with "toString" in it fails to draw).
_OBJECT_NAMES = frozenset(
    [
        "constructor",
        "toString",
        "toLocaleString",
        "valueOf",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "__proto__",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
    ]
)


def wrapped_labels(labels: Iterable[str], width: int) -> str:
    """A Vega legend ``labelExpr`` that draws labels longer than ``width`` characters on
    several lines (Vega draws an array of strings as lines); others as they are.

    Looked up by the entry's position, so ``labels`` must be in the legend's order; no
    name is written into the expression whole (see :data:`_OBJECT_NAMES`).
    """
    lines = []
    for label in dict.fromkeys(labels):
        wrapped = textwrap.wrap(label, width)
        whole = len(label) <= width or _OBJECT_NAMES.intersection(wrapped)
        lines.append(None if whole else wrapped)
    return f"{json.dumps(lines)}[datum.index] || datum.label"


def contributions(long: pd.DataFrame, cite: Citation) -> alt.TopLevelMixin:
    """Why each area is on the list: stacked bars of each indicator's share of its score.

    ``long`` has ``area``, ``indicator``, ``points`` and ``rank`` columns. The legend
    lists every indicator in full, in the order given, one per line.
    """
    # Legend in the order given, by a number (the wrapped labels go by position).
    order = {name: i for i, name in enumerate(dict.fromkeys(long["indicator"]))}
    long = long.assign(order=long["indicator"].map(order))
    chart = (
        _chart(long)
        .mark_bar()
        .encode(
            y=alt.Y(
                "area:N",
                title=None,
                sort=alt.EncodingSortField("rank", order="ascending"),
                axis=alt.Axis(labelLimit=160),
            ),
            # Two lines: centred under a phone's narrow plot, one line runs off the screen.
            x=alt.X(
                "points:Q",
                title=["Composite score (out of 100),", "split by indicator"],
                stack=True,
            ),
            color=alt.Color(
                "indicator:N",
                title="Indicator",
                sort=alt.EncodingSortField("order", op="min"),
                scale=alt.Scale(range=list(CATEGORY_COLOURS)),
                # Vega starts a bottom legend under the plot, right of the area names:
                # long indicator names ran off a phone's screen, so they wrap.
                legend=alt.Legend(labelExpr=wrapped_labels(long["indicator"], LEGEND_WRAP)),
            ),
            tooltip=[
                alt.Tooltip("area:N"),
                alt.Tooltip("indicator:N"),
                alt.Tooltip("points:Q", format=".1f", title="Points"),
            ],
        )
    )
    return frame(
        chart,
        cite,
        "Stacked bar chart of each shortlisted area's composite score, split by indicator.",
        height=max(160, 22 * long["area"].nunique()),
    )


def similar_change(
    table: pd.DataFrame, own: pd.Series, own_name: str, cite: Citation
) -> alt.TopLevelMixin:
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
    lines = (
        alt.Chart(long)
        .mark_line(color=COUNTY_COLOUR)
        .encode(x=x, y=y, detail=alt.Detail("label:N"))
    )
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
            shape=alt.Shape("year:N", title="Edition", scale=alt.Scale(domain=["2004", "2025"])),
            tooltip=[
                alt.Tooltip("label:N"),
                alt.Tooltip("year:N"),
                alt.Tooltip("value:Q", format=".0f", title="Percentile"),
            ],
        )
    )
    return frame(
        alt.layer(lines, dots).properties(width=WIDTH, height=max(160, 18 * len(order))),
        cite,
        f"Dot chart of {own_name} and {len(order) - 1} similar areas: England IMD percentile "
        "in 2004 and 2025.",
    )
