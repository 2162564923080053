"""The A4 PDF area pack: map, key figures, trends, stories, notes and attribution.

Built with reportlab on the server. Everything from the public (story titles and text)
is escaped before it reaches reportlab's paragraph mark-up.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
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
from archive.text import excerpt
from geo import profile
from geo.artifact import Artifact
from geo.catalog import ATTRIBUTION
from geo.classify import classify
from geo.insights import area_insights
from outputs import render, staticmap

Progress = Callable[[float, str], None]

NOTES = (
    "LSOAs (neighbourhoods of about 1,500 people) do not nest in electoral divisions: division "
    "figures are built from LSOAs and are approximate.",
    "Each edition of the Indices of Deprivation ranks England's LSOAs afresh, so editions are "
    "compared by percentile or decile, never by score.",
    "Some LSOAs were split or merged in 2011 and 2021; their history follows the ONS lookups "
    "and is flagged where boundaries changed.",
    "Fuel poverty changed its measure in 2019 (LIHC to LILEE): years either side are not "
    "comparable.",
)


@cache
def _fonts() -> tuple[str, str]:
    """A Unicode font when one is installed (story text is not only Latin-1)."""
    path = staticmap.font_path()
    bold = path.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf") if path else None
    if path and path.endswith(".ttf"):
        try:
            pdfmetrics.registerFont(TTFont("PackSans", path))
            pdfmetrics.registerFont(
                TTFont("PackSans-Bold", bold if bold and Path(bold).is_file() else path)
            )
            return "PackSans", "PackSans-Bold"
        except Exception:  # a broken font file: fall back to the PDF base fonts
            pass
    return "Helvetica", "Helvetica-Bold"


def _text(value: object) -> str:
    """Text safe for reportlab mark-up (and for the base fonts when no TTF is found)."""
    return _plain(escape(str(value)))


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle(
            "title",
            parent=base["Title"],
            fontName=bold,
            fontSize=20,
            leading=24,
            alignment=0,
            spaceAfter=2,
        ),
        "kicker": ParagraphStyle(
            "kicker",
            parent=base["Normal"],
            fontName=regular,
            fontSize=9,
            textColor=colors.HexColor("#555555"),
        ),
        "h2": ParagraphStyle(
            "h2", parent=base["Heading2"], fontName=bold, fontSize=13, spaceBefore=8, spaceAfter=4
        ),
        "body": ParagraphStyle(
            "body", parent=base["Normal"], fontName=regular, fontSize=9.5, leading=12.5
        ),
        "small": ParagraphStyle(
            "small",
            parent=base["Normal"],
            fontName=regular,
            fontSize=7.5,
            leading=9.5,
            textColor=colors.HexColor("#444444"),
        ),
        "cell": ParagraphStyle(
            "cell", parent=base["Normal"], fontName=regular, fontSize=8.5, leading=10.5
        ),
        "cellbold": ParagraphStyle(
            "cellbold", parent=base["Normal"], fontName=bold, fontSize=8.5, leading=10.5
        ),
    }


def _image(data: bytes, width_mm: float) -> Image:
    image = Image(io.BytesIO(data))
    ratio = image.imageHeight / image.imageWidth
    image.drawWidth = width_mm * mm
    image.drawHeight = width_mm * mm * ratio
    return image


def area_map_png(
    artifact: Artifact, geography: str, code: str, *, size=(1200, 900), fmt: str = "PNG"
) -> bytes:
    """The area outlined among its neighbours, LSOAs coloured by IMD 2025 England decile."""
    lsoas = artifact.areas("lsoa21", display=True)
    ind = artifact.registry.get("imd2025_decile")
    classes = classify(artifact.values("lsoa21")[ind.id], ind, "england_deciles", 5)
    colours: dict[str, str | None] = {c: classes.colour_of(c) for c in lsoas["code"]}
    area = artifact.areas(geography, display=True)
    focus = area.loc[area["code"] == code].geometry.iloc[0]
    outline = area[area["code"] == code]
    legend = [(colour, label) for colour, label, _ in reversed(classes.legend())][:10]
    # Draw LSOAs, then outline the area itself (an LSOA, or a division over its LSOAs).
    layers = (
        lsoas if geography == "lsoa21" else pd.concat([lsoas, outline.assign(code=f"area:{code}")])
    )
    colours[f"area:{code}"] = None
    highlight = [code] if geography == "lsoa21" else [f"area:{code}"]
    return staticmap.area_in_context(
        layers,
        colours,
        focus,
        highlight,
        title="",
        legend=legend,
        legend_title="IMD 2025 England decile",
        size=size,
        fmt=fmt,
    )


def area_pack(
    artifact: Artifact,
    geography: str,
    code: str,
    stories: Iterable[StoryView] = (),
    *,
    progress: Progress | None = None,
) -> bytes:
    """The A4 PDF pack of one area."""
    say = progress or (lambda _f, _m: None)
    styles = _styles()
    summary = profile.summary(artifact, geography, code)
    say(0.1, "Drawing the map")
    story: list = [
        Paragraph(_text(summary.name), styles["title"]),
        Paragraph(
            _text(
                f"{summary.kind} · {summary.code} · Area pack made "
                f"{datetime.now(UTC):%d %B %Y} · Northumberland Living Archive Data Observatory"
            ),
            styles["kicker"],
        ),
        Spacer(1, 4 * mm),
    ]
    for label, parent, name in summary.belongs_to:
        story.append(Paragraph(_text(f"In {name} ({label}, {parent})"), styles["body"]))
    for note in summary.notes:
        story.append(Paragraph(_text(note), styles["small"]))
    figures = profile.figures(artifact, geography, code, artifact.registry.profile_indicators)
    rows = [
        [
            Paragraph("<b>Figure</b>", styles["cellbold"]),
            Paragraph("<b>Value</b>", styles["cellbold"]),
            Paragraph("<b>In context</b>", styles["cellbold"]),
        ]
    ]
    for figure in figures:
        context = "<br/>".join(
            _text(t) for t in (figure.rank_text, figure.england_text, figure.county_text) if t
        )
        rows.append(
            [
                Paragraph(
                    _text(figure.indicator.label)
                    + f"<br/><font size=6.5>{_text(figure.indicator.caption)}</font>",
                    styles["cell"],
                ),
                Paragraph(f"<b>{_text(figure.text)}</b>", styles["cell"]),
                Paragraph(context, styles["cell"]),
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
    story += [
        Spacer(1, 3 * mm),
        _image(area_map_png(artifact, geography, code, size=(1200, 760), fmt="JPEG"), 180),
        Paragraph(
            _text(
                "The area outlined among its neighbourhoods, coloured by England deprivation "
                "decile (IoD 2025, MHCLG; 1 = most deprived 10%)."
            ),
            styles["small"],
        ),
        Paragraph("Key figures", styles["h2"]),
        table,
    ]

    say(0.4, "Drawing the trend charts")
    second = profile.domains_chart if geography == "lsoa21" else profile.census_chart
    charts = profile.trend_charts(artifact, geography, code, (profile.imd_history_chart, second))
    story.append(Paragraph("How it has changed", styles["h2"]))
    for chart in charts:
        story.append(
            KeepTogether(
                [
                    Paragraph(f"<b>{_text(chart.title)}</b>", styles["body"]),
                    _image(render.chart_image(chart.chart, width=620, scale=1.6, fmt="jpeg"), 170),
                    Paragraph(_text(chart.caption), styles["small"]),
                    *([Paragraph(_text(chart.note), styles["small"])] if chart.note else []),
                    Spacer(1, 3 * mm),
                ]
            )
        )

    say(0.8, "Adding stories and notes")
    story.append(Paragraph("What the data says (generated from the figures)", styles["h2"]))
    for insight in area_insights(artifact, geography, code):
        story.append(
            Paragraph(
                f"• {_text(insight.text)} <font size=7>({_text(insight.source)})</font>",
                styles["body"],
            )
        )
    chosen = list(stories)[:3]
    story.append(Paragraph("Community stories", styles["h2"]))
    if not chosen:
        story.append(Paragraph("No approved stories about this area yet.", styles["body"]))
    for item in chosen:
        badge = " (Example — not a real account)" if item.is_example else ""
        story += [
            Paragraph(f"<b>{_text(item.title)}</b>{_text(badge)}", styles["body"]),
            Paragraph(
                _text(f"{item.period} · {item.author} · licence {item.licence}"), styles["small"]
            ),
            Paragraph(_text(excerpt(item.body, 420)), styles["body"]),
            Spacer(1, 2 * mm),
        ]
    story.append(Paragraph("Notes on the data", styles["h2"]))
    for note in NOTES:
        story.append(Paragraph(f"• {_text(note)}", styles["small"]))
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph(_text(ATTRIBUTION), styles["small"]))

    out = io.BytesIO()
    regular = _fonts()[0]
    rl_config.useA85 = 0  # binary image streams: ASCII85 encoding is slow pure Python

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(regular, 7)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(
            15 * mm,
            9 * mm,
            _plain(
                f"{summary.name} · Northumberland Living Archive Data "
                f"Observatory · Open Government Licence v3.0"
            ),
        )
        canvas.drawRightString(195 * mm, 9 * mm, f"Page {doc.page}")
        canvas.restoreState()

    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=f"Area pack: {summary.name}",
        author="Northumberland Living Archive Data Observatory",
    ).build(story, onFirstPage=footer, onLaterPages=footer)
    say(1.0, "Ready")
    return out.getvalue()


def _plain(text: str) -> str:
    """Text the base fonts can show, when no TrueType font was found."""
    return (
        text if _fonts()[0] != "Helvetica" else text.encode("latin-1", "replace").decode("latin-1")
    )
