"""Views as links: parse and validate URL parameters, and write them back.

``?indicator=imd2025_score&geo=lsoa21&area=E01027356&scheme=quantiles&k=5`` reproduces
a map and its profile; :class:`AreaView` is one area (the profile page, and the story
form prefilled for an area); :class:`PresentView` is a meeting's deck and slide. The
Priorities page's settings are parsed in :mod:`geo.priority`. :func:`public_url` is the
address short links and QR codes point at.

Parameters come from anyone (a link can be edited by hand or crafted), so every value
is checked against the registry and the artifact; anything unknown is replaced by the
default, with a message saying what was ignored.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace

from geo import change
from geo.artifact import Artifact
from geo.catalog import Indicator
from geo.classify import DEFAULT_K, DEFAULT_SCHEME, MAX_K, MIN_K, SCHEMES, available_schemes
from geo.cleaning import clean, link_value, shown, whole_number

DEFAULT_INDICATOR = "imd2025_score"
DEFAULT_GEOGRAPHY = "lsoa21"
#: The app's public address (``https://observatory.example.org``), for links and QR codes
#: in packs made on the server, which cannot see the address people use.
PUBLIC_URL_SETTING = "OBSERVATORY_PUBLIC_URL"
LOCAL_URL = "http://localhost:8501"
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~\-/]*)?")


MAP_MODES = ("level", "change")
#: What a change map's link holds; a map of one indicator's holds the rest.
CHANGE_FIELDS = ("mode", "change", "since", "until", "geo", "area")
LEVEL_FIELDS = ("indicator", "geo", "area", "scheme", "k")


@dataclass(frozen=True)
class MapView:
    """Everything that decides what the map page shows.

    ``mode`` is "level" (one indicator, classified) or "change" (a change map of the
    measure ``change`` from period ``since`` to ``until``, see :mod:`geo.change`).
    """

    indicator: str = DEFAULT_INDICATOR
    geo: str = DEFAULT_GEOGRAPHY
    area: str | None = None
    scheme: str = DEFAULT_SCHEME
    k: int = DEFAULT_K
    mode: str = "level"
    change: str = change.DEFAULT_MEASURE
    since: str | None = None
    until: str | None = None

    def to_params(self) -> dict[str, str]:
        """URL parameters for this view (the area only when one is chosen): a map of one
        indicator keeps its links as they always were; a change map names its pair."""
        wanted = CHANGE_FIELDS if self.mode == "change" else LEVEL_FIELDS
        values = asdict(self)
        return {key: str(values[key]) for key in wanted if values[key] is not None}


def geographies_for(artifact: Artifact, ind: Indicator) -> list[str]:
    """Mappable geographies on which ``ind`` has values (published or combined)."""
    return list(artifact.memo("mappable_geographies", _mappable_geographies).get(ind.id, ()))


def _mappable_geographies(artifact: Artifact) -> dict[str, tuple[str, ...]]:
    """Every indicator's mappable geographies, worked out once per artifact (each page
    run asks for all of them, to offer the indicators that can be mapped)."""
    return {
        ind.id: tuple(
            geo
            for geo in artifact.geographies.mappable
            if ind.id in artifact.values(geo).columns and artifact.values(geo)[ind.id].notna().any()
        )
        for ind in artifact.registry
    }


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

    mode = get("mode")
    if mode is not None and mode not in MAP_MODES:
        problems.append(
            f"The link's map mode “{shown(mode)}” is not one we know; showing one edition."
        )
    if mode == "change":
        return _parse_change(artifact, get, problems)

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

    view = _with_area(artifact, view, get("area"), problems)

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


def _with_area(artifact: Artifact, view: MapView, area: str | None, problems: list[str]) -> MapView:
    """The view with the link's area, when it is an area of the view's geography."""
    if area is None:
        return view
    if artifact.is_area(view.geo, area.upper()):
        return replace(view, area=area.upper())
    problems.append(
        f"The link's area “{shown(area)}” is not a {artifact.geography(view.geo).label}."
    )
    return view


def _parse_change(artifact: Artifact, get, problems: list[str]) -> tuple[MapView, list[str]]:
    """A change map's view from a link (``mode=change&change=…&since=…&until=…``)."""
    view = MapView(mode="change")
    wanted = get("change")
    known = {m.id: m for m in change.measures(artifact)}
    if wanted is not None and wanted not in known:
        problems.append(
            f"The link's change map “{shown(wanted)}” is not one we know; showing relative "
            "deprivation."
        )
    measure = known.get(wanted or "", known[change.DEFAULT_MEASURE])
    since, until = get("since"), get("until")
    pair = change.valid_pair(measure, since, until)
    if (since is not None or until is not None) and pair != (since, until):
        first, last = (measure.label_of(p) for p in measure.default)
        problems.append(
            f"The link's years are not two of {measure.label}'s, in order; showing {first} to "
            f"{last}."
        )
    allowed = change.geographies(artifact, measure)
    geo = get("geo")
    if geo is not None and geo not in allowed:
        problems.append(
            f"The link's geography “{shown(geo)}” is not available for this change map."
        )
        geo = None
    view = replace(view, change=measure.id, since=pair[0], until=pair[1], geo=geo or allowed[0])
    return _with_area(artifact, view, get("area"), problems), problems


