"""Does grading survive a real class: right, wrong and broken submissions, losing no grade?"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import nbformat
import pytest
from submission_factory import make_class, perfect, write

from csto_course.grading import Limits, grade_batch
from csto_course.grading.errors import Status

LIMITS = Limits(cell_timeout=4, notebook_timeout=60)
TASKS = ["task1-tests", "task2-tests", "task3-tests", "task4-tests", "task5-tests", "task6-answer"]


def read_book(path: Path) -> dict[tuple[str, str], dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return {(r["student"], r["task"]): r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    make_class(root / "submitted")
    log = io.StringIO()
    summary = grade_batch("01", root / "submitted", root / "out", jobs=2, limits=LIMITS, stream=log)
    return root, summary, read_book(root / "out" / "gradebook.csv"), log.getvalue()


def row(graded, student, task):
    return graded[2][(student, task)]


def points(graded, student):
    return sum(float(r["points"] or 0) for (s, _), r in graded[2].items() if s == student)


def test_every_submission_is_in_the_gradebook_with_every_task(graded):
    students = {s for s, _ in graded[2]}
    assert students == {
        "perfect",
        "untouched",
        "syntax",
        "exception",
        "wrong",
        "loop",
        "sysexit",
        "osexit",
        "spam",
        "flood",
        "deleted",
        "duplicated",
        "reordered",
        "markdown",
        "nometadata",
        "notanotebook",
        "truncated",
        "nested",
    }
    for student in students:
        assert [t for (s, t) in graded[2] if s == student] == TASKS


def test_progress_is_shown(graded):
    assert "grading [" in graded[3] and "18/18" in graded[3]


def test_perfect_solution_gets_full_marks(graded):
    assert points(graded, "perfect") == 11
    assert row(graded, "perfect", "task6-answer")["status"] == Status.NEEDS_MANUAL


def test_untouched_exercise_gets_zero(graded):
    assert points(graded, "untouched") == 0
    assert row(graded, "untouched", "task1-tests")["status"] == Status.NOT_ANSWERED
    assert row(graded, "untouched", "task1-tests")["message"] == "Not answered: the answer cell still contains the starter code."


def test_syntax_error_is_reported_and_other_tasks_graded(graded):
    r = row(graded, "syntax", "task1-tests")
    assert r["status"] == Status.ERROR and r["message"].startswith("Your answer raised SyntaxError")
    assert points(graded, "syntax") == 9


def test_exception_in_an_answer(graded):
    r = row(graded, "exception", "task2-tests")
    assert (r["status"], r["message"]) == (Status.ERROR, "Your answer raised ZeroDivisionError: division by zero")


def test_wrong_answer_gets_the_hidden_test_message(graded):
    r = row(graded, "wrong", "task2-tests")
    assert r["status"] == Status.FAILED
    assert r["message"] == "Not yet right: the treaty was signed on 1992-05-15 and entered into force on 1994-04-20"


def test_infinite_loop_is_stopped_and_later_tasks_graded(graded):
    r = row(graded, "loop", "task1-tests")
    assert r["status"] == Status.TIMEOUT and "ran longer than 4 s" in r["message"]
    assert points(graded, "loop") == 9  # tasks 2 to 5 still graded in a fresh kernel


def test_sys_exit_is_an_error_not_a_crash(graded):
    r = row(graded, "sysexit", "task2-tests")
    assert r["status"] == Status.ERROR and "SystemExit" in r["message"]
    assert points(graded, "sysexit") == 9


def test_dead_kernel_is_recorded_and_later_tasks_graded(graded):
    r = row(graded, "osexit", "task2-tests")
    assert r["status"] == Status.KERNEL_DIED and "Python stopped" in r["message"]
    assert points(graded, "osexit") == 9


def test_enormous_output_is_capped(graded):
    assert row(graded, "spam", "task1-tests")["status"] in (Status.PASSED, Status.TIMEOUT)
    assert points(graded, "spam") >= 9


def test_endless_rich_output_still_times_out(graded):
    r = row(graded, "flood", "task1-tests")
    assert r["status"] == Status.TIMEOUT and "ran longer than 4 s" in r["message"]
    assert points(graded, "flood") == 9


def test_deleted_cells(graded):
    r = row(graded, "deleted", "task3-tests")
    assert r["status"] == Status.MISSING and "'task3-answer' was deleted" in r["message"]
    assert points(graded, "deleted") == 8  # the deleted test cell is restored from the solution


def test_duplicated_cell_uses_the_edited_copy(graded):
    assert points(graded, "duplicated") == 11
    assert "appears 2 times" in (graded[0] / "out" / "feedback" / "01_origins" / "duplicated.md").read_text()


def test_reordered_cells_are_matched_by_grade_id(graded):
    assert points(graded, "reordered") == 11


def test_answer_changed_to_markdown_is_run_as_code(graded):
    assert points(graded, "markdown") == 11
    assert "was changed to markdown; it was run as code" in (graded[0] / "out" / "feedback" / "01_origins" / "markdown.md").read_text()


def test_lost_metadata_falls_back_to_order_with_a_warning(graded):
    assert points(graded, "nometadata") == 11
    assert "lost its grading metadata" in (graded[0] / "out" / "feedback" / "01_origins" / "nometadata.md").read_text()


@pytest.mark.parametrize("student, words", [("notanotebook", "not text"), ("truncated", "not a complete notebook")])
def test_unreadable_files(graded, student, words):
    r = row(graded, student, "task1-tests")
    assert r["status"] == Status.UNREADABLE and words in r["message"]


def test_nbgrader_submitted_tree(graded):
    assert points(graded, "nested") == 11


def test_feedback_file_speaks_to_the_student(graded):
    text = (graded[0] / "out" / "feedback" / "01_origins" / "wrong.md").read_text()
    assert text.startswith("# Feedback: 01_origins")
    assert "**Points so far:** 9 of 14" in text
    assert "✘ not yet right" in text


def test_rerun_skips_unchanged_and_keeps_manual_grades(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write(subs, "ada", perfect())
    out = tmp_path / "out"
    grade_batch("01_origins", subs, out, jobs=1, limits=LIMITS, stream=io.StringIO())
    book = out / "gradebook.csv"
    text = book.read_text()
    # the instructor types in a grade for the written answer
    lines = text.splitlines()
    lines = [line.replace(",,3.0,needs_manual,", ",2.5,3.0,needs_manual,") if "task6-answer" in line else line for line in lines]
    book.write_text("\n".join(lines) + "\n")
    log = io.StringIO()
    summary = grade_batch("01", subs, out, jobs=1, limits=LIMITS, stream=log)
    assert summary["skipped"] == 1 and summary["graded"] == 0
    assert "unchanged since the last run" in log.getvalue()
    summary = grade_batch("01", subs, out, jobs=1, limits=LIMITS, force=True, stream=io.StringIO())
    r = read_book(book)[("ada", "task6-answer")]
    assert (r["points"], r["status"]) == ("2.5", Status.MANUAL)


def test_unknown_exercise(tmp_path):
    from csto_course.grading.errors import UnknownExercise

    with pytest.raises(UnknownExercise, match=r"There is no exercise '99'. Exercises: 01_origins."):
        grade_batch("99", tmp_path, tmp_path / "out")


def test_lost_metadata_from_an_earlier_release_still_finds_every_answer():
    """A task's text can change between releases (a paragraph added); a submission that lost its
    metadata and still holds the old text must not lose its answers: tasks are known by their heading."""
    from submission_factory import exercise, solution

    from csto_course.grading.assemble import assemble

    old = perfect()
    for cell in old.cells:
        cell.metadata = {}
        if cell.cell_type == "markdown" and "*Where this is taught:*" in cell.source:
            cell.source = cell.source.split("\n\n*Where this is taught:*")[0]
            assert "Where this is taught" not in cell.source
    assembled = assemble(solution(), exercise(), nbformat.from_dict(old))
    assert assembled.missing == set()
    assert all(source.strip() for source in assembled.answers.values())
