"""England figures for the benchmark: the real 33,755 LSOAs, not synthetic polygons.

* ``build``: time to build England's part (tables, similar areas, history) and, apart,
  its map tiles from scratch; the size of the county artifact, England's part and tiles;
* ``views``: for the county, region and England views (and a town and London, the
  busiest detail view) in a real Chromium: bytes sent for the view, the server's time to
  serve them (the view's files fetched one after another), and the browser's time from
  the end of the gesture to the new view drawn (median of ``runs`` cold browsers). The
  England view is the one the map opens on: its files and time are those of the page's
  first draw;
* ``explore_ratio``: the biggest view's bytes against ``GeoDataFrame.explore()`` on the
  LSOAs the same view shows;
* ``similar_ms``: areas like one LSOA, looked up (median over many LSOAs).
"""

from __future__ import annotations

import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

import shapely

from geo import england as geo_england
from geo import englandtiles, paths, similar
from geo.england import England

#: Each view: (west, south, east, north) the map is fitted to, or (lat, lon, zoom).
#: "England" is the map as it opens.
VIEWS = {
    "county (Northumberland)": (-2.69, 54.78, -1.46, 55.81),
    "region (North East)": (-2.69, 54.45, -0.79, 55.81),
    "England": None,
    "town (Darlington, zoom 13)": (54.525, -1.553, 13),
    "London (zoom 10, busiest detail)": (51.5, -0.12, 10),
}
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build_figures(data_dir: Path, build_dir: Path, county_artifact: Path) -> dict:
    """England build time (tables and tiles timed apart) and the artifact's sizes."""
    start = time.perf_counter()
    result = geo_england.build(data_dir, build_dir, force=True)
    tables_s = time.perf_counter() - start
    registry = England.open(_registry(county_artifact), build_dir).registry
    inputs = geo_england.read_inputs(data_dir, registry)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        englandtiles.build(
            inputs.areas, inputs.lads, inputs.values["lsoa21"], registry, "bench" * 4,
            root=Path(tmp),
        )  # fmt: skip
        tiles_s = time.perf_counter() - start
    england = England.open(registry, build_dir)
    return {
        "england_tables_s": round(tables_s, 1),
        "england_tiles_s": round(tiles_s, 1),
        "county_artifact_bytes": folder_bytes(county_artifact),
        "england_part_bytes": folder_bytes(result.path),
        "england_tiles_bytes": folder_bytes(englandtiles.TILES_DIR / england.tiles),
    }


def _registry(county_artifact: Path):
    from geo.catalog import load_registry

    return load_registry(county_artifact / "indicators.toml")


def similar_ms(england: England, samples: int = 200) -> float:
    codes = list(england.names("lsoa21").index)[:: len(england.names("lsoa21")) // samples]
    similar.similar_to(england, codes[0])  # the index is made on first use
    times = []
    for code in codes:
        start = time.perf_counter()
        similar.similar_to(england, code)
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def browser_views(url: str, chromium: str, runs: int = 5) -> dict[str, dict]:
    """Each view in ``runs`` fresh browsers: bytes, server time, gesture end → drawn."""
    from playwright.sync_api import sync_playwright

    out: dict[str, dict] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=FLAGS)
        for name, bounds in VIEWS.items():
            drawn_ms, sizes, files = [], [], []
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.route(r"re:^https?://(?!127\.0\.0\.1)", lambda route: route.abort())
                page = context.new_page()
                page.goto(f"{url}/map?extent=england")
                frame = page.frame_locator(FRAME)
                frame.locator('[data-england-state="drawn"]').wait_for(timeout=120_000)
                inner = page.locator(FRAME).element_handle().content_frame()
                # The view the map opens on is measured as it loads with the page (its
                # time from the map made to drawn); every other is a move from there.
                if bounds is not None:
                    inner.evaluate("() => { performance.clearResourceTimings(); return 1; }")
                    _move(inner, bounds)
                done = frame.locator('[data-england-state="drawn"]')
                done.wait_for(timeout=60_000)
                drawn_ms.append(int(done.get_attribute("data-england-ms")))
                entries = inner.evaluate(
                    "() => performance.getEntriesByType('resource')"
                    ".filter(e => e.name.includes('/app/static/england/'))"
                    ".map(e => [e.name, e.transferSize, e.encodedBodySize])"
                )
                sizes.append(sum(max(t, b) for _, t, b in entries))
                files = [e[0] for e in entries]
                context.close()
            zoom = _zoom_of(url, bounds, browser)
            out[name] = {
                "zoom": zoom,
                "files": len(files),
                "bytes": int(statistics.median(sizes)),
                "server_ms": _serve_ms(files),
                "drawn_ms": int(statistics.median(drawn_ms)),
                "bounds": _bounds_shown(url, bounds, browser),
            }
        browser.close()
    return out


