"""folium map builders: choropleths that draw without internet, and their legends.

Leaflet is served by the app (see :mod:`geo.static`), so the map draws on a network
without internet; basemap tiles are an optional layer that needs it. Each feature
carries only what the map uses (code, name, value text, rank text, fill colour), and
identical styles are shared between features, which keeps the page small.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import ClassVar

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo import static
from geo.artifact import Artifact
from geo.boundaries import round_coordinates
from geo.catalog import Indicator
from geo.classify import MISSING_COLOUR, Classification, classify
from geo.format import format_value
from geo.profile import incomplete_note
from geo.ranks import need_ranks, ordinal, superlative

MAP_DECIMALS = 5  # about 1 m: finer than any screen shows at county or town zoom
SELECTED_OUTLINE = "#000000"
DASHES = "5 4"  # outlines of areas whose boundaries changed


def _local_leaflet(m: folium.Map) -> folium.Map:
    # folium defaults to CDNs for Leaflet, jQuery, Bootstrap and marker fonts; a
    # choropleth needs only Leaflet, served by the app.
    m.default_js = [("leaflet", static.LEAFLET_JS)]
    m.default_css = [("leaflet_css", static.LEAFLET_CSS)]
    return m


def base_map(bounds: tuple[float, float, float, float], *, basemap: bool) -> folium.Map:
    """An empty map fitted to ``bounds`` (minx, miny, maxx, maxy in lon/lat)."""
    minx, miny, maxx, maxy = bounds
    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=9,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,  # SVG paths: crisp, and each area is its own clickable element
        zoom_snap=0.25,  # fit the county snugly instead of jumping a whole zoom level
        zoom_delta=0.5,
    )
    _local_leaflet(m)
    if basemap:
        folium.TileLayer(
            "OpenStreetMap",
            name="Basemap (needs internet)",
            attr="© OpenStreetMap contributors",
            opacity=0.6,
        ).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


class AreaLayer(JSCSSMixin, MacroElement):
    """Areas drawn by ``static/observatory/areas.js`` from the compact encoding.

    The geometry (shared arcs) is the same for every indicator on a geography and comes
    ready-made from the artifact; only the short per-area arrays (code, name, value,
    rank, class) change with the indicator.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = ObservatoryAreas.layer(
            {{ this._parent.get_name() }}, {{ this.geometry }}, {{ this.data }}, {{ this.options }}
        );
        {% endmacro %}
        """
    )
    default_js: ClassVar[list[tuple[str, str]]] = [("observatory_areas", static.AREAS_JS)]

    def __init__(self, geometry_json: str, data: dict, colours: list[str]) -> None:
        super().__init__()
        self._name = "AreaLayer"
        self.geometry = geometry_json
        self.data = _json_for_script(data)
        self.options = _json_for_script({"colours": colours, "missing": MISSING_COLOUR})

    def render(self, **kwargs) -> None:
        # MacroElement.render would wrap the rendered script in a new Element, compiling
        # it (with all its geometry) as a Jinja template on every page run: a fifth of
        # the map page's time. The script is final text, so it goes in as it is.
        figure = self.get_root()
        for name, url in self.default_js:
            figure.header.add_child(folium.JavascriptLink(url), name=name)
        script = self._template.module.script(self, kwargs)
        figure.script.add_child(_RenderedText(script), name=self.get_name())


class _RenderedText(Element):
    """Text that is already rendered; added to the page without being compiled again."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;-_()'")


def _escape(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:  # outside the basic plane: a surrogate pair, as JavaScript expects
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _json_for_script(value: object) -> str:
    """JSON for a ``<script>`` built from folium's Jinja templates.

    Every character of a string that is not a letter, digit or plain punctuation is
    written as a ``\\uXXXX`` escape, so no text can close the script or break out of its
    string, and none could open a Jinja tag (``{{``, ``{%``, ``{#``) if folium rendered
    the script as a template again (it did, before :meth:`AreaLayer.render`).
    """
    if isinstance(value, str):
        return '"' + "".join(ch if ch in _PLAIN else _escape(ch) for ch in value) + '"'
    if isinstance(value, dict):
        items = (f"{_json_for_script(str(k))}:{_json_for_script(v)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_json_for_script(v) for v in value) + "]"
    return json.dumps(value)


def area_data(
    display: gpd.GeoDataFrame,
    rows: pd.DataFrame,
    classification: Classification,
    labels: dict[str, str],
) -> dict:
    """Per-area arrays for :class:`AreaLayer`, in the order of ``display``."""
    codes = [str(c) for c in display["code"]]
    table = rows.reindex(codes)
    classes = classification.classes.reindex(codes)
    return {
        "codes": codes,
        "names": [
            str(n) if isinstance(n, str) else c for n, c in zip(table["name"], codes, strict=True)
        ],
        "values": [str(v) if isinstance(v, str) else "no data" for v in table["value_text"]],
        "ranks": [str(r) if isinstance(r, str) else "" for r in table["rank_text"]],
        "classes": [None if pd.isna(c) else int(c) for c in classes],
        "labels": labels,
    }


def choropleth(
    display: gpd.GeoDataFrame,
    geometry_json: str,
    rows: pd.DataFrame,
    classification: Classification,
    *,
    value_label: str = "Value",
    rank_label: str = "Rank",
    basemap: bool = True,
) -> folium.Map:
    """A choropleth of one indicator; each area's tooltip names it, its value and rank.

    Parameters
    ----------
    display
        Display boundaries, in the order ``geometry_json`` encodes them.
    geometry_json
        The artifact's encoded geometry for the same geography.
    rows
        The map table (see :func:`map_table`), indexed by code.
    """
    m = base_map(tuple(display.total_bounds), basemap=basemap)
    data = area_data(
        display, rows, classification, {"value": value_label, "rank": rank_label, "code": "Code"}
    )
    AreaLayer(geometry_json, data, list(classification.colours)).add_to(m)
    return m


def _outlines(display: gpd.GeoDataFrame, codes: list[str]) -> dict:
    """The areas ``codes`` as a GeoJSON FeatureCollection without properties."""
    chosen = display[display["code"].isin(codes)]
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(g)}
            for g in round_coordinates(chosen.geometry.values.copy(), MAP_DECIMALS)
        ],
    }


