"""How LSOAs share out among electoral divisions and wards, by where people live.

LSOAs do not nest in Northumberland's electoral divisions. ONS builds its best-fit
lookups from output areas (OAs, about 125 households each, drawn to similar sizes): each
OA goes to the area holding its population-weighted centroid, and an LSOA to the area
holding most of its OAs' people. The build does the same with what the data pack has,
the postcode points of ``lookups/postcode_to_lsoa21.csv`` and the OA of each postcode:

* an OA's centroid is taken as the mean of its postcode points (in EPSG:27700), and the
  OA goes wholly to the area of the published boundaries containing that point; every OA
  counts the same, as the pack has no OA populations;
* postcodes that have no OA in the pack (the Tweed and Tyne valley rows taken from the
  NSPL) count one by one at their own points, each as the fraction of an OA that a
  postcode is in the rest of its LSOA; repeated points are counted once;
* an LSOA's **share** in an area is the share of its OAs there, and its **best fit** is
  the area with the largest share (ties go to the area with more of its postcodes).

An LSOA all of whose OAs fall in one area lies *wholly* in it; any other is *split*, and
its counts are shared out by these shares. A 2011 LSOA follows the 2021 LSOAs it became
(ONS 2011 → 2021 lookup): a split one shares out by its parts' Census 2021 residents, and
merged ones follow the LSOA they formed, so 2011-based and 2021-based figures of an area
describe the same people.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.boundaries import BNG, WGS84
from geo.geographies import Geography

#: Columns of a shares table: the area geography, the LSOA, the area and the share of the
#: LSOA's people in it (the shares of one LSOA add up to 1).
SHARE_COLUMNS = ["geography", "lsoa", "code", "share"]
#: A share at least this large means the LSOA lies wholly in the area (rounding aside).
WHOLE = 1 - 1e-9


@dataclass(frozen=True)
class Fit:
    """How the LSOAs of one geography's areas were found."""

    geography: str
    #: ``SHARE_COLUMNS`` rows, weighting OAs as described in the module docstring
    shares: pd.DataFrame
    #: the area with the largest share of each LSOA
    best: pd.Series
    #: the area holding most of each LSOA's postcodes, each counted once (for comparison)
    postcode_majority: pd.Series


@dataclass(frozen=True)
class Agreement:
    """How often one assignment of LSOAs to areas agrees with the official one."""

    method: str
    agree: int
    of: int
    differ: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"method": self.method, "agree": self.agree, "of": self.of, "differ": self.differ}


def _points(postcodes: pd.DataFrame) -> pd.DataFrame:
    """Each postcode's LSOA, OA and point in EPSG:27700 metres (``x``, ``y``)."""
    points = gpd.GeoSeries.from_xy(
        pd.to_numeric(postcodes["lon"]), pd.to_numeric(postcodes["lat"]), crs=WGS84
    ).to_crs(BNG)
    return pd.DataFrame(
        {
            "lsoa": postcodes["LSOA21CD"].to_numpy(),
            "oa": postcodes["OA21CD"].to_numpy(),
            "x": points.x.to_numpy(),
            "y": points.y.to_numpy(),
        }
    )


def postcode_units(postcodes: pd.DataFrame) -> pd.DataFrame:
    """Output areas (approximated from their postcodes) and OA-less postcodes as points.

    Parameters
    ----------
    postcodes
        The pack's postcode lookup: ``lat``, ``lon``, ``OA21CD`` (may be empty) and
        ``LSOA21CD``.

    Returns
    -------
    DataFrame
        ``lsoa``, ``x``, ``y`` (EPSG:27700 metres) and ``weight`` (1 for an OA).
    """
    frame = _points(postcodes)
    coded = frame[frame["oa"].notna()]
    oas = coded.groupby(["oa", "lsoa"], as_index=False).agg(x=("x", "mean"), y=("y", "mean"))
    oas["weight"] = 1.0
    # The fraction of an OA that one postcode is, in each LSOA's OA-coded part.
    per_postcode = coded.groupby("lsoa")["oa"].nunique() / coded.groupby("lsoa").size()
    loose = frame[frame["oa"].isna()].round({"x": 0, "y": 0}).drop_duplicates(["lsoa", "x", "y"])
    loose = loose.assign(weight=loose["lsoa"].map(per_postcode).fillna(1.0))
    columns = ["lsoa", "x", "y", "weight"]
    return pd.concat([oas[columns], loose[columns]], ignore_index=True)


