"""Charts to PNG on the server, from their Vega-Lite specification (no browser).

vl-convert renders Vega-Lite with its own embedded engine, so the PNG is the same chart
the app shows, for downloads and the PDF area pack, with no internet.
"""

from __future__ import annotations

import altair as alt
import vl_convert

DEFAULT_WIDTH = 640


def chart_image(
    chart: alt.TopLevelMixin, *, width: int = DEFAULT_WIDTH, scale: float = 2.0, fmt: str = "png"
) -> bytes:
    """PNG (or JPEG) bytes of an Altair chart, ``width`` CSS pixels wide (times ``scale``)."""
    spec = chart.to_dict()
    spec["width"] = width  # "container" has no meaning outside a page
    spec.setdefault("background", "white")
    if fmt == "jpeg":  # smaller and quicker to embed in a PDF
        return vl_convert.vegalite_to_jpeg(spec, scale=scale, quality=90)
    return vl_convert.vegalite_to_png(spec, scale=scale)
