"""The A4 PDF area pack, drawn with reportlab from an :class:`~outputs.content.AreaContent`.

Everything from the public (story titles and text) is escaped before it reaches
reportlab's paragraph mark-up. Fonts are registered and styles built once per process;
the PDF's own settings are passed to each document, never set globally.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from archive.store import StoryView
from geo.artifact import Artifact
from outputs import content, qr, render, staticmap

Progress = Callable[[float, str], None]
GREY = colors.HexColor("#444444")


@cache
def _fonts() -> tuple[str, str]:
    """DejaVu Sans (regular, bold): Unicode, so story text need not be Latin-1. It ships
    with matplotlib; without it the PDF base fonts are used."""
    try:
        pdfmetrics.registerFont(TTFont("PackSans", staticmap.font_file()))
        pdfmetrics.registerFont(TTFont("PackSans-Bold", staticmap.font_file(bold=True)))
    except (OSError, TTFError):
        return "Helvetica", "Helvetica-Bold"
    return "PackSans", "PackSans-Bold"


@cache
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()

    def style(name: str, size: float, leading: float, **more: object) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=more.pop("font", regular), fontSize=size,
                              leading=leading, **more)  # fmt: skip

    return {
        "title": style("title", 20, 24, font=bold, spaceAfter=2),
        "kicker": style("kicker", 9, 11.5, textColor=GREY),
        "h2": style("h2", 13, 16, font=bold, spaceBefore=8, spaceAfter=4),
        "body": style("body", 9.5, 12.5),
        "small": style("small", 7.5, 9.5, textColor=GREY),
        "cell": style("cell", 8.5, 10.5),
        "cellbold": style("cellbold", 8.5, 10.5, font=bold),
        "qr": style("qr", 7.5, 9, alignment=1),
    }


def _text(value: object) -> str:
    """Text safe for reportlab mark-up (and for the base fonts when no TTF is found)."""
    text = escape(str(value))
    if _fonts()[0] == "Helvetica":
        return text.encode("latin-1", "replace").decode("latin-1")
    return text


def _image(data: bytes, width_mm: float) -> Image:
    image = Image(io.BytesIO(data))
    image.drawWidth = width_mm * mm
    image.drawHeight = width_mm * mm * image.imageHeight / image.imageWidth
    return image


def _links_box(area: content.AreaContent) -> Table:
    """The two QR codes with their short links: the live profile and "Share a story"."""
    styles = _styles()
    cells = [
        [
            _image(qr.png(link.url, scale=6), 26),
            Paragraph(f"<b>{_text(link.label)}</b><br/>{_text(link.short)}", styles["qr"]),
        ]
        for link in area.links
    ]
    table = Table([[c[0] for c in cells], [c[1] for c in cells]], colWidths=[40 * mm] * len(cells))
    table.setStyle(
        TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    return table


def _figures_table(area: content.AreaContent) -> Table:
    styles = _styles()
    rows = [
        [
            Paragraph("Figure", styles["cellbold"]),
            Paragraph("Value", styles["cellbold"]),
            Paragraph("In context", styles["cellbold"]),
        ]
    ]
    for figure in area.figures:
        rows.append(
            [
                Paragraph(
                    f"{_text(figure.label)}<br/><font size=6.5>{_text(figure.source)}</font>",
                    styles["cell"],
                ),
                Paragraph(f"<b>{_text(figure.value)}</b>", styles["cell"]),
                Paragraph("<br/>".join(_text(t) for t in figure.context), styles["cell"]),
            ]
        )
    table = Table(rows, colWidths=[62 * mm, 26 * mm, 92 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cccccc")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f7")),
            ]
        )
    )
    return table


def to_pdf(
    area: content.AreaContent, map_image: bytes, *, progress: Progress | None = None
) -> bytes:
    """Render an area's content, with its map (PNG or JPEG), as an A4 PDF."""
    say = progress or (lambda _f, _m: None)
    styles = _styles()
    made = datetime.now(UTC)
    heading = [
        Paragraph(_text(area.name), styles["title"]),
        Paragraph(
            _text(f"{area.identity} · Area pack made {made:%d %B %Y} · {area.publisher}"),
            styles["kicker"],
        ),
        *(Paragraph(_text(line), styles["body"]) for line in area.place),
        *(Paragraph(_text(note), styles["small"]) for note in area.notes),
    ]
    header = Table([[heading, _links_box(area)]], colWidths=[100 * mm, 80 * mm])
    header.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    )
    flow: list = [
        header,
        Spacer(1, 2 * mm),
        _image(map_image, 180),
        Paragraph(_text(area.map_caption), styles["small"]),
        Paragraph("Key figures", styles["h2"]),
        _figures_table(area),
    ]
    say(0.4, "Drawing the trend charts")
    flow.append(Paragraph("How it has changed", styles["h2"]))
    for chart in area.charts:
        flow.append(
            KeepTogether(
                [
                    _image(render.chart_image(chart.spec, width=620, scale=1.6, fmt="jpeg"), 170),
                    Paragraph(_text(chart.caption), styles["small"]),
                    *([Paragraph(_text(chart.note), styles["small"])] if chart.note else []),
                    Spacer(1, 3 * mm),
                ]
            )
        )
    say(0.8, "Adding stories and notes")
    flow.append(Paragraph("What the data says (generated from the figures)", styles["h2"]))
    for statement, source in area.insights:
        flow.append(
            Paragraph(f"• {_text(statement)} <font size=7>({_text(source)})</font>", styles["body"])
        )
    flow.append(Paragraph("Community stories", styles["h2"]))
    if not area.quotes:
        flow.append(Paragraph("No approved stories about this area yet.", styles["body"]))
    for quote in area.quotes:
        badge = " (Example — not a real account)" if quote.is_example else ""
        flow += [
            Paragraph(f"<b>{_text(quote.title)}</b>{_text(badge)}", styles["body"]),
            Paragraph(
                _text(f"{quote.period} · {quote.author} · licence {quote.licence}"),
                styles["small"],
            ),
            Paragraph(_text(quote.text), styles["body"]),
            Spacer(1, 2 * mm),
        ]
    flow.append(
        Paragraph(
            _text(
                f"Your story belongs here too: {area.links[1].short} (or scan the code on "
                "page 1). A moderator reads every story before it appears."
            ),
            styles["body"],
        )
    )
    flow.append(Paragraph("Notes on the data", styles["h2"]))
    flow += [Paragraph(f"• {_text(note)}", styles["small"]) for note in area.data_notes]
    flow += [Spacer(1, 3 * mm), Paragraph(_text(area.attribution), styles["small"])]

    regular = _fonts()[0]

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(regular, 7)
        canvas.setFillColor(GREY)
        canvas.drawString(
            15 * mm,
            9 * mm,
            _text(f"{area.name} · {area.publisher} · Open Government Licence v3.0").replace(
                "&amp;", "&"
            ),
        )
        canvas.drawRightString(195 * mm, 9 * mm, f"Page {doc.page}")
        canvas.restoreState()

    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=f"Area pack: {area.name}",
        author=area.publisher,
    ).build(flow, onFirstPage=footer, onLaterPages=footer)
    say(1.0, "Ready")
    return out.getvalue()


def area_pack(
    artifact: Artifact,
    geography: str,
    code: str,
    stories: Iterable[StoryView] = (),
    *,
    base_url: str,
    progress: Progress | None = None,
) -> bytes:
    """The A4 PDF pack of one area, with links (and QR codes) to ``base_url``."""
    say = progress or (lambda _f, _m: None)
    say(0.05, "Gathering the figures")
    area = content.pack(artifact, geography, code, stories, base_url=base_url)
    say(0.1, "Drawing the map")
    picture = staticmap.area_map(artifact, geography, code, size=(1200, 760), fmt="JPEG")
    return to_pdf(area, picture, progress=progress)
