"""A transparent composite index for choosing priority neighbourhoods.

The method is :data:`HOW_THE_SCORE_IS_MADE`, written for people (the Priorities page
shows it as it is).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from geo import paths
from geo.artifact import Artifact
from geo.catalog import Indicator
from geo.cleaning import link_value, shown, whole_number
from geo.errors import RegistryError
from geo.metadata import read_toml

METHODS = {
    "rank": "Rank and combine",
    "exponential": "IoD exponential transformation",
}
#: Shape of the IoD exponential transformation (MHCLG technical report).
EXPONENTIAL_CONSTANT = 23.0
ROBUST_SHARE = 0.8
PRESETS_FILE = "priorities.toml"

#: How the score is made, in words people can repeat at a public meeting (markdown).
HOW_THE_SCORE_IS_MADE = """\
1. For each chosen indicator, every area is ranked across the whole county, so that the
   area with the most need gets 1 and the least 0 (ties share a rank). Ranking puts
   percentages, scores and counts on one scale and stops one extreme value dominating.
2. The ranks become scores out of 100: either directly (**rank and combine**), or through
   the **IoD exponential transformation** used by the English Indices of Deprivation,
   which stretches the most deprived end so that doing very badly on one thing is not
   cancelled out by doing well on another.
3. Scores are added up with the chosen weights (scaled to sum to 1). Each indicator's
   share of an area's total is its *contribution*: why the area is on the list.

