"""Real servers for tests: the app itself (streamlit run) and private PostgreSQL clusters."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.localserver import AppStartError, free_port, local_app


@contextlib.contextmanager
def running_app(built, env: dict[str, str] | None = None) -> Iterator[str]:
    """``streamlit run app.py`` on a free port with the session's artifact; yields its URL."""
    settings = {"OBSERVATORY_BUILD_DIR": str(built.path.parent), **(env or {})}
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(local_app(settings))
        except AppStartError as exc:
            pytest.fail(str(exc))
        yield url


def postgres_bin() -> Path | None:
    """Folder of the newest installed PostgreSQL server programs, if any."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the postgres user then."""
    if os.geteuid() == 0:
        return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]
    return command


class PrivateCluster:
    """A throwaway PostgreSQL server of the test's own, which it may stop and start."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        if self.bin is None:
            if os.environ.get("OBSERVATORY_REQUIRE_POSTGRES") == "1":
                pytest.fail("PostgreSQL server programs are required but not installed.")
            pytest.skip("PostgreSQL server programs (initdb, pg_ctl) are not installed.")
        self.dir = Path(tempfile.mkdtemp(prefix="observatory-pg-"))
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._pg("initdb", "-D", f"{self.dir}/data", "-A", "trust", "-U", "postgres")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _pg(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        subprocess.run(_as_postgres(command), check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"'-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1'"
        self._pg(
            "pg_ctl",
            "-D",
            f"{self.dir}/data",
            "-l",
            f"{self.dir}/log",
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self) -> None:
        self._pg("pg_ctl", "-D", f"{self.dir}/data", "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    cluster = PrivateCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()
