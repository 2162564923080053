"""Static maps drawn on the server with geopandas and matplotlib, in British National Grid.

For PNG downloads, PDF packs and slides: no browser and no tiles (a village hall may have
no internet). Areas are projected to EPSG:27700, so distances and shapes are true at
county scale, and polygons keep their holes (an enclave stays visible inside the area
around it). Maps carry a title, the source, a legend with class ranges and labels for
the towns and villages in view, drawn with a halo so they read on any fill.

matplotlib's object interface is used (no pyplot state); one lock serialises drawing,
because matplotlib's font and text caches are not safe across threads.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely
from matplotlib import font_manager, patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from geo.artifact import Artifact
from geo.classify import MISSING_COLOUR, Classification, classify

BNG = 27700
DPI = 100
ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right 2025. Source: ONS, MHCLG (OGL v3.0)."
)
#: How place kinds are ranked for labels (towns first); unlisted kinds are never labelled.
PLACE_RANK = {"town": 0, "village": 1, "suburban area": 2, "locality": 3, "hamlet": 4}
MAX_LABELS = 12
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Style:
    """Colours of a static map: ordinary, or white on black for projectors."""

    background: str = "#ffffff"
    text: str = "#111111"
    muted: str = "#444444"
    border: str = "#ffffff"
    outline_under: str = "#000000"
    outline_over: str = "#ffffff"
    halo: str = "#ffffff"


NORMAL = Style()
HIGH_CONTRAST = Style(
    background="#000000",
    text="#ffffff",
    muted="#ffffff",
    border="#000000",
    outline_under="#000000",
    outline_over="#ffd700",
    halo="#000000",
)


def font_file(*, bold: bool = False) -> str:
    """Path of the TrueType font maps use (DejaVu Sans ships with matplotlib), so PDFs can
    use the same one without looking for system fonts."""
    weight = "bold" if bold else "normal"
    return font_manager.findfont(
        font_manager.FontProperties(family="DejaVu Sans", weight=weight), fallback_to_default=True
    )


def _fit(bounds: Sequence[float], aspect: float) -> tuple[float, float, float, float]:
    """Grow ``bounds`` (minx, miny, maxx, maxy) to the width/height ``aspect`` of the box."""
    minx, miny, maxx, maxy = bounds
    width, height = max(maxx - minx, 1.0), max(maxy - miny, 1.0)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    return cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2


def label_candidates(places: pd.DataFrame, box: Sequence[float]) -> pd.DataFrame:
    """The places inside ``box`` (EPSG:27700) that may be named, best known first: towns,
    then villages, suburbs, localities and hamlets; each name once."""
    minx, miny, maxx, maxy = box
    inside = places[
        places["kind"].isin(list(PLACE_RANK))
        & places["easting"].between(minx, maxx)
        & places["northing"].between(miny, maxy)
    ]
    ordered = inside.assign(rank=inside["kind"].map(PLACE_RANK)).sort_values(["rank", "name"])
    return ordered.drop_duplicates("name")


def _label_places(ax, places: pd.DataFrame, box, style: Style, size: float, renderer) -> int:
    """Label the best-known places inside ``box``, skipping any label that would overlap
    another or run off the map. Returns how many were drawn."""
    frame = ax.get_window_extent(renderer)
    taken: list = []
    drawn = 0
    for row in label_candidates(places, box).itertuples():
        if drawn >= MAX_LABELS:
            break
        big = row.rank == 0
        ax.plot(row.easting, row.northing, "o", ms=4 if big else 3, color=style.text, zorder=5)
        text = ax.annotate(
            row.name,
            (row.easting, row.northing),
            xytext=(5, 3),
            textcoords="offset points",
            fontsize=size * (1.25 if big else 1.0),
            fontweight="bold" if big else "normal",
            color=style.text,
            zorder=6,
            path_effects=[patheffects.withStroke(linewidth=3.5, foreground=style.halo)],
        )
        extent = text.get_window_extent(renderer).expanded(1.08, 1.15)
        fits = (
            extent.x0 >= frame.x0
            and extent.x1 <= frame.x1
            and extent.y0 >= frame.y0
            and extent.y1 <= frame.y1
        )
        if not fits or any(extent.overlaps(other) for other in taken):
            text.remove()
            ax.lines[-1].remove()
            continue
        taken.append(extent)
        drawn += 1
    return drawn


def render(
    areas: gpd.GeoDataFrame,
    colours: Mapping[str, str | None],
    *,
    highlight: Iterable[str] = (),
    outline: gpd.GeoSeries | None = None,
    bounds: Sequence[float] | None = None,
    title: str = "",
    subtitle: str = "",
    legend: list[tuple[str, str]] | None = None,
    legend_title: str = "",
    places: pd.DataFrame | None = None,
    size: tuple[int, int] = (1200, 900),
    fmt: str = "PNG",
    style: Style = NORMAL,
    label_points: float = 13,
) -> bytes:
    """A PNG (or JPEG) map of ``areas`` (``code``, ``geometry``) filled with ``colours``.

    Parameters
    ----------
    areas
        Polygons in any CRS (WGS84 from the artifact); drawn in EPSG:27700.
    colours
        Fill of each code; a missing code is grey (no data), None leaves it unfilled.
    highlight, outline
        Codes of ``areas``, or other shapes (a division over its LSOAs), outlined thickly
        (dark under light, readable on any fill).
    bounds
        The part to show, in EPSG:27700 metres; defaults to all areas. It is widened to
        the picture's shape.
    legend
        (colour, label) rows drawn in a panel on the right.
    places
        ``name``, ``kind``, ``easting``, ``northing``: the places that may be labelled.
    label_points
        Size of place labels on a 1200-pixel-wide picture (scaled with the width); a
        slide seen from the back of a room wants them larger.
    """
    width, height = size
    shapes = areas.to_crs(BNG)
    fills = [colours.get(code, MISSING_COLOUR) for code in shapes["code"]]
    chosen = set(highlight)
    edges = shapes[shapes["code"].isin(chosen)].geometry
    if outline is not None:
        edges = pd.concat([edges, outline.to_crs(BNG)])
    with _LOCK:
        figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor=style.background)
        canvas = FigureCanvasAgg(figure)
        top = 0.1 if title else 0.02
        top += 0.045 if subtitle else 0
        right = 0.34 if legend else 0.0
        ax = figure.add_axes((0.01, 0.05, 0.98 - right, 0.95 - top))
        ax.set_axis_off()
        ax.set_facecolor(style.background)
        box = _fit(bounds if bounds is not None else shapes.total_bounds, _aspect(ax))
        filled = [f is not None for f in fills]
        shapes[filled].plot(
            ax=ax,
            color=[f for f in fills if f is not None],
            edgecolor=style.border,
            linewidth=0.6,
        )
        if not edges.empty:
            line = max(label_points / 13, 1.0)  # outlines grow with the labels
            rim = gpd.GeoSeries(edges, crs=BNG).boundary
            rim.plot(ax=ax, color=style.outline_under, lw=5 * line)
            rim.plot(ax=ax, color=style.outline_over, lw=2 * line)
        ax.set_xlim(box[0], box[2])  # the box has the axes' shape: metres stay square
        ax.set_ylim(box[1], box[3])
        scale = width / 1200
        if places is not None and not places.empty:
            _label_places(ax, places, box, style, label_points * scale, canvas.get_renderer())
        if title:
            figure.text(0.015, 0.975, title, fontsize=22 * scale, weight="bold",
                        color=style.text, va="top")  # fmt: skip
        if subtitle:
            figure.text(0.015, 0.975 - 0.085 * (900 / height) * scale, subtitle,
                        fontsize=13 * scale, color=style.muted, va="top")  # fmt: skip
        if legend:
            # Wrapped to the panel: change maps' classes are said in words.
            handles = [
                Patch(facecolor=colour, edgecolor=style.muted, label=textwrap.fill(label, 30))
                for colour, label in legend
            ]
            key = figure.legend(
                handles=handles,
                title=textwrap.fill(legend_title, 28),
                loc="upper left",
                bbox_to_anchor=(1 - right + 0.005, 1 - top),
                frameon=False,
                fontsize=13 * scale,
                title_fontsize=14 * scale,
                labelcolor=style.text,
                handlelength=1.6,
                handleheight=1.2,
                alignment="left",
            )
            key.get_title().set_color(style.text)
            key.get_title().set_fontweight("bold")
        figure.text(0.015, 0.015, ATTRIBUTION, fontsize=10 * scale, color=style.muted)
        out = io.BytesIO()
        if fmt.upper() == "JPEG":
            figure.savefig(out, format="jpeg", dpi=DPI, pil_kwargs={"quality": 88})
        else:
            figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _aspect(ax) -> float:
    """Width over height of an axes on its figure, in pixels."""
    box = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    return (box.width * fig_w) / (box.height * fig_h)


def choropleth_png(
    display: gpd.GeoDataFrame,
    classification: Classification,
    *,
    title: str,
    subtitle: str = "",
    highlight: Iterable[str] = (),
    places: pd.DataFrame | None = None,
    size: tuple[int, int] = (1200, 900),
) -> bytes:
    """The map page's choropleth as a PNG, with its legend (class ranges and counts)."""
    colours = {code: classification.colour_of(code) for code in display["code"]}
    legend = [
        (colour, f"{label} ({count})") for colour, label, count in reversed(classification.legend())
    ]
    towns = None if places is None else places[places["kind"] == "town"]
    return render(
        display,
        colours,
        highlight=highlight,
        title=title,
        subtitle=subtitle,
        legend=legend,
        legend_title=classification.legend_title,
        places=towns,
        size=size,
    )