# ---- addresses people can type or scan ---------------------------------------------------


def public_url(fallback: str | None = None) -> str:
    """The address links and QR codes point at, without a trailing slash.

    ``OBSERVATORY_PUBLIC_URL`` when it is set to an http(s) address; otherwise
    ``fallback`` (the address of the request, when a page is open); otherwise the
    address of a local run.
    """
    for candidate in (os.environ.get(PUBLIC_URL_SETTING, ""), fallback or ""):
        candidate = candidate.strip().rstrip("/")
        if candidate and _ORIGIN.fullmatch(candidate):
            return candidate
    return LOCAL_URL


def area_geographies(artifact: Artifact) -> tuple[str, ...]:
    """The kinds of area with a profile: LSOAs, then divisions and wards (in the order of
    ``geographies.toml``: 2025 divisions before 2022 wards)."""
    return ("lsoa21", *artifact.parent_geographies)


def geography_of_code(artifact: Artifact, code: str) -> str | None:
    """Which area geography a bare code belongs to (LSOAs, then divisions, then wards)."""
    for geo in area_geographies(artifact):
        if artifact.is_area(geo, code):
            return geo
    return None


def area_params(artifact: Artifact, geography: str, code: str) -> dict[str, str]:
    """The shortest parameters that name an area: the code alone when it is unambiguous."""
    if geography_of_code(artifact, code) == geography:
        return {"area": code}
    return {"geo": geography, "area": code}


