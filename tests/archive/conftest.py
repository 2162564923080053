"""Archive fixtures: every store test runs on real SQLite and real PostgreSQL.

PostgreSQL comes from ``DATABASE_TEST_URL`` (an admin URL; ``.ci/run`` starts a
throwaway server and sets it). Each test gets a database of its own. Without the
variable the PostgreSQL half is skipped, unless ``OBSERVATORY_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from archive import StoryStore
from tests.servers import BACKENDS, fresh_database


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
