"""Static maps drawn on the server with Pillow: for PNG downloads and PDF area packs.

No browser and no tiles: polygons are projected (equirectangular, scaled by the cosine
of the latitude, which is faithful at county scale), drawn at twice the size and scaled
down for smooth edges, with a title, a legend and the attribution.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import geopandas as gpd
import shapely
from PIL import Image, ImageDraw, ImageFont

from geo.classify import MISSING_COLOUR, Classification

SUPERSAMPLE = 2
ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right 2025. Source: ONS, MHCLG (OGL v3.0)."
)
_FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


@cache
def font_path() -> str | None:
    """A scalable font on this machine, or None (Pillow's own font is used then)."""
    return next((p for p in _FONT_PATHS if Path(p).is_file()), None)


def _font(size: int) -> ImageFont.ImageFont:
    path = font_path()
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


class _Projection:
    """lon/lat → pixels, fitting ``bounds`` in a box with a margin."""

    def __init__(self, bounds: tuple[float, float, float, float], box: tuple[int, int, int, int]):
        minx, miny, maxx, maxy = bounds
        self.k = math.cos(math.radians((miny + maxy) / 2))
        left, top, right, bottom = box
        width, height = (maxx - minx) * self.k or 1e-9, (maxy - miny) or 1e-9
        self.scale = min((right - left) / width, (bottom - top) / height)
        self.x0 = left + ((right - left) - width * self.scale) / 2 - minx * self.k * self.scale
        self.y0 = top + ((bottom - top) - height * self.scale) / 2 + maxy * self.scale

    def __call__(self, coords: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(self.x0 + x * self.k * self.scale, self.y0 - y * self.scale) for x, y in coords]


def _polygons(geom: shapely.Geometry) -> Iterable[shapely.Polygon]:
    if geom is None or geom.is_empty:
        return []
    if isinstance(geom, shapely.Polygon):
        return [geom]
    return [g for g in getattr(geom, "geoms", []) if isinstance(g, shapely.Polygon)]


def _draw_shape(
    draw: ImageDraw.ImageDraw, project: _Projection, geom, *, fill, outline, width
) -> None:
    for polygon in _polygons(geom):
        draw.polygon(project(polygon.exterior.coords), fill=fill, outline=None)
        for hole in polygon.interiors:
            draw.polygon(project(hole.coords), fill="#ffffff")
        if outline:
            draw.line(project(polygon.exterior.coords), fill=outline, width=width, joint="curve")


def render(
    areas: gpd.GeoDataFrame,
    colours: dict[str, str | None],
    *,
    highlight: Iterable[str] = (),
    bounds: tuple[float, float, float, float] | None = None,
    title: str = "",
    legend: list[tuple[str, str]] | None = None,
    legend_title: str = "",
    size: tuple[int, int] = (1200, 900),
    fmt: str = "PNG",
) -> bytes:
    """A PNG (or JPEG) map of ``areas`` (``code``, ``geometry``) filled with ``colours``.

    A colour of None leaves the shape unfilled (an outline drawn over other areas).

    Parameters
    ----------
    highlight
        Codes outlined thickly (black under white, readable on any fill).
    bounds
        lon/lat box to show; defaults to all areas.
    legend
        (colour, label) rows drawn in a panel on the right.
    """
    width, height = size
    s = SUPERSAMPLE
    image = Image.new("RGB", (width * s, height * s), "#ffffff")
    draw = ImageDraw.Draw(image)
    title_h = 70 * s if title else 20 * s
    legend_w = 330 * s if legend else 0
    footer_h = 40 * s
    box = (20 * s, title_h, width * s - legend_w - 20 * s, height * s - footer_h)
    # The map is drawn on its own canvas and pasted in, so shapes reaching beyond the
    # view are cut at its edge instead of running under the legend.
    canvas = Image.new("RGB", (box[2] - box[0], box[3] - box[1]), "#ffffff")
    pen = ImageDraw.Draw(canvas)
    project = _Projection(bounds or tuple(areas.total_bounds), (0, 0, canvas.width, canvas.height))
    codes = list(areas["code"])
    # Largest first: an area's holes are painted white, and an area lying in another's
    # hole (an enclave) must be drawn after it, or it would vanish under that white.
    for i in sorted(range(len(codes)), key=lambda i: -areas.geometry.iloc[i].area):
        code, geom = codes[i], areas.geometry.iloc[i]
        fill = colours.get(code, MISSING_COLOUR)
        if fill is not None:
            _draw_shape(pen, project, geom, fill=fill, outline="#ffffff", width=s)
    chosen = set(highlight)
    for code, geom in zip(codes, areas.geometry, strict=True):
        if code in chosen:
            _draw_shape(pen, project, geom, fill=None, outline="#000000", width=7 * s)
            _draw_shape(pen, project, geom, fill=None, outline="#ffffff", width=3 * s)
    image.paste(canvas, box[:2])
    if title:
        draw.text((20 * s, 18 * s), title, fill="#111111", font=_font(30 * s))
    if legend:
        x, y = width * s - legend_w + 10 * s, title_h + 10 * s
        if legend_title:
            draw.text((x, y), legend_title, fill="#111111", font=_font(18 * s))
            y += 34 * s
        for colour, label in legend:
            draw.rectangle([x, y, x + 28 * s, y + 20 * s], fill=colour, outline="#555555", width=s)
            draw.text((x + 38 * s, y - 2 * s), label, fill="#111111", font=_font(17 * s))
            y += 30 * s
    draw.text((20 * s, height * s - 30 * s), ATTRIBUTION, fill="#444444", font=_font(14 * s))
    out = io.BytesIO()
    final = image.resize(size, Image.Resampling.LANCZOS)
    if fmt == "JPEG":
        final.save(out, format="JPEG", quality=88)
    else:
        final.save(out, format="PNG", optimize=True)
    return out.getvalue()


def choropleth_png(
    display: gpd.GeoDataFrame,
    classification: Classification,
    *,
    title: str,
    highlight: Iterable[str] = (),
    size: tuple[int, int] = (1200, 900),
) -> bytes:
    """The map page's choropleth as a PNG, with its legend."""
    colours = {code: classification.colour_of(code) for code in display["code"]}
    legend = [
        (colour, f"{label} ({count})") for colour, label, count in reversed(classification.legend())
    ]
    return render(
        display,
        colours,
        highlight=highlight,
        title=title,
        legend=legend,
        legend_title=classification.legend_title,
        size=size,
    )


def area_in_context(
    areas: gpd.GeoDataFrame,
    colours: dict[str, str],
    focus: shapely.Geometry,
    codes: Iterable[str],
    *,
    title: str = "",
    legend: list[tuple[str, str]] | None = None,
    legend_title: str = "",
    size: tuple[int, int] = (1200, 900),
    fmt: str = "PNG",
) -> bytes:
    """An area (outlined) among its neighbours: the view is the area plus a margin."""
    minx, miny, maxx, maxy = focus.bounds
    pad_x, pad_y = max((maxx - minx) * 0.6, 0.02), max((maxy - miny) * 0.6, 0.012)
    bounds = (minx - pad_x, miny - pad_y, maxx + pad_x, maxy + pad_y)
    box = shapely.box(*bounds)
    nearby = areas[areas.geometry.intersects(box)]
    return render(
        nearby,
        colours,
        highlight=codes,
        bounds=bounds,
        title=title,
        legend=legend,
        legend_title=legend_title,
        size=size,
        fmt=fmt,
    )
