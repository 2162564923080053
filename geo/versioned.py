"""Versioned folders published atomically: what the data build and the England build share.

A build writes into a temporary folder, renames it to ``v-<time>-<hash>`` and only then
switches the ``CURRENT`` pointer file to it (``os.replace``), so readers see the old
version or the new one, never half of one. Old versions are removed afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from geo.artifact import POINTER, current_path


def publish(build_dir: Path, inputs_hash: str, write: Callable[[Path], None]) -> Path:
    """Write a new version with ``write(folder)`` and make it the current one.

    Builds by several processes are serialised; a failure leaves the previous version
    in use and removes the partial folder.
    """
    build_dir.mkdir(parents=True, exist_ok=True)
    with build_lock(build_dir):
        tmp = build_dir / f".tmp-{uuid.uuid4().hex}"
        tmp.mkdir()
        try:
            write(tmp)
            final = build_dir / f"v-{datetime.now(UTC):%Y%m%dT%H%M%S}-{inputs_hash[:12]}"
            if final.exists():  # two builds in the same second: keep names unique
                final = final.with_name(f"{final.name}-{uuid.uuid4().hex[:6]}")
            tmp.rename(final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        switch_pointer(build_dir, final.name)
        remove_old_versions(build_dir)
    return final


def switch_pointer(build_dir: Path, name: str) -> None:
    """Point ``CURRENT`` at ``name`` in one atomic step."""
    tmp = build_dir / f".{POINTER}.{uuid.uuid4().hex}"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(name)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, build_dir / POINTER)  # atomic: readers see the old name or the new


def remove_old_versions(build_dir: Path) -> None:
    """Delete versions that are not current, and temporary folders of killed builds."""
    for child in build_dir.iterdir():
        if not child.is_dir():
            continue
        # Re-read the pointer for each: another process may have switched it meanwhile.
        current = current_path(build_dir)
        if child.name.startswith("v-") and (current is None or child.name != current.name):
            shutil.rmtree(child, ignore_errors=True)
        elif child.name.startswith(".tmp-") and time.time() - child.stat().st_mtime > 3600:
            shutil.rmtree(child, ignore_errors=True)  # left by a build that was killed


@contextlib.contextmanager
def build_lock(build_dir: Path) -> Iterator[None]:
    """Serialise builds by several processes on one machine (POSIX); a no-op elsewhere."""
    try:
        import fcntl
    except ImportError:  # Windows: one app process is the norm there
        yield
        return
    with open(build_dir / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
