"""``python -m tools.bench --json PATH``: measure the observatory's speed and size.

Every figure is measured in this run, on this machine, next to its baseline, so the
targets are ratios that do not depend on how fast the machine is:

* ``lsoa21`` / ``division``: ``GeoDataFrame.explore()`` on the published boundaries
  joined to IMD 2025 (naive) against the app's own map for the same indicator (ours),
  size of the rendered HTML and build time (medians of warm runs; the naive first run,
  which also imports matplotlib, is reported apart);
* ``cold_start``: reading and joining the raw files against loading the artifact, and
  the county's first start (its artifact built from nothing, then opened);
* ``council``: another council (Rutland) built from the England files: its data pack
  derived and its artifact built from nothing, and the artifact's size;
* ``profile_ms``: from a click's coordinates to all of the profile's data, warm
  (``profile_with_charts_ms`` adds building the chart objects);
* ``scale``: synthetic tessellations of 1,000, 5,000 and 35,000 areas served by
  :mod:`tools.scale` (the biggest view sent and the slowest to build);
* ``browser``: with Chromium, the real app: navigation to map painted, click to profile;
* ``peak_rss_mb`` of this process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import council, paths, profile
from geo.artifact import Artifact
from geo.build import build, read_inputs
from geo.classify import classify
from geo.maps import centre_of, choropleth, map_table, rank_label, resolve_click
from tools import browser, englandbench, pagebench, scale
from tools.localserver import local_app

TARGETS = {
    "map_smaller": 10,
    "map_faster": 10,
    "artifact_faster": 5,
    "profile_ms": 100,
    "view_bytes": 2_000_000,
    "view_ms": 1000,
    "similar_ms": 50,
    "first_start_s": 10,
}


def timed(fn: Callable[[], object], repeat: int = 5) -> tuple[float, object]:
    """Median milliseconds of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def map_sizes(artifact: Artifact, geography: str, data_dir: Path) -> dict[str, float]:
    """Naive ``explore()`` against our map, for IMD 2025 on one geography."""
    geo_file = {"lsoa21": "lsoa21_bgc.geojson", "wd25": "wards_wd25_bgc.geojson"}[geography]
    published = gpd.read_file(data_dir / "boundaries" / geo_file)
    if geography == "lsoa21":
        imd = pd.read_csv(data_dir / "indicators" / "imd2025_lsoa21.csv")
        joined = published.merge(imd, on="LSOA21CD")
    else:  # no published division IMD: the observatory's own division figures
        joined = published.merge(artifact.values("wd25"), left_on="WD25CD", right_index=True)
    column = "IMD_score" if geography == "lsoa21" else "imd2025_score"

    def naive() -> str:
        return joined.explore(column=column).get_root().render()

    first_start = time.perf_counter()
    naive()
    naive_cold = (time.perf_counter() - first_start) * 1000
    naive_ms, naive_html = timed(naive, 3)

    ind = artifact.registry.get("imd2025_score")
    classes = classify(artifact.values(geography)[ind.id], ind)  # cached by the app
    rows = map_table(artifact, geography, ind, classes)
    display = artifact.areas(geography, display=True)

    def ours() -> str:
        return (
            choropleth(
                display,
                artifact.encoded(geography),
                rows,
                classes,
                value_label=ind.label,
                rank_label=rank_label(ind, artifact.county_name),
            )
            .get_root()
            .render()
        )

    ours_ms, ours_html = timed(ours, 7)
    return {
        "naive_bytes": len(naive_html.encode()),
        "naive_ms": round(naive_ms, 1),
        "naive_first_run_ms": round(naive_cold, 1),
        "ours_bytes": len(ours_html.encode()),
        "ours_ms": round(ours_ms, 2),
    }


def cold_start(data_dir: Path, build_dir: Path) -> dict[str, float]:
    raw_ms, _ = timed(lambda: read_inputs(data_dir), 3)
    artifact_ms, _ = timed(lambda: Artifact.open(build_dir), 5)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        Artifact.open(build(data_dir, Path(tmp)).path.parent)
        first_start_s = time.perf_counter() - start
    return {
        "raw_ms": round(raw_ms, 1),
        "artifact_ms": round(artifact_ms, 1),
        "first_start_s": round(first_start_s, 2),
    }


#: The council the benchmark builds from the England files (small, like the tests').
COUNCIL = "E06000017"


