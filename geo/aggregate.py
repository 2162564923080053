"""Combine LSOA figures into larger areas (divisions, wards, the county).

LSOAs do not nest in Northumberland's electoral divisions, so each LSOA is given to one
division (a best-fit assignment) and division figures are **approximate**. How each
indicator combines is set in the registry (``aggregate``):

``sum``
    counts are added up;
``ratio``
    rates are re-derived from summed numerators and denominators, never averaged;
``population_weighted_mean``
    scores are averaged with each LSOA weighted by its population;
``majority``
    a category takes the class that covers most people;
``none``
    ranks and deciles are relative to England's LSOAs and are not combined.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geo.catalog import Indicator
from geo.indicators import denominator_column, numerator_column, ratio_multiplier

#: Column holding how many LSOAs went into each combined area.
N_LSOAS = "n_lsoas"


def aggregate(
    values: pd.DataFrame,
    indicators: Iterable[Indicator],
    assignment: pd.Series,
    population: pd.Series,
) -> pd.DataFrame:
    """Combine LSOA values into the areas of ``assignment``.

    Parameters
    ----------
    values
        LSOA table indexed by LSOA code: a column per indicator, plus the hidden
        numerator and denominator columns of rates.
    indicators
        The indicators to combine; those with ``aggregate = "none"`` are skipped.
    assignment
        Area code for each LSOA code (the best-fit lookup).
    population
        People in each LSOA, the weights for population-weighted means.

    Returns
    -------
    DataFrame
        Indexed by area code, with a column per combined indicator (and the summed
        numerator and denominator of rates) and ``n_lsoas``.

    Raises
    ------
    ValueError
        If an LSOA in ``values`` has no area or no population.
    """
    unassigned = values.index.difference(assignment.dropna().index)
    if len(unassigned):
        raise ValueError(f"No area is assigned to LSOA(s) {', '.join(unassigned[:5])}.")
    weights = population.reindex(values.index)
    if weights.isna().any() or (weights < 0).any():
        raise ValueError("Every LSOA needs a population (weight) of zero or more.")

    area = assignment.reindex(values.index)
    groups = values.groupby(area)
    out: dict[str, pd.Series] = {N_LSOAS: groups.size()}
    for ind in indicators:
        if ind.aggregate == "sum":
            out[ind.id] = groups[ind.id].sum(min_count=1)
        elif ind.aggregate == "ratio":
            num = groups[numerator_column(ind)].sum(min_count=1)
            den = groups[denominator_column(ind)].sum(min_count=1)
            out[numerator_column(ind)] = num
            out[denominator_column(ind)] = den
            out[ind.id] = num / den.where(den > 0) * ratio_multiplier(ind)
        elif ind.aggregate == "population_weighted_mean":
            out[ind.id] = weighted_mean(values[ind.id], weights, area)
        elif ind.aggregate == "majority":
            out[ind.id] = weighted_majority(values[ind.id], weights, area)
    result = pd.DataFrame(out)
    result.index.name = "code"
    return result


def weighted_mean(values: pd.Series, weights: pd.Series, groups: pd.Series) -> pd.Series:
    """Mean of ``values`` in each group, weighted; missing values are left out.

    A group whose values are all missing, or whose weights sum to zero, gets NaN.
    """
    present = values.notna()
    w = weights.where(present, 0.0)
    num = (values.fillna(0.0) * w).groupby(groups).sum()
    den = w.groupby(groups).sum()
    return num / den.where(den > 0)


def weighted_majority(values: pd.Series, weights: pd.Series, groups: pd.Series) -> pd.Series:
    """The value covering the largest total weight in each group.

    Ties go to the value that sorts first, so the result does not depend on row order.
    """
    frame = pd.DataFrame({"group": groups, "value": values, "weight": weights}).dropna(
        subset=["value"]
    )
    totals = frame.groupby(["group", "value"])["weight"].sum().reset_index()
    totals = totals.sort_values(["group", "weight", "value"], ascending=[True, False, True])
    winners = totals.drop_duplicates("group").set_index("group")["value"]
    return winners.reindex(groups.dropna().unique()).astype("string")


def whole_area(codes: pd.Index, area_code: str) -> pd.Series:
    """An assignment sending every LSOA to one area (the county): exact, as LSOAs nest."""
    return pd.Series(area_code, index=codes)