def _move(inner, bounds) -> None:
    if bounds is None:
        return
    if len(bounds) == 3:
        inner.evaluate(
            "([lat, lon, z]) => { window.map.setView([lat, lon], z, {animate: false}); return 1; }",
            list(bounds),
        )
        return
    west, south, east, north = bounds
    inner.evaluate(
        "([s, w, n, e]) => { window.map.fitBounds([[s, w], [n, e]], {animate: false}); return 1; }",
        [south, west, north, east],
    )


def _bounds_shown(url, bounds, browser) -> list[float]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{url}/map?extent=england")
    page.frame_locator(FRAME).locator('[data-england-state="drawn"]').wait_for(timeout=120_000)
    inner = page.locator(FRAME).element_handle().content_frame()
    _move(inner, bounds)
    shown = inner.evaluate("() => window.map.getBounds().toBBoxString()")
    page.close()
    return [float(v) for v in shown.split(",")]


def _zoom_of(url, bounds, browser) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{url}/map?extent=england")
    page.frame_locator(FRAME).locator('[data-england-state="drawn"]').wait_for(timeout=120_000)
    inner = page.locator(FRAME).element_handle().content_frame()
    _move(inner, bounds)
    zoom = inner.evaluate("() => window.map.getZoom()")
    page.close()
    return zoom


def _serve_ms(files: list[str]) -> float:
    """The server's time to send a view's files, fetched one after another."""
    start = time.perf_counter()
    for file in files:
        with urllib.request.urlopen(file, timeout=30) as reply:
            reply.read()
    return round((time.perf_counter() - start) * 1000, 1)


def explore_ratio(england: England, views: dict[str, dict]) -> dict:
    """The biggest view's bytes against explore() on the LSOAs that view shows."""
    name, view = max(views.items(), key=lambda item: item[1]["bytes"])
    areas = england.areas()
    shown = areas[areas.intersects(shapely.box(*view["bounds"]))]
    values = england.values("lsoa21")["imd2025_decile"]
    html = (
        shown.assign(decile=values.reindex(shown["code"]).to_numpy())[
            ["code", "name", "decile", "geometry"]
        ]
        .explore(column="decile")
        .get_root()
        .render()
    )
    return {
        "view": name,
        "lsoas": len(shown),
        "view_bytes": view["bytes"],
        "explore_bytes": len(html.encode()),
        "times_smaller": round(len(html.encode()) / max(view["bytes"], 1), 1),
    }


def run(url: str, chromium: str | None, build_dir: Path, county_artifact: Path) -> dict:
    """All England figures; the browser parts only with Chromium."""
    data_dir = paths.data_dir()
    report = {"build": build_figures(data_dir, build_dir, county_artifact)}
    england = England.open(_registry(county_artifact), build_dir)
    report["similar_ms"] = similar_ms(england)
    if chromium is None:
        report["views"] = {"skipped": "Chromium is not installed"}
        return report
    report["views"] = browser_views(url, chromium)
    report["explore_ratio"] = explore_ratio(england, report["views"])
    return report
