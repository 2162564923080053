"""A map view as a link: parse and validate URL parameters, and write them back.

``?indicator=imd2025_score&geo=lsoa21&area=E01027356&scheme=quantiles&k=5`` reproduces
a map and its profile. Parameters come from anyone (a link can be edited by hand or
crafted), so every value is checked against the registry and the artifact; anything
unknown is replaced by the default, with a message saying what was ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace

from geo.artifact import Artifact
from geo.catalog import Indicator
from geo.classify import DEFAULT_K, DEFAULT_SCHEME, MAX_K, MIN_K, SCHEMES, available_schemes
from geo.cleaning import clean, link_value, shown, whole_number

DEFAULT_INDICATOR = "imd2025_score"
DEFAULT_GEOGRAPHY = "lsoa21"


@dataclass(frozen=True)
class MapView:
    """Everything that decides what the map page shows."""

    indicator: str = DEFAULT_INDICATOR
    geo: str = DEFAULT_GEOGRAPHY
    area: str | None = None
    scheme: str = DEFAULT_SCHEME
    k: int = DEFAULT_K

    def to_params(self) -> dict[str, str]:
        """URL parameters for this view (the area only when one is chosen)."""
        params = {key: str(value) for key, value in asdict(self).items() if value is not None}
        return params


def geographies_for(artifact: Artifact, ind: Indicator) -> list[str]:
    """Mappable geographies on which ``ind`` has values (published or combined)."""
    return [
        geo
        for geo in artifact.geographies.mappable
        if ind.id in artifact.values(geo).columns and artifact.values(geo)[ind.id].notna().any()
    ]


def schemes_for(artifact: Artifact, ind: Indicator, geo: str) -> list[str]:
    """Classifications for ``ind`` mapped on ``geo``: England deciles only where they are
    published (LSOAs), never for figures combined from LSOAs."""
    table = artifact.values(geo)
    has_deciles = ind.decile_indicator in table.columns or (
        ind.kind == "decile" and ind.id in table.columns
    )
    return [s for s in available_schemes(ind) if s != "england_deciles" or has_deciles]


def mappable_indicators(artifact: Artifact) -> list[Indicator]:
    """Indicators that can be drawn on at least one map geography."""
    return [ind for ind in artifact.registry if geographies_for(artifact, ind)]


def parse(artifact: Artifact, params: Mapping[str, object]) -> tuple[MapView, list[str]]:
    """Turn URL parameters into a valid view, and messages for whatever was ignored.

    Parameters
    ----------
    params
        Query parameters as given (values may be strings or lists of strings).

    Returns
    -------
    (MapView, list of str)
        The view and one plain message per rejected value.
    """
    problems: list[str] = []
    view = MapView()

    def get(name: str) -> str | None:
        raw = link_value(params, name)
        return None if raw is None else clean(raw)

    indicator = get("indicator")
    if indicator is not None:
        if indicator in artifact.registry and geographies_for(
            artifact, artifact.registry.get(indicator)
        ):
            view = replace(view, indicator=indicator)
        else:
            problems.append(
                f"The link's indicator “{shown(indicator)}” is not one we can map; "
                "showing the IMD 2025 score instead."
            )
    ind = artifact.registry.get(view.indicator)
    allowed_geos = geographies_for(artifact, ind)
    geo = get("geo")
    if geo is not None and geo not in allowed_geos:
        problems.append(f"The link's geography “{shown(geo)}” is not available for {ind.label}.")
        geo = None
    view = replace(
        view,
        geo=geo or (DEFAULT_GEOGRAPHY if DEFAULT_GEOGRAPHY in allowed_geos else allowed_geos[0]),
    )

    area = get("area")
    if area is not None:
        if artifact.is_area(view.geo, area.upper()):
            view = replace(view, area=area.upper())
        else:
            problems.append(
                f"The link's area “{shown(area)}” is not a {artifact.geography(view.geo).label}."
            )

    scheme = get("scheme")
    if scheme is not None:
        if scheme in schemes_for(artifact, ind, view.geo):
            view = replace(view, scheme=scheme)
        else:
            name = SCHEMES.get(scheme, f"“{shown(scheme)}”")
            problems.append(f"The classification {name} does not apply here; using quantiles.")
    k = get("k")
    if k is not None:
        classes = whole_number(k, MIN_K, MAX_K)
        if classes is not None:
            view = replace(view, k=classes)
        else:
            problems.append(f"The number of classes must be {MIN_K} to {MAX_K}; using {DEFAULT_K}.")
    return view, problems
