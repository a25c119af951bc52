"""Shared fixtures: a scratch copy of the course data that a test may break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def scratch_course(tmp_path, monkeypatch) -> Path:
    """A copy of data/ and quizzes/ in a temporary folder, used by the loader for this test."""
    for folder in ("data", "quizzes", "lessons"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    monkeypatch.setenv("CSTO_COURSE_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture(autouse=True)
def private_progress_file(tmp_path, monkeypatch) -> Path:
    """Quiz progress goes to a temporary file, never to the tester's Jupyter data directory."""
    path = tmp_path / "progress" / "quiz-progress.json"
    monkeypatch.setenv("CSTO_COURSE_PROGRESS", str(path))
    return path


@pytest.fixture(autouse=True)
def private_validation_cache(tmp_path, monkeypatch) -> Path:
    """Each test starts with no record of earlier validations (see data/checks.py)."""
    path = tmp_path / "cache"
    monkeypatch.setenv("CSTO_COURSE_CACHE", str(path))
    return path