Areas are scored county-wide first and filtered afterwards, so a filter never changes
an area's score. Robustness: the weights are perturbed many times (seeded, so the result
repeats exactly) and we count how often each area stays in the shortlist.
"""


@dataclass(frozen=True)
class Preset:
    """A ready-made weighting from ``data/priorities.toml``."""

    id: str
    label: str
    description: str
    method: str
    weights: Mapping[str, float]


def matching_preset(presets: Mapping[str, Preset], settings: Settings) -> Preset | None:
    """The preset these settings are, if any: same method and the same weights once
    scaled to add up to 1 (so 50/30/20 is 5/3/2)."""
    weights = settings.normalised_weights()
    for preset in presets.values():
        total = sum(w for w in preset.weights.values() if w > 0)
        theirs = {k: w / total for k, w in preset.weights.items() if w > 0} if total else {}
        if (
            preset.method == settings.method
            and theirs.keys() == weights.keys()
            and all(math.isclose(theirs[k], weights[k], abs_tol=1e-9) for k in weights)
        ):
            return preset
    return None


def describe(settings: Settings, labels: Mapping[str, str], place: Mapping[str, str]) -> str:
    """The method in one paragraph people can read out: how scores are combined, each
    weight as a share, what is ranked, the filters and the shortlist size.

    ``labels`` names indicators by id; ``place`` names divisions by code.
    """
    weights = settings.normalised_weights()
    parts = ", ".join(f"{labels.get(i, i)} {100 * w:.0f}%" for i, w in weights.items())
    filters = [
        f"{settings.area_type.lower()} areas only" if settings.area_type else "",
        f"in {place.get(settings.division, settings.division)}" if settings.division else "",
        f"at least {settings.min_population:,} residents" if settings.min_population else "",
    ]
    shown_filters = "; ".join(f for f in filters if f) or "no filters"
    noun = "neighbourhoods (LSOAs)" if settings.geography == "lsoa21" else "divisions"
    return (
        f"{METHODS[settings.method]} of {len(weights)} indicator"
        f"{'s' if len(weights) != 1 else ''}: {parts}. Ranking {noun}; {shown_filters}; "
        f"shortlist of {settings.n}."
    )


def load_presets(path: Path | None = None, known: set[str] | None = None) -> list[Preset]:
    """Read the presets; with ``known``, every indicator id must be in it.

    Raises
    ------
    RegistryError
        If the file is malformed or names an unknown indicator or method.
    """
    path = path or paths.data_dir() / PRESETS_FILE
    raw = read_toml(path, "The priority presets")
    presets = []
    for entry in raw.get("preset", []):
        preset = Preset(
            id=str(entry["id"]),
            label=str(entry["label"]),
            description=str(entry.get("description", "")),
            method=str(entry.get("method", "rank")),
            weights={str(k): float(v) for k, v in entry["weights"].items()},
        )
        if preset.method not in METHODS:
            raise RegistryError(f"Preset {preset.id!r}: unknown method {preset.method!r}.")
        unknown = set(preset.weights) - known if known is not None else set()
        if unknown:
            raise RegistryError(f"Preset {preset.id!r} names unknown indicators {sorted(unknown)}.")
        presets.append(preset)
    return presets


@dataclass(frozen=True)
class Settings:
    """Everything that decides a shortlist (and goes in its link)."""

    weights: tuple[tuple[str, float], ...]
    method: str = "rank"
    geography: str = "lsoa21"
    n: int = 20
    area_type: str | None = None
    division: str | None = None
    min_population: int = 0
    seed: int = 2025
    draws: int = 500

    def normalised_weights(self) -> dict[str, float]:
        """Weights scaled to add up to 1 (zero weights dropped)."""
        positive = {k: v for k, v in self.weights if v > 0}
        total = sum(positive.values())
        return {k: v / total for k, v in positive.items()} if total else {}

    def to_params(self) -> dict[str, str]:
        params = {
            "method": self.method,
            "weights": ";".join(f"{k}:{v:g}" for k, v in self.weights),
            "geo": self.geography,
            "n": str(self.n),
            "seed": str(self.seed),
        }
        if self.area_type:
            params["type"] = self.area_type
        if self.division:
            params["division"] = self.division
        if self.min_population:
            params["minpop"] = str(self.min_population)
        return params


@dataclass
class Ranking:
    """The result: every eligible area with its score, rank and contributions."""

    table: pd.DataFrame  # indexed by code: score, rank, in_shortlist, + one column per indicator
    indicators: list[Indicator]
    settings: Settings
    excluded: dict[str, int] = field(default_factory=dict)  # reason → number of areas

    @property
    def shortlist(self) -> pd.DataFrame:
        return self.table[self.table["in_shortlist"]].sort_values("rank")


def need_fraction(values: pd.Series, ind: Indicator) -> pd.Series:
    """Rank of each area on one indicator as a fraction: 1 = most need, 0 = least.

    Ties share the average rank; missing values stay missing.
    """
    numbers = pd.to_numeric(values, errors="coerce")
    oriented = -numbers if ind.more_need == "lower" else numbers
    ranks = oriented.rank(method="average")
    n = int(ranks.notna().sum())
    if n <= 1:
        return ranks.where(ranks.isna(), 1.0)
    return (ranks - 1) / (n - 1)


def exponential(fraction: pd.Series | np.ndarray) -> pd.Series | np.ndarray:
    """The IoD transformation of a 0-1 rank fraction to 0-100 (1 → 100, 0 → 0)."""
    c = EXPONENTIAL_CONSTANT
    return -c * np.log(1 - fraction * (1 - math.exp(-100 / c)))


def component_scores(table: pd.DataFrame, indicators: list[Indicator], method: str) -> pd.DataFrame:
    """Scores out of 100 per area (rows) and indicator (columns)."""
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}; choose one of {', '.join(METHODS)}.")
    columns = {}
    for ind in indicators:
        fraction = need_fraction(table[ind.id], ind)
        columns[ind.id] = exponential(fraction) if method == "exponential" else 100 * fraction
    return pd.DataFrame(columns, index=table.index)


def rank_areas(
    values: pd.DataFrame,
    indicators: list[Indicator],
    settings: Settings,
    *,
    eligible: pd.Series | None = None,
) -> Ranking:
    """Score every area, then keep the eligible ones and mark the top ``n``.

    Parameters
    ----------
    values
        Indicator values indexed by area code (one column per indicator id).
    indicators
        The indicators with a weight above zero.
    eligible
        Boolean mask of areas passing the filters (all, when None).
    """
    weights = settings.normalised_weights()
    chosen = [ind for ind in indicators if ind.id in weights]
    if not chosen:
        raise ValueError("Give at least one indicator a weight above zero.")
    scores = component_scores(values, chosen, settings.method)
    excluded: dict[str, int] = {}
    complete = scores.notna().all(axis=1)
    if (~complete).any():
        excluded["missing data for a chosen indicator"] = int((~complete).sum())
    keep = (
        complete
        if eligible is None
        else complete & eligible.reindex(scores.index, fill_value=False)
    )
    if eligible is not None:
        excluded["outside the filters"] = int((complete & ~keep).sum())
    w = pd.Series(weights)
    contributions = scores[keep].mul(w, axis=1)
    table = contributions.copy()
    table["score"] = contributions.sum(axis=1)
    table["rank"] = table["score"].rank(ascending=False, method="min").astype(int)
    table["in_shortlist"] = table["rank"] <= settings.n
    return Ranking(table.sort_values("rank"), chosen, settings, excluded)


def eligible(artifact: Artifact, settings: Settings) -> pd.Series:
    """Which areas pass the settings' filters (urban/rural, division, minimum residents)."""
    values = artifact.values(settings.geography)
    mask = pd.Series(True, index=values.index)
    if settings.area_type:
        mask &= values["ruc21_urban_rural"] == settings.area_type
    if settings.division and settings.geography == "lsoa21" and artifact.has_geography("wd25"):
        division = artifact.parents("wd25").reindex(values.index)
        mask &= division == settings.division
    population = artifact.registry.population_indicator
    if settings.min_population and population is not None:
        mask &= values[population.id] >= settings.min_population
    return mask.fillna(False).astype(bool)


