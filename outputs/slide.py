"""A Present slide as HTML, from the same :class:`~outputs.content.AreaContent` as the pack.

One screen at any projector size: the slide is a CSS grid sized in viewport units, so it
fills 1024 × 768, 1366 × 768 and 1920 × 1080 alike without scrolling, and its type grows
with the screen. The map is a picture drawn on the server (with place labels); its legend
is text beside it, large enough to read from the back of a room. The chart is the
profile's own Vega-Lite spec drawn as SVG (text stays text). Everything from the public
is escaped. No JavaScript.
"""

from __future__ import annotations

import base64
import re
from html import escape

from geo.charts import Citation, citation_of
from outputs import qr
from outputs.content import AreaContent

#: The slide chart's own drawing sizes (width, plot height): it is scaled to its cell, so
#: a wide screen gets the wide drawing and a 4:3 projector the narrow one.
CHART_SIZES = {"wide": (900, 150), "narrow": (680, 150)}


def chart_spec(spec: dict, plot_height: int = 150) -> dict:
    """The profile chart re-laid for a slide: a short plot with its legend at the side,
    the citation on longer lines, bigger type, and the vertical axis's title set level
    above the axis (read from across a room)."""
    out = dict(spec)
    out["height"] = plot_height
    cite = citation_of(spec)
    if cite:
        out["title"] = {
            **dict(spec.get("title") or {}),
            "text": cite["title"],
            "subtitle": Citation(**cite).subtitle(width=84),
        }

    def merged(part: str, **values: object) -> dict:
        return {**dict((spec.get("config") or {}).get(part) or {}), **values}

    out["config"] = {
        **dict(spec.get("config") or {}),
        "legend": merged("legend", orient="right", labelFontSize=17, titleFontSize=17),
        "title": merged("title", fontSize=23, subtitleFontSize=16),
        "axis": merged("axis", labelFontSize=16, titleFontSize=16),
        "axisY": merged(
            "axisY", titleAngle=0, titleAlign="left", titleAnchor="end", titleY=-12, titleX=-30
        ),
    }
    return out


def _figure(figure) -> str:
    return (
        "<div class='fig'>"
        f"<p class='fig-value'>{escape(figure.value)}</p>"
        f"<div><p class='fig-label'>{escape(figure.label)}</p>"
        f"<p class='fig-context'>{escape(figure.brief)}</p>"
        f"<p class='fig-source'>{escape(figure.short_source)}</p></div>"
        "</div>"
    )


