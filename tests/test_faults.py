"""Faults, caused for real: a PostgreSQL server that stops and starts again, a data build
killed part-way, and an artifact corrupted on disk."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from archive import ArchiveUnavailableError, StoryStore
from geo import Artifact, ArtifactError
from geo.artifact import current_path
from geo.build import build
from tests.app.helpers import chart_titles, fill_story, open_page, send, texts
from tests.archive.helpers import draft
from tests.conftest import PROJECT
from tests.servers import private_cluster

DIVISION = "E05016085"  # the division the helper's drafts are about


@pytest.fixture
def app_on(monkeypatch):
    """Point the app's story archive at a URL, forgetting the process-wide store."""
    from ui import data as ui_data

    def use(url: str) -> None:
        monkeypatch.setenv("DATABASE_URL", url)
        ui_data.store.clear()

    yield use
    ui_data.store.clear()


def test_postgresql_stopping_and_starting(artifact, app_on):
    with private_cluster() as cluster:
        store = StoryStore(cluster.url)
        before = store.submit(draft(title="Before the outage"))
        store.approve(before.public_id, "moderator")
        app_on(cluster.url)
        assert "Before the outage" in texts(
            open_page("app_pages/area.py", geo="wd25", area=DIVISION)
        )

        cluster.stop()
        # A submission fails loudly: the caller is told, nothing is half-saved.
        with pytest.raises(ArchiveUnavailableError, match="not available right now"):
            store.submit(draft(title="During the outage"))
        # Maps and profiles keep working and say the stories are unavailable.
        for page, params in (
            ("app_pages/map.py", {"indicator": "imd2025_score", "geo": "wd25", "area": DIVISION}),
            ("app_pages/area.py", {"geo": "wd25", "area": DIVISION}),
        ):
            at = open_page(page, **params)
            assert not at.exception, at.exception
            assert "Relative deprivation, 2004 to 2025" in chart_titles(at), page
            assert any("not available right now" in w.value for w in at.warning), page
        # The story form keeps what was typed and says it was not saved.
        share = open_page("app_pages/share.py")
        send(fill_story(share, title="Typed while the database was down"))
        assert not share.exception
        assert "has **not** been saved" in share.error[0].value
        assert share.text_input(key="share_title").value == "Typed while the database was down"

        cluster.start()
        # The same connection pool recovers; nothing was lost and nothing was half-written.
        after = store.submit(draft(title="After the outage"))
        titles = {s.title for s in store.stories(status=("pending", "approved"), limit=100)}
        assert {"Before the outage", "After the outage"} <= titles
        assert "During the outage" not in titles
        assert "Typed while the database was down" not in titles
        assert store.get(after.public_id, public=False).status == "pending"
        at = open_page("app_pages/area.py", geo="wd25", area=DIVISION)
        assert "Before the outage" in texts(at)
        assert not at.warning
        store.dispose()


def staged_files(out) -> set:
    return {p for tmp in out.glob(".tmp-*") for p in tmp.rglob("*") if p.is_file()}


def test_killing_the_build_at_any_moment_keeps_the_previous_artifact(data_copy, tmp_path):
    out = tmp_path / "build"
    good = build(data_copy, out)
    total = sum(1 for p in good.path.rglob("*") if p.is_file())
    command = [
        sys.executable, "-m", "geo.build", "--force", "--quiet",
        "--data-dir", str(data_copy), "--build-dir", str(out),
    ]  # fmt: skip
    # Kill builds part-way through writing: after their first file, and after a quarter,
    # half and three quarters of the artifact's files.
    for wanted in (1, total // 4, total // 2, 3 * total // 4):
        before = staged_files(out)  # earlier killed builds leave their staging folders
        process = subprocess.Popen(command, cwd=PROJECT)
        deadline = time.monotonic() + 120
        while len(staged_files(out) - before) < wanted and process.poll() is None:
            assert time.monotonic() < deadline, "the build wrote nothing in two minutes"
            time.sleep(0.002)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert process.returncode == -signal.SIGKILL, f"the build finished before {wanted} files"
        assert len(staged_files(out) - before) >= wanted  # it was killed mid-write
        assert current_path(out) == good.path, f"killed after {wanted} files: the pointer moved"
        assert Artifact.open(out).values("lsoa21")["imd2025_score"].notna().sum() == 200
    # The next build finishes normally beside the killed builds' leftovers.
    assert build(data_copy, out, force=True).rebuilt
    Artifact.open(out)


def test_a_corrupt_artifact_is_detected_and_rebuilt_by_the_app(
    built, tmp_path, monkeypatch, fresh_app_state
):
    out = tmp_path / "build"
    shutil.copytree(built.path.parent, out)
    damaged = current_path(out)
    victim = damaged / "values" / "lsoa21.parquet"
    victim.write_bytes(os.urandom(victim.stat().st_size))
    monkeypatch.setenv("OBSERVATORY_BUILD_DIR", str(out))

    with pytest.raises(ArtifactError, match="damaged"):
        Artifact.open(out)

    at = open_page("app_pages/map.py", indicator="imd2025_score", geo="lsoa21")
    assert not at.exception, at.exception
    assert any("Data ready" in s.label for s in at.status)  # rebuilt, with progress shown
    assert "Darker = more deprived" in texts(at)  # the map's legend: the data is back
    assert current_path(out) != damaged
    assert Artifact.open(out).values("lsoa21")["imd2025_score"].notna().sum() == 200