def robustness(ranking: Ranking, values: pd.DataFrame, *, spread: float = 0.5) -> pd.Series:
    """How often each area stays in the top ``n`` when the weights are perturbed.

    Each weight is multiplied by a random factor between ``1 - spread`` and
    ``1 + spread`` (then all are rescaled to sum to 1), ``settings.draws`` times, with
    ``settings.seed``: the same settings always give the same answer.
    """
    settings = ranking.settings
    weights = settings.normalised_weights()
    ids = [ind.id for ind in ranking.indicators]
    scores = component_scores(values, ranking.indicators, settings.method).loc[
        ranking.table.index, ids
    ]
    rng = np.random.default_rng(settings.seed)
    base = np.array([weights[i] for i in ids])
    factors = rng.uniform(1 - spread, 1 + spread, size=(settings.draws, len(ids)))
    perturbed = base * factors
    perturbed /= perturbed.sum(axis=1, keepdims=True)
    totals = scores.to_numpy() @ perturbed.T  # areas × draws
    n = min(settings.n, len(scores))
    # Rank within each draw; an area is in the shortlist when fewer than n areas beat it.
    order = (-totals).argsort(axis=0, kind="stable")
    in_top = np.zeros_like(totals, dtype=bool)
    np.put_along_axis(in_top, order[:n], True, axis=0)
    return pd.Series(in_top.mean(axis=1), index=scores.index, name="stays_in_top")


def verdict(share: float) -> str:
    """'robust' when an area stays in the shortlist in at least 80% of draws."""
    return "robust" if share >= ROBUST_SHARE else "marginal"


def parse_settings(
    params: Mapping[str, object], available: set[str], divisions: set[str], default: Settings
) -> tuple[Settings, list[str]]:
    """Settings from a link, checking every value; unknown ones fall back with a message.

    ``available`` holds the indicator ids that may be weighted on the geography.
    """
    problems: list[str] = []
    settings = default

    def get(name: str) -> str | None:
        raw = link_value(params, name)
        return None if raw is None else raw[:2000]

    method = get("method")
    if method is not None:
        if method in METHODS:
            settings = replace(settings, method=method)
        else:
            problems.append(f"Unknown method “{shown(method)}”; using {METHODS[settings.method]}.")
    geo = get("geo")
    if geo is not None:
        if geo == "lsoa21" or (geo == "wd25" and divisions):
            settings = replace(settings, geography=geo)
        else:
            problems.append(
                "Priorities are ranked for neighbourhoods or divisions; using neighbourhoods."
            )
    raw_weights = get("weights")
    if raw_weights is not None:
        weights: dict[str, float] = {}
        for part in raw_weights.split(";")[:30]:
            name, _, number = part.partition(":")
            try:
                value = float(number)
            except ValueError:
                value = -1.0
            if name in available and 0 <= value <= 1000 and math.isfinite(value):
                weights[name] = value
            elif part:
                problems.append(f"Ignored the weight “{shown(part, 40)}” from the link.")
        if weights:
            settings = replace(settings, weights=tuple(weights.items()))
    for name, attribute, what, low, high in (
        ("n", "n", "shortlist size", 1, 200),
        ("minpop", "min_population", "minimum number of residents", 0, 100_000),
        ("seed", "seed", "robustness seed", 0, 2**31 - 1),
    ):
        raw = get(name)
        if raw is None:
            continue
        number = whole_number(raw, low, high)
        if number is not None:
            settings = replace(settings, **{attribute: number})
        else:
            problems.append(
                f"The link's {what} must be a whole number from {low:,} to {high:,}; "
                f"using {getattr(settings, attribute):,}."
            )
    area_type = get("type")
    if area_type is not None:
        if area_type in ("Urban", "Rural"):
            settings = replace(settings, area_type=area_type)
        else:
            problems.append("The link's area type must be Urban or Rural; showing both.")
    division = get("division")
    if division is not None:
        if division.upper() in divisions:
            settings = replace(settings, division=division.upper())
        else:
            problems.append(
                f"The link's division “{shown(division)}” is not a 2025 division; "
                "showing the whole county."
            )
    return settings, problems
