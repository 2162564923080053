"""Real servers for tests: the app itself (streamlit run), PostgreSQL clusters and databases."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tools.localserver import AppStartError, free_port, local_app


@contextlib.contextmanager
def running_app(built, env: dict[str, str] | None = None) -> Iterator[str]:
    """``streamlit run serve.py`` on a free port with the session's artifact; yields its URL."""
    settings = {"OBSERVATORY_BUILD_DIR": str(built.path.parent), **(env or {})}
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(local_app(settings))
        except AppStartError as exc:
            pytest.fail(str(exc))
        yield url


def app_pid(url: str) -> int:
    """Process id of the app this test process started on ``url``'s port."""
    port = url.rsplit(":", 1)[1]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError, IndexError):
            continue  # the process ended while we looked
        if parent == os.getpid() and b"--server.port" in command and port.encode() in command:
            return int(stat.parent.name)
    raise LookupError(f"no app process of this test on port {port}")


def memory_mb(pid: int, field: str = "VmRSS") -> float:
    """A process's resident memory (``VmRSS``) or its peak so far (``VmHWM``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


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


# ---- databases -------------------------------------------------------------------------

BACKENDS = ["sqlite", "postgresql"]


def postgres_admin_url() -> str:
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
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:  # dropped even when the test fails
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
