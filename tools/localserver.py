"""The app on a free port of this machine, for the benchmark and the tests.

Runs ``streamlit run serve.py`` (app.py behind its security headers) as a child process,
waits for its health check and stops it afterwards. Its output goes to a temporary file
(a pipe nobody reads could fill up and stall a busy server) and is quoted if the app
fails to start.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from geo import paths

#: What ``streamlit run`` starts: the app with its start-up work (see ``serve.py``).
SERVER_SCRIPT = "serve.py"


class AppStartError(RuntimeError):
    """The app did not answer its health check in time."""


#: Each pytest-xdist worker takes ports from a block of its own (a process outside
#: xdist takes the first), below Linux's ephemeral range (32768 and up) where no
#: outgoing connection takes one. A port the kernel picks could be picked again by a
#: parallel worker in the seconds before Streamlit binds it.
_FIRST_PORT, _BLOCK, _BLOCKS = 20_000, 400, 20
_picks = itertools.count()


def free_port() -> int:
    """A port on 127.0.0.1 that is free now and that no other test worker will pick."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    base = _FIRST_PORT + _BLOCK * (int(worker) % _BLOCKS if worker.isdigit() else 0)
    for _ in range(_BLOCK):
        port = base + next(_picks) % _BLOCK
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:  # in use, or still closing from an earlier test
                continue
        return port
    raise OSError(f"No free port in {base}-{base + _BLOCK - 1}.")


@contextlib.contextmanager
def local_app(
    env: dict[str, str] | None = None,
    *,
    timeout: float = 180,
    script: str = SERVER_SCRIPT,
    cwd: Path = paths.PROJECT_ROOT,
) -> Iterator[str]:
    """Start the app with ``env`` added to this process's environment; yields its URL.

    It answers once its caches are warm (see serve.py): on a busy machine that can take
    a minute, hence the generous ``timeout``. ``script`` and ``cwd`` start another
    Streamlit script instead (the benchmark's bare page, say).
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1",
    ]  # fmt: skip
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            _wait_until_healthy(url, server, timeout, log)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_healthy(url: str, server: subprocess.Popen, timeout: float, log) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            log.seek(0)
            raise AppStartError(f"The app did not start:\n{log.read()[-3000:]}")
        time.sleep(0.3)