def locate(x: np.ndarray, y: np.ndarray, areas: gpd.GeoDataFrame) -> np.ndarray:
    """Code of the area containing each point (EPSG:27700); the nearest for a point
    outside them all (a coastal centroid), and the first code for one on a border."""
    boundaries = areas[["code", "geometry"]].to_crs(BNG).sort_values("code", ignore_index=True)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=BNG)
    hits = gpd.sjoin(points, boundaries, how="left", predicate="intersects")
    hits = hits[~hits.index.duplicated(keep="first")]["code"]
    outside = hits.isna()
    if outside.any():
        near = gpd.sjoin_nearest(points[outside.to_numpy()], boundaries, how="left")
        hits[outside] = near[~near.index.duplicated(keep="first")]["code"]
    return hits.to_numpy()


def fit(postcodes: pd.DataFrame, areas: gpd.GeoDataFrame, geography: str) -> Fit:
    """Shares of each 2021 LSOA in the areas of one geography, and its best fit.

    Parameters
    ----------
    postcodes
        The pack's postcode lookup (see :func:`postcode_units`).
    areas
        Published boundaries of the geography (``code``, ``geometry``), not the display copy.
    geography
        The geography's id, written into the shares table.
    """
    units = postcode_units(postcodes)
    units["code"] = locate(units["x"].to_numpy(), units["y"].to_numpy(), areas)
    weight = units.groupby(["lsoa", "code"])["weight"].sum()
    share = (weight / weight.groupby(level="lsoa").transform("sum")).rename("share")
    shares = share.reset_index().assign(geography=geography)[SHARE_COLUMNS]

    everyone = _points(postcodes)
    everyone["code"] = locate(everyone["x"].to_numpy(), everyone["y"].to_numpy(), areas)
    counts = everyone.groupby(["lsoa", "code"]).size().rename("postcodes")
    ranked = shares.join(counts, on=["lsoa", "code"]).fillna({"postcodes": 0})
    return Fit(geography, shares, _largest(ranked, "share"), _largest(ranked, "postcodes"))


def whole(best_fit: pd.Series, geography: str) -> Fit:
    """Every LSOA wholly in one area, its official best fit: how a pack without postcodes
    (a council built from the England files) makes its wards."""
    best_fit = best_fit.dropna()
    shares = pd.DataFrame(
        {"geography": geography, "lsoa": best_fit.index, "code": best_fit.to_numpy(), "share": 1.0}
    )[SHARE_COLUMNS]
    return Fit(geography, shares, best_fit, best_fit)


def _largest(table: pd.DataFrame, column: str) -> pd.Series:
    """The area with the largest ``column`` for each LSOA; ties by postcodes, then code."""
    order = table.sort_values(
        ["lsoa", column, "postcodes", "code"], ascending=[True, False, False, True]
    )
    return order.drop_duplicates("lsoa").set_index("lsoa")["code"].rename(None)


def agreement(method: str, assignment: pd.Series, official: pd.Series) -> Agreement:
    """How many LSOAs ``assignment`` gives to the same area as ``official``."""
    mine = assignment.reindex(official.index)
    same = mine == official
    return Agreement(method, int(same.sum()), len(official), tuple(sorted(official.index[~same])))


def lsoa11_shares(
    shares21: pd.DataFrame, lookup: pd.DataFrame, residents21: pd.Series, inside: set[str]
) -> pd.DataFrame:
    """Shares of each 2011 LSOA in the areas, through the 2021 LSOAs it became.

    Parameters
    ----------
    shares21
        Shares of the 2021 LSOAs (``SHARE_COLUMNS``).
    lookup
        The ONS 2011 → 2021 lookup (``LSOA11CD``, ``LSOA21CD``).
    residents21
        Census 2021 residents of each 2021 LSOA: how a split 2011 LSOA shares out.
    inside
        The county's 2011 LSOAs (the lookup also names a neighbour's).
    """
    rows = lookup.loc[lookup["LSOA11CD"].isin(inside), ["LSOA11CD", "LSOA21CD"]]
    rows = rows.assign(people=residents21.reindex(rows["LSOA21CD"]).to_numpy())
    parent = rows.groupby("LSOA11CD")
    part = rows["people"] / parent["people"].transform("sum")
    rows["part"] = part.fillna(1 / parent["LSOA21CD"].transform("size"))
    joined = rows.merge(shares21, left_on="LSOA21CD", right_on="lsoa")
    joined["share"] = joined["share"] * joined["part"]
    out = joined.groupby(["geography", "LSOA11CD", "code"], as_index=False)["share"].sum()
    return out.rename(columns={"LSOA11CD": "lsoa"})[SHARE_COLUMNS]


