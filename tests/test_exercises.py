"""Are exercises generated from solutions, free of answers, and built to the exercise standard?"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from csto_course.grading.assemble import tasks_of
from csto_course.lessons import LESSONS
from csto_course.release import expected_exercises

REPO = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((REPO / "solutions").glob("*.ipynb"))


def test_every_lesson_from_01_has_an_exercise():
    """The lessons before 01 (the start and the pandas primer) have no graded exercise."""
    assert {p.stem for p in SOLUTIONS} == {lesson.slug for lesson in LESSONS if lesson.number >= "01"}


def test_exercises_are_regenerated_exactly_from_solutions():
    """Guards against editing exercises/ by hand: run `csto-course release` after changing a solution."""
    for path, text in expected_exercises().items():
        assert path.exists(), f"{path.name} is missing from exercises/: run csto-course release"
        assert path.read_text(encoding="utf-8") == text, f"exercises/{path.name} is out of date: run csto-course release"
    assert {p.name for p in (REPO / "exercises").glob("*.ipynb")} == {p.name for p in SOLUTIONS}


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_no_solution_or_hidden_test_reaches_students(solution):
    """Guards against leaking answers: no marker and no line of a solution region in the exercise."""
    exercise = (REPO / "exercises" / solution.name).read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "Model answer"):
        assert marker not in exercise
    nb = nbformat.read(solution, as_version=4)
    secret = []
    for cell in nb.cells:
        for block in re.findall(r"### BEGIN (?:SOLUTION|HIDDEN TESTS)\n(.*?)### END", cell.source, flags=re.S):
            secret += [line.strip() for line in block.splitlines() if len(line.strip()) > 12]
    assert secret, "a solution without solution regions?"
    leaked = [line for line in secret if line in exercise]
    assert not leaked


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_exercise_standard(solution):
    nb = nbformat.read(solution, as_version=4)
    tasks = tasks_of(nb)
    auto = [t for t in tasks if t.kind == "auto"]
    assert 3 <= len(auto) <= 6, "3 to 6 auto-graded tasks"
    assert any(t.kind == "manual" for t in tasks), "at least one written answer graded by hand"
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]
            assert "expect" in visible and "passed(" in visible, f"{meta['grade_id']}: visible self-checks that speak to the student"
            assert "### BEGIN HIDDEN TESTS" in cell.source, f"{meta['grade_id']}: hidden tests for grading"


def _headings(lesson_number: str) -> set[str]:
    lesson = next(x for x in LESSONS if x.number == lesson_number)
    nb = nbformat.read(REPO / "lessons" / lesson.filename, as_version=4)
    return {
        line.lstrip("#").strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("#")
    }


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_where_this_is_taught_names_real_sections(solution):
    """Guards against a renamed or renumbered lesson section leaving a task pointing nowhere:
    each 'section N ("Heading")' must be a heading of the lesson named before it."""
    wrong = []
    for cell in nbformat.read(solution, as_version=4).cells:
        for paragraph in cell.source.split("\n\n"):
            if not paragraph.startswith("*Where this is taught:*"):
                continue
            lesson = None
            for match in re.finditer(r'Lesson (\w+)|section (\d+) \("([^"]+)"\)', paragraph):
                if match.group(1):
                    lesson = match.group(1)
                elif f"{match.group(2)}. {match.group(3)}" not in _headings(lesson):
                    wrong.append(f'Lesson {lesson}, section {match.group(2)} ("{match.group(3)}")')
    assert wrong == []


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_every_task_says_where_its_skills_are_taught(solution):
    """Each task's heading cell ends with a '*Where this is taught:*' paragraph (#16), one per task:
    the checks above read those paragraphs, so a task without one would pass them unnoticed."""
    nb = nbformat.read(solution, as_version=4)
    headings = [c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## Task")]
    assert len(headings) == len(tasks_of(nb)), "one '## Task' heading cell per task"
    silent = [h.splitlines()[0] for h in headings if "\n\n*Where this is taught:*" not in h]
    assert silent == []


def test_every_task_points_to_the_primer_first():
    """The primer (Lesson 00b) is where the exercises' pandas and Altair skills are taught first."""
    missing = []
    for solution in SOLUTIONS:
        for cell in nbformat.read(solution, as_version=4).cells:
            for paragraph in cell.source.split("\n\n"):
                if paragraph.startswith("*Where this is taught:*") and "in Lesson 00b, the pandas primer:" not in paragraph:
                    missing.append(f"{solution.stem}: {paragraph[:60]}")
    assert missing == []
