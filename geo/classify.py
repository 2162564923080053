"""Put areas into colour classes for a choropleth: one facade over several schemes.

Whatever the indicator's direction, the darkest colour always means the most need: for
measures where *lower* means more need (ranks, deciles) the palette is turned round.
Degenerate data does not raise: all-equal values, fewer distinct values than classes and
missing values are handled and explained in ``notes``, which the page shows.
"""

from __future__ import annotations

import functools
import math
import warnings
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd
from branca.utilities import color_brewer

from geo.catalog import Indicator
from geo.format import format_value

SCHEMES: dict[str, str] = {
    "quantiles": "Quantiles (similar numbers of areas in each class)",
    "natural_breaks": "Natural breaks (Fisher-Jenks)",
    "equal_interval": "Equal intervals",
    "england_deciles": "England deciles (deprivation measures)",
}
DEFAULT_SCHEME = "quantiles"
DEFAULT_K = 5
MIN_K, MAX_K = 3, 9

#: Sequential, colour-blind-safe ColorBrewer palettes (light to dark).
NEED_PALETTE = "YlGnBu"
NEUTRAL_PALETTE = "PuRd"
#: Okabe and Ito's palette, readable with every common colour-vision deficiency.
CATEGORY_COLOURS = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
)  # fmt: skip
MISSING_COLOUR = "#d9d9d9"

_MAPCLASSIFY = {
    "quantiles": "quantiles",
    "natural_breaks": "fisher_jenks",
    "equal_interval": "equal_interval",
}


@dataclass(frozen=True)
class Classification:
    """Classes of a map: one entry per class, in order of increasing need.

    ``classes`` gives each area's class index (``<NA>`` where there is no value).
    """

    scheme: str
    labels: tuple[str, ...]
    colours: tuple[str, ...]
    counts: tuple[int, ...]
    classes: pd.Series
    legend_title: str
    notes: tuple[str, ...] = ()

    @property
    def k(self) -> int:
        return len(self.labels)

    @property
    def missing(self) -> int:
        return int(self.classes.isna().sum())

    def colour_of(self, code: str) -> str:
        """Fill colour of one area."""
        cls = self.classes.get(code)
        return MISSING_COLOUR if cls is None or pd.isna(cls) else self.colours[int(cls)]

    def legend(self) -> list[tuple[str, str, int]]:
        """(colour, label, number of areas) rows, most need last, plus "no data"."""
        rows = list(zip(self.colours, self.labels, self.counts, strict=True))
        if self.missing:
            rows.append((MISSING_COLOUR, "No data", self.missing))
        return rows


def legend_title(ind: Indicator) -> str:
    """Plain words for the legend: what darker means."""
    if ind.more_need == "neither":
        return "Darker = higher values"
    return f"Darker = {ind.need_label}"


@functools.cache
def palette(n: int, *, need: bool) -> tuple[str, ...]:
    """``n`` colours from light to dark (computed once per size: branca interpolates)."""
    colours = tuple(color_brewer(NEED_PALETTE if need else NEUTRAL_PALETTE, max(n, 3)))
    return colours[-n:] if n < 3 else colours  # 1 or 2 classes: use the darker end


def available_schemes(ind: Indicator) -> list[str]:
    """Schemes that make sense for ``ind`` (England deciles only for IoD measures)."""
    schemes = [s for s in SCHEMES if s != "england_deciles"]
    if ind.kind == "decile" or ind.decile_indicator:
        schemes.append("england_deciles")
    return schemes


