"""Lint and format are part of the test command: ruff (configured in pyproject.toml) must pass."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["dltutor", "tests", "benchmarks", "tools"]


def _ruff(*args: str) -> subprocess.CompletedProcess:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed: it is in the test extras (pip install '.[test]')")
    return subprocess.run([ruff, *args, *SOURCES], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing_to_lint():
    out = _ruff("check", "--output-format", "concise")
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff_format_leaves_every_file_as_it_is():
    out = _ruff("format", "--check")
    assert out.returncode == 0, out.stdout + out.stderr
