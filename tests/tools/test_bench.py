"""The benchmark runs and reports every figure (its numbers are checked by reading them,
not by timed assertions here)."""

from __future__ import annotations

import json

from tools import bench, scale


def test_quick_benchmark_reports_every_key(tmp_path, built):
    out = tmp_path / "bench.json"
    bench.main(["--quick", "--no-browser", "--no-england", "--json", str(out)])
    report = json.loads(out.read_text())
    for geo_key in ("lsoa21", "division"):
        assert set(report[geo_key]) >= {"naive_bytes", "naive_ms", "ours_bytes", "ours_ms"}
    assert set(report["cold_start"]) == {"raw_ms", "artifact_ms"}
    assert report["profile_ms"] > 0
    assert [s["n_polygons"] for s in report["scale"]] == [1000, 2000]
    assert all({"n_polygons", "view_bytes", "build_ms"} <= set(s) for s in report["scale"])
    assert report["peak_rss_mb"] > 0
    assert report["browser"] == {"skipped": "not asked"}
    assert set(report["targets"]["met"]) == set(report["targets"]["figures"])
    # Sizes are deterministic, so this much can be checked: our map is far smaller.
    assert report["lsoa21"]["ours_bytes"] * 10 < report["lsoa21"]["naive_bytes"]


def test_views_switch_from_coarse_to_fine_with_zoom():
    server = scale.ViewServer(scale.synthetic_areas(3000))
    overview = server.view(scale.ENGLAND, 6)
    street = server.view(scale.busiest_window(server, 12), 12)
    assert overview.level == "coarse"
    assert street.level == "fine"
    assert overview.n_areas < 3000
    assert 0 < street.n_areas < 3000
    assert len(overview.payload) < 2_000_000
    assert len(street.payload) < 2_000_000
    assert json.loads(street.payload)["codes"][0].startswith("S")


def test_synthetic_areas_tile_the_box():
    import shapely

    areas = scale.synthetic_areas(500)
    assert len(areas) == 500
    total = shapely.union_all(areas.geometry.values).area
    assert (
        total == shapely.box(*scale.ENGLAND).area
        or abs(total / shapely.box(*scale.ENGLAND).area - 1) < 1e-6
    )
