"""What an area's pack or slide says, as plain data: built once, drawn by two renderers.

:func:`pack` and :func:`slide` gather an area's name and place, figures with their
sources, charts (each citing itself), a story quote, generated insights, notes and the
two links a reader can follow (its live profile and "Share a story" for it). The PDF
renderer (:mod:`outputs.pack`) and the Present page draw the same model, so a slide and
its handout never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from archive.store import StoryView
from archive.text import excerpt
from geo import links, profile
from geo.artifact import Artifact
from geo.catalog import ATTRIBUTION, licence_name
from geo.insights import area_insights
from geo.ranks import ordinal, superlative

#: The three figures a slide shows: overall deprivation, income, and fuel poverty.
SLIDE_FIGURES = ("imd2025_score", "iod2025_income_score", "fuel_poverty_2021")

NOTES = (
    "LSOAs (neighbourhoods of about 1,500 people) do not nest in electoral divisions: a "
    "division's figures add up the LSOAs lying wholly in it and shares of those split with "
    "other divisions, by where residents' postcodes are; each figure says which.",
    "Each edition of the Indices of Deprivation ranks England's LSOAs afresh, so editions are "
    "compared by percentile or decile, never by score.",
    "Some LSOAs were split or merged in 2011 and 2021; their history follows the ONS lookups "
    "and is flagged where boundaries changed.",
    "Fuel poverty changed its measure in 2019 (LIHC to LILEE): years either side are not "
    "comparable.",
)
MAP_CAPTION = (
    "The area outlined among its neighbourhoods, coloured by England deprivation decile "
    "(IoD 2025, MHCLG; decile 1 = the most deprived 10% in England). "
    "Places: Ordnance Survey Open Names."
)


@dataclass(frozen=True)
class Figure:
    """A headline figure with what it means and where it comes from."""

    label: str
    value: str
    context: tuple[str, ...]  # rank in the county, England decile, against the county
    source: str  # "Source: publisher, title (edition). Licence."
    direction: str  # what a higher value means
    brief: str = ""  # rank and decile in a few words, for a slide
    short_source: str = ""  # "Source: MHCLG, IoD 2025", for a slide


@dataclass(frozen=True)
class Chart:
    """A chart as its Vega-Lite spec (title, area, source and legends inside it)."""

    title: str
    spec: dict = field(repr=False)
    caption: str
    note: str = ""


@dataclass(frozen=True)
class Quote:
    """A few words from an approved community story."""

    text: str
    title: str
    author: str
    period: str
    licence: str
    is_example: bool


@dataclass(frozen=True)
class Link:
    """An address a reader can type or scan."""

    label: str
    url: str

    @property
    def short(self) -> str:
        """The address without its scheme, as printed under a QR code."""
        return self.url.split("://", 1)[-1]


@dataclass(frozen=True)
class AreaContent:
    """Everything a pack or a slide says about one area."""

    geography: str
    code: str
    name: str  # the name people know (an LSOA's local name)
    kind: str  # "Neighbourhood (LSOA 2021)"
    place: tuple[str, ...]  # "In Ashington Central (Electoral division (2025), E05016087)"
    notes: tuple[str, ...]  # boundary changes, approximation
    figures: tuple[Figure, ...]
    charts: tuple[Chart, ...]
    quotes: tuple[Quote, ...]
    insights: tuple[tuple[str, str], ...]  # (statement, source)
    links: tuple[Link, ...]  # the live profile, then "Share a story"
    official: str = ""  # the ONS name, for officers ("Northumberland 010C")
    publisher: str = ""  # the observatory (the artifact's title), set by _base
    map_caption: str = MAP_CAPTION
    data_notes: tuple[str, ...] = NOTES
    attribution: str = ATTRIBUTION

    @property
    def identity(self) -> str:
        """Kind, ONS name (where it differs from the name shown) and GSS code, for
        officers: "Neighbourhood (LSOA 2021) · Northumberland 010C · E01027539"."""
        official = self.official if self.official and self.official != self.name else ""
        return " · ".join(part for part in (self.kind, official, self.code) if part)


def area_links(artifact: Artifact, geography: str, code: str, base: str) -> tuple[Link, Link]:
    """The area's live profile and the story form prefilled for it, at ``base``."""
    params = links.area_params(artifact, geography, code)
    return (
        Link("See the live profile", links.page_url(base, "area", params)),
        Link("Share a story about it", links.page_url(base, "share", params)),
    )


