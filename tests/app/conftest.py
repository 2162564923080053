"""AppTest helpers: run the real app script against the session's build."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP


@pytest.fixture
def app(artifact, england_built) -> AppTest:
    """The app, with the session's artifact already built."""
    return AppTest.from_file(APP, default_timeout=60)