# --------------------------------------------------------------------------------------
# An area's make-up, in words
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Makeup:
    """Which LSOAs an area's figures are built from, and how.

    ``lsoas`` is the geography of the building blocks ("lsoa21" or "lsoa11"); ``whole``
    lie wholly in the area, ``parts`` are (LSOA, share of its people here) of split ones.
    """

    geography: str
    code: str
    lsoas: str
    whole: tuple[str, ...]
    parts: tuple[tuple[str, float], ...] = ()

    @property
    def exact(self) -> bool:
        """True when every LSOA counted lies wholly in the area."""
        return not self.parts

    @property
    def codes(self) -> tuple[str, ...]:
        return self.whole + tuple(code for code, _ in self.parts)

    @property
    def weights(self) -> pd.Series:
        """Share of each LSOA counted (1 for whole ones), indexed by LSOA code."""
        return pd.Series(
            {**dict.fromkeys(self.whole, 1.0), **dict(self.parts)}, dtype=float, name="share"
        )


def makeup_from(geography: str, code: str, lsoas: str, weights: Mapping[str, float]) -> Makeup:
    """A :class:`Makeup` from LSOA → share, in code order."""
    whole = tuple(sorted(c for c, s in weights.items() if s >= WHOLE))
    parts = tuple(sorted((c, float(s)) for c, s in weights.items() if 0 < s < WHOLE))
    return Makeup(geography, code, lsoas, whole, parts)


def _count(n: int, blocks: Geography) -> str:
    """ "3 neighbourhoods (LSOAs 2021)", "1 neighbourhood (LSOA 2021)"."""
    words = blocks.label if n == 1 else blocks.plural
    return f"{n} {words[0].lower()}{words[1:]}"


def method_text(makeup: Makeup, area: Geography, blocks: Geography) -> str:
    """How an area's figures were made, in one sentence (empty for an LSOA itself).

    This is the one wording used by profile figures, map notes, priorities and packs.
    """
    if makeup.geography == makeup.lsoas:
        return ""
    whole, split = len(makeup.whole), len(makeup.parts)
    if makeup.exact:
        return f"Added up from {_count(whole, blocks)} lying wholly in this {area.singular}."
    shared = (
        f"shares of {_count(split, blocks)} split with neighbouring {area.noun}, "
        "by where residents' postcodes are"
    )
    if not whole:
        return f"Estimated from {shared}."
    return (
        f"Estimated from {_count(whole, blocks)} lying wholly in this {area.singular} and {shared}."
    )


def best_fit_text(makeup: Makeup, area: Geography, blocks: Geography) -> str:
    """How an area made of whole best-fit LSOAs was made (a council built from the
    England files, which have no postcodes to share LSOAs out by)."""
    if makeup.geography == makeup.lsoas:
        return ""
    return (
        f"Made of the {_count(len(makeup.whole), blocks)} that ONS gives to this "
        f"{area.singular} as their best fit. LSOAs do not nest in {area.noun}, so this is "
        "approximate; scores count each LSOA equally (there are no population figures)."
    )


def best_fit_note(area: Geography, blocks: Geography) -> str:
    """One sentence for a map or a ranking of areas made of whole best-fit LSOAs."""
    return (
        f"{area.label} figures are made of whole {blocks.plural}, each given to its ONS "
        f"best-fit {area.singular}, and the {area.noun} are drawn from them: both are "
        "approximate."
    )


def geography_note(makeups: list[Makeup], area: Geography, blocks: Geography) -> str:
    """One sentence for a map or a ranking of every area of a geography."""
    exact = sum(m.exact for m in makeups)
    return (
        f"{area.label} figures are added up from {blocks.plural}, which do not nest in "
        f"{area.noun}: {exact} of {len(makeups)} {area.noun} are made of whole "
        f"{blocks.noun} only; the other {len(makeups) - exact} include shares of "
        f"{blocks.noun} split between {area.noun}, estimated by where residents' "
        "postcodes are. Each area's profile says which."
    )
