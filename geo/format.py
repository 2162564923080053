"""Numbers as people read them: units, ranks "of" England, "no data" for gaps."""

from __future__ import annotations

import math

from geo.catalog import Indicator

NO_DATA = "no data"


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' missing markers."""
    if value is None:
        return True
    try:
        return bool(math.isnan(value))  # type: ignore[arg-type]
    except TypeError:
        return str(value) in ("<NA>", "NaT", "")


def format_number(value: float, decimals: int | None = None) -> str:
    """A number with thousands separators; small magnitudes keep two decimals."""
    if decimals is None:
        decimals = (
            0 if float(value).is_integer() and abs(value) >= 10 else (1 if abs(value) >= 10 else 2)
        )
    return f"{value:,.{decimals}f}"


def format_value(ind: Indicator, value: object, *, with_unit: bool = True) -> str:
    """Format one value of ``ind`` for display.

    Examples: ``23.4%``, ``1,289 people``, ``4,210 of 33,755``, ``3 of 10``, ``12.35``.
    """
    if is_missing(value):
        return NO_DATA
    if ind.kind == "category":
        return str(value)
    number = float(value)  # type: ignore[arg-type]
    if ind.kind == "percent":
        return f"{number:.1f}%"
    if ind.kind == "count":
        text = f"{number:,.0f}"
        return f"{text} {ind.unit}" if with_unit else text
    if ind.kind == "rank":
        text = f"{number:,.0f}"
        total = ind.source.england_areas
        return f"{text} of {total:,}" if with_unit and total else text
    if ind.kind == "decile":
        return f"{number:.0f} of 10" if with_unit else f"{number:.0f}"
    return format_number(number)


def unit_label(ind: Indicator) -> str:
    """Short unit words for axis titles and table headers."""
    return {
        "percent": "%",
        "rank": "rank in England (1 = most deprived)",
        "decile": "England decile (1 = most deprived)",
    }.get(ind.kind, ind.unit)
