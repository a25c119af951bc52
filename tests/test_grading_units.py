"""Grading's pieces without a kernel: the status words, the gradebook file, and the merge that keeps the instructor's points.

tests/test_grading*.py grade real submissions end to end (seconds each); these run in
milliseconds, so a mutation run (tools/mutation.py) can afford them for every planted bug.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from csto_course.grading import gradebook
from csto_course.grading.errors import GRADER_PROBLEMS, Status


def test_a_status_is_its_plain_word_everywhere_a_gradebook_shows_it():
    assert Status.PASSED == "passed" and f"{Status.NOT_GRADED}" == "not_graded" and str(Status.MANUAL) == "manual"
    assert f"{Status.ERROR:>7}" == "  error"
    assert Status("needs_manual") is Status.NEEDS_MANUAL  # read back from a gradebook cell
    assert json.dumps({"status": Status.TIMEOUT}) == '{"status": "timeout"}'
    assert {"passed": "✔"}[Status.PASSED] == "✔"
    assert GRADER_PROBLEMS == (Status.NOT_GRADED,)
    with pytest.raises(ValueError):
        Status("passsed")


def row(student="ana", task="task1", points="2", status=Status.PASSED, **extra):
    return {"exercise": "01_origins", "student": student, "task": task, "points": points, "max_points": "2", "status": status, **extra}


def test_writing_and_reading_back_is_exact_even_for_formula_like_text(tmp_path):
    path = tmp_path / "gradebook.csv"
    rows = [
        row(message='=HYPERLINK("x")', submission="'quoted", status=Status.FAILED, points="0"),
        row(student="bo", message="-1 point for style", status=Status.MANUAL),
        row(student="+cy", message="@here", status=Status.NOT_GRADED, points=""),
    ]
    gradebook.write(path, rows)
    text = path.read_text()
    assert text.splitlines()[0] == ",".join(gradebook.COLUMNS)
    assert "'=HYPERLINK" in text and "''quoted" in text and "'-1 point" in text and "'+cy" in text and "'@here" in text
    back = {r["student"]: r for r in gradebook.read(path)}
    assert back["ana"]["message"] == '=HYPERLINK("x")' and back["ana"]["submission"] == "'quoted"
    assert back["bo"]["message"] == "-1 point for style" and back["bo"]["status"] == "manual"
    assert back["+cy"]["message"] == "@here" and back["+cy"]["points"] == ""
    written = json.loads((tmp_path / gradebook.WRITTEN).read_text())
    assert written == {"01_origins|ana|task1": "0", "01_origins|bo|task1": "2", "01_origins|+cy|task1": ""}


def test_rows_are_written_by_exercise_student_then_task_order(tmp_path):
    path = tmp_path / "gradebook.csv"
    rows = [
        {**row(student="bo", task="t2"), "order": 1},
        {**row(student="bo", task="t10"), "order": 0},
        {**row(student="ana", task="t1"), "exercise": "02_membership"},
        row(student="ana", task="t1"),
    ]
    gradebook.write(path, rows)
    assert [(r["exercise"], r["student"], r["task"]) for r in gradebook.read(path)] == [
        ("01_origins", "ana", "t1"),
        ("01_origins", "bo", "t10"),  # the notebook's order, not the alphabet
        ("01_origins", "bo", "t2"),
        ("02_membership", "ana", "t1"),
    ]


@pytest.mark.parametrize(
    "raw",
    [
        "\ufeffexercise;student;task;points\r\n01_origins;ana;t1;2,5\r\n",  # Excel in a comma-decimal locale
        "exercise\tstudent\ttask\tpoints\n01_origins\tana\tt1\t2,5\n",
    ],
)
def test_a_gradebook_saved_by_a_spreadsheet_is_read(tmp_path, raw):
    path = tmp_path / "gradebook.csv"
    path.write_text(raw, encoding="utf-8", newline="")
    assert gradebook.read(path) == [{"exercise": "01_origins", "student": "ana", "task": "t1", "points": "2,5"}]


def test_old_rows_take_the_exercise_given_and_rows_without_a_student_are_skipped(tmp_path):
    path = tmp_path / "gradebook.csv"
    path.write_bytes("student,task,points,message\nana,t1, 2 ,Zürich\n,t2,1,\nbo,,1,\n".encode("cp1252"))
    assert gradebook.read(path, default_exercise="01_origins") == [
        {"student": "ana", "task": "t1", "points": "2", "message": "Zürich", "exercise": "01_origins"}
    ]
    assert gradebook.read(tmp_path / "none.csv") == []


@pytest.mark.parametrize("content", [b"name,score\nana,2\n", b""])
def test_a_file_that_is_not_a_gradebook_is_refused_and_left_alone(tmp_path, content):
    path = tmp_path / "gradebook.csv"
    path.write_bytes(content)
    with pytest.raises(gradebook.GradebookUnreadable, match="has no student and task columns"):
        gradebook.read(path)
    assert path.read_bytes() == content


def test_binary_garbage_is_refused(tmp_path):
    path = tmp_path / "gradebook.csv"
    path.write_bytes(b"\x81\x8d\x8f\x90\x9d")  # not UTF-8, and not cp1252 either
    with pytest.raises(gradebook.GradebookUnreadable, match="is not text"):
        gradebook.read(path)


def test_the_instructors_grades_are_recognised_and_nothing_else(tmp_path):
    path = tmp_path / "gradebook.csv"
    written = [row(student=s) for s in ("typed", "same", "float", "manual", "graded", "new")]
    gradebook.write(path, written + [row(student="pending", points="", status=Status.NEEDS_MANUAL)])  # as the grader writes it
    rows = gradebook.read(path)
    edits = {
        "typed": {"points": "1"},  # the instructor changed the grader's 2
        "same": {},
        "float": {"points": "2.0"},  # the same number, written differently: not an edit
        "manual": {"status": "manual", "points": "2"},
        "pending": {"status": "needs_manual", "points": ""},  # still waiting for the instructor
        "graded": {"status": "needs_manual", "points": "1.5"},
    }
    rows = [{**r, **edits.get(r["student"], {})} for r in rows] + [row(student="unknown-to-the-grader", points="0")]
    kept = gradebook.instructor_rows(path, rows)
    assert sorted(student for _, student, _ in kept) == ["graded", "manual", "typed"]
    assert gradebook.is_manual_grade(edits["manual"] | {"student": "x"}) and gradebook.is_manual_grade(edits["graded"])
    assert not gradebook.is_manual_grade(edits["pending"]) and not gradebook.is_manual_grade({"status": "passed", "points": "2"})


def test_merging_keeps_the_instructors_points_and_flags_a_changed_submission():
    manual = {
        ("01_origins", "ana", "task1"): row(points="1.5", status=Status.MANUAL, message="Good argument.", sha256="aaa"),
        ("01_origins", "bo", "task1"): row(student="bo", points="2", status=Status.MANUAL, message="", sha256="bbb"),
    }
    new = [
        row(points="0", status=Status.FAILED, message="Not yet.", sha256="aaa"),
        row(student="bo", points="", status=Status.NOT_GRADED, message="The grader crashed.", sha256="ccc"),
        row(student="cy", points="2", message="All checks pass.", sha256="ddd"),
    ]
    merged, warnings = gradebook.merge(manual, new)
    ana, bo, cy = merged
    assert (ana["points"], ana["status"], ana["message"]) == ("1.5", Status.MANUAL, "Good argument.")
    assert (bo["points"], bo["status"]) == ("2", Status.MANUAL)
    assert (
        bo["message"] == "Graded by the instructor. [the submission changed after this grade was entered; the grader now says: not_graded]"
    )
    assert cy == new[2]
    assert warnings == ["bo, task1: your points were kept, but the submission changed since you entered them."]
    # merging again does not stack the note
    again, _ = gradebook.merge({gradebook.key(bo): bo}, [row(student="bo", points="1", status=Status.PASSED, sha256="eee")])
    assert again[0]["message"] == (
        "Graded by the instructor. [the submission changed after this grade was entered; the grader now says: passed, 1 points]"
    )


def test_the_gradebook_columns_are_what_the_lms_exports_read():
    book = io.StringIO()
    csv.DictWriter(book, fieldnames=gradebook.COLUMNS).writeheader()
    assert book.getvalue().strip().split(",")[:7] == ["exercise", "student", "task", "points", "max_points", "status", "message"]
