"""The benchmark runs and reports every figure (its numbers are checked by reading them,
not by timed assertions here)."""

from __future__ import annotations

import json

import pytest

from tools import bench, scale


@pytest.fixture(scope="module")
def report(tmp_path_factory, built) -> dict:
    """The quick benchmark's report, as ``--json`` writes it (run once for these tests)."""
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    bench.main(["--quick", "--no-browser", "--no-england", "--json", str(out)])
    return json.loads(out.read_text())


def test_quick_benchmark_reports_every_key(report):
    for geo_key in ("lsoa21", "division"):
        assert set(report[geo_key]) >= {"naive_bytes", "naive_ms", "ours_bytes", "ours_ms"}
    assert set(report["cold_start"]) == {"raw_ms", "artifact_ms", "first_start_s"}
    assert report["profile_ms"] > 0
    assert [s["n_polygons"] for s in report["scale"]] == [1000, 2000]
    assert all({"n_polygons", "view_bytes", "build_ms"} <= set(s) for s in report["scale"])
    assert report["peak_rss_mb"] > 0
    assert report["browser"] == {"skipped": "not asked"}
    assert set(report["targets"]["met"]) == set(report["targets"]["figures"])


def test_the_figures_relate_as_they_must(report, artifact):
    """Relations between figures that hold on any machine: sizes are deterministic, and
    each target's verdict follows from its figure (timings are never compared here)."""
    lsoa, division = report["lsoa21"], report["division"]
    assert lsoa["ours_bytes"] * 10 < lsoa["naive_bytes"], "our map is far smaller"
    assert division["ours_bytes"] * 10 < division["naive_bytes"]
    assert division["ours_bytes"] < lsoa["ours_bytes"], "69 divisions weigh less than 200 LSOAs"
    assert all(s["view_bytes"] <= bench.TARGETS["view_bytes"] for s in report["scale"])
    figures, met = report["targets"]["figures"], report["targets"]["met"]
    assert figures["lsoa_map_times_smaller"] == round(lsoa["naive_bytes"] / lsoa["ours_bytes"], 1)
    assert met["lsoa_map_times_smaller"] == (
        figures["lsoa_map_times_smaller"] >= bench.TARGETS["map_smaller"]
    )
    assert met["first_start_s"] == (figures["first_start_s"] < bench.TARGETS["first_start_s"])
    assert report["targets"]["all_met"] == all(met.values())
    council = report["council"]
    assert (council["code"], council["name"], council["lsoas"]) == ("E06000017", "Rutland", 26)
    assert 0 < council["pack_s"] <= council["pack_and_build_s"]
    assert 0 < council["indicators"] < len(artifact.registry), "England-wide indicators only"
    table = bench.markdown_table(report)
    assert "Another council (Rutland, 26 LSOAs)" in table
    assert "First start, county only" in table


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