def council_figures(data_dir: Path) -> dict[str, object]:
    """Another council built from nothing: pack derived, artifact built, its size."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / COUNCIL
        start = time.perf_counter()
        pack = council.prepare(COUNCIL, data_dir, folder)
        pack_s = time.perf_counter() - start
        result = build(pack, folder)
        total_s = time.perf_counter() - start
        art = Artifact.open(folder)
        return {
            "code": COUNCIL,
            "name": art.county_name,
            "lsoas": len(art.names("lsoa21")),
            "indicators": len(art.registry),
            "pack_s": round(pack_s, 2),
            "pack_and_build_s": round(total_s, 2),
            "artifact_bytes": englandbench.folder_bytes(result.path),
        }


def profile_times(artifact: Artifact, samples: int = 25) -> dict[str, float]:
    """Median time from click coordinates to the profile's data (and charts), warm."""
    display = artifact.areas("lsoa21", display=True)
    codes = list(display["code"])[:: max(1, len(display) // samples)][:samples]
    clicks = []
    for code in codes:
        lat, lon = centre_of(display, code)
        clicks.append({"last_object_clicked": {"lat": lat, "lng": lon}})

    def ready(click: dict, charts: bool) -> None:
        code = resolve_click(artifact, "lsoa21", click)
        profile.summary(artifact, "lsoa21", code)
        profile.figures(artifact, "lsoa21", code, artifact.registry.profile_indicators)
        built = profile.trend_charts(artifact, "lsoa21", code)
        if charts:
            for chart in built:
                _ = chart.chart

    for click in clicks[:2]:
        ready(click, True)  # warm the lookups and Altair
    data = [timed(lambda c=c: ready(c, False), 1)[0] for c in clicks]
    full = [timed(lambda c=c: ready(c, True), 1)[0] for c in clicks]
    return {
        "profile_ms": round(statistics.median(data), 1),
        "profile_with_charts_ms": round(statistics.median(full), 1),
    }


def scale_views(sizes: tuple[int, ...]) -> list[dict[str, object]]:
    out = []
    for n in sizes:
        areas = scale.synthetic_areas(n)
        start = time.perf_counter()
        server = scale.ViewServer(areas)
        index_ms = (time.perf_counter() - start) * 1000
        views = {
            "england_zoom_6": (scale.ENGLAND, 6),
            "busiest_zoom_9": (scale.busiest_window(server, 9), 9),
            "busiest_zoom_12": (scale.busiest_window(server, 12), 12),
        }
        detail = {}
        for name, (bbox, zoom) in views.items():
            ms, view = timed(lambda b=bbox, z=zoom, s=server: s.view(b, z), 3)
            detail[name] = {
                "level": view.level,
                "areas_sent": view.n_areas,
                "bytes": len(view.payload),
                "ms": round(ms, 1),
            }
        out.append(
            {
                "n_polygons": len(areas),
                "view_bytes": max(v["bytes"] for v in detail.values()),
                "build_ms": max(v["ms"] for v in detail.values()),
                "index_ms": round(index_ms, 1),
                "views": detail,
            }
        )
    return out


def browser_times(build_dir: Path, runs: int = 5) -> dict[str, object]:
    """Real Chromium against the real app (see :mod:`tools.pagebench`)."""
    if browser.chromium_path() is None:
        return {"skipped": "Chromium is not installed"}
    try:
        import playwright  # noqa: F401
    except ImportError:
        return {"skipped": "Playwright is not installed"}
    return pagebench.measure(build_dir, _click_target(build_dir), runs=runs)


def _click_target(build_dir: Path) -> tuple[float, float]:
    """A point inside the largest LSOA: easy to hit at county zoom."""
    display = Artifact.open(build_dir).areas("lsoa21", display=True)
    largest = display.to_crs(27700).area.idxmax()
    return centre_of(display, display.loc[largest, "code"])


def england_figures(build_dir: Path, artifact: Artifact, *, with_browser: bool) -> dict:
    """Real-England figures (see tools.englandbench), with the app running for the browser."""
    chromium = (
        (shutil.which("chromium") or shutil.which("chromium-browser")) if with_browser else None
    )
    if chromium is None:
        return englandbench.run("", None, build_dir, artifact.path)
    with local_app({"OBSERVATORY_BUILD_DIR": str(build_dir), paths.AREA_SETTING: ""}) as url:
        return englandbench.run(url, chromium, build_dir, artifact.path)


def run(
    *,
    sizes: tuple[int, ...] = (1_000, 5_000, 35_000),
    with_browser: bool = True,
    with_england: bool = True,
) -> dict:
    """Measure everything; returns the report (also what ``--json`` writes)."""
    data_dir = paths.data_dir()
    build_dir = paths.build_root()  # the county's, whichever council OBSERVATORY_AREA names
    build(data_dir, build_dir)
    artifact = Artifact.open(build_dir)
    report: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "lsoa21": map_sizes(artifact, "lsoa21", data_dir),
        "division": map_sizes(artifact, "wd25", data_dir),
        "cold_start": cold_start(data_dir, build_dir),
        "council": council_figures(data_dir),
        **profile_times(artifact),
        "scale": scale_views(sizes),
    }
    report["browser"] = browser_times(build_dir) if with_browser else {"skipped": "not asked"}
    report["england"] = (
        england_figures(build_dir, artifact, with_browser=with_browser)
        if with_england
        else {"skipped": "not asked"}
    )
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    report["targets"] = check(report)
    return report


def check(report: dict) -> dict[str, object]:
    """Each target as a measured ratio or figure, with whether it is met."""
    lsoa, cold = report["lsoa21"], report["cold_start"]
    biggest = max(report["scale"], key=lambda s: s["n_polygons"])
    figures = {
        "lsoa_map_times_smaller": round(lsoa["naive_bytes"] / lsoa["ours_bytes"], 1),
        "lsoa_map_times_faster": round(lsoa["naive_ms"] / lsoa["ours_ms"], 1),
        "artifact_times_faster": round(cold["raw_ms"] / cold["artifact_ms"], 1),
        "profile_ms": report["profile_ms"],
        "largest_view_bytes": biggest["view_bytes"],
        "largest_view_ms": biggest["build_ms"],
        "first_start_s": cold["first_start_s"],
    }
    met = {
        "lsoa_map_times_smaller": figures["lsoa_map_times_smaller"] >= TARGETS["map_smaller"],
        "lsoa_map_times_faster": figures["lsoa_map_times_faster"] >= TARGETS["map_faster"],
        "artifact_times_faster": figures["artifact_times_faster"] >= TARGETS["artifact_faster"],
        "profile_ms": figures["profile_ms"] < TARGETS["profile_ms"],
        "largest_view_bytes": figures["largest_view_bytes"] <= TARGETS["view_bytes"],
        "largest_view_ms": figures["largest_view_ms"] < TARGETS["view_ms"],
        "first_start_s": figures["first_start_s"] < TARGETS["first_start_s"],
    }
    england = report.get("england", {})
    if "views" in england and "skipped" not in england["views"]:
        views = england["views"].values()
        figures["england_biggest_view_bytes"] = max(v["bytes"] for v in views)
        figures["england_slowest_view_server_ms"] = max(v["server_ms"] for v in views)
        met["england_biggest_view_bytes"] = (
            figures["england_biggest_view_bytes"] <= TARGETS["view_bytes"]
        )
        met["england_slowest_view_server_ms"] = (
            figures["england_slowest_view_server_ms"] <= TARGETS["view_ms"]
        )
    if "similar_ms" in england:
        figures["similar_ms"] = england["similar_ms"]
        met["similar_ms"] = england["similar_ms"] < TARGETS["similar_ms"]
    return {"figures": figures, "met": met, "all_met": all(met.values())}


def markdown_table(report: dict) -> str:
    """The README's table of measured figures, made from a report."""
    lsoa, division, cold, browser = (
        report["lsoa21"],
        report["division"],
        report["cold_start"],
        report["browser"],
    )
    figures = report["targets"]["figures"]
    rows = [
        (
            "LSOA map (200 areas): HTML size",
            f"{lsoa['naive_bytes'] / 1e6:.2f} MB",
            f"{lsoa['ours_bytes'] / 1e3:.0f} KB",
            f"{figures['lsoa_map_times_smaller']}× smaller",
            "≥ 10×",
        ),
        (
            "LSOA map: build and render (warm median)",
            f"{lsoa['naive_ms']:.0f} ms",
            f"{lsoa['ours_ms']:.1f} ms",
            f"{figures['lsoa_map_times_faster']}× faster",
            "≥ 10×",
        ),
        (
            "Division map (69 areas): HTML size",
            f"{division['naive_bytes'] / 1e3:.0f} KB",
            f"{division['ours_bytes'] / 1e3:.0f} KB",
            f"{division['naive_bytes'] / division['ours_bytes']:.1f}× smaller",
            "",
        ),
        (
            "Division map: build and render",
            f"{division['naive_ms']:.0f} ms",
            f"{division['ours_ms']:.1f} ms",
            f"{division['naive_ms'] / division['ours_ms']:.1f}× faster",
            "",
        ),
        (
            "Cold start: raw files read and joined / artifact loaded",
            f"{cold['raw_ms']:.0f} ms",
            f"{cold['artifact_ms']:.0f} ms",
            f"{figures['artifact_times_faster']}× faster",
            "≥ 5×",
        ),
        (
            "First start, county only: artifact built from nothing and opened",
            "",
            f"{cold['first_start_s']} s",
            "",
            "< 10 s",
        ),
        (
            f"Another council ({report['council']['name']}, {report['council']['lsoas']} LSOAs)"
            " from the England files: pack / pack and build / size",
            "",
            f"{report['council']['pack_s']} s / {report['council']['pack_and_build_s']} s / "
            f"{report['council']['artifact_bytes'] / 1e6:.1f} MB",
            "",
            "",
        ),
        (
            "Click to profile data ready (median, warm)",
            "",
            f"{report['profile_ms']} ms",
            f"{report['profile_with_charts_ms']} ms with charts built",
            "< 100 ms",
        ),
    ]
    for view in report["scale"]:
        rows.append(
            (
                f"Synthetic England, {view['n_polygons']:,} areas: biggest / slowest view",
                "",
                f"{view['view_bytes'] / 1e3:.0f} KB / {view['build_ms']:.0f} ms",
                "",
                "≤ 2 MB / < 1 s",
            )
        )
    if "skipped" not in browser:
        rows.extend(pagebench.rows(browser))
    rows.extend(_england_rows(report.get("england", {})))
    rows.append(("Peak memory of the benchmark process", "", f"{report['peak_rss_mb']} MB", "", ""))
    head = "| measure | naive baseline | observatory | ratio | target |\n|---|---|---|---|---|\n"
    table = head + "\n".join("| " + " | ".join(row) + " |" for row in rows)
    if "skipped" not in browser:
        table += "\n\n" + pagebench.breakdown_table(browser)
    return table


def _england_rows(england: dict) -> list[tuple[str, ...]]:
    """README rows for the real-England figures."""
    rows: list[tuple[str, ...]] = []
    views = england.get("views", {})
    for name, view in ({} if "skipped" in views else views).items():
        rows.append(
            (
                f"England map, {name} (zoom {view['zoom']:g}): bytes / server / drawn",
                "",
                f"{view['bytes'] / 1e3:.0f} KB / {view['server_ms']:.0f} ms"
                f" / {view['drawn_ms']} ms",
                f"{view['files']} files",
                "≤ 2 MB / ≤ 1 s",
            )
        )
    ratio = england.get("explore_ratio")
    if ratio:
        rows.append(
            (
                f"England map, biggest view ({ratio['view']}, {ratio['lsoas']:,} LSOAs)"
                " vs explore()",
                f"{ratio['explore_bytes'] / 1e6:.1f} MB",
                f"{ratio['view_bytes'] / 1e3:.0f} KB",
                f"{ratio['times_smaller']}× smaller",
                "",
            )
        )
    if "similar_ms" in england:
        rows.append(
            (
                "Areas like yours, one LSOA (median)",
                "",
                f"{england['similar_ms']} ms",
                "",
                "< 50 ms",
            )
        )
    build = england.get("build")
    if build:
        rows.append(
            (
                "England build: tables and similar areas / map tiles",
                "",
                f"{build['england_tables_s']} s / {build['england_tiles_s']} s",
                "",
                "",
            )
        )
        rows.append(
            (
                "Artifact size: county / England tables / England tiles",
                "",
                f"{build['county_artifact_bytes'] / 1e6:.1f} MB / "
                f"{build['england_part_bytes'] / 1e6:.1f} MB / "
                f"{build['england_tiles_bytes'] / 1e6:.1f} MB",
                "",
                "",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--json", type=Path, help="write the report here as JSON")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurement")
    parser.add_argument(
        "--quick", action="store_true", help="small synthetic sizes only (for tests)"
    )
    parser.add_argument("--markdown", action="store_true", help="print the README table instead")
    parser.add_argument("--no-england", action="store_true", help="skip the real-England figures")
    args = parser.parse_args(argv)
    sizes = (1_000, 2_000) if args.quick else (1_000, 5_000, 35_000)
    report = run(sizes=sizes, with_browser=not args.no_browser, with_england=not args.no_england)
    text = json.dumps(report, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(markdown_table(report) if args.markdown else text)
    return 0 if report["targets"]["all_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