def selection_layer(display: gpd.GeoDataFrame, codes: list[str]) -> folium.FeatureGroup:
    """Thick outline of the selected area(s), drawn over the choropleth.

    Drawn twice (black under white) so it stands out on light and dark fills alike,
    and not interactive, so clicks still reach the areas below.
    """
    group = folium.FeatureGroup(name="Selected area")
    shapes = _outlines(display, codes)
    if not shapes["features"]:
        return group
    for colour, weight in ((SELECTED_OUTLINE, 6), ("#ffffff", 2.5)):
        folium.GeoJson(
            shapes,
            style_function=lambda _f, c=colour, w=weight: {"fill": False, "color": c, "weight": w},
            interactive=False,
        ).add_to(group)
    return group


def dashed_layer(display: gpd.GeoDataFrame, codes: list[str], name: str) -> folium.FeatureGroup:
    """Dashed outlines of some areas (a change map's boundary changes), drawn over the
    fills and not interactive, so clicks and tooltips still reach the areas below."""
    group = folium.FeatureGroup(name=name)
    shapes = _outlines(display, codes)
    if not shapes["features"]:
        return group
    folium.GeoJson(
        shapes,
        style_function=lambda _f: {
            "fill": False,
            "color": SELECTED_OUTLINE,
            "weight": 2,
            "dashArray": DASHES,
        },
        interactive=False,
    ).add_to(group)
    return group


def centre_of(display: gpd.GeoDataFrame, code: str) -> tuple[float, float] | None:
    """(lat, lon) of a point inside an area, for centring the map on it."""
    row = display[display["code"] == code]
    if row.empty:
        return None
    point = shapely.point_on_surface(row.geometry.values[0])
    return float(point.y), float(point.x)


def legend_html(classification: Classification, title: str, *, dashed: str = "") -> str:
    """An accessible HTML legend: swatch, class range and number of areas per row; with
    ``dashed``, a last row saying what a dashed outline marks."""
    items = "".join(
        f'<li><span class="swatch" style="background:{colour}" aria-hidden="true"></span>'
        f"{html.escape(label)} <small>({count} area{'s' if count != 1 else ''})</small></li>"
        for colour, label, count in reversed(classification.legend())
    )
    if dashed:
        items += (
            '<li><span class="swatch" style="border:2px dashed #000;background:#fff" '
            f'aria-hidden="true"></span>{html.escape(dashed)}</li>'
        )
    return (
        '<div class="legend" role="group" aria-label="Map legend">'
        f"<strong>{html.escape(title)}</strong><br><em>{html.escape(classification.legend_title)}</em>"
        f'<ul style="list-style:none;padding-left:0;margin:0.3em 0">{items}</ul></div>'
        "<style>.legend .swatch{display:inline-block;width:1.4em;height:0.9em;"
        "margin-right:0.5em;border:1px solid #666;vertical-align:middle}</style>"
    )


def map_table(
    artifact: Artifact, geography: str, ind: Indicator, classification: Classification
) -> pd.DataFrame:
    """The per-area table behind a map and its table view, indexed by code.

    Columns: ``name`` (the name people know), ``official`` (the ONS name), ``value``
    (raw), ``value_text``, ``rank`` (1 = most need, or highest without a direction),
    ``rank_text`` and ``class_label``.
    """
    names = artifact.local_names(geography)
    values = artifact.values(geography)[ind.id].reindex(names.index)
    n = int(values.notna().sum())
    if ind.is_numeric:
        ranks = need_ranks(values, ind)
        rank_text = ranks.map(lambda r: "" if pd.isna(r) else f"{ordinal(int(r))} of {n}")
    else:
        ranks = pd.Series(pd.NA, index=names.index)
        rank_text = pd.Series("", index=names.index)
    labels = classification.classes.reindex(names.index).map(
        lambda c: "No data" if pd.isna(c) else classification.labels[int(c)]
    )
    return pd.DataFrame(
        {
            "name": names,
            "official": artifact.names(geography),
            "value": values,
            "value_text": values.map(lambda v: format_value(ind, v)),
            "rank": ranks,
            "rank_text": rank_text,
            "class_label": labels,
        }
    )