def classify(
    values: pd.Series,
    ind: Indicator,
    scheme: str = DEFAULT_SCHEME,
    k: int = DEFAULT_K,
    *,
    england_deciles: pd.Series | None = None,
) -> Classification:
    """Classify numeric ``values`` (indexed by area code) for a map.

    Parameters
    ----------
    values
        The indicator's values.
    ind
        The indicator: its direction decides which end is darkest.
    scheme
        A key of :data:`SCHEMES`.
    k
        Number of classes, 3 to 9 (England deciles always use 10).
    england_deciles
        Published England deciles of the same areas, for ``"england_deciles"``.

    Raises
    ------
    ValueError
        For an unknown scheme, ``k`` out of range, or England deciles without deciles.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"Unknown classification {scheme!r}; choose one of {', '.join(SCHEMES)}.")
    if not MIN_K <= k <= MAX_K:
        raise ValueError(f"Choose between {MIN_K} and {MAX_K} classes (got {k}).")
    if ind.kind == "category":
        return categorical(values, ind)
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    notes: list[str] = []
    present = numbers.dropna()
    if len(present) < len(numbers):
        notes.append(f"{len(numbers) - len(present)} of {len(numbers)} areas have no data (grey).")

    if scheme == "england_deciles":
        deciles = numbers if ind.kind == "decile" else england_deciles
        if deciles is None:
            raise ValueError(f"{ind.label} has no England deciles.")
        return _england_deciles(deciles.reindex(numbers.index), ind, notes)

    if present.empty:
        notes.append("No area has a value for this indicator here.")
        return _build(scheme, numbers, [], ind, notes)
    if present.nunique() == 1:
        notes.append(f"Every area has the same value ({_fmt(ind, present.iloc[0])}): one class.")
        return _build(scheme, numbers, [float(present.iloc[0])], ind, notes)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mapclassify warns about ties and missing numba
        bins = mapclassify.classify(present.to_numpy(), _MAPCLASSIFY[scheme], k=k).bins
    bounds = sorted(set(float(b) for b in bins))
    if scheme != "equal_interval":
        bounds = _drop_empty(present, bounds)
    if len(bounds) < k:
        notes.append(
            f"Only {len(bounds)} classes: too many areas share the same values for {k} "
            "classes of this kind."
        )
    return _build(scheme, numbers, bounds, ind, notes)


def categorical(values: pd.Series, ind: Indicator) -> Classification:
    """One class per category, most common first, in colour-blind-safe colours."""
    present = values.dropna().astype(str)
    order = present.value_counts()
    order = order.sort_index().sort_values(ascending=False, kind="stable")
    notes = []
    if len(order) > len(CATEGORY_COLOURS):
        notes.append(f"Only the {len(CATEGORY_COLOURS) - 1} most common classes have own colours.")
        keep = list(order.index[: len(CATEGORY_COLOURS) - 1])
        present = present.where(present.isin(keep), "Other")
        order = present.value_counts()
    labels = tuple(order.index)
    index = {label: i for i, label in enumerate(labels)}
    classes = present.map(index).reindex(values.index).astype("Int64")
    return Classification(
        scheme="categories",
        labels=labels,
        colours=CATEGORY_COLOURS[: len(labels)],
        counts=tuple(int(c) for c in order.to_numpy()),
        classes=classes,
        legend_title="Colours show classes, not more or less need",
        notes=tuple(notes),
    )


def _england_deciles(deciles: pd.Series, ind: Indicator, notes: list[str]) -> Classification:
    # Decile 1 is the most deprived 10% of England: class 9 (darkest) is decile 1.
    d = pd.to_numeric(deciles, errors="coerce")
    classes = (10 - d).astype("Int64")
    labels = tuple(
        f"Decile {n}"
        + (" (most deprived 10%)" if n == 1 else " (least deprived 10%)" if n == 10 else "")
        for n in range(10, 0, -1)
    )
    counts = tuple(int((classes == i).sum()) for i in range(10))
    notes.append("Fixed classes: where each area stands among all LSOAs in England.")
    return Classification(
        scheme="england_deciles",
        labels=labels,
        colours=tuple(palette(10, need=True)),
        counts=counts,
        classes=classes,
        legend_title="Darker = more deprived, relative to England",
        notes=tuple(notes),
    )


def _drop_empty(present: pd.Series, bounds: list[float]) -> list[float]:
    """Remove upper bounds whose class would hold no area (ties in quantiles)."""
    kept: list[float] = []
    lower = -math.inf
    for upper in bounds:
        if ((present > lower) & (present <= upper)).any():
            kept.append(upper)
            lower = upper
    if kept and kept[-1] < present.max():
        kept[-1] = float(present.max())
    return kept


def _build(
    scheme: str, numbers: pd.Series, bounds: list[float], ind: Indicator, notes: list[str]
) -> Classification:
    raw = pd.Series(pd.NA, index=numbers.index, dtype="Int64")
    present = numbers.notna()
    if bounds:
        idx = np.searchsorted(np.array(bounds), numbers[present].to_numpy(), side="left")
        raw[present] = np.minimum(idx, len(bounds) - 1)
    lows = [float(numbers.min()), *bounds[:-1]] if bounds else []
    labels = [
        _fmt(ind, lo) if lo == hi else f"{_fmt(ind, lo)} to {_fmt(ind, hi)}"
        for lo, hi in zip(lows, bounds, strict=True)
    ]
    counts = [int((raw == i).sum()) for i in range(len(bounds))]
    colours = palette(len(bounds), need=ind.more_need != "neither") if bounds else []
    if ind.more_need == "lower":
        # Low values mean more need: reverse so the lowest class is darkest and the
        # classes still run from least to most need.
        order = list(range(len(bounds)))[::-1]
        raw = (len(bounds) - 1 - raw).astype("Int64")
        labels = [labels[i] for i in order]
        counts = [counts[i] for i in order]
    return Classification(
        scheme=scheme,
        labels=tuple(labels),
        colours=tuple(colours),
        counts=tuple(counts),
        classes=raw,
        legend_title=legend_title(ind),
        notes=tuple(notes),
    )


def _fmt(ind: Indicator, value: float) -> str:
    return format_value(ind, value, with_unit=False)
