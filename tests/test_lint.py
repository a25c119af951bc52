"""The code passes the project's lint rules and type checks ([tool.ruff], [tool.mypy] in pyproject.toml), in CI as everywhere."""

from __future__ import annotations

import subprocess
import sys

import pytest
from submission_factory import REPO


def test_ruff_finds_nothing():
    pytest.importorskip("ruff", reason="ruff is in the test extra")
    command = [sys.executable, "-m", "ruff"]
    result = subprocess.run([*command, "check", "src", "tests", "benchmarks"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing(tmp_path):
    pytest.importorskip("mypy", reason="mypy is in the test extra")
    result = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy")], cwd=REPO,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
