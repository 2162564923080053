"""Serve the map's browser files (Leaflet) from the app itself, not from a CDN.

folium points browsers at public CDNs for Leaflet, so on a network without internet (CI,
a council intranet, a village hall) maps would be blank. The PyPI package
``xstatic-leaflet`` ships Leaflet 1.9.3, the version folium expects; this module copies
its files into ``static/vendor/leaflet`` (git-ignored) where Streamlit serves them at
``/app/static/vendor/leaflet/`` (``server.enableStaticServing``).

``python -m geo.static`` does the copy; ``dev.py`` runs it at set-up, and the app calls
:func:`ensure_assets` on start in case set-up was skipped.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from geo import paths
from geo.errors import ObservatoryError

STATIC_DIR = paths.PROJECT_ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
#: URL prefix under which Streamlit serves ``static/``.
STATIC_URL = "/app/static"
LEAFLET_JS = f"{STATIC_URL}/vendor/leaflet/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/vendor/leaflet/leaflet.css"
#: Our own decoder for the compact area encoding (committed, not copied at set-up).
AREAS_JS = f"{STATIC_URL}/observatory/areas.js"
#: The England map's tile layers (committed; the tiles themselves are built with the data).
ENGLAND_JS = f"{STATIC_URL}/observatory/england.js"

_LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images")


def leaflet_source() -> Path:
    """Folder of Leaflet's files inside the installed ``xstatic-leaflet`` package."""
    try:
        from xstatic.pkg import leaflet
    except ImportError as exc:
        raise ObservatoryError(
            "The package xstatic-leaflet is not installed; run `python3 dev.py setup`."
        ) from exc
    return Path(leaflet.BASE_DIR)


def assets_present(target: Path = VENDOR_DIR) -> bool:
    """True when every file the maps need is in place."""
    return all((target / "leaflet" / name).exists() for name in _LEAFLET_FILES)


def ensure_assets(target: Path = VENDOR_DIR) -> Path:
    """Copy Leaflet into ``target/leaflet`` unless it is already there.

    The copy goes to a temporary folder first and is then renamed, so a browser never
    sees half a file.
    """
    if assets_present(target):
        return target / "leaflet"
    source = leaflet_source()
    try:
        target.mkdir(parents=True, exist_ok=True)
        staging = target / ".leaflet-tmp"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for name in _LEAFLET_FILES:
            src = source / name
            if src.is_dir():
                shutil.copytree(src, staging / name)
            else:
                shutil.copy2(src, staging / name)
        final = target / "leaflet"
        shutil.rmtree(final, ignore_errors=True)
        staging.rename(final)
    except OSError as exc:
        raise ObservatoryError(
            f"Leaflet could not be copied into {target} ({exc.strerror or exc}). Run "
            "`python3 dev.py setup` as a user who may write to the project folder."
        ) from exc
    return final


if __name__ == "__main__":
    where = ensure_assets()
    print(f"Leaflet is in {where}")
    sys.exit(0)
