"""QR codes for packs and slides, drawn offline by segno (pure Python, from PyPI).

A handout or a projected slide carries a code people can scan to open the area's live
profile or to share a story about it. Error correction "M" survives a smudged print or
a projector's glare; the quiet zone (four modules) is kept, as scanners need it.
"""

from __future__ import annotations

import io

import segno

ERROR = "m"
BORDER = 4


def png(url: str, *, scale: int = 8, dark: str = "#000000", light: str = "#ffffff") -> bytes:
    """PNG bytes of a QR code for ``url`` (``scale`` pixels per module, lossless)."""
    out = io.BytesIO()
    segno.make(url, error=ERROR, micro=False).save(
        out, kind="png", scale=scale, border=BORDER, dark=dark, light=light
    )
    return out.getvalue()


def svg(url: str, *, title: str, dark: str = "#000000", light: str = "#ffffff") -> str:
    """Inline SVG of a QR code for ``url`` that scales to its container."""
    out = io.BytesIO()
    segno.make(url, error=ERROR, micro=False).save(
        out,
        kind="svg",
        border=BORDER,
        dark=dark,
        light=light,
        xmldecl=False,
        svgns=True,
        title=title,
        svgclass="qr",
        omitsize=True,  # a viewBox only: CSS decides the size
    )
    return out.getvalue().decode("utf-8")
