"""The observatory's data library: boundaries, indicators, aggregation, maps and charts.

A plain library: it never imports Streamlit and does nothing when imported, so every
function can be used and tested without a browser. Pages cache what it returns.

The build lives in :mod:`geo.build` (``python -m geo.build``) and is not imported here,
so running it as a script does not find it already imported.
"""

from geo.artifact import Artifact
from geo.catalog import Indicator, Registry, Source, load_registry
from geo.errors import ArtifactError, DataError, ObservatoryError, RegistryError, SettingError
from geo.geographies import Geographies, Geography, load_geographies
from geo.indicators import JoinReport

__all__ = [
    "Artifact",
    "ArtifactError",
    "DataError",
    "Geographies",
    "Geography",
    "Indicator",
    "JoinReport",
    "ObservatoryError",
    "Registry",
    "RegistryError",
    "SettingError",
    "Source",
    "load_geographies",
    "load_registry",
]
