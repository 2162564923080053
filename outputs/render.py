"""Charts to PNG or SVG on the server, from their Vega-Lite specification (no browser).

vl-convert renders Vega-Lite with its own embedded engine. Downloads, PDF packs and
slides all start from the very spec the app shows on screen (title, area, source and
legends included, see :func:`geo.charts.frame`); only the width is fixed, because
"container" has no meaning outside a page.
"""

from __future__ import annotations

import io

import vl_convert
from PIL import Image

from geo.charts import high_contrast as on_black

DEFAULT_WIDTH = 640


def prepared(spec: dict, *, width: int = DEFAULT_WIDTH, high_contrast: bool = False) -> dict:
    """The spec as it is handed to the renderer: a fixed width and a solid background."""
    out = on_black(spec) if high_contrast else dict(spec)
    out["width"] = width
    out.setdefault("background", "white")
    return out


def chart_image(
    spec: dict,
    *,
    width: int = DEFAULT_WIDTH,
    scale: float = 2.0,
    fmt: str = "png",
    high_contrast: bool = False,
) -> bytes:
    """PNG (or JPEG) bytes of a chart, ``width`` CSS pixels wide (times ``scale``)."""
    ready = prepared(spec, width=width, high_contrast=high_contrast)
    if fmt == "jpeg":  # smaller and quicker to embed in a PDF
        return vl_convert.vegalite_to_jpeg(ready, scale=scale, quality=90)
    return vl_convert.vegalite_to_png(ready, scale=scale)


def chart_svg(spec: dict, *, width: int = DEFAULT_WIDTH, high_contrast: bool = False) -> str:
    """SVG markup of a chart (text stays text: it scales on a projector and can be read
    by assistive technology)."""
    return vl_convert.vegalite_to_svg(prepared(spec, width=width, high_contrast=high_contrast))


def palette_png(png: bytes, colours: int = 64) -> bytes:
    """The same picture with at most ``colours`` colours: a third of the size for charts
    and maps (flat fills, a few text shades), for pages that send pictures inline."""
    with Image.open(io.BytesIO(png)) as image:
        out = io.BytesIO()
        image.convert("RGB").quantize(colours).save(out, format="PNG", optimize=True)
    return out.getvalue()