def _quote(area: AreaContent) -> str:
    if not area.quotes:
        return (
            "<p class='quote-empty'>No stories about this area yet. "
            f"Be the first: {escape(area.links[1].short)}</p>"
        )
    quote = area.quotes[0]
    badge = " <span class='badge'>Example — not a real account</span>" if quote.is_example else ""
    return (
        f"<blockquote><p>“{escape(quote.text)}”</p>"
        f"<footer>— {escape(quote.author)}, <cite>{escape(quote.title)}</cite> "
        f"({escape(quote.period)}){badge}</footer></blockquote>"
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def svg_image(svg: str, alt: str, css_class: str) -> str:
    """An SVG as an ``<img>`` (the page's HTML sanitiser keeps images, not inline SVG)."""
    data = _b64(svg.encode("utf-8"))
    return f"<img class='{css_class}' src='data:image/svg+xml;base64,{data}' alt='{escape(alt)}'>"


def _links(area: AreaContent) -> str:
    """QR codes (always dark on light: scanners expect it) with their short links."""
    cells = []
    for link in area.links:
        code = qr.svg(link.url, title=f"QR code: {link.label}")
        cells.append(
            f"<figure class='qr-cell'>{svg_image(code, f'QR code: {link.label}', 'qr')}"
            f"<figcaption><b>{escape(link.label)}</b><br>{escape(link.short)}</figcaption>"
            "</figure>"
        )
    return f"<div class='codes'>{''.join(cells)}</div>"


def html(
    area: AreaContent,
    *,
    map_png: bytes,
    legend_title: str,
    legend: list[tuple[str, str]],
    charts: dict[str, bytes],
    chart_alt: str = "",
    high_contrast: bool = False,
) -> str:
    """The slide's HTML (its heading, the area's name, is drawn by the page as its h1)."""
    ink, paper, muted = (
        ("#ffffff", "#000000", "#ffffff") if high_contrast else ("#111111", "#ffffff", "#3d3d3d")
    )
    picture = _b64(map_png)
    keys = "".join(
        f"<li><span class='swatch' style='background:{escape(colour)}'></span>"
        f"{escape(_short_class(label))}</li>"
        for colour, label in legend
    )
    chart = "".join(
        f"<img class='chart-{shape}' src='data:image/png;base64,{_b64(png)}' "
        f"alt='{escape(chart_alt)}'>"
        for shape, png in charts.items()
    )
    colours = f"--ink:{ink};--paper:{paper};--muted:{muted}"
    alt = (
        f"Map of {escape(area.name)} among its neighbourhoods, coloured by England "
        "deprivation decile, with nearby places named"
    )
    return f"""
<div class="slide" style="{colours}">
  <div class="head"><p class="kind">{escape(area.identity)}
    {"".join(f" · {escape(p)}" for p in area.place[:1])}</p></div>
  <div class="map">
    <img src="data:image/png;base64,{picture}" alt="{alt}">
    <div class="key"><p class="key-title">{escape(legend_title)}</p><ul>{keys}</ul>
      <p class="key-note">Outlined: {escape(area.name)}</p></div>
  </div>
  <div class="side">
    <div class="figures">{"".join(_figure(f) for f in area.figures)}</div>
    <div class="quote">{_quote(area)}</div>
  </div>
  <div class="chart">{chart}</div>
  <div class="links">{_links(area)}
    <p class="attribution">{escape(area.attribution)}</p></div>
</div>
"""


def _short_class(label: str) -> str:
    """ "Decile 1 (most deprived 10%)" → "1 most deprived": short enough to read large."""
    found = re.fullmatch(r"Decile (\d+)(?: \((most|least) deprived.*\))?", label)
    if not found:
        return label
    number, end = found.groups()
    return f"{number} {end} deprived" if end else number


#: Slide layout. Sizes are in viewport units so the slide fits any screen; the page adds
#: the rules that place it (full window or in the page) and size its heading.
CSS = """
.slide { box-sizing: border-box; height: 100%; width: 100%; overflow: hidden;
  display: grid; gap: 1.2vh 2vw; padding: 0 2.2vw 1vh;
  grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr);
  grid-template-rows: auto minmax(0, 1fr) 31vh;
  grid-template-areas: "head head" "map side" "chart links";
  background: var(--paper); color: var(--ink);
  font-size: clamp(12px, 2.1vh, 30px); line-height: 1.25; }
.slide p, .slide li, .slide figcaption, .slide blockquote { margin: 0; color: var(--ink);
  font-size: 1em; line-height: 1.25; }
.slide .head { grid-area: head; }
.slide .kind { color: var(--muted); }
.slide .map { grid-area: map; display: flex; gap: 1vw; min-height: 0; }
.slide .map img { flex: 1 1 auto; min-width: 0; height: 100%; object-fit: contain;
  object-position: left top; }
.slide .key { flex: 0 0 auto; font-size: 0.86em; max-width: 15vw; }
.slide .key-title { font-weight: 700; margin-bottom: 0.3em; }
.slide .key ul { list-style: none; margin: 0; padding: 0; font-size: inherit; }
.slide .key li { display: flex; align-items: center; gap: 0.4em; line-height: 1.2; }
.slide .swatch { display: inline-block; width: 1.1em; height: 1.1em; flex: none;
  border: 1px solid var(--ink); }
.slide .key-note { margin-top: 0.4em; font-size: 0.9em; }
.slide .side { grid-area: side; display: flex; flex-direction: column; gap: 1.2vh;
  min-height: 0; }
.slide .figures { display: flex; flex-direction: column; gap: 0.9vh; }
.slide .fig { display: grid; grid-template-columns: 5.6em minmax(0, 1fr); gap: 0.8vw;
  align-items: start; border-top: 2px solid var(--ink); padding-top: 0.5vh; }
.slide .fig-value { font-size: 1.9em; font-weight: 700; line-height: 1; }
.slide .fig-label { font-weight: 700; }
.slide .fig-context { font-size: 0.9em; }
.slide .fig-source { font-size: 0.75em; color: var(--muted); }
.slide .chart { grid-area: chart; min-height: 0; display: flex; }
.slide .chart img { width: 100%; height: 100%; object-fit: contain; object-position: left top; }
.slide .chart-narrow { display: none; }
@media (max-aspect-ratio: 3/2) {
  .slide .chart-wide { display: none; }
  .slide .chart-narrow { display: block; }
}
.slide .links { grid-area: links; min-height: 0; display: flex; flex-direction: column;
  justify-content: space-between; gap: 1vh; }
.slide .codes { display: flex; gap: 1.5vw; }
.slide .qr-cell { margin: 0; display: flex; flex-direction: column; gap: 0.4vh; }
.slide .qr-cell img { height: 17vh; width: 17vh; background: #fff; }
.slide .qr-cell figcaption { font-size: 0.78em; max-width: 19vh; overflow-wrap: anywhere; }
.slide blockquote { margin: 0; padding-left: 1vw; border-left: 4px solid var(--ink); }
.slide blockquote footer { margin-top: 0.4em; font-size: 0.85em; color: var(--muted); }
.slide .badge { font-weight: 700; }
.slide .quote-empty { font-style: italic; }
.slide .attribution { font-size: 0.6em; color: var(--muted); }
"""