def rank_label(ind: Indicator, county: str) -> str:
    """What the rank in a tooltip means: "Rank in Northumberland (1st = most deprived)"."""
    first = "highest" if ind.more_need == "neither" else superlative(ind)
    return f"Rank in {county} (1st = {first})"


def story_layer(display: gpd.GeoDataFrame, counts: dict[str, int]) -> folium.FeatureGroup:
    """A marker inside each area that has community stories, sized by how many.

    Markers sit at a point inside the area, never at anyone's address.
    """
    group = folium.FeatureGroup(name="Areas with stories")
    for code, n in counts.items():
        centre = centre_of(display, code)
        if centre is None or n <= 0:
            continue
        folium.CircleMarker(
            location=centre,
            radius=min(6 + 2 * n, 16),
            color="#000000",
            weight=2,
            fill=True,
            fill_color="#E69F00",
            fill_opacity=0.95,
            tooltip=f"{n} {'story' if n == 1 else 'stories'}",
            interactive=False,
        ).add_to(group)
    return group


def resolve_click(artifact: Artifact, geography: str, clicked: dict | None) -> str | None:
    """The area code a map click points at, or None.

    The clicked feature's ``code`` property is used when it names an area of
    ``geography``; otherwise the click position is looked up by point-in-polygon on the
    server. Nothing from the browser is trusted without that check.
    """
    if not isinstance(clicked, dict):
        return None
    feature = clicked.get("last_active_drawing")
    props = feature.get("properties") if isinstance(feature, dict) else None
    code = props.get("code") if isinstance(props, dict) else None
    if artifact.is_area(geography, code):
        return code
    point = clicked.get("last_object_clicked") or clicked.get("last_clicked")
    if isinstance(point, dict):
        try:
            return artifact.area_at(geography, float(point["lng"]), float(point["lat"]))
        except (KeyError, TypeError, ValueError):
            return None
    return None


def classify_indicator(
    artifact: Artifact, geography: str, ind: Indicator, scheme: str, k: int
) -> Classification:
    """Classes of one indicator on one geography (with England deciles where published)."""
    table = artifact.values(geography)
    deciles = table[ind.decile_indicator] if ind.decile_indicator in table.columns else None
    return classify(table[ind.id], ind, scheme, k, england_deciles=deciles)


@dataclass(frozen=True)
class ChoroplethView:
    """Everything one choropleth needs, read from the artifact once.

    The map page asks for this once per view and draws it: the classes, the per-area
    table (names, values, ranks), the display shapes and their encoded geometry, the
    notes under the map. Shared between sessions: read it,
    never change it.
    """

    geography: str
    indicator: Indicator
    classification: Classification
    table: pd.DataFrame
    display: gpd.GeoDataFrame
    geometry: str
    notes: tuple[str, ...]
    county_name: str

    def folium_map(self, *, basemap: bool) -> folium.Map:
        """The choropleth; each area's tooltip names it, its value and its rank."""
        return choropleth(
            self.display,
            self.geometry,
            self.table,
            self.classification,
            value_label=self.indicator.label,
            rank_label=rank_label(self.indicator, self.county_name),
            basemap=basemap,
        )

    def legend_html(self) -> str:
        """The legend, with class ranges and counts."""
        return legend_html(self.classification, self.indicator.label)


def choropleth_view(
    artifact: Artifact, geography: str, indicator_id: str, scheme: str, k: int
) -> ChoroplethView:
    """Everything the map of ``indicator_id`` on ``geography`` needs, in one call."""
    ind = artifact.registry.get(indicator_id)
    classes = classify_indicator(artifact, geography, ind, scheme, k)
    return ChoroplethView(
        geography=geography,
        indicator=ind,
        classification=classes,
        table=map_table(artifact, geography, ind, classes),
        display=artifact.areas(geography, display=True),
        geometry=artifact.encoded(geography),
        notes=(*classes.notes, *_approximation_note(artifact, geography, ind)),
        county_name=artifact.county_name,
    )


def _approximation_note(artifact: Artifact, geography: str, ind: Indicator) -> tuple[str, ...]:
    """How areas built from LSOAs got their figures, and why some have none."""
    if geography == ind.geography:
        return ()
    return tuple(
        note
        for note in (artifact.method_note(geography), incomplete_note(artifact, geography, ind))
        if note
    )
