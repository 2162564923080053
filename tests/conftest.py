"""Shared fixtures: one real build of the bundled data per test session.

Tests never touch the developer's ``data/build``: the session points
``OBSERVATORY_BUILD_DIR`` at a temporary folder before anything is built.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from geo import Artifact, paths

# Hypothesis draws new examples on every developer run, and keeps what fails in
# .hypothesis/. CI (``HYPOTHESIS_PROFILE=ci``) replays the same draws each time, so a
# landing never depends on a lucky draw; a case found locally becomes an @example.
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

PROJECT = paths.PROJECT_ROOT
DATA = PROJECT / "data"


def pytest_collection_modifyitems(items):
    """Load tests are slow: skipped by default, run by CI (``.ci/run`` passes ``-m slow``)."""
    for item in items:
        if "tests/load/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def session_build_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A build folder and a story archive private to this test session."""
    build_dir = tmp_path_factory.mktemp("build")
    archive = tmp_path_factory.mktemp("archive") / "archive.db"
    settings = {"OBSERVATORY_BUILD_DIR": str(build_dir), "DATABASE_URL": f"sqlite:///{archive}"}
    previous = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    yield build_dir
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def built(session_build_dir: Path):
    """The result of building the bundled data pack (once per session)."""
    from geo.build import build

    return build(DATA, session_build_dir)


@pytest.fixture(scope="session")
def artifact(built) -> Artifact:
    """The artifact built from the bundled data."""
    return Artifact.open(built.path.parent)


@pytest.fixture
def fresh_app_state():
    """Forget the process-wide loaded artifact before and after a test."""
    from ui import data as ui_data

    ui_data._loaded.clear()
    yield
    ui_data._loaded.clear()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the data folder (without any build), safe to damage."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("build", "*.db*"))
    return target


#: England's part, kept between test sessions by the fingerprint of everything it is
#: built from (its files and its code), so a session builds it only when one changed.
ENGLAND_CACHE = PROJECT / ".test-cache" / "england"


@pytest.fixture(scope="session")
def england_built(built, session_build_dir: Path):
    """The England part of the artifact, built from data/england/ (once per session).

    A session copies the part the last session built when nothing it is made from has
    changed; any change to England's files or build code makes it a real build again
    (and CI, starting empty, always builds it).
    """
    from geo import england

    target = england.england_dir(session_build_dir)
    cached = ENGLAND_CACHE / england.fingerprint(DATA)
    if (cached / "CURRENT").is_file() and not target.exists():
        shutil.copytree(cached, target)
    result = england.build(DATA, session_build_dir)
    if result.rebuilt or not cached.is_dir():
        _keep(target, cached)
    return result


def _keep(folder: Path, cached: Path) -> None:
    """Copy a built England part into the cache (whole or not at all), dropping others."""
    partial = cached.with_name(f".{cached.name}.{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(folder, partial, ignore=shutil.ignore_patterns(".lock", ".tmp-*"))
    shutil.rmtree(cached, ignore_errors=True)
    partial.rename(cached)
    for other in cached.parent.iterdir():
        if other != cached and not other.name.startswith("."):  # not another's partial copy
            shutil.rmtree(other, ignore_errors=True)


@pytest.fixture(scope="session")
def england(england_built, artifact):
    """England's data, opened as the app opens it."""
    from geo.england import England

    return England.open(artifact.registry, england_built.path.parent.parent)


#: The council other than the county that the tests build from the England files: a
#: small one (26 LSOAs), so the build stays quick.
COUNCIL = "E06000017"  # Rutland


@pytest.fixture(scope="session")
def council_built(session_build_dir: Path):
    """Rutland's artifact, derived from the England files into its own build folder, as
    ``OBSERVATORY_AREA=E06000017`` makes the app do (once per session)."""
    from geo import council
    from geo.build import build

    folder = session_build_dir / COUNCIL
    return build(council.prepare(COUNCIL, DATA, folder), folder)


@pytest.fixture(scope="session")
def council_artifact(council_built) -> Artifact:
    return Artifact.open(council_built.path.parent)
