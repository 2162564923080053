"""Community stories on the time series: each story over the years it is about.

A story about 1990–2010 is drawn across those years, not at the date it was sent: as a
faint band behind the figures and as a numbered bar along the bottom of the plot, which
names the story when hovered or tapped and opens it when clicked. Vega-Lite marks are
not keyboard-focusable, so pages list the same numbered stories as links beside the
chart (:func:`placed` says which are on it).

Stories come from the public: here they are plain data (:class:`StoryMark`), never
markup; a chart shows a title only as text (tooltips, ARIA labels, the description).

The axis may run back (or on) beyond the figures' own years to show a story, by at most
as many years as the figures span (at least :data:`MIN_REACH`), so the figures keep
about half the plot; a story partly beyond that is drawn over the part in reach, and one
wholly beyond it is left off the chart (the page says so).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd

from geo import trends
from geo.artifact import Artifact

STORY_COLOUR = "#CC79A7"  # Okabe and Ito's reddish purple: apart from every series colour
STORY_TEXT = "#1a1a1a"
LEGEND_TITLE = "Community stories"
LEGEND_LABEL = "A story, over the years it is about (select to read)"
LANE_HEIGHT = 13
LANE_GAP = 3
MAX_LANES = 4
MIN_REACH = 6  # years
BAND_OPACITY = 0.1
LEGENDS_STACKED = {"bottom": {"anchor": "start", "direction": "vertical", "margin": 6}}


@dataclass(frozen=True)
class StoryMark:
    """An approved story as a chart shows it: a title and the years it is about."""

    public_id: str
    title: str
    year_from: int
    year_to: int
    example: bool = False  # an invented example story, shown as such

    @property
    def name(self) -> str:
        """The title, saying so when the story is an invented example."""
        return f"{self.title} (example, not a real account)" if self.example else self.title

    @property
    def years(self) -> str:
        """ "1986–1994", or "2011" for a story about one year."""
        if self.year_from == self.year_to:
            return str(self.year_from)
        return f"{self.year_from}–{self.year_to}"

    @property
    def link(self) -> str:
        """The story on the Community stories page, relative to the app's address."""
        return f"stories?story={quote(self.public_id, safe='')}"


def numbered(marks: Sequence[StoryMark]) -> list[tuple[int, StoryMark]]:
    """Stories numbered in time order (then by title), the same on every chart and list."""
    ordered = sorted(dict.fromkeys(marks), key=lambda m: (m.year_from, m.year_to, m.title))
    return list(enumerate(ordered, start=1))


def _time_layers(spec: dict) -> list[dict]:
    """Layers whose x axis is time in years (see :func:`geo.charts.time_x`)."""
    out = []
    for layer in spec.get("layer", []):
        x = (layer.get("encoding") or {}).get("x") or {}
        if x.get("field") == "year" and x.get("type") == "quantitative":
            out.append(layer)
    return out


def data_years(spec: dict) -> tuple[float, float] | None:
    """The first and last year of a time chart's figures, or None for another chart."""
    for layer in _time_layers(spec):
        domain = ((layer["encoding"]["x"].get("scale") or {}).get("domain")) or None
        if domain:
            return float(domain[0]), float(domain[1])
    return None


@dataclass(frozen=True)
class Placed:
    """A numbered story and where a chart draws it (years, clipped to the axis)."""

    number: int
    mark: StoryMark
    start: float
    end: float
    lane: int = 0


def reach(years: tuple[float, float], marks: Sequence[StoryMark]) -> tuple[float, float]:
    """How far a time axis may run to show stories: it grows by at most as many years as
    the figures span (at least :data:`MIN_REACH`), earlier years first, as stories are
    mostly about the past."""
    first, last = years
    budget = max(last - first, MIN_REACH)
    wanted_back = first - min((m.year_from for m in marks), default=first)
    back = min(max(wanted_back, 0.0), budget)
    wanted_on = max((m.year_to + 1 for m in marks), default=last) - last
    return first - back, last + min(max(wanted_on, 0.0), budget - back)


def placed(spec: dict, marks: Sequence[StoryMark]) -> tuple[list[Placed], list[Placed]]:
    """The numbered stories a time chart shows, and those beyond its reach.

    Returns two lists of :class:`Placed`: stories on the chart (in lanes, so overlapping
    spans sit one above another) and stories it leaves off.
    """
    years = data_years(spec)
    if years is None:
        return [], []
    low, high = reach(years, marks)
    on, off, lanes = [], [], []  # lanes: the end of the last story in each
    for number, mark in numbered(marks):
        start, end = max(float(mark.year_from), low), min(float(mark.year_to + 1), high)
        if start >= end:
            off.append(Placed(number, mark, float(mark.year_from), float(mark.year_to + 1)))
            continue
        lane = next((i for i, busy in enumerate(lanes) if busy <= start), None)
        if lane is None and len(lanes) < MAX_LANES:
            lanes.append(end)
            lane = len(lanes) - 1
        elif lane is None:  # all lanes busy: share the one that frees up first
            lane = min(range(len(lanes)), key=lanes.__getitem__)
        lanes[lane] = max(lanes[lane], end)
        on.append(Placed(number, mark, start, end, lane))
    return on, off


