"""Areas like yours: the English neighbourhoods most like one LSOA, and how they changed.

*Like yours* means, exactly: the same 2021 rural-urban class (ONS), and the nearest in
England by the seven IoD 2025 domain ranks (income, employment, education, health,
crime, barriers to housing and services, living environment). Each rank is taken as a
share of England's 33,755 LSOAs, the seven count equally, and nearness is the
root-mean-square gap, read as "on average N percentile points apart per domain".

The neighbours of every LSOA and every LSOA's relative change from 2004 to 2025 are
computed once, when England's data is built, so a profile only looks them up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from geo import trends

#: The seven IoD 2025 domain ranks (registry ids), in the IoD's own order.
DOMAINS = (
    "iod2025_income_rank",
    "iod2025_employment_rank",
    "iod2025_education_rank",
    "iod2025_health_rank",
    "iod2025_crime_rank",
    "iod2025_housing_services_rank",
    "iod2025_environment_rank",
)
#: How many similar areas a profile lists.
K = 20
#: A move smaller than this many percentile points counts as "about the same".
SAME_BAND = 1.0
FIRST_YEAR, LAST_YEAR = 2004, 2025

METHOD_NOTE = (
    "How “like yours” is decided: neighbourhoods in England with the same 2021 rural-urban "
    "class (ONS), nearest by the seven 2025 deprivation domains (income, employment, "
    "education, health, crime, barriers to housing and services, living environment). "
    "Each domain's rank is taken as a percentile of England's 33,755 LSOAs, the seven count "
    "equally, and “apart” is the root-mean-square gap in percentile points. Change is the "
    "move in England IMD percentile from 2004 to 2025 (0 = most deprived), carried across "
    "the 2011 and 2021 LSOA changes; a move of less than 1 point counts as about the same. "
    "Ranks are relative: “less deprived” means relative to the rest of England."
)


def changes(england) -> pd.DataFrame:
    """Each LSOA's England IMD percentile in 2004 and 2025 and the change between.

    Where an LSOA descends from several 2001 LSOAs (a merge), the 2004 figure is the
    mean of their percentiles and ``combined`` is True. An LSOA with no 2001 ancestor in
    the ONS lookup has no 2004 figure.
    """
    codes = list(england.names("lsoa21").index)
    history = trends.imd_history(england, codes)
    ends = history[history["year"].isin((FIRST_YEAR, LAST_YEAR))]
    table = ends.pivot_table(index="lsoa21", columns="year", values="percentile", aggfunc="mean")
    sources = ends[ends["year"] == FIRST_YEAR].groupby("lsoa21")["source_code"].nunique()
    out = pd.DataFrame(index=pd.Index(codes, name="code"))
    out["pct_2004"] = table.get(FIRST_YEAR).reindex(out.index)
    out["pct_2025"] = table.get(LAST_YEAR).reindex(out.index)
    out["change"] = out["pct_2025"] - out["pct_2004"]
    out["combined"] = sources.reindex(out.index).fillna(0).gt(1).to_numpy()
    return out.reset_index()


def nearest(england, k: int = K) -> pd.DataFrame:
    """The ``k`` most similar LSOAs of every LSOA (see the module docstring).

    Returns
    -------
    DataFrame
        ``code``, ``order`` (1 = most similar), ``similar`` (its code), ``apart`` (the
        root-mean-square gap in percentile points).
    """
    values = england.values("lsoa21")
    areas = england.places()
    n = float(len(values))
    position = values[list(DOMAINS)].to_numpy(dtype=float) / n * 100
    classes = areas["ruc"].reindex(values.index).to_numpy()
    codes = values.index.to_numpy()
    parts = []
    for cls in np.unique(classes):
        members = np.flatnonzero(classes == cls)
        count = min(k + 1, len(members))
        distance, index = cKDTree(position[members]).query(position[members], k=count)
        found = members[index]  # rows of ``values``; each area finds itself, usually first
        others = found != members[:, None]
        # Keep the first k that are not the area itself (a tie may put itself second).
        keep = others & (np.cumsum(others, axis=1) <= k)
        rows, cols = np.nonzero(keep)
        parts.append(
            pd.DataFrame(
                {
                    "code": codes[members[rows]],
                    "order": np.cumsum(keep, axis=1)[rows, cols],
                    "similar": codes[found[rows, cols]],
                    "apart": np.round(distance[rows, cols] / np.sqrt(len(DOMAINS)), 2),
                }
            )
        )
    return pd.concat(parts, ignore_index=True).sort_values(["code", "order"], ignore_index=True)


@dataclass(frozen=True)
class SimilarAreas:
    """The areas most like one LSOA, with their change from 2004 to 2025."""

    code: str
    name: str
    rural_urban: str
    #: this area's own change (``pct_2004``, ``pct_2025``, ``change``)
    own: pd.Series
    #: one row per similar area: ``code``, ``name``, ``authority``, ``region``,
    #: ``apart``, ``imd_decile``, ``pct_2004``, ``pct_2025``, ``change``, ``moved``
    table: pd.DataFrame

    def count(self, moved: str) -> int:
        return int((self.table["moved"] == moved).sum())

    def sentence(self) -> str:
        """ "Of 20 areas like yours, 14 became relatively less deprived …"."""
        n = len(self.table)
        less, more, same = (self.count(m) for m in ("less deprived", "more deprived", "same"))
        parts = [f"{less} became relatively less deprived", f"{more} relatively more deprived"]
        if same:
            parts.append(f"{same} stayed about the same")
        unknown = n - less - more - same
        if unknown:
            parts.append(f"{unknown} {'has' if unknown == 1 else 'have'} no 2004 figure")
        text = (
            f"Of {n} areas like yours, " + _join(parts) + f" between {FIRST_YEAR} and {LAST_YEAR}."
        )
        own = moved(self.own.get("change"))
        if own == "unknown":
            return text + " This area has no 2004 figure to compare."
        if own == "same":
            return text + " This area stayed about the same."
        return text + f" This area became relatively {own}."


def moved(change: object) -> str:
    """ "less deprived", "more deprived", "same" or "unknown" for a percentile change."""
    if change is None or pd.isna(change):
        return "unknown"
    if abs(float(change)) < SAME_BAND:
        return "same"
    return "less deprived" if float(change) > 0 else "more deprived"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def similar_to(england, code: str) -> SimilarAreas:
    """The areas most like ``code`` (an English LSOA 2021), looked up from the build.

    Raises
    ------
    KeyError
        If ``code`` is not an English LSOA 2021.
    """
    # The table is sorted by code and order (see nearest): a binary search finds the rows.
    codes = england.memo("similar_codes", lambda e: e.similar["code"].to_numpy())
    start, end = np.searchsorted(codes, code, "left"), np.searchsorted(codes, code, "right")
    if start == end:
        raise KeyError(f"{code!r} is not an English LSOA 2021.")
    rows = england.similar.iloc[start:end]
    places = england.places()
    others = rows["similar"].to_numpy()
    change = england.changes.reindex(others)
    table = pd.DataFrame(
        {
            "code": others,
            "name": places["name"].reindex(others).to_numpy(),
            "authority": places["lad_name"].reindex(others).to_numpy(),
            "region": places["region_name"].reindex(others).to_numpy(),
            "apart": rows["apart"].to_numpy(),
            "imd_decile": england.values("lsoa21")["imd2025_decile"].reindex(others).to_numpy(),
            "pct_2004": change["pct_2004"].to_numpy(),
            "pct_2025": change["pct_2025"].to_numpy(),
            "change": change["change"].to_numpy(),
        }
    )
    table["moved"] = table["change"].map(moved)
    place = places.loc[code]
    return SimilarAreas(
        code, str(place["name"]), str(place["ruc_name"]), england.changes.loc[code], table
    )
