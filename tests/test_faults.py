"""Faults, caused for real: a PostgreSQL server that stops and starts again, a SQLite
archive deleted, replaced, made read-only or left without disk space under a running app,
a data build killed part-way, and an artifact corrupted on disk."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
from PIL import Image

from archive import ArchiveUnavailableError, StoryStore
from geo import Artifact, ArtifactError
from geo.artifact import current_path
from geo.build import build
from tests.app.helpers import chart_titles, fill_story, open_page, send, texts
from tests.archive.helpers import draft
from tests.conftest import PROJECT
from tests.load.client import Run, Session, run_async, send_story
from tests.servers import private_cluster, running_app

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


# ---- a SQLite archive that goes wrong under a running app -------------------------------


@pytest.fixture
def sqlite_app(built, tmp_path):
    """A running app whose archive is a SQLite file in a folder of the test's own."""
    path = tmp_path / "archive" / "archive.db"
    path.parent.mkdir()
    with app_with_archive(built, path) as app:
        yield app, path


@contextlib.contextmanager
def app_with_archive(built, path: Path):
    settings = {
        "DATABASE_URL": f"sqlite:///{path}",
        "OBSERVATORY_MIN_SECONDS_TO_WRITE": "0",
        "OBSERVATORY_EXAMPLE_STORIES": "off",
    }
    with running_app(built, settings) as app:
        before = run_async(send_story(app, "Stored before the fault"))
        assert before.has("has been received"), before.texts
        yield app


def refused_and_kept(app: str, sent: Run, title: str) -> None:
    """No confirmation; a plain reason; the story offered as a file to keep."""
    assert not sent.exceptions, sent.exceptions
    assert not sent.has("has been received")
    assert not any(t.startswith("Story number:") for t in sent.texts)
    assert sent.has("cannot save anything on the server just now"), sent.texts
    copy = requests.get(app + sent.downloads["Download a copy of my story"], timeout=30)
    assert copy.text.startswith(f"{title}\n\n{title}: a story")


def still_serving(app: str) -> None:
    """The server is alive and maps and profiles work, whatever the archive does."""
    assert requests.get(f"{app}/_stcore/health", timeout=30).text == "ok"

    async def pages() -> list[Run]:
        async with Session(app) as session:
            return [
                await session.run("map", f"indicator=imd2025_score&geo=wd25&area={DIVISION}"),
                await session.run("area", f"geo=wd25&area={DIVISION}"),
            ]

    for page in run_async(pages()):
        assert not page.exceptions, page.exceptions
        assert page.has("Relative deprivation, 2004 to 2025")


def stored_titles(path: Path) -> set[str]:
    """What a restarted app would find in the archive file."""
    store = StoryStore(f"sqlite:///{path}", migrate=False)
    try:
        return {s.title for s in store.stories(status=("pending", "approved"), limit=None)}
    finally:
        store.dispose()


def test_a_deleted_archive_is_noticed_and_nothing_is_confirmed(sqlite_app):
    app, path = sqlite_app
    for file in path.parent.glob("archive.db*"):
        file.unlink()
    sent = run_async(send_story(app, "Sent after the file was deleted"))
    refused_and_kept(app, sent, "Sent after the file was deleted")
    still_serving(app)
    assert not path.exists()  # no empty archive silently started in its place


def test_a_replaced_archive_is_noticed_and_keeps_what_it_holds(sqlite_app, tmp_path):
    app, path = sqlite_app
    other = StoryStore(f"sqlite:///{tmp_path / 'restored.db'}")
    other.submit(draft(title="Held by the replacement file"))
    other.dispose()
    os.replace(tmp_path / "restored.db", path)
    sent = run_async(send_story(app, "Sent after the file was replaced"))
    refused_and_kept(app, sent, "Sent after the file was replaced")
    still_serving(app)
    assert stored_titles(path) == {"Held by the replacement file"}


def immutable(paths: list[Path], on: bool) -> None:
    subprocess.run(["chattr", "+i" if on else "-i", *map(str, paths)], check=True)


def test_a_read_only_archive_refuses_the_story_and_the_server_lives(sqlite_app):
    app, path = sqlite_app
    files = sorted(path.parent.glob("archive.db*"))
    try:
        immutable(files, True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("chattr +i needs root on a file system that supports it")
    try:
        (path.parent / "probe").write_text("")
        with pytest.raises(PermissionError):
            path.open("ab")  # really read-only, even for root
        sent = run_async(send_story(app, "Sent to a read-only archive"))
        refused_and_kept(app, sent, "Sent to a read-only archive")
        still_serving(app)
    finally:
        immutable(files, False)
    assert stored_titles(path) == {"Stored before the fault"}


@contextlib.contextmanager
def small_disk(megabytes: int):
    """A file system of its own, ``megabytes`` big (tmpfs; needs root)."""
    folder = Path(tempfile.mkdtemp(prefix="observatory-small-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)],
        capture_output=True,
    )
    if mounted.returncode:
        folder.rmdir()
        pytest.skip(f"cannot mount a small file system: {mounted.stderr.decode()[:200]}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


def noisy_jpeg(side: int) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((side, side), 90).convert("RGB").save(out, format="JPEG", quality=95)
    return out.getvalue()


def test_a_full_disk_refuses_the_story_and_recovers_when_space_is_freed(built):
    photo = [("noise.jpg", noisy_jpeg(1600))]  # about a megabyte to store
    with small_disk(4) as disk:
        path = disk / "archive.db"
        with app_with_archive(built, path) as app:
            filler = disk / "filler"
            with filler.open("wb", buffering=0) as out, contextlib.suppress(OSError):
                while True:  # until the disk is full
                    out.write(b"\0" * 65536)
            sent = run_async(send_story(app, "Sent to a full disk", photo))
            refused_and_kept(app, sent, "Sent to a full disk")
            still_serving(app)
            filler.unlink()
            again = run_async(send_story(app, "Sent once there was room", photo))
            assert again.has("has been received"), again.texts
        assert stored_titles(path) == {"Stored before the fault", "Sent once there was room"}


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
    assert not at.status  # rebuilt behind a progress bar that is gone: no build log
    legends = " ".join(e.proto.body for e in at.get("html"))
    assert "Darker = more deprived" in legends  # the map's legend: the data is back
    assert current_path(out) != damaged
    assert Artifact.open(out).values("lsoa21")["imd2025_score"].notna().sum() == 200
