"""Starting the app for the benchmark and the tests."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request

import pytest

from tools.localserver import AppStartError, free_port, local_app


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


def test_parallel_workers_never_pick_the_same_port(monkeypatch):
    picks = {}
    for worker in ("gw0", "gw1", "gw3"):
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
        picks[worker] = [free_port() for _ in range(5)]
    assert all(len(set(ports)) == 5 for ports in picks.values())
    assert not set(picks["gw0"]) & set(picks["gw1"]) | set(picks["gw0"]) & set(picks["gw3"])
    assert all(1024 < port < 32768 for ports in picks.values() for port in ports)


def test_a_port_in_use_is_passed_over():
    with socket.socket() as held:
        held.bind(("127.0.0.1", free_port()))
        held.listen()
        taken = held.getsockname()[1]
        assert taken not in {free_port() for _ in range(500)}  # more than its whole block
