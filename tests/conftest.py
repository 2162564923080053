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

from geo import Artifact, paths

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


@pytest.fixture(scope="session")
def england_built(built, session_build_dir: Path):
    """The England part of the artifact, built from data/england/ (once per session)."""
    from geo import england

    return england.build(DATA, session_build_dir)


@pytest.fixture(scope="session")
def england(england_built, artifact):
    """England's data, opened as the app opens it."""
    from geo.england import England

    return England.open(artifact.registry, england_built.path.parent.parent)
