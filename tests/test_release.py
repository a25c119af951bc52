"""`csto-course release` and the answer names each check declares, on their own and in milliseconds.

tests/test_exercises.py checks the committed exercises against the solutions; these tests pin
what release writes, what it leaves alone, and which names a check cell reads from the student.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest
from submission_factory import REPO

from csto_course.release import answer_names
from csto_course.release.pipeline import expected_exercises, release, render


@pytest.mark.parametrize(
    "test, setup, names",
    [
        ("assert len(members) == 6", [], ["members"]),
        ("assert early.shape[0] == late.shape[0] + 1\nassert early is not late", [], ["early", "late"]),  # first use, once each
        ("import pandas as pd\nassert isinstance(table, pd.DataFrame)", [], ["table"]),
        ("from math import isclose\nassert isclose(share, 0.5)", [], ["share"]),
        ("def check(x):\n    return x > limit\nassert check(value)", [], ["limit", "value"]),
        ("class Probe:\n    pass\nassert Probe and answer", [], ["answer"]),
        ("n = len(rows)\nassert n == 3\ndel n", [], ["rows"]),
        ("assert sorted(members) == list(EXPECTED)", ["EXPECTED = ('a',)"], ["members"]),
        ("assert frame.equals(load('events'))", ["from csto_course import load"], ["frame"]),
        ("%time x = 1\n!ls\nassert result", [], ["result"]),  # magics and shell lines are not Python
        ("for _ in range(1):\n    pass\n    !ls\nassert result", [], ["result"]),  # indented too
        ("import os.path\nassert os.path.isdir(folder)", [], ["folder"]),  # `import os.path` defines os
        ('expect_defined(globals(), "early")\nassert early.empty', ["from csto_course.selfcheck import expect_defined"], ["early"]),
        ('expect_defined(globals(), "late")', ["from csto_course.selfcheck import expect_defined"], ["late"]),
        ("assert [x for x in values if x]", [], ["values"]),
        ("assert print and len and isinstance", [], []),  # builtins come from Python, not the student
    ],
)
def test_the_names_a_check_reads_from_the_student(test, setup, names):
    assert answer_names.free_names(test, setup) == names


def test_a_declaration_is_read_from_the_cells_metadata():
    cell = nbformat.v4.new_code_cell("assert early", metadata={"csto": {"answers": ["early", "late"]}})
    assert answer_names.declared(cell) == ["early", "late"]
    assert answer_names.declared(nbformat.v4.new_code_cell("x")) is None
    assert answer_names.declared(nbformat.v4.new_code_cell("x", metadata={"csto": {"answers": "early"}})) is None
    assert answer_names.declared(nbformat.v4.new_code_cell("x", metadata={"csto": {}})) is None


@pytest.fixture
def course_copy(tmp_path, monkeypatch):
    for folder in ("data", "quizzes", "lessons", "solutions", "exercises"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    monkeypatch.setenv("CSTO_COURSE_ROOT", str(tmp_path))
    return tmp_path


def test_release_lists_stale_exercises_and_rewrites_only_those(course_copy):
    pytest.importorskip("nbgrader")
    assert release(write=False) == []  # the committed exercises are current
    stale = course_copy / "exercises" / "03_structure.ipynb"
    stale.write_text("{}", encoding="utf-8")
    missing = course_copy / "exercises" / "05_russias_footprint.ipynb"
    missing.unlink()
    untouched = course_copy / "exercises" / "01_origins.ipynb"
    before = untouched.stat().st_mtime_ns
    assert release(write=False) == [stale, missing]
    assert stale.read_text() == "{}" and not missing.exists()  # a check writes nothing
    assert release() == [stale, missing]
    assert stale.read_text() == (REPO / "exercises" / "03_structure.ipynb").read_text()
    assert missing.read_text() == (REPO / "exercises" / "05_russias_footprint.ipynb").read_text()
    assert untouched.stat().st_mtime_ns == before
    assert release() == []


def test_release_makes_the_exercises_folder_when_there_is_none(course_copy):
    pytest.importorskip("nbgrader")
    shutil.rmtree(course_copy / "exercises")
    written = release()
    assert sorted(p.name for p in written) == sorted(p.name for p in (REPO / "solutions").glob("*.ipynb"))
    assert set(expected_exercises()) == set(written)


def test_a_released_notebook_ends_with_exactly_one_newline():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Hello")])
    text = render(nb)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert nbformat.reads(text, as_version=4).cells[0].source == "Hello"


def test_only_answer_and_check_code_cells_are_tagged_as_expected_to_fail_once():
    from csto_course.release.tag_expected_failures import TagExpectedFailures

    cells = [
        nbformat.v4.new_code_cell("x = 1"),  # no nbgrader metadata at all: a plain setup cell
        nbformat.v4.new_code_cell("raise NotImplementedError", metadata={"nbgrader": {"solution": True}}),
        nbformat.v4.new_code_cell("assert x", metadata={"nbgrader": {"grade": True}, "tags": ["raises-exception"]}),
        nbformat.v4.new_markdown_cell("Why?", metadata={"nbgrader": {"solution": True}}),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb, _ = TagExpectedFailures().preprocess(nb, {})
    assert [c.metadata.get("tags") for c in nb.cells] == [None, ["raises-exception"], ["raises-exception"], None]
