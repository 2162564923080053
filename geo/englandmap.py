"""The England map: every English LSOA for one IoD measure, drawn from pre-built tiles.

The map itself is the same for every visitor and every click (only the measure changes
it), so clicking does not rebuild it: the selected area's outline travels separately
(:func:`selection`), and a click is resolved on the server by point-in-polygon
(:meth:`geo.england.England.lsoa_at`), never by trusting what the browser says.
"""

from __future__ import annotations

from typing import ClassVar

import folium
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo import englandtiles, static
from geo.classify import MISSING_COLOUR, Classification, classify
from geo.england import England
from geo.maps import _json_for_script, base_map, selection_layer

#: Zoom limits of the England map: all of England fits at 5; 16 is a few streets.
MIN_ZOOM, MAX_ZOOM = 5, 16
ATTRIBUTION = "MHCLG IoD 2025; ONS boundaries (OGL v3.0)"


class EnglandLayer(JSCSSMixin, MacroElement):
    """The tile layers of ``static/observatory/england.js`` for one measure."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = ObservatoryEngland.layer(
            {{ this._parent.get_name() }}, {{ this.options }}
        );
        {% endmacro %}
        """
    )
    default_js: ClassVar[list[tuple[str, str]]] = [
        ("observatory_areas", static.AREAS_JS),
        ("observatory_england", static.ENGLAND_JS),
    ]

    def __init__(self, tileset: str, measure: str, label: str, bounds: list[float]) -> None:
        super().__init__()
        self._name = "EnglandLayer"
        self.options = _json_for_script(
            {
                "base": englandtiles.url(tileset),
                "measure": englandtiles.MEASURES.index(measure),
                "measureId": measure,
                "label": label,
                "bounds": bounds,
                "colours": englandtiles.colours(),
                "missing": MISSING_COLOUR,
                "detailZoom": englandtiles.DETAIL_ZOOM,
                "overviewZooms": list(englandtiles.OVERVIEW_ZOOMS),
                "attribution": ATTRIBUTION,
            }
        )


def measures(england: England) -> list[str]:
    """The measures the England map can show (those in the registry), in map order."""
    return [m for m in englandtiles.MEASURES if m in england.registry]


def england_map(england: England, measure: str, *, basemap: bool = False) -> folium.Map:
    """The England map for one measure, fitted to England.

    Raises
    ------
    ValueError
        If ``measure`` is not one of :func:`measures`.
    """
    if measure not in measures(england):
        raise ValueError(f"The England map cannot show {measure!r}.")
    bounds = [float(b) for b in england.areas().total_bounds]
    m = base_map(tuple(bounds), basemap=basemap)
    m.options.update({"minZoom": MIN_ZOOM, "maxZoom": MAX_ZOOM})
    EnglandLayer(england.tiles, measure, england.registry.get(measure).label, bounds).add_to(m)
    return m


def selection(england: England, code: str | None) -> folium.FeatureGroup:
    """The selected LSOA's outline, drawn over the England map."""
    return selection_layer(england.areas(), [code] if code else [])


def classes(england: England, measure: str) -> Classification:
    """England deciles of one measure over all of England (for the legend)."""
    ind = england.registry.get(measure)
    values = england.values("lsoa21")[measure]
    return classify(values, ind, "england_deciles", england_deciles=values)


def lsoa_clicked(england: England, clicked: dict | None) -> str | None:
    """The LSOA under a map click (``{"lat": …, "lng": …}``), found on the server."""
    if not isinstance(clicked, dict):
        return None
    try:
        lat, lon = float(clicked["lat"]), float(clicked["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    return england.lsoa_at(lon, lat)


def focus(england: England, code: str) -> dict:
    """Centre and zoom that show one LSOA in its streets."""
    shape = england.shape(code)
    if shape is None:
        return {}
    point = shapely.point_on_surface(shape)
    return {"center": (float(point.y), float(point.x)), "zoom": 13}


def table(england: England, measure: str, lad: str) -> pd.DataFrame:
    """Every LSOA of one local authority with its decile of ``measure``, for the table view."""
    areas = england.areas()
    rows = areas.loc[areas["lad"] == lad, ["code", "name"]]
    values = england.values("lsoa21")[measure].reindex(rows["code"]).to_numpy()
    return rows.assign(decile=values).sort_values(["decile", "name"], ignore_index=True)
