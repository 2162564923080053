"""AppTest helpers: run the real app script against the session's build."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP


@pytest.fixture
def app(artifact, england_built) -> AppTest:
    """The app, with the session's artifact already built."""
    return AppTest.from_file(APP, default_timeout=60)


@pytest.fixture
def archive(tmp_path, monkeypatch, artifact):
    """A fresh archive for the test (and forget the process-wide store)."""
    from ui import data as ui_data

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'stories.db'}")
    ui_data.store.clear()
    yield ui_data
    ui_data.store().dispose()
    ui_data.store.clear()