def page_url(base: str, page: str, params: Mapping[str, str]) -> str:
    """``base/page?params``: a full address for a page."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{base.rstrip('/')}/{page}" + (f"?{query}" if query else "")


@dataclass(frozen=True)
class AreaView:
    """The area profile page and the story form prefilled for an area: one area."""

    geo: str = DEFAULT_GEOGRAPHY
    area: str | None = None

    def to_params(self) -> dict[str, str]:
        return {"geo": self.geo, "area": self.area} if self.area else {}


def parse_area(
    artifact: Artifact,
    params: Mapping[str, object],
    geographies: tuple[str, ...] | None = None,
) -> tuple[AreaView, list[str]]:
    """An area of one of ``geographies`` (default: :func:`area_geographies`) from a link:
    ``?geo=…&area=…``, or ``?area=…`` alone (the code says which geography it belongs to)."""
    geographies = area_geographies(artifact) if geographies is None else geographies
    raw_area, raw_geo = link_value(params, "area"), link_value(params, "geo")
    if raw_area is None:
        return AreaView(), []
    area = clean(raw_area).upper()
    geo = clean(raw_geo) if raw_geo is not None else geography_of_code(artifact, area)
    if geo in geographies and artifact.is_area(geo, area):
        return AreaView(geo, area), []
    kind = (
        artifact.geography(geo).label
        if geo in geographies
        else " or ".join(artifact.geography(g).singular for g in geographies)
    )
    return AreaView(), [f"The link's area “{shown(area)}” is not a {kind}."]


# ---- the Present page -------------------------------------------------------------------

DECKS = ("shortlist", "division", "picked")
MAX_DECK = 200
MAX_COMPARE = 4
_ON = ("on", "1", "true", "yes")


#: Present's modes: a slide per area, each area's twenty years, areas side by side.
PRESENT_MODES = ("slides", "change", "compare")


@dataclass(frozen=True)
class PresentView:
    """What a meeting is shown: which areas (a deck), which one now, and how.

    ``areas`` holds the deck's codes for a shortlist or hand-picked deck (a division's
    deck is its LSOAs); ``step`` counts from 1; ``compare`` lists the areas shown side by
    side in compare mode.
    """

    deck: str = "shortlist"
    division: str | None = None
    areas: tuple[str, ...] = ()
    step: int = 1
    contrast: bool = False
    full: bool = True
    mode: str = "slides"
    compare: tuple[str, ...] = ()

    def to_params(self) -> dict[str, str]:
        params = {"deck": self.deck, "step": str(self.step)}
        if self.deck == "division" and self.division:
            params["division"] = self.division
        if self.deck != "division" and self.areas:
            params["areas"] = ",".join(self.areas)
        if self.contrast:
            params["contrast"] = "on"
        if not self.full:
            params["full"] = "off"
        if self.mode != "slides":
            params["mode"] = self.mode
        if self.mode == "compare" and self.compare:
            params["compare"] = ",".join(self.compare)
        return params


def _codes(
    artifact: Artifact, raw: str | None, limit: int, what: str, problems: list[str]
) -> tuple[str, ...]:
    """Area codes from a comma-separated link value; unknown ones are dropped, with a word."""
    if raw is None:
        return ()
    codes, unknown = [], 0
    for part in raw.split(",")[: limit + 1]:
        code = clean(part).upper()
        if code and geography_of_code(artifact, code) in ("lsoa21", "wd25"):
            codes.append(code)
        elif code:
            unknown += 1
    if unknown or len(codes) > limit:
        problems.append(f"Some areas in the link's {what} are not known here; they were left out.")
    return tuple(dict.fromkeys(codes[:limit]))


def parse_present(
    artifact: Artifact, params: Mapping[str, object]
) -> tuple[PresentView, list[str]]:
    """A Present view from a link, every value checked; unknown ones fall back, with words."""
    problems: list[str] = []
    view = PresentView()

    def get(name: str) -> str | None:
        raw = link_value(params, name)
        return None if raw is None else clean(raw, 4000)

    deck = get("deck")
    if deck is not None:
        if deck in DECKS:
            view = replace(view, deck=deck)
        else:
            problems.append(
                f"The link's deck “{shown(deck)}” is not one we know; showing the shortlist."
            )
    division = get("division")
    if division is not None:
        if artifact.is_area("wd25", division.upper()):
            view = replace(view, division=division.upper())
        else:
            problems.append(f"The link's division “{shown(division)}” is not a 2025 division.")
    view = replace(view, areas=_codes(artifact, get("areas"), MAX_DECK, "list", problems))
    view = replace(
        view, compare=_codes(artifact, get("compare"), MAX_COMPARE, "comparison", problems)
    )
    step = get("step")
    if step is not None:
        number = whole_number(step, 1, MAX_DECK)
        if number is None:
            problems.append(f"The link's slide number must be 1 to {MAX_DECK}; starting at 1.")
        else:
            view = replace(view, step=number)
    view = replace(
        view,
        contrast=(get("contrast") or "").lower() in _ON,
        full=(get("full") or "on").lower() in _ON,
        mode=get("mode") if get("mode") in PRESENT_MODES else "slides",
    )
    return view, problems
