"""Combine LSOA figures into larger areas (divisions, wards, the county).

LSOAs do not nest in Northumberland's electoral divisions. Each LSOA is shared among
the areas it falls in by where its residents live (its *shares*, see
:mod:`geo.apportion`): an LSOA lying wholly in one area counts there in full, a split
one counts in each area by its share. How each indicator combines is set in the
registry (``aggregate``):

``sum``
    counts are added up, each LSOA's count times its share;
``ratio``
    rates are re-derived from shared-out numerators and denominators, never averaged;
``population_weighted_mean``
    scores are averaged with each LSOA weighted by the people it has in the area;
``majority``
    a category takes the class that covers most people;
``none``
    ranks and deciles are relative to England's LSOAs and are not combined.

Gaps are never summed away: when any LSOA counted in an area has no value, the area's
figure is left empty, with the number of LSOAs missing (``<id>__missing``) and, for
counts, the partial total (``<id>__partial``) kept so it can be shown as incomplete.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from geo.apportion import WHOLE
from geo.catalog import Indicator
from geo.indicators import denominator_column, numerator_column, ratio_multiplier

#: Column holding how many LSOAs (whole or in part) went into each combined area.
N_LSOAS = "n_lsoas"
#: Column holding how many of them are split with other areas (counted by a share).
N_SPLIT = "n_split"


def missing_column(ind: Indicator) -> str:
    """Hidden column: how many LSOAs counted in the area have no value."""
    return f"{ind.id}__missing"


def partial_column(ind: Indicator) -> str:
    """Hidden column: the total of the LSOAs that have a value, where some have none."""
    return f"{ind.id}__partial"


def aggregate(
    values: pd.DataFrame,
    indicators: Iterable[Indicator],
    shares: pd.DataFrame,
    population: pd.Series | None = None,
) -> pd.DataFrame:
    """Combine LSOA values into areas.

    Parameters
    ----------
    values
        LSOA table indexed by LSOA code: a column per indicator, plus the hidden
        numerator and denominator columns of rates.
    indicators
        The indicators to combine; those with ``aggregate = "none"`` are skipped.
    shares
        ``lsoa``, ``code`` (the area) and ``share`` of the LSOA's people in it; the shares
        of each LSOA add up to 1 over all areas (see :mod:`geo.apportion`).
    population
        People in each LSOA, the weights for population-weighted means and majorities
        (needed only for those).

    Returns
    -------
    DataFrame
        Indexed by area code: a column per combined indicator (empty where any LSOA
        counted has no value), the shared-out numerator and denominator of rates, the
        ``__missing`` count (and ``__partial`` total of counts) of each indicator,
        ``n_lsoas`` and ``n_split``.

    Raises
    ------
    ValueError
        If an LSOA in ``values`` has no share in any area, or no population where one
        is needed.
    """
    indicators = [ind for ind in indicators if ind.aggregate != "none"]
    rows = shares[shares["lsoa"].isin(values.index) & (shares["share"] > 0)]
    unassigned = values.index.difference(pd.Index(rows["lsoa"].unique()))
    if len(unassigned):
        raise ValueError(f"No area is assigned to LSOA(s) {', '.join(unassigned[:5])}.")
    lsoa = pd.Index(rows["lsoa"])
    area = pd.Series(rows["code"].to_numpy())
    share = pd.Series(rows["share"].to_numpy(dtype=float))
    people = None
    if any(i.aggregate in ("population_weighted_mean", "majority") for i in indicators):
        people = _people(population, values.index).reindex(lsoa).to_numpy() * share

    def column(name: str) -> pd.Series:
        return pd.Series(values[name].reindex(lsoa).to_numpy())

    out: dict[str, pd.Series] = {
        N_LSOAS: area.groupby(area).size(),
        N_SPLIT: (share < WHOLE).groupby(area).sum().astype(int),
    }
    for ind in indicators:
        if ind.aggregate == "majority":
            out[ind.id] = weighted_majority(column(ind.id), people, area)
            continue
        if ind.aggregate == "ratio":
            num, den = column(numerator_column(ind)), column(denominator_column(ind))
            gaps = num.isna() | den.isna()
            num_total = (num * share).groupby(area).sum()
            den_total = (den * share).groupby(area).sum()
            out[numerator_column(ind)] = num_total
            out[denominator_column(ind)] = den_total
            value = num_total / den_total.where(den_total > 0) * ratio_multiplier(ind)
        elif ind.aggregate == "sum":
            x = column(ind.id)
            gaps = x.isna()
            value = (x * share).groupby(area).sum()
        else:  # population_weighted_mean
            x = column(ind.id)
            gaps = x.isna()
            value = weighted_mean(x, people, area)
        missing = gaps.groupby(area).sum().astype(int)
        out[missing_column(ind)] = missing
        if ind.aggregate == "sum":
            out[partial_column(ind)] = value.where(missing > 0)
        out[ind.id] = value.where(missing == 0)
    result = pd.DataFrame(out)
    result.index.name = "code"
    return result


def _people(population: pd.Series | None, codes: pd.Index) -> pd.Series:
    if population is None:
        raise ValueError("Population-weighted figures need a population for every LSOA.")
    weights = population.reindex(codes)
    if weights.isna().any() or (weights < 0).any():
        raise ValueError("Every LSOA needs a population (weight) of zero or more.")
    return weights


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


def whole_area(codes: pd.Index, area_code: str) -> pd.DataFrame:
    """Shares sending every LSOA wholly to one area (the county): exact, as LSOAs nest."""
    return pd.DataFrame({"lsoa": list(codes), "code": area_code, "share": 1.0})


def from_assignment(assignment: pd.Series) -> pd.DataFrame:
    """Shares from a one-area-per-LSOA assignment (LSOA code → area code)."""
    present = assignment.dropna()
    return pd.DataFrame(
        {"lsoa": present.index.to_numpy(), "code": present.to_numpy(), "share": 1.0}
    )


def weighted_sum(table: pd.DataFrame, weights: pd.Series) -> pd.Series:
    """Column totals of ``table`` (rows are LSOAs) with each row times its weight.

    A column with no value for any LSOA named in ``weights`` (or an LSOA absent from
    ``table``) totals NaN: a total is never made from part of the areas it is for.
    """
    if weights.empty:
        return pd.Series(np.nan, index=table.columns)
    rows = table.reindex(weights.index)
    return rows.mul(weights, axis=0).sum(min_count=len(rows))
