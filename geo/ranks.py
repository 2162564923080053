"""Where an area stands in the county, in numbers and in words.

Rank 1 is the area with the most need (or, for measures where neither direction means
more need, the highest value), so "1st" reads the same way on every map and profile.
"""

from __future__ import annotations

import pandas as pd

from geo.catalog import Indicator


def need_ranks(values: pd.Series, ind: Indicator) -> pd.Series:
    """Rank of each area in the county: 1 = most need (or highest, without a direction)."""
    ascending = ind.more_need == "lower"
    return pd.to_numeric(values, errors="coerce").rank(ascending=ascending, method="min")


def ordinal(n: int) -> str:
    """1 → '1st', 2 → '2nd', 11 → '11th'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def superlative(ind: Indicator) -> str:
    """'more deprived' → 'most deprived'."""
    label = ind.need_label
    return "most " + label[5:] if label.startswith("more ") else label
