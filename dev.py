"""Set up and run the observatory with nothing but Python 3.11+.

    python3 dev.py app     # set up (first time only) and run the app on the bundled data
    python3 dev.py test    # set up (first time only) and run the test suite

Set-up makes a virtual environment in ``.venv``, installs the project with the versions
pinned in ``constraints.txt``, and copies the map's JavaScript and CSS (Leaflet) from the
installed packages into ``static/vendor`` so maps work without internet. It is repeated
only when ``pyproject.toml`` or ``constraints.txt`` change. Extra arguments go to
Streamlit or pytest, e.g. ``python3 dev.py test -k build``.

Uses the standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".dev-stamp"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _fail(message: str) -> None:
    print(f"dev.py: {message}", file=sys.stderr)
    sys.exit(2)


def _stamp() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for name in ("pyproject.toml", "constraints.txt"):
        path = ROOT / name
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def setup() -> None:
    """Create the environment and install the project, unless already up to date."""
    if not PYTHON.exists():
        print("Creating a virtual environment in .venv …", flush=True)
        try:
            venv.create(VENV, with_pip=True)
        except Exception as exc:  # e.g. Debian without python3-venv
            _fail(f"could not create .venv ({exc}). On Debian or Ubuntu: apt install python3-venv")
    if STAMP.is_file() and STAMP.read_text() == _stamp():
        return
    print(
        "Installing the observatory and its dependencies (first run takes a few minutes) …",
        flush=True,
    )
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    constraints = (
        ["-c", str(ROOT / "constraints.txt")] if (ROOT / "constraints.txt").is_file() else []
    )
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, *constraints, "-e", f"{ROOT}[test]"], check=True)
    subprocess.run([str(PYTHON), "-m", "geo.static"], check=True, cwd=ROOT)
    STAMP.write_text(_stamp())


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("app", "test", "setup"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    setup()
    os.chdir(ROOT)
    if command == "app":
        return subprocess.call([str(PYTHON), "-m", "streamlit", "run", "serve.py", *rest])
    if command == "test":
        return subprocess.call([str(PYTHON), "-m", "pytest", *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
