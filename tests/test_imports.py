"""The package lines: plain libraries with no Streamlit, imported one way only.

``geo`` (the data library) ← ``archive`` (the story archive) ← ``outputs`` (packs and
exports) ← ``ui`` (Streamlit helpers) ← ``app_pages``. Tooling (``tools``) and tests may
use anything; nothing at run time uses them.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

LIBRARIES = ("geo", "archive", "outputs")
#: What each runtime part may import from the project's own packages.
ALLOWED = {
    "geo": {"geo"},
    "archive": {"geo", "archive"},
    "outputs": {"geo", "archive", "outputs"},
    "ui": {"geo", "archive", "outputs", "ui"},
    "app_pages": {"geo", "archive", "outputs", "ui"},
}
PROJECT_PACKAGES = {*ALLOWED, "tools", "tests"}


def _modules(package: str) -> list[str]:
    root = PROJECT / package
    return [
        ".".join(path.relative_to(PROJECT).with_suffix("").parts)
        for path in sorted(root.rglob("*.py"))
        if path.name != "__main__.py" and "migrations" not in path.parts
    ]


def _imported_packages(path: Path) -> set[str]:
    """Top-level names of every module a file imports (relative imports excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_importing_the_libraries_pulls_in_no_streamlit():
    modules = [m for package in LIBRARIES for m in _modules(package)]
    assert len(modules) > 30  # the walk reaches into subpackages
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT, check=True
    )
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("package", LIBRARIES)
def test_no_library_source_mentions_streamlit(package):
    for path in (PROJECT / package).rglob("*.py"):
        assert "streamlit" not in _imported_packages(path), path


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_each_part_imports_only_the_parts_below_it(part):
    root = PROJECT / part
    for path in root.rglob("*.py"):
        own = _imported_packages(path) & PROJECT_PACKAGES
        assert own <= ALLOWED[part], f"{path.relative_to(PROJECT)} imports {own - ALLOWED[part]}"


def test_the_layer_check_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from outputs import pack\nimport streamlit as st\n")
    assert _imported_packages(bad) == {"outputs", "streamlit"}


def test_build_runs_as_a_module_without_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-W", "error::RuntimeWarning", "-m", "geo.build", "--help"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    assert result.returncode == 0, result.stderr
    assert "Build the observatory" in result.stdout