# ---- an area among its neighbours -------------------------------------------------------

AREA_MAP_INDICATOR = "imd2025_decile"


def area_classes(artifact: Artifact) -> Classification:
    """LSOAs in five classes of IMD 2025 England decile: the colouring of area maps."""
    ind = artifact.registry.get(AREA_MAP_INDICATOR)
    return classify(artifact.values("lsoa21")[ind.id], ind, "england_deciles", 5)


def area_legend(artifact: Artifact) -> tuple[str, list[tuple[str, str]]]:
    """Title and (colour, label) rows of the area map's legend, most deprived first."""
    classes = area_classes(artifact)
    return "IMD 2025 England decile", [(c, label) for c, label, _ in reversed(classes.legend())]


def places_of(artifact: Artifact) -> pd.DataFrame:
    """Named places that maps may label (from the gazetteer in the artifact)."""

    def read(art: Artifact) -> pd.DataFrame:
        columns = ["name", "kind", "tier", "easting", "northing"]
        if not art.has_lookup("places"):  # a council built from England's files has none
            return pd.DataFrame(columns=columns)
        table = art.lookup("places")[columns]
        grid = table[["easting", "northing"]].apply(pd.to_numeric, errors="coerce")
        return table.assign(easting=grid["easting"], northing=grid["northing"]).dropna()

    return artifact.memo("map_places", read)