def with_stories(spec: dict, marks: Sequence[StoryMark]) -> dict:
    """A copy of a framed time chart's spec with the stories drawn over their years.

    The axis is widened to show them (within reach), a legend entry names them, the
    description lists them for screen readers, and the chart is drawn as SVG so each
    story bar is an element with its own ARIA label. Charts without a time axis, or no
    stories on it, come back unchanged.
    """
    on, _off = placed(spec, marks)
    if not on:
        return spec
    first, last = data_years(spec)  # type: ignore[misc]
    low = min(first, *(p.start for p in on))
    high = max(last, *(p.end for p in on))
    height = int(spec.get("height", 260))
    rows = [_row(p, height) for p in on]
    # The stories' layers share the time axis and its title (else Vega-Lite adds theirs).
    axis_x = _time_layers(spec)[0]["encoding"]["x"]
    scale = {**dict(axis_x.get("scale") or {}), "domain": [low, high]}
    x = {"type": "quantitative", "title": axis_x.get("title"), "scale": scale}
    out = dict(spec)
    out["layer"] = [
        _band_layer(rows, x),
        *(_widened(layer, low, high, first, last) for layer in spec["layer"]),
        _bar_layer(rows, x),
        _number_layer(rows, x),
    ]
    listed = "; ".join(f"{p.number}: {p.mark.name} ({p.mark.years})" for p in on)
    out["description"] = (
        f"{spec.get('description', '')} Community stories are marked along the bottom over "
        f"the years they are about: {listed}."
    ).strip()
    config = dict(spec.get("config") or {})
    # Three legends stack under the plot instead of running off a phone's side.
    config["legend"] = {**dict(config.get("legend") or {}), "layout": LEGENDS_STACKED}
    out["config"] = config
    usermeta = dict(spec.get("usermeta") or {})
    usermeta["embedOptions"] = {**dict(usermeta.get("embedOptions") or {}), "renderer": "svg"}
    out["usermeta"] = usermeta
    title = dict(spec.get("title") or {})
    if title:
        title["subtitle"] = [
            *list(title.get("subtitle") or []),
            "Stories: Northumberland Living Archive, approved by moderators.",
        ]
        out["title"] = title
    return out


def _row(p: Placed, height: int) -> dict:
    bottom = height - LANE_GAP - p.lane * (LANE_HEIGHT + LANE_GAP)
    return {
        "start": p.start,
        "end": p.end,
        "top": bottom - LANE_HEIGHT,
        "bottom": bottom,
        "middle": bottom - LANE_HEIGHT / 2,
        "number": str(p.number),
        "title": p.mark.name,
        "years": p.mark.years,
        "link": p.mark.link,
        "story": LEGEND_LABEL,
        "label": f"Community story {p.number}: {p.mark.name}, {p.mark.years}. Opens the story.",
    }


_TOOLTIP = [
    {"field": "number", "type": "nominal", "title": "Story"},
    {"field": "title", "type": "nominal", "title": "Title"},
    {"field": "years", "type": "nominal", "title": "About the years"},
]


def _band_layer(rows: list[dict], x: dict) -> dict:
    return {
        "data": {"values": rows},
        "mark": {"type": "rect", "color": STORY_COLOUR, "opacity": BAND_OPACITY, "aria": False},
        "encoding": {
            "x": {"field": "start", **x},
            "x2": {"field": "end"},
            "tooltip": _TOOLTIP,
        },
    }


def _bar_layer(rows: list[dict], x: dict) -> dict:
    return {
        "data": {"values": rows},
        "mark": {
            "type": "rect",
            "cornerRadius": 2,
            "stroke": "#ffffff",
            "strokeWidth": 1,
            "cursor": "pointer",
        },
        "encoding": {
            "x": {"field": "start", **x},
            "x2": {"field": "end"},
            "y": {"field": "top", "type": "quantitative", "scale": None},
            "y2": {"field": "bottom"},
            "fill": {
                "field": "story",
                "type": "nominal",
                "title": LEGEND_TITLE,
                "scale": {"domain": [LEGEND_LABEL], "range": [STORY_COLOUR]},
            },
            "href": {"field": "link", "type": "nominal"},
            "description": {"field": "label", "type": "nominal"},
            "tooltip": _TOOLTIP,
        },
    }


