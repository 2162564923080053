"""folium map builders: choropleths that draw without internet, and their legends.

Leaflet is served by the app (see :mod:`geo.static`), so the map draws on a network
without internet; basemap tiles are an optional layer that needs it. Each feature
carries only what the map uses (code, name, value text, rank text, fill colour), and
identical styles are shared between features, which keeps the page small.
"""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd
import shapely

from geo import static
from geo.artifact import Artifact
from geo.boundaries import round_coordinates
from geo.catalog import Indicator
from geo.classify import Classification
from geo.format import format_value
from geo.profile import need_ranks, ordinal, superlative

MAP_DECIMALS = 5  # about 1 m: finer than any screen shows at county or town zoom
SELECTED_OUTLINE = "#000000"
#: Properties a click hands back to the server (read from the clicked feature).
CODE_PROPERTY = "code"


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


def features(display: gpd.GeoDataFrame, rows: pd.DataFrame, classification: Classification) -> dict:
    """GeoJSON for a choropleth layer.

    Parameters
    ----------
    display
        Display boundaries (``code``, ``geometry``).
    rows
        The map table (see :func:`map_table`), indexed by code.
    classification
        Fill colours come from here; areas without a class are grey.
    """
    geoms = round_coordinates(display.geometry.values.copy(), MAP_DECIMALS)
    out = []
    for code, geom in zip(display["code"], geoms, strict=True):
        row = rows.loc[code] if code in rows.index else None
        out.append(
            {
                "type": "Feature",
                "properties": {
                    CODE_PROPERTY: code,
                    "name": str(row["name"]) if row is not None else code,
                    "value": str(row["value_text"]) if row is not None else "no data",
                    "rank": str(row["rank_text"]) if row is not None else "",
                    "fill": classification.colour_of(code),
                },
                "geometry": shapely.geometry.mapping(geom),
            }
        )
    return {"type": "FeatureCollection", "features": out}


def choropleth(
    display: gpd.GeoDataFrame,
    rows: pd.DataFrame,
    classification: Classification,
    *,
    layer_name: str,
    basemap: bool = True,
) -> folium.Map:
    """A choropleth map of one indicator; each area's tooltip names it and its value."""
    m = base_map(tuple(display.total_bounds), basemap=basemap)
    folium.GeoJson(
        features(display, rows, classification),
        name=layer_name,
        style_function=_fill_style,
        highlight_function=lambda _f: {"weight": 3, "color": SELECTED_OUTLINE},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "value", "rank", CODE_PROPERTY],
            aliases=["Area", "Value", "In Northumberland", "Code"],
            sticky=False,
        ),
    ).add_to(m)
    return m


def _fill_style(feature: dict) -> dict:
    return {
        "fillColor": feature["properties"]["fill"],
        "fillOpacity": 0.85,
        "color": "#ffffff",
        "weight": 0.7,
    }


def selection_layer(display: gpd.GeoDataFrame, codes: list[str]) -> folium.FeatureGroup:
    """Thick outline of the selected area(s), drawn over the choropleth.

    Drawn twice (black under white) so it stands out on light and dark fills alike,
    and not interactive, so clicks still reach the areas below.
    """
    group = folium.FeatureGroup(name="Selected area")
    chosen = display[display["code"].isin(codes)]
    if chosen.empty:
        return group
    shapes = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(g)}
            for g in round_coordinates(chosen.geometry.values.copy(), MAP_DECIMALS)
        ],
    }
    for colour, weight in ((SELECTED_OUTLINE, 6), ("#ffffff", 2.5)):
        folium.GeoJson(
            shapes,
            style_function=lambda _f, c=colour, w=weight: {"fill": False, "color": c, "weight": w},
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


def legend_html(classification: Classification, title: str) -> str:
    """An accessible HTML legend: swatch, class range and number of areas per row."""
    items = "".join(
        f'<li><span class="swatch" style="background:{colour}" aria-hidden="true"></span>'
        f"{html.escape(label)} <small>({count} area{'s' if count != 1 else ''})</small></li>"
        for colour, label, count in reversed(classification.legend())
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

    Columns: ``name``, ``value`` (raw), ``value_text``, ``rank`` (1 = most need, or
    highest without a direction), ``rank_text`` and ``class_label``.
    """
    names = artifact.names(geography)
    values = artifact.values(geography)[ind.id].reindex(names.index)
    n = int(values.notna().sum())
    if ind.is_numeric:
        ranks = need_ranks(values, ind)
        suffix = "highest" if ind.more_need == "neither" else superlative(ind)
        rank_text = ranks.map(
            lambda r: "" if pd.isna(r) else f"{ordinal(int(r))} of {n} ({suffix} first)"
        )
    else:
        ranks = pd.Series(pd.NA, index=names.index)
        rank_text = pd.Series("", index=names.index)
    labels = classification.classes.reindex(names.index).map(
        lambda c: "No data" if pd.isna(c) else classification.labels[int(c)]
    )
    return pd.DataFrame(
        {
            "name": names,
            "value": values,
            "value_text": values.map(lambda v: format_value(ind, v)),
            "rank": ranks,
            "rank_text": rank_text,
            "class_label": labels,
        }
    )


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
