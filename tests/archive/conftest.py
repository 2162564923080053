"""Archive fixtures: every store test runs on real SQLite and real PostgreSQL.

PostgreSQL comes from ``DATABASE_TEST_URL`` (an admin URL; ``.ci/run`` starts a
throwaway server and sets it). Each test gets a database of its own. Without the
variable the PostgreSQL half is skipped, unless ``OBSERVATORY_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from geo.archive import StoryStore

BACKENDS = ["sqlite", "postgresql"]


def postgres_admin_url() -> str | None:
    url = os.environ.get("DATABASE_TEST_URL", "").strip()
    if not url:
        if os.environ.get("OBSERVATORY_REQUIRE_POSTGRES") == "1":
            pytest.fail("DATABASE_TEST_URL is required (OBSERVATORY_REQUIRE_POSTGRES=1).")
        pytest.skip("No PostgreSQL server: set DATABASE_TEST_URL to run these.")
    return url


@contextlib.contextmanager
def fresh_database(backend: str, tmp_path) -> Iterator[str]:
    """A new, empty database on ``backend`` (dropped afterwards); yields its URL."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'archive.db'}"
        return
    admin_url = postgres_admin_url()
    name = f"obs_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty database URL on the requested backend."""
    with fresh_database(getattr(request, "param", "sqlite"), tmp_path) as url:
        yield url


@pytest.fixture
def store(database_url) -> Iterator[StoryStore]:
    archive = StoryStore(database_url)
    yield archive
    archive.dispose()


def pytest_generate_tests(metafunc):
    """Run every test that uses a database on both backends."""
    if "database_url" in metafunc.fixturenames:
        metafunc.parametrize("database_url", BACKENDS, indirect=True)