def _number_layer(rows: list[dict], x: dict) -> dict:
    return {
        "data": {"values": rows},
        "mark": {
            "type": "text",
            "align": "left",
            "baseline": "middle",
            "dx": 3,
            "fontSize": 10,
            "fontWeight": "bold",
            "color": STORY_TEXT,
            "cursor": "pointer",
            "aria": False,
        },
        "encoding": {
            "x": {"field": "start", **x},
            "y": {"field": "middle", "type": "quantitative", "scale": None},
            "text": {"field": "number", "type": "nominal"},
            "href": {"field": "link", "type": "nominal"},
            "tooltip": _TOOLTIP,
        },
    }


def _widened(layer: dict, low: float, high: float, first: float, last: float) -> dict:
    """A time layer whose axis runs from ``low`` to ``high`` (the stories' years too),
    labelling the new ends where the axis labels each year of the figures."""
    x = ((layer.get("encoding") or {}).get("x")) or {}
    if x.get("field") != "year" or x.get("type") != "quantitative" or "scale" not in x:
        return layer
    out = copy.deepcopy(layer)
    out["encoding"]["x"]["scale"]["domain"] = [low, high]
    axis = out["encoding"]["x"].get("axis") or {}
    if "values" in axis:
        ends = [int(low)] if low < first else []
        ends += [int(high)] if high > last + 1 else []
        axis["values"] = sorted({*axis["values"], *ends})
    return out


# ---- the county's figures in the years of the stories -----------------------------------

#: A neighbourhood at or below this percentile of England is in its most deprived fifth.
MOST_DEPRIVED = 20
CENSUS = "census21_hh_deprived_1plus"
FUEL = "fuel_poverty_county"


def county_figures(artifact: Artifact) -> pd.DataFrame:
    """The county's figures by year, for the stories timeline: the share of its
    neighbourhoods among England's most deprived fifth in each IMD edition, households
    deprived in at least one dimension in each census, and households in fuel poverty.

    Returns ``measure``, ``year``, ``value`` (%), ``label`` (the year's edition or
    period), ``note`` (a definition change, e.g. the 2019 fuel poverty break) rows.
    """
    rows = []
    for ind in artifact.registry.trend("imd"):
        ranks = artifact.values(ind.geography)[ind.id].dropna()
        deprived = (100 * ranks / ind.source.england_areas <= MOST_DEPRIVED).mean() * 100
        rows.append((IMD_MEASURE, ind.year, float(deprived), ind.edition, ""))
    # A council built from England-wide files has the IMD editions only.
    if CENSUS in artifact.registry:
        census = artifact.registry.get(CENSUS)
        rates = trends.then_and_now_rate(artifact, census.id, "county", artifact.county_code)
        before = artifact.registry.get(census.previous) if census.previous else census
        editions = {before.year: before.edition, census.year: census.edition}
        rows += [
            (CENSUS_MEASURE, int(r.year), float(r.value), editions.get(int(r.year), ""), "")
            for r in rates.itertuples()
        ]
    if FUEL in artifact.registry:
        fuel = artifact.registry.get(FUEL)
        series = trends.county_series(artifact, fuel.id).dropna(subset=["year"])
        rows += [
            (FUEL_MEASURE, int(r.year), float(r.value), str(r.period), fuel.period_note(r.period))
            for r in series.itertuples()
        ]
    return pd.DataFrame(rows, columns=["measure", "year", "value", "label", "note"])


IMD_MEASURE = "Neighbourhoods in England's most deprived 20%"
CENSUS_MEASURE = "Households deprived in 1+ dimension (Census)"
FUEL_MEASURE = "Households in fuel poverty"


def county_in_years(figures: pd.DataFrame, mark: StoryMark) -> str:
    """The county's figures in the years a story is about, in a few words."""
    inside = figures[figures["year"].between(mark.year_from, mark.year_to)]
    parts = []
    for measure, rows in inside.groupby("measure", sort=False):
        rows = rows.sort_values("year")
        first, last = rows.iloc[0], rows.iloc[-1]
        if len(rows) == 1:
            parts.append(f"{measure}: {first['value']:.0f}% ({first['label']})")
        else:
            parts.append(
                f"{measure}: {first['value']:.0f}% ({first['label']}) to "
                f"{last['value']:.0f}% ({last['label']})"
            )
    if parts:
        return "; ".join(parts)
    start = int(figures["year"].min())
    if mark.year_to < start:
        return f"Before the county's figures here begin ({start})."
    return "No county figure falls in these years."
