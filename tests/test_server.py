"""``serve.py``: the app builds its data and warms its caches before it answers anyone."""

from __future__ import annotations

import urllib.request

from tools.localserver import local_app


def test_the_server_builds_the_data_before_it_answers(tmp_path):
    build_dir = tmp_path / "build"  # nothing built yet: the first start must build
    with local_app({"OBSERVATORY_BUILD_DIR": str(build_dir)}, timeout=300) as url:
        # Healthy means warmed up: the data was built before the first answer.
        assert (build_dir / "CURRENT").is_file()
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as reply:
            assert reply.read() == b"ok"


def test_warming_up_fills_the_caches_a_first_visit_needs(built, fresh_app_state):
    from ui import data

    data.warm_up()
    view = data.choropleth("lsoa21", "imd2025_score", "quantiles", 5)
    assert data.choropleth("lsoa21", "imd2025_score", "quantiles", 5) is view  # cached