def _figures(
    artifact: Artifact,
    geography: str,
    code: str,
    indicator_ids: Sequence[str] | None,
    said: tuple[str, ...] = (),
) -> tuple[Figure, ...]:
    """The figures with their context; how a division's figures were made is left out
    where it is already ``said`` (the area's notes) and repeated only where it differs."""
    registry = artifact.registry
    wanted = (
        registry.profile_indicators
        if indicator_ids is None
        else [registry.get(i) for i in indicator_ids if i in registry]  # a council has fewer
    )
    noun = artifact.geography(geography).noun
    out = []
    for figure in profile.figures(artifact, geography, code, wanted):
        ind = figure.indicator
        context = [figure.rank_text, figure.england_text, figure.county_text]
        if figure.method and figure.method not in said:
            context.append(figure.method)
        brief = [
            f"{ordinal(figure.rank)} of {figure.out_of} {noun} in {artifact.county_name}"
            + (f" (1st = {superlative(ind)})" if ind.more_need != "neither" else "")
            if figure.rank
            else "",
            f"England decile {figure.decile} of 10" if figure.decile else "",
        ]
        out.append(
            Figure(
                ind.label,
                figure.text,
                tuple(c for c in context if c),
                ind.caption,
                ind.direction_note,
                " · ".join(b for b in brief if b),
                f"Source: {ind.source.short_publisher}, {ind.source.edition}. "
                f"{licence_name(ind.licence)}.",
            )
        )
    return tuple(out)


def quotes(stories: Iterable[StoryView], limit: int, length: int) -> tuple[Quote, ...]:
    return tuple(
        Quote(
            excerpt(s.body, length),
            s.title,
            s.author,
            s.period,
            s.licence,
            s.is_example,
        )
        for s in list(stories)[:limit]
    )


def _base(
    artifact: Artifact,
    geography: str,
    code: str,
    *,
    base_url: str,
    indicator_ids: Sequence[str] | None,
    builders: tuple[profile.Builder, ...],
    quotes: tuple[Quote, ...],
    insights: bool,
) -> AreaContent:
    summary = profile.summary(artifact, geography, code)
    charts = tuple(
        Chart(c.title, c.spec, c.caption, c.note)
        for c in profile.trend_charts(artifact, geography, code, builders)
    )
    return AreaContent(
        geography=geography,
        code=code,
        name=summary.name,
        official=summary.official,
        kind=summary.kind,
        place=tuple(f"In {name} — {label}, {parent}" for label, parent, name in summary.belongs_to),
        notes=summary.notes,
        figures=_figures(artifact, geography, code, indicator_ids, summary.notes),
        charts=charts,
        quotes=quotes,
        insights=tuple(
            (i.text, i.source)
            for i in (area_insights(artifact, geography, code) if insights else [])
        ),
        links=area_links(artifact, geography, code, base_url),
        publisher=artifact.title,
    )


def pack(
    artifact: Artifact,
    geography: str,
    code: str,
    stories: Iterable[StoryView] = (),
    *,
    base_url: str,
) -> AreaContent:
    """The A4 pack: every profile figure, two trend charts, up to three stories, insights."""
    second = profile.domains_chart if geography == "lsoa21" else profile.census_chart
    return _base(
        artifact,
        geography,
        code,
        base_url=base_url,
        indicator_ids=None,
        builders=(profile.imd_history_chart, second),
        quotes=quotes(stories, 3, 420),
        insights=True,
    )


def slide(
    artifact: Artifact,
    geography: str,
    code: str,
    stories: Iterable[StoryView] = (),
    *,
    base_url: str,
) -> AreaContent:
    """A Present slide: three figures, the deprivation history and one short quote."""
    return _base(
        artifact,
        geography,
        code,
        base_url=base_url,
        indicator_ids=SLIDE_FIGURES,
        builders=(profile.imd_history_chart,),
        quotes=quotes(stories, 1, 160),
        insights=False,
    )
