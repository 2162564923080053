"""Starting the app for the benchmark and the tests."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tools.localserver import AppStartError, local_app


def test_the_app_starts_answers_and_stops(built):
    with (
        local_app({"OBSERVATORY_BUILD_DIR": str(built.path.parent)}) as url,
        urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as reply,
    ):
        assert reply.read() == b"ok"
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)


def test_an_app_that_does_not_answer_in_time_is_reported():
    # No Python program can start and answer between two lines of this one.
    with pytest.raises(AppStartError, match="did not start"), local_app(timeout=0):
        pass
