"""geo is a plain library: no Streamlit, no work at import time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT


def test_importing_geo_pulls_in_no_streamlit():
    modules = [p.stem for p in (PROJECT / "geo").glob("*.py") if p.stem != "__init__"]
    code = (
        "import sys, importlib\n"
        "import geo\n"
        f"for m in {modules!r}: importlib.import_module('geo.' + m)\n"
        "bad = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT, check=True
    )
    assert result.stdout.strip() == ""


def test_no_geo_source_mentions_streamlit():
    for path in Path(PROJECT / "geo").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "streamlit" for a in node.names), path
            if isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] != "streamlit", path


def test_build_runs_as_a_module_without_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-W", "error::RuntimeWarning", "-m", "geo.build", "--help"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert result.returncode == 0, result.stderr
    assert "Build the observatory" in result.stdout