def area_map(
    artifact: Artifact,
    geography: str,
    code: str,
    *,
    size: tuple[int, int] = (1200, 900),
    fmt: str = "PNG",
    with_legend: bool = True,
    style: Style = NORMAL,
    label_points: float = 13,
) -> bytes:
    """The area outlined among its neighbourhoods, coloured by IMD 2025 England decile,
    with the towns and villages around it named."""
    lsoas = artifact.areas("lsoa21", display=True)
    classes = area_classes(artifact)
    colours = {c: classes.colour_of(c) for c in lsoas["code"]}
    area = artifact.areas(geography, display=True)
    shape = area[area["code"] == code]
    minx, miny, maxx, maxy = shape.to_crs(BNG).total_bounds
    pad = max(maxx - minx, maxy - miny) * 0.35 + 600
    bounds = (minx - pad, miny - pad, maxx + pad, maxy + pad)
    view = shapely.box(*bounds)
    nearby = lsoas[lsoas.to_crs(BNG).intersects(view).to_numpy()]
    legend_title, legend = area_legend(artifact)
    return render(
        nearby,
        colours,
        outline=shape.geometry,
        bounds=bounds,
        legend=legend if with_legend else None,
        legend_title=legend_title,
        places=places_of(artifact),
        size=size,
        fmt=fmt,
        style=style,
        label_points=label_points,
    )
