"""Grading's pieces without a kernel: the status words, the gradebook file, and the merge that keeps the instructor's points.

tests/test_grading*.py grade real submissions end to end (seconds each); these run in
milliseconds, so a mutation run (tools/mutation.py) can afford them for every planted bug.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
from pathlib import Path

import nbformat
import pytest

from csto_course.grading import batch, feedback, gradebook, terminal
from csto_course.grading.assemble import Assembled, Task, assemble, read_submission, tasks_of
from csto_course.grading.checker import CheckResult, run_checks, run_setup
from csto_course.grading.errors import GRADER_PROBLEMS, SandboxRefused, Status, SubmissionUnreadable, UnknownExercise
from csto_course.grading.execute import CellResult
from csto_course.grading.folder_guard import FolderGuard
from csto_course.grading.lock import out_folder_lock
from csto_course.grading.score import grade_tasks
from csto_course.grading.submissions import Submission, find_submissions


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path_factory, monkeypatch):
    """Each test runs in a folder of its own: a planted bug that makes FolderGuard.clear() (or another
    helper) act on the current folder instead of the one it was given must not empty the mutation run's copy."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


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
        "exercise;student;task;points\r01_origins;ana;t1;2,5\r",  # Excel for Mac's older CSV: a lone CR ends each line
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


def test_the_file_holds_the_rows_as_they_are_one_plain_line_each(tmp_path):
    """What an instructor sees in a text editor, a diff or an LMS import: no apostrophe before ordinary text,
    no carriage returns, an empty cell for a column a row does not have (not "None")."""
    path = tmp_path / "gradebook.csv"
    gradebook.write(path, [row(message="All checks passed.", submission="ana.ipynb"), row(student="bo", points=1.5, message=None)])
    assert path.read_bytes().decode("utf-8") == (
        "exercise,student,task,points,max_points,status,message,submission,sha256,tests_key,graded_at\n"
        "01_origins,ana,task1,2,2,passed,All checks passed.,ana.ipynb,,,\n"
        "01_origins,bo,task1,1.5,2,passed,,,,,\n"
    )


def test_a_row_without_some_columns_is_written_with_those_cells_empty(tmp_path):
    path = tmp_path / "gradebook.csv"
    gradebook.write(path, [{"exercise": "01_origins", "student": "ana", "task": "task1", "status": Status.NEEDS_MANUAL}])
    [back] = gradebook.read(path)
    assert back == dict.fromkeys(gradebook.COLUMNS, "") | {
        "exercise": "01_origins",
        "student": "ana",
        "task": "task1",
        "status": "needs_manual",
    }
    # and the grader's memory agrees with the file, so the empty points are not taken for the instructor's next run
    assert gradebook.instructor_rows(path, [back]) == {}


def test_messages_with_line_breaks_of_any_kind_come_back_exactly(tmp_path):
    path = tmp_path / "gradebook.csv"
    message = "Your cell printed:\r\n  12\r\nand then\rdone\n"  # a student's output, Windows line ends included
    gradebook.write(path, [row(message=message)])
    assert gradebook.read(path)[0]["message"] == message


def test_points_typed_by_the_instructor_are_written_back_as_typed(tmp_path):
    """Only text cells get the apostrophe that stops a spreadsheet formula: a points cell stays a number, even a penalty."""
    path = tmp_path / "gradebook.csv"
    gradebook.write(path, [row(points="-1", status=Status.MANUAL), row(student="bo", points="+2", status=Status.MANUAL)])
    assert [r["points"] for r in gradebook.read(path)] == ["-1", "+2"]
    gradebook.write(path, gradebook.read(path))  # every later run writes the book again
    assert [r["points"] for r in gradebook.read(path)] == ["-1", "+2"]


def test_tasks_keep_the_notebooks_order_where_it_differs_from_the_alphabet(tmp_path):
    path = tmp_path / "gradebook.csv"
    tasks = ["task2-answer", "task10-answer", "essay"]  # the notebook's order: 0, 1, 2
    gradebook.write(path, [{**row(task=t), "order": i} for i, t in reversed(list(enumerate(tasks)))])
    assert [r["task"] for r in gradebook.read(path)] == tasks


def test_a_student_not_graded_again_keeps_the_notebooks_task_order(tmp_path):
    """A later run that grades only bo writes ana's rows back as read: in the notebook's order, not by name."""
    path = tmp_path / "gradebook.csv"
    tasks = ["task2-answer", "task10-answer", "essay"]
    gradebook.write(path, [{**row(student="ana", task=t), "order": i} for i, t in enumerate(tasks)])
    book = gradebook.read(path)
    gradebook.write(path, book + [{**row(student="bo", task=t), "order": i} for i, t in enumerate(tasks)])
    assert [(r["student"], r["task"]) for r in gradebook.read(path)] == [("ana", t) for t in tasks] + [("bo", t) for t in tasks]


def test_a_row_without_a_usable_order_comes_after_the_notebooks_tasks(tmp_path):
    path = tmp_path / "gradebook.csv"
    rows = [
        {**row(task="b-gone"), "order": None},
        {**row(task="a-gone"), "order": "not a number"},
        {**row(task="t2"), "order": 1},
        {**row(task="t1"), "order": "0"},
        row(task="c-gone"),
    ]
    gradebook.write(path, rows)
    assert [r["task"] for r in gradebook.read(path)] == ["t1", "t2", "b-gone", "a-gone", "c-gone"], "the rest as given"


def test_a_gradebook_with_no_rows_yet_reads_as_empty(tmp_path):
    path = tmp_path / "gradebook.csv"
    gradebook.write(path, [])  # a class in which nobody has submitted yet
    assert gradebook.read(path) == []


def test_a_blank_line_in_the_middle_loses_no_grade_after_it(tmp_path):
    path = tmp_path / "gradebook.csv"
    path.write_text("exercise,student,task,points\n01_origins,ana,task1,2\n,,,\n\n01_origins,bo,task1,1.5\n", encoding="utf-8")
    assert [(r["student"], r["points"]) for r in gradebook.read(path)] == [("ana", "2"), ("bo", "1.5")]


@pytest.mark.parametrize(
    "raw, exercise",
    [
        ("student,task\nana,t1\n", ""),  # the two columns a gradebook needs, and nothing more; no exercise invented
        ("exercise,student,task,points,comment (late; excused)\n01_origins,ana,t1,2,yes\n", "01_origins"),
        ("exercise,student,task,points,pasted\tnote\n01_origins,ana,t1,2,yes\n", "01_origins"),
    ],
)
def test_a_comma_gradebook_is_read_whatever_its_column_names_hold(tmp_path, raw, exercise):
    path = tmp_path / "gradebook.csv"
    path.write_text(raw, encoding="utf-8")
    [back] = gradebook.read(path)
    assert (back["exercise"], back["student"], back["task"]) == (exercise, "ana", "t1")


@pytest.mark.parametrize("memory", [None, "null", "42", '"01_origins|auto|task1"', "{broken"])
def test_without_the_graders_memory_the_instructors_grades_are_those_their_status_shows(tmp_path, memory):
    """The memory file lost, damaged or left behind when the gradebook was copied: hand grades still count, none invented."""
    path = tmp_path / "gradebook.csv"
    if memory is not None:
        (tmp_path / gradebook.WRITTEN).write_text(memory, encoding="utf-8")
    rows = [
        row(student="manual", status=Status.MANUAL),
        row(student="graded", points="1.5", status=Status.NEEDS_MANUAL),
        row(student="pending", points="", status=Status.NEEDS_MANUAL),
        {k: v for k, v in row(student="no-points-cell", status=Status.NEEDS_MANUAL).items() if k != "points"},
        row(student="auto", status=Status.PASSED),
    ]
    kept = gradebook.instructor_rows(path, rows)
    assert sorted(student for _, student, _ in kept) == ["graded", "manual"]
    assert kept == {gradebook.key(r): r for r in rows if gradebook.is_manual_grade(r)}


# --- feedback files: what a student reads ------------------------------------------------------


def test_student_text_is_escaped_to_one_inert_line():
    assert feedback.escape("<b>x</b>\n# [a](b) | c_d*\x07") == r"&lt;b&gt;x&lt;/b&gt; \# \[a\]\(b\) \| c\_d\* "
    assert feedback.escape('"q"') == "&quot;q&quot;"
    assert feedback.escape(12) == "12"


def test_points_print_as_numbers_and_an_empty_cell_as_a_dash():
    assert [feedback._fmt(v) for v in (None, "", "2.0", 1.5, "x-y")] == ["–", "–", "2", "1.5", r"x\-y"]


def test_total_skips_points_that_are_not_numbers():
    rows = [{"points": "1.5", "max_points": "2"}, {"points": "", "max_points": "3"}, {"points": None, "max_points": 1}]
    assert feedback.total(rows) == (1.5, 6.0)
    essay_first = [{"points": "", "max_points": "4"}, {"points": "2", "max_points": "2"}]  # a written answer still to grade
    assert feedback.total(essay_first) == (2.0, 6.0)


@pytest.mark.parametrize(
    "student, name",
    [
        ("ana", "ana"),
        ("ana.b+c@x-y_z", "ana.b+c@x-y_z"),
        ("Xu.Li", "Xu.Li"),  # capitals, and an X at the start, are safe too
    ],
)
def test_a_safe_name_is_kept_as_it_is(student, name):
    assert feedback.safe_file_name(student) == name


def test_an_unsafe_name_is_made_safe_and_never_shared():
    made = feedback.safe_file_name("../ana bo")
    assert made.startswith("_ana_bo-") and len(made) == len("_ana_bo-") + 8
    assert made != feedback.safe_file_name("../ana_bo") != feedback.safe_file_name("ana bo")
    assert feedback.safe_file_name("...").startswith("student-")
    assert len(feedback.safe_file_name("x" * 300)) == 100 + 1 + 8


def test_the_feedback_file_shows_points_results_and_notes(tmp_path):
    rows = [
        {"task": "task1", "points": "2", "max_points": "2", "status": Status.PASSED, "message": "All checks passed."},
        {"task": "task2", "points": "0", "max_points": "3", "status": "failed", "message": "Not yet right: <b>no</b>"},
        {"task": "essay", "points": "", "max_points": "4", "status": "needs_manual", "message": "Written answer (3 words)."},
        {"task": "odd", "points": "", "max_points": "1", "status": "strange|status", "message": ""},
    ]
    path = feedback.write_feedback(tmp_path, "ana b", "01_origins", rows, ["Answer *cell* copied twice."])
    assert path.parent == tmp_path / "01_origins" and path.name == feedback.safe_file_name("ana b") + ".md"
    assert path.read_text(encoding="utf-8").splitlines() == [
        "# Feedback: 01_origins",
        "",
        "**Student:** ana b  ",
        "**Points so far:** 2 of 10",
        "",
        "**Notes from the grader:**",
        "",
        r"- Answer \*cell\* copied twice\.",
        "",
        "| Task | Points | Result | What to look at |",
        "|---|---|---|---|",
        "| task1 | 2 / 2 | ✔ passed | All checks passed\\. |",
        "| task2 | 0 / 3 | ✘ not yet right | Not yet right\\: &lt;b&gt;no&lt;/b&gt; |",
        "| essay | – / 4 | … graded by your instructor | Written answer \\(3 words\\)\\. |",
        r"| odd | – / 1 | strange\|status |  |",
        "",
        "Automatic checks run your answers in a fresh Python session against the instructor's tests.",
    ]


def test_feedback_without_notes_has_no_notes_heading(tmp_path):
    rows = [{"task": "t", "points": "1", "max_points": "1", "status": "passed", "message": "ok"}]
    text = feedback.write_feedback(tmp_path, "bo", "x", rows, []).read_text(encoding="utf-8")
    assert "Notes from the grader" not in text and text.splitlines()[4:6] == ["", "| Task | Points | Result | What to look at |"]


# --- the instructor's terminal -----------------------------------------------------------------


def test_plain_removes_control_characters_and_shortens():
    assert terminal.plain("a\x1b[31mb\n") == "a?[31mb?"
    assert terminal.plain("x" * 61) == "x" * 59 + "…"
    assert terminal.plain("x" * 60) == "x" * 60
    assert terminal.plain("abcdef", limit=4) == "abc…"


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_progress_in_a_log_is_one_line_per_submission():
    stream = _Stream(tty=False)
    progress = terminal.Progress(2, stream=stream)
    progress.step("ana: 2/4")
    progress.end_line()
    progress.step("bo\x1b: 4/4")
    assert stream.getvalue() == "grading [############............] 1/2 ana: 2/4\ngrading [########################] 2/2 bo?: 4/4\n"


def test_progress_on_a_terminal_redraws_one_line_and_ends_it():
    stream = _Stream(tty=True)
    progress = terminal.Progress(3, stream=stream)
    progress.step("ana")
    assert stream.getvalue() == "\r" + "grading [########................] 1/3 ana".ljust(100)
    progress.end_line()
    assert stream.getvalue().endswith("\n")
    stream2 = _Stream(tty=True)
    done = terminal.Progress(1, stream=stream2)
    done.step("bo")
    assert stream2.getvalue() == "\r" + "grading [########################] 1/1 bo".ljust(100) + "\n"
    done.end_line()
    assert stream2.getvalue().count("\n") == 1
    empty = terminal.Progress(0, stream=_Stream(tty=True))
    empty.end_line()
    assert empty.stream.getvalue() == ""


def test_the_summary_lists_warnings_once_and_counts_the_rest():
    stream = io.StringIO()
    terminal.summary(stream, [])
    assert stream.getvalue() == ""
    terminal.summary(stream, [f"w{i}\x07" for i in range(4)], limit=2)
    assert stream.getvalue() == "4 thing(s) to check by hand:\n  - w0?\n  - w1?\n  ... and 2 more (see the feedback files).\n"
    stream = io.StringIO()
    terminal.summary(stream, ["x" * 250, "y"], limit=2)
    assert stream.getvalue().splitlines()[1] == "  - " + "x" * 199 + "…" and "more" not in stream.getvalue()


# --- finding submissions -----------------------------------------------------------------------


def test_submissions_are_found_in_both_layouts_and_checkpoints_ignored(tmp_path):
    import os

    (tmp_path / "ana.ipynb").write_text("{}")
    (tmp_path / "bo" / "01_origins").mkdir(parents=True)
    (tmp_path / "bo" / "01_origins" / "01_origins.ipynb").write_text("{}")
    (tmp_path / "bo" / "notes.ipynb").write_text("{}")
    os.utime(tmp_path / "bo" / "notes.ipynb", (2_000_000_000, 2_000_000_000))  # newer, but not the exercise
    (tmp_path / "cy").mkdir()
    (tmp_path / "cy" / "old.ipynb").write_text("{}")
    (tmp_path / "cy" / "new.ipynb").write_text("{}")
    os.utime(tmp_path / "cy" / "old.ipynb", (1_000_000_000, 1_000_000_000))
    (tmp_path / "dy").mkdir()
    (tmp_path / "dy" / "01_draft.ipynb").write_text("{}")
    (tmp_path / "dy" / "zz.ipynb").write_text("{}")
    os.utime(tmp_path / "dy" / "zz.ipynb", (2_000_000_000, 2_000_000_000))
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "ana-checkpoint.ipynb").write_text("{}")
    (tmp_path / "ed" / ".hidden").mkdir(parents=True)
    (tmp_path / "ed" / ".hidden" / "x.ipynb").write_text("{}")
    found = {s.student: s.path.relative_to(tmp_path).as_posix() for s in find_submissions(tmp_path, "01_origins")}
    assert found == {"ana": "ana.ipynb", "bo": "bo/01_origins/01_origins.ipynb", "cy": "cy/new.ipynb", "dy": "dy/01_draft.ipynb"}
    assert [s.student for s in find_submissions(tmp_path, "01_origins")] == ["ana", "bo", "cy", "dy"]


def test_a_missing_folder_of_submissions_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="is not a folder of submissions"):
        find_submissions(tmp_path / "nowhere", "01_origins")


# --- the cap on a submission's folder ----------------------------------------------------------


def test_the_folder_guard_counts_files_and_bytes_and_clears_what_the_student_wrote(tmp_path):
    (tmp_path / "submission.ipynb").write_text("{}")
    (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / "t.json").write_text("{}")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "big.bin").write_bytes(b"x" * 200_000)
    (tmp_path / "small.txt").write_text("x")
    assert FolderGuard(str(tmp_path)).over() is None
    assert FolderGuard(str(tmp_path), max_files=5).over() == "it made more than 5 files"
    assert FolderGuard(str(tmp_path), max_files=6).over() is None
    assert FolderGuard(str(tmp_path), max_bytes=100_000).over() == "it wrote more than 0 MB to disk"
    assert FolderGuard(str(tmp_path), max_bytes=3 * 1024**2).over() is None
    assert FolderGuard(str(tmp_path / "gone")).over() is None
    FolderGuard(str(tmp_path)).clear()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers", "submission.ipynb"]
    assert (tmp_path / "answers" / "t.json").exists()
    FolderGuard(str(tmp_path / "gone")).clear()


def test_a_link_named_like_the_answers_is_removed(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "answers").symlink_to(tmp_path / "elsewhere")
    FolderGuard(str(tmp_path)).clear()
    assert not (tmp_path / "answers").exists() and not (tmp_path / "elsewhere").exists()


def _folders_of_five(tmp_path, *names, size=1):
    for name in names:
        (tmp_path / name).mkdir()
        for i in range(5):
            (tmp_path / name / f"f{i}").write_bytes(b"x" * size)


def test_a_folder_the_grader_cannot_list_hides_nothing_else_from_the_count(tmp_path, monkeypatch):
    """The student took a folder's permissions away: the grader counts every other folder all the same."""
    _folders_of_five(tmp_path, "a", "b", "c")
    real, listed = os.scandir, []

    def scandir(path):
        listed.append(path)
        if len(listed) == 2:  # the first folder below the top, whichever it is
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert FolderGuard(str(tmp_path), max_files=12).over() == "it made more than 12 files"  # 3 folders + 10 files


def test_a_file_that_vanishes_while_counted_does_not_stop_the_count(tmp_path, monkeypatch):
    """The student's code deletes files as fast as it writes them: the files still there are counted."""
    _folders_of_five(tmp_path, "a", size=65536)
    real = os.scandir

    class Vanishing:
        def __init__(self, path):
            self.entries = real(path)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.entries.close()

        def __iter__(self):
            for n, entry in enumerate(self.entries):
                if n == 0 and not entry.is_dir(follow_symlinks=False):
                    os.remove(entry.path)  # gone between the listing and its size
                yield entry

    monkeypatch.setattr(os, "scandir", Vanishing)
    assert FolderGuard(str(tmp_path), max_bytes=3 * 65536).over() == "it wrote more than 0 MB to disk"  # the 4 files left


def test_a_file_that_cannot_be_removed_leaves_the_rest_removed(tmp_path, monkeypatch):
    """The student made a file hard to remove, at the top or further down: everything else they wrote goes all the same."""
    _folders_of_five(tmp_path, "junk")
    for i in range(5):
        (tmp_path / f"top{i}.txt").write_text("x")

    def failing_once(real):
        calls = []

        def remove(path, *args, **kwargs):
            calls.append(path)
            if len(calls) == 1:
                raise PermissionError(13, "Permission denied", path)
            return real(path, *args, **kwargs)

        return remove

    monkeypatch.setattr(os, "unlink", failing_once(os.unlink))  # what rmtree uses, inside a folder
    monkeypatch.setattr(os, "remove", failing_once(os.remove))  # what clear() uses, at the top
    FolderGuard(str(tmp_path)).clear()
    assert len(list((tmp_path / "junk").iterdir())) == 1, "only the file that could not be removed is left"
    assert len([p for p in tmp_path.iterdir() if p.name.startswith("top")]) == 1


# --- one run per output folder -----------------------------------------------------------------


def test_a_second_run_on_the_same_folder_is_refused_with_who_holds_it(tmp_path):
    from csto_course.grading.errors import GradingLocked

    with out_folder_lock(tmp_path / "out"):
        holder = (tmp_path / "out" / ".grading.lock").read_text(encoding="utf-8")
        assert holder.startswith("process ") and " started " in holder
        with pytest.raises(GradingLocked) as err:
            with out_folder_lock(tmp_path / "out"):
                pass
        assert str(err.value) == (
            f"Another grading run is writing to {tmp_path / 'out'} ({holder.strip()}). "
            "Wait for it to finish, or give this run a different --out folder."
        )
    with out_folder_lock(tmp_path / "out"):  # released when the first run ended
        pass


# --- reading a submission ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, why",
    [
        (b"\xff\xfe\x00garbage", "the file is not text (it may be a different kind of file renamed to .ipynb)"),
        (b'{"cells": [', "the file is not a complete notebook (invalid JSON at line 1; it may be truncated)"),
        (b"[1, 2]", "the file is JSON but not a Jupyter notebook (no list of cells)"),
        (b'{"cells": {}}', "the file is JSON but not a Jupyter notebook (no list of cells)"),
        (b'{"cells": [], "nbformat": 3}', "the notebook is in an old format (nbformat 3); open and save it in JupyterLab first"),
    ],
)
def test_an_unreadable_submission_says_why(tmp_path, content, why):
    path = tmp_path / "s.ipynb"
    path.write_bytes(content)
    with pytest.raises(SubmissionUnreadable) as err:
        read_submission(path)
    assert str(err.value) == why


def test_a_submission_is_read_with_its_cells_as_text(tmp_path):
    path = tmp_path / "s.ipynb"
    cells = [{"cell_type": "code", "source": ["a = 1\n", "b = 2"]}, "junk", {"no": "type"}, {"cell_type": "markdown", "source": 5}]
    path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    nb = read_submission(path)
    assert nb["cells"] == [
        {"cell_type": "code", "source": "a = 1\nb = 2", "metadata": {}},
        {"cell_type": "markdown", "source": "5", "metadata": {}},
    ]


# --- grades and messages per task --------------------------------------------------------------


def _assembled(tasks, answers=None, missing=(), manual_text=None):
    return Assembled(None, tasks, answers or {}, set(missing), [], manual_text or {})


AUTO = Task("t1", 2.0, "auto", ["a1"], ["x"], "assert x == 1")


def _grade(results, check, answers=None, missing=(), task=AUTO):
    (grade,) = grade_tasks(_assembled([task], answers or {"a1": "x = 1"}, missing), results, 30, {"t1": check} if check else None)
    return grade


def _cell(role, gid, status, ename="", evalue=""):
    return CellResult(0, role, gid, status, ename, evalue)


EXPORTED = [_cell("answer", "a1", "ok"), _cell("export", "t1", "ok")]


def test_a_passing_task_gets_its_points():
    grade = _grade(EXPORTED, CheckResult("t1", "ok"))
    assert (grade.task, grade.points, grade.max_points, grade.status, grade.message) == (
        "t1",
        2.0,
        2.0,
        Status.PASSED,
        "All checks passed.",
    )


def test_a_failed_check_says_what_was_not_right():
    grade = _grade(EXPORTED, CheckResult("t1", "error", "AssertionError", "x should be 1"))
    assert (grade.points, grade.status, grade.message) == (0.0, Status.FAILED, "Not yet right: x should be 1")
    bare = _grade(EXPORTED, CheckResult("t1", "error", "SelfCheckFailed", ""))
    assert bare.message == "Not yet right: a hidden test did not pass"


def test_a_slow_check_and_a_crashing_check_are_told_apart():
    slow = _grade(EXPORTED, CheckResult("t1", "error", "Timeout", "the checks ran longer than 30 s"))
    assert (slow.status, slow.message) == (
        Status.TIMEOUT,
        "The checks for this task ran longer than the grader allows (the checks ran longer than 30 s).",
    )
    crash = _grade(EXPORTED, CheckResult("t1", "error", "KeyError", "'iso3'"))
    assert (crash.status, crash.message) == (Status.ERROR, "Checking this task raised KeyError: 'iso3'")


def test_an_answer_that_raised_is_named_as_the_cause():
    results = [_cell("answer", "a1", "error", "NameError", "name 'y' is not defined"), _cell("export", "t1", "ok")]
    grade = _grade(results, CheckResult("t1", "error", "NameError", "name 'x' is not defined"))
    assert (grade.status, grade.message) == (Status.ERROR, "Your answer raised NameError: name 'y' is not defined")


def test_a_value_the_checker_cannot_take_is_explained():
    grade = _grade(EXPORTED, CheckResult("t1", "unexportable", "Unsupported", "x: a generator cannot be exported"))
    assert grade.message == "Your answer x cannot be checked: a generator cannot be exported. Make it the kind of value the task asks for."
    unread = _grade(EXPORTED, CheckResult("t1", "no_answers", "AnswerFileError", "the file is empty"))
    assert (unread.status, unread.message) == (
        Status.ERROR,
        "Your answers for this task could not be read (the file is empty). Did your code change Python or the notebook itself?",
    )
    broken_export = _grade([_cell("answer", "a1", "ok"), _cell("export", "t1", "error")], CheckResult("t1", "error", "X", "y"))
    assert broken_export.message.startswith("Your answers for this task could not be read (y).")


def test_a_checker_problem_is_not_graded_and_not_the_students_fault():
    grade = _grade(EXPORTED, CheckResult("t1", "grader_error", "CheckerFailed", "the checker crashed"))
    assert (grade.points, grade.status) == (None, Status.NOT_GRADED)
    assert grade.message == "Not graded yet: the checker crashed. This is not the student's doing; re-run the grader."
    nothing = _grade(EXPORTED, None)
    assert nothing.message == "Not graded yet: the checker gave no result. This is not the student's doing; re-run the grader."


def test_what_stopped_the_answer_or_its_export_is_reported():
    timeout = _grade([_cell("answer", "a1", "timeout"), _cell("export", "t1", "ok")], CheckResult("t1", "ok"))
    assert (timeout.status, timeout.message) == (Status.TIMEOUT, "Your answer ran longer than 30 s and was stopped (an infinite loop?).")
    disk = _grade(
        [_cell("answer", "a1", "disk", evalue="it made more than 10 files"), _cell("export", "t1", "ok")], CheckResult("t1", "ok")
    )
    assert (disk.status, disk.points) == (Status.ERROR, 0.0)
    assert disk.message.startswith("Your answer was stopped: it made more than 10 files. What it wrote was removed;")
    died = _grade([_cell("answer", "a1", "kernel_died"), _cell("export", "t1", "ok")], CheckResult("t1", "ok"))
    assert died.status == Status.KERNEL_DIED and died.message.startswith("Python stopped while running your answer")
    late = _grade([_cell("answer", "a1", "ok"), _cell("export", "t1", "not_run")], CheckResult("t1", "ok"))
    assert late.status == Status.NOTEBOOK_TIMEOUT and late.message.startswith("Not graded: the notebook's time limit ran out")
    assert _grade([_cell("answer", "a1", "ok")], CheckResult("t1", "ok")).status == Status.NOTEBOOK_TIMEOUT
    slow_export = _grade([_cell("answer", "a1", "ok"), _cell("export", "t1", "timeout")], CheckResult("t1", "ok"))
    assert (slow_export.status, slow_export.message) == (
        Status.TIMEOUT,
        "Handing your answers to the checker took longer than 30 s (did your code change Python itself?).",
    )
    died_export = _grade([_cell("answer", "a1", "ok"), _cell("export", "t1", "kernel_died")], CheckResult("t1", "ok"))
    assert (died_export.status, died_export.message) == (
        Status.KERNEL_DIED,
        "Python stopped while your answers for this task were being read.",
    )


def test_an_untouched_or_deleted_answer_gets_no_points():
    for stub in ("raise NotImplementedError()", "# YOUR CODE HERE\nraise NotImplementedError()\n", "  \n# only a comment\n"):
        grade = _grade(EXPORTED, CheckResult("t1", "ok"), answers={"a1": stub})
        assert (grade.status, grade.points) == (Status.NOT_ANSWERED, 0.0), stub
        assert grade.message == "Not answered: the answer cell still contains the starter code."
    started = _grade(EXPORTED, CheckResult("t1", "ok"), answers={"a1": "x = 1\nraise NotImplementedError()"})
    assert started.status == Status.PASSED
    gone = _grade(EXPORTED, CheckResult("t1", "ok"), answers={"a1": ""}, missing={"a1"})
    assert (gone.status, gone.message) == (Status.MISSING, "The answer cell 'a1' was deleted, so this task could not be graded.")


def test_a_written_answer_waits_for_the_instructor_and_counts_its_words():
    essay = Task("essay", 4.0, "manual", ["essay"])
    (grade,) = grade_tasks(_assembled([essay], manual_text={"essay": "YOUR ANSWER HERE Russia stayed out."}), [], 30)
    assert (grade.points, grade.status, grade.message) == (None, Status.NEEDS_MANUAL, "Written answer (3 words): graded by the instructor.")
    (gone,) = grade_tasks(_assembled([essay], missing={"essay"}), [], 30)
    assert (gone.points, gone.status, gone.message) == (0.0, Status.MISSING, "The written-answer cell was deleted.")


# --- the checker, in this process --------------------------------------------------------------


def _answers_text(tmp_path, **values) -> str:
    from csto_course.grading import answers

    answers.export(values, list(values), str(tmp_path / "a.json"))
    return (tmp_path / "a.json").read_text(encoding="utf-8")


def test_checks_report_each_task_on_its_own(tmp_path):
    good = _answers_text(tmp_path, x=1)
    tests = [
        {"task": "t1", "source": "assert x == base", "answers": ["x"], "text": good},
        {"task": "t2", "source": "assert x == 2, 'x should be 2'", "answers": ["x"], "text": good},
        {"task": "t3", "source": "print('noise'); raise KeyError('k')", "answers": ["x"], "text": good},
        {"task": "t4", "source": "pass", "answers": ["x"], "text": None, "why": "the kernel stopped"},
        {"task": "t5", "source": "pass", "answers": ["x"], "text": None},
    ]
    results = run_checks(["base = 1"], tests)
    assert [(r.task, r.status, r.ename, r.evalue) for r in results] == [
        ("t1", "ok", "", ""),
        ("t2", "error", "AssertionError", "x should be 2"),
        ("t3", "error", "KeyError", "'k'"),
        ("t4", "no_answers", "AnswerFileError", "the kernel stopped"),
        ("t5", "no_answers", "AnswerFileError", "the kernel wrote no answers for this task"),
    ]


def test_a_broken_setup_is_the_graders_problem_for_every_task():
    results = run_checks(["1 / 0"], [{"task": "t1", "source": "pass", "answers": []}, {"task": "t2", "source": "pass", "answers": []}])
    assert [(r.task, r.status, r.ename) for r in results] == [
        ("t1", "grader_error", "CheckerFailed"),
        ("t2", "grader_error", "CheckerFailed"),
    ]
    assert results[0].evalue == "the exercise's setup cell failed in the checker (ZeroDivisionError: division by zero)"


def test_a_check_that_runs_too_long_is_stopped(tmp_path):
    text = _answers_text(tmp_path)
    (result,) = run_checks([], [{"task": "t", "source": "while True: pass", "answers": [], "text": text}], test_timeout=0.2)
    assert (result.task, result.status, result.ename, result.evalue) == ("t", "error", "Timeout", "the checks ran longer than 0.2 s")


def test_a_long_error_message_is_cut_to_500_characters(tmp_path):
    text = _answers_text(tmp_path)
    (result,) = run_checks([], [{"task": "t", "source": "raise ValueError('x' * 600)", "answers": [], "text": text}])
    assert (result.task, result.ename, result.evalue) == ("t", "ValueError", "x" * 500)


def test_the_setup_runs_as_a_notebook_does_so_its_classes_work():
    """A setup cell that defines a class (a dataclass for the checks, say) needs __name__, as in the notebook."""
    base = run_setup(["from dataclasses import dataclass\n@dataclass\nclass Point:\n    x: int"])
    assert base["Point"](1).x == 1 and base["Point"].__module__ == "__main__" and base["__name__"] == "__main__"


def test_a_value_the_checker_cannot_read_is_named(tmp_path):
    text = _answers_text(tmp_path, x=(i for i in range(2)), y=2)
    tests = [
        {"task": "t", "source": "pass", "answers": ["x"], "text": text},
        {"task": "u", "source": "assert y == 2", "answers": ["y"], "text": text},
    ]
    result, after = run_checks([], tests)
    assert (result.task, result.status, result.ename) == ("t", "unexportable", "Unsupported") and result.evalue.startswith("x: ")
    assert (after.task, after.status) == ("u", "ok"), "the next task is still checked"


# --- the batch: exercises, the sandbox decision, recording one submission ----------------------


def test_an_exercise_is_found_by_name_number_or_file_name(tmp_path):
    for name in ("01_origins", "02_membership"):
        (tmp_path / f"{name}.ipynb").write_text("{}")
    assert batch.find_exercise("02", tmp_path).name == "02_membership.ipynb"
    assert batch.find_exercise("01_origins", tmp_path).name == "01_origins.ipynb"
    assert batch.find_exercise("02_membership.ipynb", tmp_path).name == "02_membership.ipynb"
    with pytest.raises(UnknownExercise, match=r"^There is no exercise '03'\. Exercises: 01_origins, 02_membership\.$"):
        batch.find_exercise("03", tmp_path)
    with pytest.raises(UnknownExercise, match=r"Exercises: none yet\.$"):
        batch.find_exercise("01", tmp_path / "empty")
    assert batch.find_exercise("01").parent.name == "solutions"


def test_an_interrupted_run_says_what_was_saved():
    from pathlib import Path

    err = batch.GradingInterrupted(3, 2, Path("out/gradebook.csv"))
    assert str(err) == (
        "Stopped: 3 submission(s) graded and saved in out/gradebook.csv; 2 not graded. Run the same command again to grade the rest."
    )


def test_the_sandbox_decision(monkeypatch, tmp_path):
    stream = io.StringIO()
    with pytest.raises(ValueError, match=r"--sandbox must be one of auto, required, off, not 'maybe'"):
        batch.decide_sandbox("maybe", 1, [], stream)
    assert batch.decide_sandbox("off", 5, [], stream) is None
    assert stream.getvalue() == batch.UNSANDBOXED_WARNING + "\n"
    monkeypatch.setattr(batch, "probe", lambda: "bubblewrap is not installed")
    stream = io.StringIO()
    assert batch.decide_sandbox("auto", 1, [], stream) is None
    assert stream.getvalue() == "No sandbox here (bubblewrap is not installed); grading this one notebook without it.\n"
    with pytest.raises(SandboxRefused, match=r"^Cannot grade a class safely here: bubblewrap is not installed\. Student code"):
        batch.decide_sandbox("auto", 2, [], stream)
    with pytest.raises(SandboxRefused):
        batch.decide_sandbox("required", 1, [], stream)
    monkeypatch.setattr(batch, "probe", lambda: None)
    hidden = [tmp_path / "solutions"]
    (tmp_path / "cache").mkdir()
    monkeypatch.setenv("CSTO_COURSE_CACHE", str(tmp_path / "cache"))
    settings = batch.decide_sandbox("required", 9, hidden, stream)
    assert settings.hidden == hidden and settings.cache_dir == tmp_path / "cache"
    monkeypatch.setenv("CSTO_COURSE_CACHE", str(tmp_path / "no-cache"))
    assert batch.decide_sandbox("auto", 9, hidden, stream).cache_dir is None
    monkeypatch.delenv("CSTO_COURSE_CACHE")
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".cache" / "csto-course").mkdir(parents=True)
    assert batch.decide_sandbox("auto", 9, hidden, stream).cache_dir == tmp_path / ".cache" / "csto-course"


def _job(tmp_path, student="ana", content=b'{"cells": []}'):
    sub = tmp_path / f"{student}.ipynb"
    sub.write_bytes(content)
    solution = batch.find_exercise("01")
    return batch.Job.make(Submission(student, sub), solution, limits=batch.Limits(), tests_key="k", exercise="01_origins")


def test_a_job_carries_the_submission_and_its_hash(tmp_path):
    import hashlib

    job = _job(tmp_path)
    assert job.submission == b'{"cells": []}' and job.sha256 == hashlib.sha256(b'{"cells": []}').hexdigest()
    assert job.sha256 == batch.sha256(tmp_path / "ana.ipynb")
    assert job.path == str(tmp_path / "ana.ipynb") and job.solution.startswith("{")


def test_a_crashed_worker_leaves_not_graded_rows_for_every_task(tmp_path):
    job = _job(tmp_path)
    result = batch._crash_result(job, "the worker was killed")
    tasks = [t.grade_id for t in batch.tasks_of(__import__("nbformat").reads(job.solution, as_version=4))]
    assert result["student"] == "ana" and [r["task"] for r in result["rows"]] == tasks
    message = "Not graded: the worker was killed. Nothing was lost; re-run to grade it."
    assert result["warnings"] == [message]
    first = result["rows"][0]
    assert (first["status"], first["points"], first["message"], first["order"]) == (Status.NOT_GRADED, "", message, 0)
    assert (first["exercise"], first["submission"], first["sha256"], first["tests_key"]) == ("01_origins", job.path, job.sha256, "k")
    assert result["rows"][1]["order"] == 1


def test_the_tests_key_changes_with_the_solution(tmp_path):
    a, b = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    a.write_text("one")
    b.write_text("two")
    assert batch.tests_key(a) == batch.tests_key(a) != batch.tests_key(b)
    assert len(batch.tests_key(a)) == 32


def test_recording_a_submission_keeps_other_rows_and_the_instructors_points(tmp_path):
    book_path = tmp_path / "gradebook.csv"
    gradebook.write(
        book_path,
        [
            row(student="ana", task="t1", points="1", status=Status.MANUAL, message="Kept.", sha256="s1"),
            row(student="ana", task="old", points="2", status=Status.MANUAL, sha256="s1"),
            row(student="ana", task="gone", points="0", status=Status.FAILED, sha256="s1"),
            row(student="bo", task="t1", points="2", sha256="s2"),
            row(student="bo", task="essay", points="3", status=Status.MANUAL, sha256="s2"),
            {**row(student="ana", task="t1"), "exercise": "02_membership"},
            {**row(student="ana", task="essay", points="1", status=Status.MANUAL), "exercise": "02_membership"},
        ],
    )
    stream = _Stream(tty=False)
    run = batch._Run("01_origins", book_path, tmp_path, terminal.Progress(1, stream))
    new = [
        {**row(student="ana", task="t1", points="0", status=Status.FAILED, message="Not yet.", sha256="s1"), "order": 0},
        {**row(student="ana", task="t2", points="", status=Status.NOT_GRADED, message="crash", sha256="s1"), "order": 1},
    ]
    run.record({"student": "ana", "rows": new, "warnings": ["Cell copied twice."]})
    back = {(r["exercise"], r["student"], r["task"]): r for r in gradebook.read(book_path)}
    assert set(back) == {
        ("01_origins", "ana", "t1"),
        ("01_origins", "ana", "t2"),
        ("01_origins", "ana", "old"),
        ("01_origins", "bo", "t1"),
        ("01_origins", "bo", "essay"),
        ("02_membership", "ana", "t1"),
        ("02_membership", "ana", "essay"),
    }, "a task no longer graded goes unless the instructor graded it"
    assert len(gradebook.read(book_path)) == len(back) == 7, "hand grades of other students and exercises are kept once"
    ana = [r["task"] for r in gradebook.read(book_path) if (r["exercise"], r["student"]) == ("01_origins", "ana")]
    assert ana == ["t1", "t2", "old"], "a hand-graded task the notebook no longer has comes after the notebook's tasks"
    assert (back[("01_origins", "ana", "t1")]["points"], back[("01_origins", "ana", "t1")]["status"]) == ("1", "manual")
    assert run.graded == 1 and run.failures == ["ana"] and run.warnings == ["ana: Cell copied twice."]
    assert stream.getvalue() == "grading [########################] 1/1 ana: 1/4\n"
    feedback_file = tmp_path / "feedback" / "01_origins" / "ana.md"
    assert "**Points so far:** 1 of 4" in feedback_file.read_text(encoding="utf-8")
    assert "**Notes from the grader:**\n\n- Cell copied twice" in feedback_file.read_text(encoding="utf-8"), "the notes reach the student"


# --- the sandbox's command: what the student's code gets, and nothing more ----------------------


@pytest.fixture
def box(tmp_path, monkeypatch):
    from csto_course.grading import sandbox

    monkeypatch.setattr(sandbox, "bwrap_path", lambda: "/usr/bin/bwrap")
    monkeypatch.setattr(sandbox, "python_dirs", lambda: ("/usr/lib/python3", str(tmp_path / "venv")))
    (tmp_path / "venv").mkdir()
    (tmp_path / "course" / "data").mkdir(parents=True)
    (tmp_path / "course" / "solutions").mkdir()
    (tmp_path / "cache").mkdir()
    (tmp_path / "work").mkdir()
    settings = sandbox.SandboxSettings(
        data_dir=tmp_path / "course" / "data",
        hidden=[tmp_path / "venv" / "secret", tmp_path / "elsewhere"],
        cache_dir=tmp_path / "cache",
        limits=sandbox.SandboxLimits(memory_bytes=1000, cpu_seconds=5, processes=7, file_bytes=10, open_files=20),
    )
    (tmp_path / "venv" / "secret").mkdir()
    (tmp_path / "elsewhere").mkdir()
    made = sandbox.Sandbox(settings, str(tmp_path / "work"))
    yield made
    made.close()


def _pairs(cmd: list[str], flag: str) -> list[tuple[str, ...]]:
    width = {"--ro-bind": 2, "--bind": 2, "--setenv": 2, "--tmpfs": 1, "--dir": 1, "--chdir": 1, "--perms": 1, "--hostname": 1}[flag]
    return [tuple(cmd[i + 1 : i + 1 + width]) for i, part in enumerate(cmd) if part == flag]


def test_the_sandbox_shares_no_network_processes_or_environment(box):
    cmd = box.command(["python", "-c", "pass"])
    assert cmd[0] == "/usr/bin/bwrap"
    for flag in ("--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--die-with-parent", "--new-session", "--clearenv"):
        assert flag in cmd, flag
    assert ("sandbox",) in _pairs(cmd, "--hostname")
    assert ("--unshare-user" in cmd) == (not box.as_root)
    env = dict(_pairs(cmd, "--setenv"))
    assert env == box.env()
    assert env["HOME"] == "/tmp/home" and env["CSTO_COURSE_ROOT"] == "/sandbox/course" and env["CSTO_COURSE_CACHE"] == "/sandbox/cache"
    assert env["CSTO_COURSE_PROGRESS"] == "/tmp/home/progress.json" and env["PYTHONNOUSERSITE"] == "1"
    assert env["PATH"].split(":")[1:] == ["/usr/local/bin", "/usr/bin", "/bin"]


def test_the_sandbox_sees_the_data_read_only_and_only_its_own_folder_writable(box, tmp_path):
    cmd = box.command(["python"])
    ro = _pairs(cmd, "--ro-bind")
    assert (str(tmp_path / "course" / "data"), "/sandbox/course/data") in ro
    assert (str(tmp_path / "cache"), "/sandbox/cache") in ro
    assert (str(tmp_path / "venv"), str(tmp_path / "venv")) in ro
    assert ("/usr", "/usr") in ro and ("/usr/lib/python3", "/usr/lib/python3") not in ro, "inside /usr, already mounted"
    from csto_course.grading import sandbox

    here = str(Path(sandbox.__file__).resolve().parents[2])
    assert (here, here) in ro, "the package the grader runs is the one the sandbox runs"
    work = os.path.realpath(tmp_path / "work")
    assert _pairs(cmd, "--bind") == [(work, work)] and _pairs(cmd, "--chdir") == [(work,)]
    assert ("/tmp",) in _pairs(cmd, "--tmpfs")
    assert (str(tmp_path / "venv" / "secret"),) in _pairs(cmd, "--tmpfs"), "a private folder inside a mounted one is covered"
    assert (str(tmp_path / "elsewhere"),) not in _pairs(cmd, "--tmpfs"), "one that is not mounted needs no cover"
    assert cmd.index("--tmpfs") < cmd.index("--ro-bind"), "the binds go on top of the empty /tmp"


def test_the_sandbox_runs_the_command_under_its_limits(box):
    import sys
    from pathlib import Path

    from csto_course.grading import sandbox

    cmd = box.command(["python", "-c", "pass"])
    tail = cmd[cmd.index("--", cmd.index("--clearenv")) :]
    confine = str(Path(sandbox.__file__).with_name("confine.py"))
    assert tail[:5] == ["--", sys.executable, "-I", "-S", confine]
    limits = json.loads(tail[5])
    assert {k: limits[k] for k in ("memory_bytes", "cpu_seconds", "file_bytes", "open_files")} == {
        "memory_bytes": 1000,
        "cpu_seconds": 5,
        "file_bytes": 10,
        "open_files": 20,
    }
    if box.as_root:
        assert limits["uid"] == box.uid and limits["processes"] == 7
    else:
        assert limits["processes"] > 7 and "uid" not in limits
    assert tail[6:] == ["--", "python", "-c", "pass"]


def test_without_bubblewrap_the_sandbox_says_so(box, monkeypatch):
    from csto_course.grading import sandbox

    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    with pytest.raises(sandbox.SandboxUnavailable, match=r"^bubblewrap \(bwrap\) is not installed$"):
        box.command(["python"])


def test_the_folders_leading_to_a_mount_are_made_once(box):
    box._created = {"/dev", "/proc", "/tmp"}
    assert box._parents("/a/b/c/d", set()) == [
        "--perms",
        "0755",
        "--dir",
        "/a",
        "--perms",
        "0755",
        "--dir",
        "/a/b",
        "--perms",
        "0755",
        "--dir",
        "/a/b/c",
    ]
    assert box._parents("/a/b/x", set()) == [], "made already"
    assert box._parents("/a/b/c/new/leaf", set()) == ["--perms", "0755", "--dir", "/a/b/c/new"], "only what is not made yet"
    assert box._parents("/m/n/o", {"/m"}) == [], "inside a mounted folder"


def test_each_kernel_gets_a_user_of_its_own_when_the_grader_is_root(box):
    if not box.as_root:
        pytest.skip("only as root")
    first = box.uid
    box.new_user()
    assert box.uid != first and box.uid >= 1_900_000_000
    assert os.stat(box.work).st_uid == box.uid and os.stat(os.path.join(box.work, "answers")).st_uid == box.uid


# --- assembling the notebook that runs: answers found by id, by position, extras kept ------------


def _nb(cells):
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})


def _meta(gid, **flags):
    return {"nbgrader": {"grade_id": gid, **flags}}


def _solution(essay_text="The table shows it."):
    return _nb(
        [
            nbformat.v4.new_markdown_cell("# Exercise"),
            nbformat.v4.new_code_cell("base = 1"),
            nbformat.v4.new_markdown_cell("## Task 1 · count\nHow many?"),
            nbformat.v4.new_code_cell("x = 1", metadata=_meta("a1", solution=True)),
            nbformat.v4.new_code_cell("assert x == base", metadata={**_meta("t1", grade=True, points=2), "csto": {"answers": ["x"]}}),
            nbformat.v4.new_markdown_cell("## Task 2 · explain\nWhy?"),
            nbformat.v4.new_markdown_cell(essay_text, metadata=_meta("essay", solution=True, grade=True, points=3)),
            nbformat.v4.new_code_cell("assert base == 1", metadata=_meta("t2", grade=True, points=1)),
        ]
    )


def _released():
    nb = _solution("YOUR ANSWER HERE")
    nb.cells[3].source = "raise NotImplementedError()"
    return nb


def _submission(nb):
    """As read_submission gives it: each cell's source as one text."""
    raw = json.loads(nbformat.writes(nb))
    for cell in raw["cells"]:
        cell["source"] = "".join(cell["source"])
    return raw


def _roles(assembled):
    return [(c.metadata["csto"]["role"], c.metadata["csto"].get("grade_id"), c.source) for c in assembled.nb.cells]


def test_the_tasks_of_a_solution_with_their_points_and_answer_names():
    tasks = tasks_of(_solution())
    assert [(t.grade_id, t.points, t.kind, t.answer_ids, t.checks) for t in tasks] == [
        ("t1", 2.0, "auto", ["a1"], ["x"]),
        ("essay", 3.0, "manual", ["essay"], []),
        ("t2", 1.0, "auto", [], []),
    ]
    assert tasks[0].test_source == "assert x == base"


def test_answers_are_taken_by_id_and_the_students_own_cells_run_where_they_were(tmp_path):
    """The solution has cells without a grade id (an instructor's own exercise): the student's cells were dropped."""
    sub = _released()
    sub.cells[3].source = "x = 0"
    sub.cells.insert(0, nbformat.v4.new_code_cell("print('first')"))
    sub.cells.insert(5, nbformat.v4.new_code_cell("x = x + 1"))  # after the answer: part of it
    sub.cells.insert(7, nbformat.v4.new_code_cell("y = 2"))  # after the check
    sub.cells.insert(8, nbformat.v4.new_code_cell("   "))  # empty: dropped
    sub.cells.insert(9, nbformat.v4.new_code_cell("base = 1"))  # a copy of the setup: not run twice
    sub.cells[-2].source = "Russia stayed out."
    assembled = assemble(_solution(), _released(), _submission(sub), str(tmp_path / "answers") + "/")
    assert assembled.warnings == [] and assembled.missing == set()
    assert assembled.answers == {"a1": "x = 0", "essay": "Russia stayed out."}
    assert assembled.manual_text == {"essay": "Russia stayed out."}
    assert assembled.setup == ["base = 1"]
    path = f"{tmp_path / 'answers'}/t1.json"
    assert _roles(assembled) == [
        ("extra", None, "print('first')"),
        ("setup", None, "base = 1"),
        ("answer", "a1", "x = 0"),
        ("extra", None, "x = x + 1"),
        ("export", "t1", answers_export_source(["x"], path)),
        ("extra", None, "y = 2"),
        ("export", "t2", answers_export_source([], f"{tmp_path / 'answers'}/t2.json")),
    ]
    assert assembled.nb.cells[4].metadata["csto"]["file"] == path
    assert assembled.nb.metadata["kernelspec"] == {"name": "python3", "display_name": "Python 3"}


def answers_export_source(names, path):
    from csto_course.grading.answers import export_source

    return export_source(names, path)


def test_a_duplicated_or_retyped_answer_cell_is_graded_and_noted():
    sub = _released()
    copy = nbformat.v4.new_code_cell("x = 1", metadata=_meta("a1", solution=True))
    sub.cells.insert(4, copy)
    sub.cells.insert(5, nbformat.v4.new_code_cell("raise NotImplementedError()", metadata=_meta("a1", solution=True)))
    assembled = assemble(_solution(), _released(), _submission(sub))
    assert assembled.answers["a1"] == "x = 1", "the last copy the student edited"
    assert assembled.warnings == ["The answer cell 'a1' appears 3 times; the last edited copy was graded."]
    sub = _released()
    sub.cells[3] = nbformat.v4.new_markdown_cell("x = 1", metadata=_meta("a1", solution=True))
    assembled = assemble(_solution(), _released(), _submission(sub))
    assert assembled.answers["a1"] == "x = 1" and assembled.manual_text == {"essay": "YOUR ANSWER HERE"}
    assert assembled.warnings == ["The answer cell 'a1' was changed to markdown; it was run as code."]
    only_stubs = _released()
    only_stubs.cells.insert(4, nbformat.v4.new_code_cell("raise NotImplementedError()", metadata=_meta("a1", solution=True)))
    assert assemble(_solution(), _released(), _submission(only_stubs)).answers["a1"] == "raise NotImplementedError()"


def test_a_deleted_answer_cell_is_missing():
    sub = _released()
    del sub.cells[6]  # the essay
    assembled = assemble(_solution(), _released(), _submission(sub))
    assert assembled.missing == {"essay"} and assembled.answers["essay"] == "" and "essay" not in assembled.manual_text


def test_a_notebook_that_lost_its_metadata_is_matched_by_the_cells_around_each_answer():
    sub = _released()
    sub.cells[3].source = "x = 1"
    sub.cells[6].source = "Because."
    sub.cells[2].source = "## Task 1 · count\nHow many? (the text was edited in a later release)"
    sub.cells.insert(4, nbformat.v4.new_code_cell("z = 3"))
    for cell in sub.cells:
        cell.metadata = {}
    assembled = assemble(_solution(), _released(), _submission(sub))
    assert assembled.warnings[0].startswith("This notebook has lost its grading metadata (it was probably saved by another editor")
    assert assembled.answers == {"a1": "x = 1", "essay": "Because."} and assembled.missing == set()
    roles = _roles(assembled)
    assert roles[1:3] == [("answer", "a1", "x = 1"), ("extra", None, "z = 3")]


def test_in_a_notebook_without_metadata_a_blank_task_stays_blank():
    sub = _released()
    del sub.cells[3]  # the answer cell is gone: the check follows the task text directly
    for cell in sub.cells:
        cell.metadata = {}
    assembled = assemble(_solution(), _released(), _submission(sub))
    assert "a1" in assembled.missing and assembled.answers["essay"] == "YOUR ANSWER HERE"


def _without_metadata(nb):
    for cell in nb.cells:
        cell.metadata = {}
    return _submission(nb)


LOST_METADATA = (
    "This notebook has lost its grading metadata (it was probably saved by another editor, such as Colab or VS Code), "
    "so answers were found by the task texts and checks around them. Please check these grades by hand."
)


def test_a_notebook_without_metadata_tells_the_instructor_to_check_its_grades():
    sub = _released()
    sub.cells[3].source = "x = 1"
    assembled = assemble(_solution(), _released(), _without_metadata(sub))
    assert assembled.warnings == [LOST_METADATA]


def test_an_answer_cell_found_twice_grades_the_edited_copy():
    sub = _released()
    sub.cells.insert(4, nbformat.v4.new_code_cell("x = 1", metadata=_meta("a1", solution=True)))  # copied below, then edited
    assembled = assemble(_solution(), _released(), _submission(sub))
    assert assembled.answers["a1"] == "x = 1"
    assert assembled.warnings == ["The answer cell 'a1' appears 2 times; the last edited copy was graded."]


def test_a_copy_of_the_setup_with_trailing_spaces_is_still_the_setup_and_not_run_twice():
    solution, released = _solution(), _released()
    solution.cells[1].source = released.cells[1].source = "base = 1\ntop = 3"
    sub = copy.deepcopy(released)
    sub.cells[3].source = "x = 1"
    sub.cells.insert(4, nbformat.v4.new_code_cell("base = 1   \ntop = 3\n"))  # pasted by the student; an editor kept trailing spaces
    assembled = assemble(solution, released, _submission(sub))
    assert [role for role, _, _ in _roles(assembled)] == ["setup", "answer", "export", "export"]


def test_a_locked_cell_the_student_edited_is_run_as_the_instructor_wrote_it():
    solution = _solution()
    solution.cells[1].metadata = _meta("setup", locked=True)  # nbgrader's read-only cell
    released = _released()
    released.cells[1].metadata = _meta("setup", locked=True)
    sub = copy.deepcopy(released)
    sub.cells[1].source = "base = 2"  # unlocked by another editor and changed: the checks would pass for x = 2
    sub.cells[3].source = "x = 2"
    assembled = assemble(solution, released, _submission(sub))
    assert [(role, source) for role, _, source in _roles(assembled) if role in ("setup", "extra")] == [("setup", "base = 1")]


def test_without_metadata_a_repeated_heading_still_places_each_answer():
    """Each task has its own "### Hint": the second hint is the second task's, not the first's."""

    def exercise(answer_a, answer_b):
        return _nb(
            [
                nbformat.v4.new_markdown_cell("# Exercise"),
                nbformat.v4.new_code_cell("base = 1"),
                nbformat.v4.new_markdown_cell("## Task 1 · count\nHow many?"),
                nbformat.v4.new_markdown_cell("### Hint\nUse len()."),
                nbformat.v4.new_code_cell(answer_a, metadata=_meta("a1", solution=True)),
                nbformat.v4.new_code_cell("assert x == base", metadata=_meta("t1", grade=True, points=2)),
                nbformat.v4.new_markdown_cell("## Task 2 · add\nHow much?"),
                nbformat.v4.new_markdown_cell("### Hint\nUse sum()."),
                nbformat.v4.new_code_cell(answer_b, metadata=_meta("a2", solution=True)),
                nbformat.v4.new_code_cell("assert y == 2", metadata=_meta("t2", grade=True, points=2)),
            ]
        )

    released = exercise("raise NotImplementedError()", "raise NotImplementedError()")
    assembled = assemble(exercise("x = 1", "y = 2"), released, _without_metadata(exercise("x = 1", "y = 2")))
    assert assembled.answers == {"a1": "x = 1", "a2": "y = 2"} and assembled.missing == set()


def test_without_metadata_a_students_own_heading_that_matches_a_code_comment_is_not_a_locked_cell():
    solution = _solution()
    solution.cells[1].source = "# Load the data\nbase = 1"
    released = _released()
    released.cells[1].source = "# Load the data\nbase = 1"
    sub = copy.deepcopy(released)
    sub.cells[3].source = "x = 1"
    sub.cells.insert(3, nbformat.v4.new_markdown_cell("# Load the data"))  # the student's own note, above the answer
    assembled = assemble(solution, released, _without_metadata(sub))
    assert assembled.answers["a1"] == "x = 1" and assembled.missing == set()


def test_without_metadata_an_exercise_that_opens_with_an_answer_cell_finds_it():
    def exercise(answer):
        return _nb(
            [
                nbformat.v4.new_code_cell(answer, metadata=_meta("a1", solution=True)),
                nbformat.v4.new_code_cell("assert x == 1", metadata=_meta("t1", grade=True, points=1)),
            ]
        )

    assembled = assemble(exercise("x = 1"), exercise("raise NotImplementedError()"), _without_metadata(exercise("x = 1")))
    assert assembled.answers == {"a1": "x = 1"} and assembled.missing == set()


def test_a_code_answer_graded_by_hand_is_a_manual_task_not_a_check():
    solution = _solution()
    solution.cells.append(nbformat.v4.new_code_cell("plot = chart()", metadata=_meta("own_chart", solution=True, grade=True, points=4)))
    tasks = tasks_of(solution)
    assert [(t.grade_id, t.kind, t.answer_ids, t.points) for t in tasks][-1] == ("own_chart", "manual", ["own_chart"], 4.0)


def test_a_check_that_declares_its_answer_names_is_taken_at_its_word():
    """A check that looks its answers up by name (globals()) declares them: no name can be read off its code."""
    solution = _solution()
    solution.cells[4] = nbformat.v4.new_code_cell(
        'for name in ["x", "y"]:\n    assert name in globals()',
        metadata={**_meta("t1", grade=True, points=2), "csto": {"answers": ["x", "y"]}},
    )
    assert tasks_of(solution)[0].checks == ["x", "y"]


def test_a_graded_cell_that_gives_no_points_is_worth_none():
    solution = _solution()
    del solution.cells[4].metadata["nbgrader"]["points"]  # an instructor's own exercise, points not filled in
    del solution.cells[6].metadata["nbgrader"]["points"]
    assert [(t.grade_id, t.points) for t in tasks_of(solution)] == [("t1", 0.0), ("essay", 0.0), ("t2", 1.0)]


def test_a_cell_without_a_source_is_read_as_empty(tmp_path):
    path = tmp_path / "ana.ipynb"
    path.write_text(
        json.dumps(
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "metadata": _meta("a1", solution=True)}]}
        ),
        encoding="utf-8",
    )
    assert read_submission(path)["cells"][0]["source"] == ""


# --- the checker's server and its child per submission ------------------------------------------


def test_each_submission_is_checked_in_a_child_that_reports_back(tmp_path):
    from csto_course.grading import checker

    text = _answers_text(tmp_path, x=2)
    tests = [
        {"task": "t1", "source": "assert x == 2", "answers": ["x"], "text": text},
        {"task": "t2", "source": "import os; os._exit(3)", "answers": ["x"], "text": text},
    ]
    assert _forked(lambda: [(r.task, r.status) for r in checker._in_child({}, tests[:1], 5)]) == [("t1", "ok")]
    lost = _forked(lambda: [(r.task, r.status, r.evalue) for r in checker._in_child({}, tests, 5)])
    assert lost == [
        ("t1", "grader_error", "the checker ran out of time or stopped"),
        ("t2", "grader_error", "the checker ran out of time or stopped"),
    ]


def test_the_server_answers_one_line_per_request_and_survives_a_broken_setup(tmp_path, monkeypatch):
    import sys

    from csto_course.grading import checker

    text = _answers_text(tmp_path, x=1)
    requests = [
        {"setup": ["base = 1"], "tests": [{"task": "t1", "source": "assert x == base", "answers": ["x"], "text": text}]},
        {"setup": ["1 / 0"], "tests": [{"task": "t1", "source": "pass", "answers": []}]},
        {"setup": ["base = 2"], "tests": [{"task": "t1", "source": "assert x == base", "answers": ["x"], "text": text}], "test_timeout": 5},
    ]
    stdin = io.StringIO("".join(json.dumps(r) + "\n" for r in requests))
    stdout = io.StringIO()
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert checker._serve() == 0
    lines = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [[(r["task"], r["status"]) for r in line] for line in lines] == [
        [("t1", "ok")],
        [("t1", "grader_error")],
        [("t1", "error")],
    ]
    assert lines[1][0]["evalue"] == "the exercise's setup cell failed in the checker (ZeroDivisionError: division by zero)"
    assert lines[2][0]["ename"] == "AssertionError"


def test_a_checker_that_dies_gives_grader_errors_and_is_replaced():
    import sys

    from csto_course.grading.checker import CheckerServer

    dead = CheckerServer([sys.executable, "-c", "import sys; sys.stdin.readline()"])
    assert dead.check([], []) == []
    results = dead.check(["x = 1"], [{"task": "t1", "source": "pass", "answers": []}, {"task": "t2", "source": "pass", "answers": []}])
    assert [(r.task, r.status, r.ename, r.evalue) for r in results] == [
        ("t1", "grader_error", "CheckerFailed", "the checker stopped or ran out of time"),
        ("t2", "grader_error", "CheckerFailed", "the checker stopped or ran out of time"),
    ]
    assert dead.proc is None
    cleaned = []
    dead.cleanup = lambda: cleaned.append(True)
    dead.finish()
    dead.finish()
    assert cleaned == [True]


def test_one_checker_server_per_setting():
    from csto_course.grading import checker

    made = []

    def make():
        made.append(1)
        return None, None

    first = checker.server_for("unit-test-setting", make)
    assert checker.server_for("unit-test-setting", make) is first and made == [1]
    assert first.command[-3:] == ["-m", "csto_course.grading.checker", "--serve"]
    checker._servers.pop("unit-test-setting").finish()


# --- running the notebook: time limits, interrupts, replacement kernels (a stand-in kernel) -----


class _FakeKernel:
    """Runs nothing: a cell's source says what happens to it."""

    made: list = []

    def __init__(self, workdir, kernel_name="python3", sandbox=None):
        self.ran, self.closed, self.ended, self.last = [], False, 0, None
        self.started_with, self.guards = (workdir, kernel_name, sandbox), []
        _FakeKernel.made.append(self)

    def run(self, source, timeout, guard=None):
        self.ran.append((source, timeout))
        self.guards.append(guard)
        self.last = source
        if source == "slow":
            import time

            time.sleep(0.3)
        outcomes = {
            "loop": ("timeout", "", ""),
            "stubborn": ("timeout", "", ""),
            "die": ("kernel_died", "", ""),
            "boom": ("error", "ZeroDivisionError", "division by zero"),
            "check-fails": ("error", "RuntimeError", "the sandbox is not on"),
        }
        return outcomes.get(source, ("ok", "", ""))

    def interrupt(self):
        return self.last != "stubborn"

    def end_leftovers(self):
        self.ended += 1

    def close(self):
        self.closed = True


class _Guard:
    def __init__(self, over_after=None):
        self.looks, self.cleared, self.over_after = 0, 0, over_after

    def over(self):
        self.looks += 1
        return "it wrote more than 1 MB to disk" if self.over_after is not None and self.looks > self.over_after else None

    def clear(self):
        self.cleared += 1
        self.over_after = None


def _cells(*specs):
    return _nb(
        [
            nbformat.v4.new_code_cell(src, metadata={"csto": {"role": role, **({"grade_id": gid} if gid else {})}})
            for src, role, gid in specs
        ]
    )


@pytest.fixture
def fake_kernels(monkeypatch):
    from csto_course.grading import execute

    _FakeKernel.made = []
    monkeypatch.setattr(execute, "Kernel", _FakeKernel)
    return _FakeKernel.made


def test_a_cell_that_runs_too_long_is_interrupted_and_the_kernel_kept(fake_kernels, tmp_path):
    from csto_course.grading.execute import _CAP_OUTPUT, SETUP_TIMEOUT, run_notebook

    nb = _cells(("setup", "setup", None), ("loop", "answer", "a1"), ("x = 1", "answer", "a2"), ("export", "export", "t1"))
    results = run_notebook(nb, str(tmp_path), cell_timeout=7, notebook_timeout=1000, guard=_Guard())
    assert [(r.index, r.role, r.grade_id, r.status) for r in results] == [
        (0, "setup", None, "ok"),
        (1, "answer", "a1", "timeout"),
        (2, "answer", "a2", "ok"),
        (3, "export", "t1", "ok"),
    ]
    (kernel,) = fake_kernels
    assert kernel.ran == [(_CAP_OUTPUT, SETUP_TIMEOUT), ("setup", SETUP_TIMEOUT), ("loop", 7), ("x = 1", 7), ("export", 7)]
    assert kernel.ended == 1 and kernel.closed


def test_a_dead_or_stubborn_kernel_is_replaced_and_earlier_cells_replayed(fake_kernels, tmp_path):
    from csto_course.grading.execute import _CAP_OUTPUT, SETUP_TIMEOUT, run_notebook

    nb = _cells(
        ("setup", "setup", None),
        ("x = 1", "answer", "a1"),
        ("export", "export", "t1"),
        ("die", "answer", "a2"),
        ("stubborn", "answer", "a3"),
        ("boom", "answer", "a4"),
        ("y = 2", "extra", None),
    )
    results = run_notebook(nb, str(tmp_path), cell_timeout=5, guard=_Guard())
    assert [r.status for r in results] == ["ok", "ok", "ok", "kernel_died", "timeout", "error", "ok"]
    assert (results[5].ename, results[5].evalue) == ("ZeroDivisionError", "division by zero")
    assert len(fake_kernels) == 3 and all(k.closed for k in fake_kernels)
    replayed = [(_CAP_OUTPUT, SETUP_TIMEOUT), ("setup", SETUP_TIMEOUT), ("x = 1", 5)]  # not the export, not the failed cell
    assert fake_kernels[1].ran[:3] == replayed and fake_kernels[1].ran[3] == ("stubborn", 5)
    assert fake_kernels[2].ran[:3] == replayed and fake_kernels[2].ran[3:] == [("boom", 5), ("y = 2", 5)]


def test_cells_after_the_notebooks_budget_are_not_run(fake_kernels, tmp_path):
    from csto_course.grading.execute import run_notebook

    nb = _cells(("x = 1", "answer", "a1"), ("export", "export", "t1"))
    results = run_notebook(nb, str(tmp_path), notebook_timeout=0, guard=_Guard())
    assert [(r.index, r.role, r.grade_id, r.status) for r in results] == [(0, "answer", "a1", "not_run"), (1, "export", "t1", "not_run")]


def test_a_cell_that_fills_the_disk_is_stopped_its_files_removed_and_a_fresh_kernel_started(fake_kernels, tmp_path):
    from csto_course.grading.execute import run_notebook

    guard = _Guard(over_after=1)
    nb = _cells(("x = 1", "answer", "a1"), ("write", "answer", "a2"), ("y = 2", "answer", "a3"))
    results = run_notebook(nb, str(tmp_path), guard=guard)
    assert [r.status for r in results] == ["ok", "disk", "ok"]
    assert (results[1].ename, results[1].evalue) == ("DiskLimit", "it wrote more than 1 MB to disk")
    assert guard.cleared == 1 and len(fake_kernels) == 2


def test_a_sandbox_that_is_not_on_stops_before_any_student_code(fake_kernels, tmp_path):
    from csto_course.grading.execute import SandboxFailed, run_notebook

    class Box:
        def check_cell(self):
            return "check-fails"

    with pytest.raises(SandboxFailed, match="the sandbox is not on"):
        run_notebook(_cells(("x = 1", "answer", "a1")), str(tmp_path), sandbox=Box(), guard=_Guard())
    assert fake_kernels[0].ran == [("check-fails", 120)] and fake_kernels[0].closed


def test_kernels_talk_over_sockets_in_the_submissions_folder(tmp_path):
    from csto_course.grading.execute import kernel_config

    config = kernel_config(str(tmp_path))
    assert config.KernelManager.transport == "ipc" and config.KernelManager.ip == str(tmp_path / "kernel")


def test_no_cell_gets_more_time_than_the_notebook_has_left(fake_kernels, tmp_path):
    from csto_course.grading.execute import run_notebook

    run_notebook(
        _cells(("setup", "setup", None), ("x = 1", "answer", "a1")), str(tmp_path), cell_timeout=30, notebook_timeout=10.5, guard=_Guard()
    )
    assert [timeout for _, timeout in fake_kernels[0].ran[1:]] == [11, 11]


# --- answers files: every refusal says what is wrong ---------------------------------------------


@pytest.mark.parametrize(
    "record, message",
    [
        ({"values": [], "problems": {}}, "'values' has the wrong type"),
        ({"values": {}, "problems": []}, "'problems' has the wrong type"),
        ({"values": {"x": {"t": "dict", "items": [[{"t": "none"}]]}}, "problems": {}}, "a dict entry is not a pair"),
        ({"values": {"x": {"t": "Timestamp", "v": "2024-01-01", "unit": "h"}}, "problems": {}}, "unknown time unit 'h'"),
        (
            {
                "values": {
                    "x": {
                        "t": "DataFrame",
                        "columns": {"kind": "range", "start": 0, "stop": 2, "step": 1, "name": {"t": "none"}},
                        "index": {"kind": "range", "start": 0, "stop": 1, "step": 1, "name": {"t": "none"}},
                        "data": [{"kind": "values", "dtype": "int64", "values": [{"t": "int", "v": "1"}]}],
                    }
                },
                "problems": {},
            },
            "a table's columns do not match its shape",
        ),
        ({"values": {"x": {"t": "ndarray", "values": {"kind": "pickled"}}}, "problems": {}}, "unknown column kind 'pickled'"),
        ({"values": {"x": {"t": "Index", "index": {"kind": "tree"}}}, "problems": {}}, "unknown index kind 'tree'"),
        ({"values": {"x": {"t": "altair", "class": "Chart", "spec": {"mark": 5}}}, "problems": {}}, "the chart could not be read back"),
        ({"values": {"x": {"t": "int", "v": "abc"}}, "problems": {}}, "the answers could not be read back (ValueError)"),
        ({"values": {"x": {"t": "int"}}, "problems": {}}, "a value has no 'v'"),
        ({"values": {"x": {"t": "str", "v": 5}}, "problems": {}}, "'v' has the wrong type"),
        ({"values": {"x": {"t": "Index", "index": {"kind": 5}}}, "problems": {}}, "'kind' has the wrong type"),
        (
            {"values": {"x": {"t": "Index", "index": {"kind": "multi", "names": [], "levels": {}}}}, "problems": {}},
            "'levels' has the wrong type",
        ),
        (
            {"values": {"x": {"t": "Index", "index": {"kind": "multi", "names": {}, "levels": []}}}, "problems": {}},
            "'names' has the wrong type",
        ),
        (
            {
                "values": {"x": {"t": "Index", "index": {"kind": "range", "start": "0", "stop": 2, "step": 1, "name": {"t": "none"}}}},
                "problems": {},
            },
            "'start' has the wrong type",
        ),
        (
            {
                "values": {"x": {"t": "Index", "index": {"kind": "range", "start": 0, "stop": 2.0, "step": 1, "name": {"t": "none"}}}},
                "problems": {},
            },
            "'stop' has the wrong type",
        ),
        (
            {
                "values": {"x": {"t": "Index", "index": {"kind": "range", "start": 0, "stop": 2, "step": "1", "name": {"t": "none"}}}},
                "problems": {},
            },
            "'step' has the wrong type",
        ),
        (
            {"values": {"x": {"t": "Index", "index": {"kind": "range", "start": 0, "stop": 2, "step": 1, "name": "row"}}}, "problems": {}},
            "'name' has the wrong type",
        ),
        ({"values": {"x": {"t": "ndarray", "values": {"kind": 5}}}, "problems": {}}, "'kind' has the wrong type"),
    ],
)
def test_a_forged_answers_file_is_refused_with_its_reason(record, message):
    from csto_course.grading import answers

    with pytest.raises(answers.AnswerFileError) as err:
        answers.loads(json.dumps(record))
    assert str(err.value) == message


def test_an_answers_file_that_is_not_json_or_not_text_or_too_large_is_refused(tmp_path, monkeypatch):
    from csto_course.grading import answers

    with pytest.raises(answers.AnswerFileError, match=r"^the answers file is not readable JSON$"):
        answers.loads("{")
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe{}")
    with pytest.raises(answers.AnswerFileError, match=r"^the answers file is not text$"):
        answers.read_text(tmp_path / "bin.json")
    (tmp_path / "big.json").write_text("x" * 3_000_001)
    monkeypatch.setattr(answers, "MAX_FILE_BYTES", 3_000_000)
    with pytest.raises(answers.AnswerFileError, match=r"^the answers take more than 3 MB, more than the grader reads$"):
        answers.read_text(tmp_path / "big.json")
    (tmp_path / "ok.json").write_text("x" * 3_000_000)
    assert len(answers.read_text(tmp_path / "ok.json")) == 3_000_000
    with pytest.raises(answers.AnswerFileError, match=r"^the kernel wrote no answers for this task$"):
        answers.read_text(tmp_path / "no-folder" / "a.json")


def test_a_problem_is_kept_short():
    from csto_course.grading import answers

    _, problems = answers.loads(json.dumps({"values": {}, "problems": {"x": "y" * 900}}))
    assert problems == {"x": "y" * 500}


def test_values_that_cannot_leave_the_kernel_say_what_they_are(tmp_path):
    import numpy as np

    from csto_course.grading import answers

    class Loud:
        def __repr__(self):
            raise ZeroDivisionError

    deep: list = []
    node = deep
    for _ in range(70):
        node.append([])
        node = node[0]
    values = {
        "grid": np.zeros((2, 2)),
        "z": np.complex128(1 + 2j),
        "f": len,
        "deep": deep,
        "loud": {Loud(), Loud()},
        "obj": answers.Unsupported("x"),
    }
    answers.export(values, list(values), str(tmp_path / "a.json"))
    _, problems = answers.load(tmp_path / "a.json")
    assert problems == {
        "grid": "only one-dimensional numpy arrays of numbers, dates or text can be checked",
        "z": "it is a numpy complex128 value",
        "f": "it is a builtin_function_or_method",
        "deep": "it is nested too deeply",
        "loud": "reading it failed (ZeroDivisionError)",
        "obj": "it is a csto_course.grading.answers.Unsupported",
    }


def test_a_name_the_student_never_defined_is_skipped_and_the_next_still_exported(tmp_path):
    from csto_course.grading import answers

    answers.export({"b": 2}, ["a", "b"], str(tmp_path / "a.json"))
    assert answers.load(tmp_path / "a.json") == ({"b": 2}, {})


def test_answers_too_large_or_deep_for_the_decoder_are_refused_with_that_reason(monkeypatch):
    from csto_course.grading import answers

    for error in (RecursionError, MemoryError):

        def decode(node, depth=0, error=error):
            raise error()

        monkeypatch.setattr(answers, "_decode", decode)
        with pytest.raises(answers.AnswerFileError) as err:
            answers.loads(json.dumps({"values": {"x": {"t": "none"}}, "problems": {}}))
        assert str(err.value) == "the answers are too large or too deeply nested"


def test_an_invalid_chart_is_refused_with_the_reason():
    import altair as alt

    from csto_course.grading import answers

    chart = alt.Chart(pd_frame()).mark_bar()
    chart.width = "wide"
    with pytest.raises(answers.Unsupported, match=r"^the chart is not valid \(SchemaValidationError: "):
        answers._encode(chart)
    spec = alt.Chart(pd_frame()).mark_bar().to_dict()
    record = {"values": {"x": {"t": "altair", "class": "Chart", "spec": spec, "data": {"t": "int", "v": "1"}}}, "problems": {}}
    with pytest.raises(answers.AnswerFileError, match=r"^a chart's data is not a table$"):
        answers.loads(json.dumps(record))


def pd_frame():
    import pandas as pd

    return pd.DataFrame({"a": [1]})


# --- a class in worker processes: a crashed worker loses nothing ---------------------------------


def _stand_in_grade_one(job):
    if job.student == "crashes":
        os._exit(1)  # the worker process dies, as when the machine kills it
    if job.student == "fails":
        raise RuntimeError("boom")
    return {
        "student": job.student,
        "rows": [{**row(student=job.student, sha256=job.sha256, tests_key=job.tests_key, message="ok"), "order": 0}],
        "warnings": [],
    }


def test_a_crashed_worker_costs_only_its_own_submission(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "grade_one", _stand_in_grade_one)
    jobs = [_job(tmp_path, s) for s in ("ana", "crashes", "fails", "bo")]
    stream = _Stream(tty=False)
    run = batch._Run("01_origins", tmp_path / "gradebook.csv", tmp_path, terminal.Progress(len(jobs), stream))
    batch._run_local(jobs, 2, run)
    book = {}
    for r in gradebook.read(tmp_path / "gradebook.csv"):
        book.setdefault(r["student"], r)  # each student's first task
    assert sorted(book) == ["ana", "bo", "crashes", "fails"] and run.graded == 4
    assert (book["ana"]["status"], book["bo"]["status"]) == ("passed", "passed")
    assert book["crashes"]["status"] == "not_graded"
    assert book["crashes"]["message"] == (
        "Not graded: the grader's worker process was killed while grading this submission. Nothing was lost; re-run to grade it."
    )
    assert book["fails"]["message"] == "Not graded: the grader's worker failed (RuntimeError: boom). Nothing was lost; re-run to grade it."
    assert sorted(run.failures) == ["crashes", "fails"]


class _StandInPool:
    """Stands in for ProcessPoolExecutor in _run_local: records how each pool is made, runs each job at once."""

    made: list[_StandInPool] = []

    def __init__(self, max_workers=None, initializer=None):
        self.max_workers, self.initializer, self.students, self.shutdown_with = max_workers, initializer, [], None
        self._processes: dict = {}
        _StandInPool.made.append(self)

    def submit(self, fn, job):
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        self.students.append(job.student)
        future: Future = Future()
        if job.student.startswith("crashes"):
            future.set_exception(BrokenProcessPool("a worker died"))
        elif job.student == "fails":
            future.set_exception(RuntimeError("boom " + "x" * 300))
        else:
            future.set_result(fn(job))
        return future

    def shutdown(self, wait=True, cancel_futures=False):
        self.shutdown_with = (bool(wait), bool(cancel_futures))


def test_a_class_runs_in_one_pool_then_each_crashed_submission_in_a_pool_of_its_own(tmp_path, monkeypatch):
    """The pools _run_local makes (workers, the Ctrl-C setting of each worker), without starting processes."""
    monkeypatch.setattr(batch, "ProcessPoolExecutor", _StandInPool)
    monkeypatch.setattr(_StandInPool, "made", [])
    monkeypatch.setattr(batch, "grade_one", _stand_in_grade_one)
    # the crashed submissions come first: the rest of the pool's results must still be recorded
    monkeypatch.setattr(batch, "completed", lambda futures: sorted(futures, key=lambda f: not futures[f].student.startswith("crashes")))
    students = ("crashes", "ana", "crashes too", "fails", "bo")
    jobs = [_job(tmp_path, s) for s in students]
    run = batch._Run("01_origins", tmp_path / "gradebook.csv", tmp_path, terminal.Progress(len(jobs), _Stream(tty=False)))
    batch._run_local(jobs, 3, run)
    pools = [(p.max_workers, p.initializer, p.students, p.shutdown_with) for p in _StandInPool.made]
    assert pools == [
        (3, batch._ignore_sigint_in_worker, list(students), (True, False)),
        (1, batch._ignore_sigint_in_worker, ["crashes"], (True, False)),
        (1, batch._ignore_sigint_in_worker, ["crashes too"], (True, False)),
    ]
    book = {r["student"]: r for r in gradebook.read(tmp_path / "gradebook.csv")}
    assert sorted(book) == sorted(students) and run.graded == 5
    assert book["crashes too"]["message"].startswith("Not graded: the grader's worker process was killed")
    assert book["fails"]["message"] == (
        f"Not graded: the grader's worker failed (RuntimeError: {('boom ' + 'x' * 300)[:200]}). Nothing was lost; re-run to grade it."
    )
    _StandInPool.made.clear()
    batch._run_local([_job(tmp_path, "ana")], 4, run)
    assert [p.max_workers for p in _StandInPool.made] == [1], "no more workers than submissions"
    _StandInPool.made.clear()
    batch._run_local([_job(tmp_path, "ana"), _job(tmp_path, "bo")], 1, run)
    assert [p.max_workers for p in _StandInPool.made] == [1], "no more workers than asked for"


def test_ctrl_c_while_a_class_is_graded_stops_the_pool_and_goes_up(tmp_path, monkeypatch):
    stopped = []
    monkeypatch.setattr(batch, "ProcessPoolExecutor", _StandInPool)
    monkeypatch.setattr(_StandInPool, "made", [])
    monkeypatch.setattr(batch, "_stop_pool", stopped.append)

    def interrupted(futures):
        raise KeyboardInterrupt
        yield

    monkeypatch.setattr(batch, "completed", interrupted)
    run = batch._Run("01_origins", tmp_path / "gradebook.csv", tmp_path, terminal.Progress(1, _Stream(tty=False)))
    with pytest.raises(KeyboardInterrupt):
        batch._run_local([_job(tmp_path, "ana")], 2, run)
    assert stopped == _StandInPool.made and len(stopped) == 1 and stopped[0].shutdown_with is None


def test_stopping_the_pool_terminates_each_worker_waits_two_seconds_in_all_then_kills_reaps_and_cancels_the_rest(monkeypatch):
    from types import SimpleNamespace

    calls = []
    clock = [1000.0]  # a join that waits its whole timeout uses up the grace period for the workers after it
    monkeypatch.setattr(batch, "time", SimpleNamespace(monotonic=lambda: clock[0]))

    class Worker:
        def __init__(self, name, stubborn):
            self.name, self.stubborn = name, stubborn

        def terminate(self):
            calls.append((self.name, "terminate"))

        def join(self, timeout=None):
            calls.append((self.name, "join", timeout))
            clock[0] += timeout

        def is_alive(self):
            return self.stubborn

        def kill(self):
            calls.append((self.name, "kill"))

    class ManagerThread:
        def join(self, timeout=None):
            calls.append(("manager", "join", timeout))

    pool = _StandInPool(max_workers=2)
    pool._processes = {1: Worker("a", stubborn=False), 2: Worker("b", stubborn=True)}
    pool._executor_manager_thread = ManagerThread()
    batch._stop_pool(pool)
    # The pool's manager thread is waited for after the shutdown: Python's exit handler would otherwise race it
    # for its wake-up pipe and print a "Bad file descriptor" traceback (clean-clone run a of 2026-12-03).
    assert calls.pop() == ("manager", "join", 30)
    steps = [c[:2] for c in calls]
    assert steps == [("a", "terminate"), ("b", "terminate"), ("a", "join"), ("b", "join"), ("b", "kill"), ("b", "join")]
    grace = [c[2] for c in calls if c[1] == "join"][:2]
    assert grace == [2, 0], "one grace period of 2 s for all the workers, not 2 s each"
    assert calls[-1] == ("b", "join", 5), "a killed worker is waited for (reaped), so none is alive when the stop returns"
    assert pool.shutdown_with == (False, True), "queued submissions are cancelled, and nothing waits for them"


def test_a_class_is_graded_once_and_only_what_changed_is_graded_again(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "grade_one", _stand_in_grade_one)
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    for student in ("ana", "bo"):
        (subs / f"{student}.ipynb").write_text(f'{{"cells": [], "who": "{student}"}}')

    def grade(**options):
        stream = io.StringIO()
        result = batch.grade_batch("01", subs, out, jobs=1, stream=stream, sandbox="off", **options)
        return result, stream.getvalue()

    first, said = grade()
    assert (first["graded"], first["skipped"], first["failures"], first["sandboxed"]) == (2, 0, [], False)
    assert first["gradebook"] == out / "gradebook.csv" and said.startswith(batch.UNSANDBOXED_WARNING + "\n")
    assert "grading [" in said and "Could not grade" not in said
    again, said = grade()
    assert (again["graded"], again["skipped"]) == (0, 2)
    assert "2 submission(s) unchanged since the last run (same tests too): kept their grades.\n" in said
    (subs / "bo.ipynb").write_text('{"cells": [], "who": "bo, edited"}')
    changed, _ = grade()
    assert (changed["graded"], changed["skipped"]) == (1, 1)
    forced, said = grade(force=True)
    assert (forced["graded"], forced["skipped"]) == (2, 0) and "unchanged" not in said
    (subs / "fails.ipynb").write_text("{}")
    failed, said = grade()
    assert failed["failures"] == ["fails"] and failed["graded"] == 1
    assert "Could not grade: fails (see their feedback files; re-run to retry).\n" in said
    assert "1 thing(s) to check by hand:\n  - fails: Not graded: the grader's worker failed" in said
    retried, _ = grade()
    assert (retried["graded"], retried["skipped"]) == (1, 2), "a not-graded submission is tried again, unchanged or not"


def test_a_batch_asks_for_its_extras_hides_the_private_folders_and_gives_each_job_its_limits(tmp_path, monkeypatch):
    """grade_batch's own decisions, with the sandbox decision and the grading itself recorded instead of run."""
    import shutil

    from csto_course import extras
    from csto_course.paths import course_root

    asked, decided, ran = [], [], []
    monkeypatch.setattr(extras, "require", lambda *args: asked.append(args))
    monkeypatch.setattr(batch, "decide_sandbox", lambda mode, count, hidden, stream: decided.append((mode, count, hidden)))
    monkeypatch.setattr(batch, "_run_local", lambda jobs, workers, run: ran.append(("local", jobs, workers)))
    monkeypatch.setattr(batch, "_run_dask", lambda jobs, scheduler, run: ran.append(("dask", jobs, scheduler)))
    private, subs, out = tmp_path / "private", tmp_path / "subs", tmp_path / "out"
    private.mkdir()
    subs.mkdir()
    shutil.copy(batch.find_exercise("01"), private / "01_mine.ipynb")  # a private copy of the solution, by another name
    (subs / "ana.ipynb").write_text('{"cells": []}')
    batch.grade_batch("01", subs, out, stream=io.StringIO(), solutions_dir=private)
    assert asked == [("nbgrader.preprocessors", "instructor", "Grading (the student version comes from nbgrader's preprocessors)")]
    assert decided == [("auto", 1, [course_root() / "solutions", private, subs, out])]
    ((engine, (job,), workers),) = ran
    assert (engine, workers, job.limits, job.exercise, job.student) == ("local", os.cpu_count() or 1, batch.Limits(), "01_mine", "ana")
    asked.clear()
    ran.clear()
    limits = batch.Limits(cell_timeout=5, notebook_timeout=60)
    batch.grade_batch("01", subs, out, stream=io.StringIO(), solutions_dir=private, limits=limits, engine="dask", scheduler="tcp://h:1")
    assert asked[1:] == [("distributed", "cluster", "Grading with --engine dask")]
    ((engine, (job,), scheduler),) = ran
    assert (engine, scheduler, job.limits) == ("dask", "tcp://h:1", limits)


def test_a_submission_graded_in_a_gradebook_from_before_rows_named_their_exercise_is_not_graded_again(tmp_path, monkeypatch):
    ran = []
    monkeypatch.setattr(batch, "tests_key", lambda solution_path: "k")
    monkeypatch.setattr(batch, "_run_local", lambda jobs, workers, run: ran.extend(jobs))
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    out.mkdir()
    (subs / "ana.ipynb").write_text('{"cells": []}')
    old = {
        "student": "ana",
        "task": "task1",
        "points": "2",
        "status": "passed",
        "sha256": batch.sha256(subs / "ana.ipynb"),
        "tests_key": "k",
    }
    with open(out / "gradebook.csv", "w", newline="", encoding="utf-8") as fh:  # no exercise column
        writer = csv.DictWriter(fh, fieldnames=list(old))
        writer.writeheader()
        writer.writerow(old)
    result = batch.grade_batch("01", subs, out, stream=io.StringIO(), sandbox="off")
    assert (result["skipped"], ran) == (1, [])
    # the same file graded for another exercise is not graded for this one
    gradebook.write(out / "gradebook.csv", [{**old, "exercise": "02_membership"}])
    result = batch.grade_batch("01", subs, out, stream=io.StringIO(), sandbox="off")
    assert (result["skipped"], [j.student for j in ran]) == (0, ["ana"])
    # one task the grader could not grade: the whole submission is graded again, though unchanged
    ran.clear()
    gradebook.write(
        out / "gradebook.csv", [{**old, "exercise": "01_origins"}, {**old, "exercise": "01_origins", "task": "t2", "status": "not_graded"}]
    )
    result = batch.grade_batch("01", subs, out, stream=io.StringIO(), sandbox="off")
    assert (result["skipped"], [j.student for j in ran]) == (0, ["ana"])


def test_a_batch_with_an_unknown_engine_or_no_scheduler_is_refused(tmp_path):
    (tmp_path / "subs").mkdir()
    with pytest.raises(ValueError, match=r"^--engine must be local or dask, not 'spark'$"):
        batch.grade_batch("01", tmp_path / "subs", tmp_path / "out", stream=io.StringIO(), sandbox="off", engine="spark")
    with pytest.raises(ValueError, match=r"^--engine dask needs --scheduler ADDRESS \(for example tcp://127\.0\.0\.1:8786\)$"):
        batch.grade_batch("01", tmp_path / "subs", tmp_path / "out", stream=io.StringIO(), sandbox="off", engine="dask")


def test_the_first_cell_refuses_to_go_on_outside_a_sandbox(box, tmp_path):
    (tmp_path / "venv" / "secret" / "answers.ipynb").write_text("{}")
    code = box.check_cell()
    assert code.rstrip().endswith("del _csto_sandbox_check, _os")
    with pytest.raises(RuntimeError) as err:
        exec(code, {})  # noqa: S102 - the grader's own check, here outside any sandbox
    message = str(err.value)
    assert message.startswith("the sandbox is not on: not in a process namespace of its own")
    assert f"a private folder is visible: {tmp_path / 'venv' / 'secret'}" in message
    if box.as_root:
        assert "; running as root" in message and "; the system is writable" in message


def test_the_kernel_spec_starts_the_kernel_inside_the_sandbox(box):
    import sys

    manager = box.kernel_spec_manager()
    spec = json.loads((Path(box._spec_dir) / "csto-sandbox" / "kernel.json").read_text(encoding="utf-8"))
    assert spec["display_name"] == "CSTO course sandbox" and spec["language"] == "python" and spec["interrupt_mode"] == "message"
    assert spec["argv"][0] == "/usr/bin/bwrap"
    assert (
        spec["argv"][-6:]
        == [sys.executable, "-P", "-m", "ipykernel_launcher", "-f", "{connection_file}", "--IPKernelApp.parent_handle=0"][-6:]
    )
    assert manager.get_kernel_spec("csto-sandbox").argv == spec["argv"]


# --- one submission end to end, with the cells run in this process instead of a kernel ----------


def _run_here(nb, workdir, cell_timeout=30, notebook_timeout=300, sandbox=None, guard=None):
    """A stand-in for run_notebook: each cell runs in one namespace of this process."""
    from csto_course.grading.execute import _role

    namespace: dict = {"__name__": "__main__"}
    results = []
    for index, cell in enumerate(nb.cells):
        role, gid = _role(cell)
        try:
            exec(compile(cell.source, f"<cell {index}>", "exec"), namespace)  # noqa: S102 - the course's own solution and test answers
            results.append(CellResult(index, role, gid, "ok"))
        except Exception as exc:  # noqa: BLE001
            results.append(CellResult(index, role, gid, "error", type(exc).__name__, str(exc)))
    return results


class _HereChecker:
    def check(self, setup, tests):
        return run_checks(setup, tests)


@pytest.fixture
def graded_here(monkeypatch):
    monkeypatch.setattr(batch, "run_notebook", _run_here)
    monkeypatch.setattr(batch, "_checker", lambda settings: _HereChecker())


def _submission_job(tmp_path, student, nb=None, content=None):
    from submission_factory import perfect

    path = tmp_path / f"{student}.ipynb"
    if content is not None:
        path.write_bytes(content)
    else:
        nbformat.write(nb if nb is not None else perfect(), path)
    return batch.Job.make(
        Submission(student, path), batch.find_exercise("01"), limits=batch.Limits(), tests_key="k1", exercise="01_origins"
    )


def test_one_submission_is_graded_into_one_row_per_task(graded_here, tmp_path):
    job = _submission_job(tmp_path, "ana")
    result = batch.grade_one(job)
    tasks = batch.tasks_of(nbformat.reads(job.solution, as_version=4))
    assert result["student"] == "ana" and result["warnings"] == []
    rows = result["rows"]
    assert [r["task"] for r in rows] == [t.grade_id for t in tasks] and [r["order"] for r in rows] == list(range(len(tasks)))
    for r, t in zip(rows, tasks):
        assert (r["exercise"], r["student"], r["submission"], r["sha256"], r["tests_key"]) == (
            "01_origins",
            "ana",
            job.path,
            job.sha256,
            "k1",
        )
        assert r["max_points"] == t.points and r["graded_at"].endswith("+00:00")
        if t.kind == "auto":
            assert (r["status"], r["points"], r["message"]) == (Status.PASSED, t.points, "All checks passed.")
        else:
            assert (r["status"], r["points"]) == (Status.NEEDS_MANUAL, "")


def test_a_wrong_answer_fails_only_its_task(graded_here, tmp_path):
    from submission_factory import with_answer

    rows = batch.grade_one(_submission_job(tmp_path, "bo", with_answer("task2-answer", "days_to_force = 700")))["rows"]
    statuses = {r["task"]: r["status"] for r in rows}
    failed = [task for task, status in statuses.items() if status == Status.FAILED]
    assert len(failed) == 1 and all(s in (Status.PASSED, Status.NEEDS_MANUAL) for t, s in statuses.items() if t not in failed)


def test_an_unreadable_file_gets_a_row_per_task_that_says_why(graded_here, tmp_path):
    result = batch.grade_one(_submission_job(tmp_path, "cy", content=b'{"cells": ['))
    message = "This file could not be graded: the file is not a complete notebook (invalid JSON at line 1; it may be truncated)."
    assert result["student"] == "cy" and result["warnings"] == [message]
    assert {(r["status"], r["points"], r["message"]) for r in result["rows"]} == {(Status.UNREADABLE, 0.0, message)}
    assert {(r["student"], r["exercise"]) for r in result["rows"]} == {("cy", "01_origins")}


def test_a_failing_grader_or_sandbox_leaves_not_graded_rows(graded_here, tmp_path, monkeypatch):
    from csto_course.grading.execute import SandboxFailed

    def broken(*args, **kwargs):
        raise RuntimeError("x" * 400)

    monkeypatch.setattr(batch, "run_notebook", broken)
    result = batch.grade_one(_submission_job(tmp_path, "dy"))
    message = f"Not graded: the grader could not run this notebook (RuntimeError: {'x' * 300}). Nothing was lost; re-run to grade it."
    assert result["student"] == "dy" and result["warnings"] == [message]
    assert {(r["status"], r["points"], r["message"]) for r in result["rows"]} == {(Status.NOT_GRADED, "", message)}
    assert {(r["student"], r["exercise"]) for r in result["rows"]} == {("dy", "01_origins")}

    def refused(*args, **kwargs):
        raise SandboxFailed("a network device is visible: eth0")

    monkeypatch.setattr(batch, "run_notebook", refused)
    result = batch.grade_one(_submission_job(tmp_path, "ed"))
    assert result["warnings"] == [
        "Not graded: the sandbox check failed before any of the student's code ran (a network device is visible: eth0). "
        "Nothing was lost; fix the sandbox and re-run."
    ]
    assert {(r["status"], r["points"], r["student"]) for r in result["rows"]} == {(Status.NOT_GRADED, "", "ed")}
    assert result["student"] == "ed" and {r["message"] for r in result["rows"]} == set(result["warnings"])


# --- from the grading run's survivors -------------------------------------------------------------


def test_the_package_gives_its_main_names_on_first_use():
    import csto_course.grading as grading
    from csto_course.grading import errors

    assert grading.Status is errors.Status and grading.grade_one is batch.grade_one and grading.Limits is batch.Limits
    assert grading.find_exercise is batch.find_exercise and grading.grade_batch is batch.grade_batch
    with pytest.raises(AttributeError, match=r"^module 'csto_course.grading' has no attribute 'nope'$"):
        grading.nope  # noqa: B018


def test_the_server_for_a_setting_runs_the_command_it_was_made_with():
    from csto_course.grading import checker

    cleanup = lambda: None  # noqa: E731
    server = checker.server_for("unit-test-command", lambda: (["my-checker", "--serve"], cleanup))
    try:
        assert server.command == ["my-checker", "--serve"] and server.cleanup is cleanup
    finally:
        checker._servers.pop("unit-test-command")


def test_an_answer_is_judged_by_its_own_cell_not_another_tasks():
    task = Task("t2", 1.0, "auto", ["a2"], ["y"], "assert y")
    results = [
        _cell("answer", "a1", "error", "NameError", "name 'q' is not defined"),
        _cell("export", "t1", "ok"),
        _cell("answer", "a2", "ok"),
        _cell("export", "t2", "ok"),
    ]
    (grade,) = grade_tasks(_assembled([task], {"a2": "y = 1"}), results, 30, {"t2": CheckResult("t2", "ok")})
    assert grade.status == Status.PASSED


def test_an_unexportable_answer_keeps_the_whole_reason():
    grade = _grade(EXPORTED, CheckResult("t1", "unexportable", "Unsupported", "x: the chart is not valid (SchemaValidationError: 'wide')"))
    assert grade.status == Status.ERROR
    assert grade.message == (
        "Your answer x cannot be checked: the chart is not valid (SchemaValidationError: 'wide'). Make it the kind of value the task asks for."
    )


def test_progress_that_has_not_started_leaves_the_line_alone():
    stream = _Stream(tty=True)
    terminal.Progress(3, stream=stream).end_line()
    assert stream.getvalue() == ""


def test_written_tasks_keep_their_id_and_points_and_the_tasks_after_them_are_graded():
    essay = Task("essay", 4.0, "manual", ["essay"])
    code_by_hand = Task("by-hand", 2.0, "manual", ["by-hand"])  # a code answer graded by hand, left empty
    grades = grade_tasks(
        _assembled([essay, code_by_hand, AUTO], {"a1": "x = 1"}, missing={"essay"}),
        EXPORTED,
        30,
        {"t1": CheckResult("t1", "ok")},
    )
    assert [(g.task, g.points, g.max_points, g.status) for g in grades] == [
        ("essay", 0.0, 4.0, Status.MISSING),
        ("by-hand", None, 2.0, Status.NEEDS_MANUAL),
        ("t1", 2.0, 2.0, Status.PASSED),
    ]
    assert grades[1].message == "Written answer (0 words): graded by the instructor."


def test_a_replacement_kernel_gets_its_spec_again(box):
    box.kernel_spec_manager()
    assert box.kernel_spec_manager().get_kernel_spec("csto-sandbox").display_name == "CSTO course sandbox"


def test_python_3_10_starts_the_kernel_without_the_option_it_lacks(box, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "version_info", (3, 10, 14, "final", 0))
    argv = box.kernel_spec_manager().get_kernel_spec("csto-sandbox").argv
    assert "-P" not in argv and argv[-5:-3] == ["-m", "ipykernel_launcher"]


def test_the_kernel_is_started_in_the_submissions_folder_and_watched_by_its_guard(fake_kernels, tmp_path, monkeypatch):
    from csto_course.grading import execute

    looked_at = []

    class Recording(_Guard):
        def __init__(self, folder):
            super().__init__()
            looked_at.append(folder)

    monkeypatch.setattr(execute, "FolderGuard", Recording)
    results = execute.run_notebook(_cells(("x = 1", "answer", "a1")), str(tmp_path))
    assert results[0].status == "ok" and looked_at == [str(tmp_path)]
    (kernel,) = fake_kernels
    assert kernel.started_with == (str(tmp_path), "python3", None)
    assert kernel.ran[-1] == ("x = 1", 30), "the default time limit of a cell"
    assert isinstance(kernel.guards[-1], Recording)


def test_a_sandbox_that_is_on_lets_the_notebook_run(fake_kernels, tmp_path):
    from csto_course.grading.execute import run_notebook

    class Box:
        def check_cell(self):
            return "check-passes"

    box = Box()
    results = run_notebook(_cells(("x = 1", "answer", "a1")), str(tmp_path), sandbox=box, guard=_Guard())
    assert [r.status for r in results] == ["ok"]
    assert fake_kernels[0].ran[0] == ("check-passes", 120) and fake_kernels[0].started_with[2] is box


def test_under_a_second_left_still_runs_a_cell_for_a_second(fake_kernels, tmp_path):
    from csto_course.grading.execute import run_notebook

    results = run_notebook(_cells(("x = 1", "answer", "a1")), str(tmp_path), cell_timeout=30, notebook_timeout=0.5, guard=_Guard())
    assert [r.status for r in results] == ["ok"] and fake_kernels[0].ran[-1] == ("x = 1", 1)


def test_when_the_budget_runs_out_midway_the_rest_is_not_run(fake_kernels, tmp_path):
    from csto_course.grading.execute import run_notebook

    nb = _cells(("slow", "answer", "a1"), ("export", "export", "t1"), ("y = 2", "answer", "a2"))
    results = run_notebook(nb, str(tmp_path), notebook_timeout=0.2, guard=_Guard())
    assert [(r.index, r.status) for r in results] == [(0, "ok"), (1, "not_run"), (2, "not_run")]


# --- the folder cap, exactly; links are never followed -------------------------------------------


def _blocks(folder: Path) -> int:
    return sum(p.lstat().st_blocks * 512 for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())


def test_the_byte_cap_counts_every_file_once_and_allows_exactly_the_cap(tmp_path):
    work = tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    (work / "a.bin").write_bytes(b"x" * 10_000)
    (work / "sub" / "b.bin").write_bytes(b"y" * 10_000)
    used = _blocks(work)
    assert used > 0
    assert FolderGuard(str(work), max_bytes=used).over() is None
    assert FolderGuard(str(work), max_bytes=used - 1).over() == "it wrote more than 0 MB to disk"


def test_the_byte_cap_is_named_in_megabytes(tmp_path):
    (tmp_path / "big.bin").write_bytes(b"x" * (3 * 1024**2 + 100_000))
    assert FolderGuard(str(tmp_path), max_bytes=3 * 1024**2).over() == "it wrote more than 3 MB to disk"


def test_links_in_the_folder_are_counted_as_links_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    for i in range(20):
        (outside / f"f{i}").write_bytes(b"z" * 50_000)
    work = tmp_path / "work"
    work.mkdir()
    (work / "to-folder").symlink_to(outside)
    (work / "to-file").symlink_to(outside / "f0")
    assert FolderGuard(str(work), max_files=5, max_bytes=40_000).over() is None
    FolderGuard(str(work)).clear()
    assert list(work.iterdir()) == [] and len(list(outside.iterdir())) == 20, "the links go, what they point to stays"


def test_a_needs_manual_row_without_points_is_not_a_manual_grade():
    assert not gradebook.is_manual_grade({"status": "needs_manual"})
    assert gradebook.is_manual_grade({"status": "needs_manual", "points": 0})


def test_without_a_user_of_its_own_the_process_limit_leaves_room_for_the_users_other_processes(box):
    from csto_course.grading import sandbox

    box.uid = None
    limits = box.limits()
    assert "uid" not in limits and limits["processes"] == 7 + sandbox._processes_of(os.getuid()) > 7


def test_the_processes_of_a_user_are_counted_from_proc_skipping_one_gone_meanwhile(monkeypatch):
    import types

    from csto_course.grading import sandbox

    owners = {"1": 0, "22": 1000, "333": None, "4444": 1000, "5": 1000}  # 333 ends between listing and reading

    def stat(path):
        owner = owners[path.removeprefix("/proc/")]
        if owner is None:
            raise FileNotFoundError(path)
        return types.SimpleNamespace(st_uid=owner)

    listing = ["1", "self", "22", "333", "4444", "sys", "5"]
    monkeypatch.setattr(sandbox, "os", types.SimpleNamespace(listdir=lambda folder: listing if folder == "/proc" else [], stat=stat))
    assert (sandbox._processes_of(1000), sandbox._processes_of(0), sandbox._processes_of(7)) == (3, 1, 0)


def test_the_kernels_environment_is_exactly_this(box, monkeypatch):
    import sys

    from csto_course.grading import sandbox

    env = box.env()
    # The package's own folder goes on the kernel's path only when it is a copy the interpreter does not
    # find by itself (PYTHONPATH, or mutmut's mutants/src): see sandbox.package_root.
    own = sandbox.package_root() in sandbox.python_dirs()
    assert env.pop("PYTHONPATH", None) == (None if own else sandbox.package_root())
    assert env == {
        "PATH": os.pathsep.join([os.path.dirname(sys.executable), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": "/tmp/home",
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "CSTO_COURSE_ROOT": "/sandbox/course",
        "CSTO_COURSE_PROGRESS": "/tmp/home/progress.json",
        "MPLCONFIGDIR": "/tmp/home/.mpl",
        "IPYTHONDIR": "/tmp/home/.ipython",
        "JUPYTER_RUNTIME_DIR": "/tmp/home/.jupyter-runtime",
        "JUPYTER_PLATFORM_DIRS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "CSTO_COURSE_CACHE": "/sandbox/cache",
    }
    box.settings.cache_dir = None
    assert "CSTO_COURSE_CACHE" not in box.env()
    here = sandbox.package_root()
    assert here == str(Path(sandbox.__file__).resolve().parents[2])
    monkeypatch.setattr(sandbox, "python_dirs", lambda: ("/usr/lib/python3",))  # a copy from elsewhere (PYTHONPATH, mutmut)
    assert box.env()["PYTHONPATH"] == here
    monkeypatch.setattr(sandbox, "python_dirs", lambda: ("/usr/lib/python3", here))  # an installed package
    assert "PYTHONPATH" not in box.env()


def test_the_sandbox_offers_no_kernel_but_its_own(box):
    assert set(box.kernel_spec_manager().find_kernel_specs()) == {"csto-sandbox"}


def test_a_path_is_within_a_folder_whatever_the_folder_is_called():
    from csto_course.grading.sandbox import _within

    assert _within("/a/b", "/") and _within("/a/b", "/a/") and _within("/a", "/a") and _within("/tmp/X/y", "/tmp/X")
    assert not _within("/ab", "/a") and not _within("/tmp/Xy", "/tmp/X")


def test_the_checker_server_answers_request_after_request_in_a_session_of_its_own(tmp_path):
    from csto_course.grading.checker import CheckerServer

    text = _answers_text(tmp_path, x=1)
    tests = [{"task": f"t{i}", "source": "assert x == base", "answers": ["x"], "text": text} for i in range(5)]
    server = CheckerServer()
    try:
        assert [r.status for r in server.check(["base = 1"], tests, test_timeout=30)] == ["ok"] * 5
        proc = server.proc
        (again,) = server.check(["base = 2"], tests[:1])
        assert (again.status, again.ename) == ("error", "AssertionError")
        assert server.proc is proc, "one server for every submission of a worker"
        assert os.getpgid(proc.pid) == proc.pid, "a session of its own: Ctrl-C in the terminal goes to the grader only"
    finally:
        server.close()
    assert server.proc is None and proc.poll() is not None


def test_the_sandbox_starts_with_fresh_dev_proc_and_tmp_and_never_remakes_tmp(box):
    cmd = box.command(["python"])
    start = cmd.index("--dev")
    assert cmd[start : start + 8] == ["--dev", "/dev", "--proc", "/proc", "--perms", "1777", "--tmpfs", "/tmp"]
    assert "--unshare-cgroup-try" in cmd
    assert ("/tmp",) not in _pairs(cmd, "--dir"), "the submission's folder may lie in /tmp: its empty tmpfs stays"


def test_as_another_user_the_sandbox_maps_users_and_has_no_uid_of_its_own(box, monkeypatch, tmp_path):
    from csto_course.grading import sandbox

    assert box.as_root == (os.geteuid() == 0)
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 1000)
    (tmp_path / "work2").mkdir()
    other = sandbox.Sandbox(box.settings, str(tmp_path / "work2"))
    try:
        assert other.as_root is False and other.uid is None and "uid" not in other.limits()
        assert other.command(["python"])[:2] == ["/usr/bin/bwrap", "--unshare-user"]
        assert Path(other._spec_dir).name.startswith("csto-kernelspec-")
        again = sandbox.Sandbox(box.settings, str(tmp_path / "work2"))  # a folder that already has answers/
        again.close()
    finally:
        other.close()


def test_a_cache_folder_that_is_gone_is_not_mounted(box, tmp_path):
    box.settings.cache_dir = tmp_path / "gone"
    assert "/sandbox/cache" not in [dest for _, dest in _pairs(box.command(["python"]), "--ro-bind")]


def test_the_sandbox_user_owns_the_folder_but_nothing_a_link_points_to(box, tmp_path):
    if not box.as_root:
        pytest.skip("only as root")
    outside = tmp_path / "outside.txt"
    outside.write_text("x")
    (Path(box.work) / "deep" / "er").mkdir(parents=True)
    (Path(box.work) / "deep" / "er" / "f.txt").write_text("x")
    (Path(box.work) / "link").symlink_to(outside)
    box.new_user()
    assert os.stat(Path(box.work) / "deep" / "er" / "f.txt").st_uid == box.uid
    assert os.lstat(Path(box.work) / "link").st_uid == box.uid and outside.stat().st_uid == 0


def test_each_kernel_user_is_the_next_of_this_worker(box):
    from csto_course.grading import sandbox

    first, second = sandbox._next_uid(), sandbox._next_uid()
    assert second == first + 1 or second % 100 == 0
    assert (first - sandbox._UID_BASE) // 100 == os.getpid() % 100_000


def test_the_server_honours_each_requests_time_limit(tmp_path, monkeypatch):
    import sys

    from csto_course.grading import checker

    text = _answers_text(tmp_path)
    request = {"setup": [], "tests": [{"task": "t", "source": "while True: pass", "answers": [], "text": text}], "test_timeout": 0.3}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(request) + "\n"))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    checker._serve()
    assert json.loads(out.getvalue())[0]["evalue"] == "the checks ran longer than 0.3 s"


# --- the written-answers page: prompts, exact markup, points already typed -----------------------


def test_each_written_task_gets_the_text_just_above_it_as_its_prompt(tmp_path):
    from csto_course.grading.written_answers import _task_prompts

    solution = _solution()
    solution.cells.insert(0, nbformat.v4.new_markdown_cell("First thing", metadata=_meta("first", solution=True, grade=True, points=1)))
    path = tmp_path / "sol.ipynb"
    nbformat.write(solution, path)
    tasks = [Task("essay", 3.0, "manual", ["essay"]), Task("first", 1.0, "manual", ["first"])]
    assert _task_prompts(path, tasks) == {"first": "", "essay": "## Task 2 · explain\nWhy?"}


def test_the_page_is_plain_escaped_html_and_keeps_points_typed_for_this_exercise():
    from csto_course.grading.written_answers import WrittenAnswer, render

    tasks = [Task("essay", 4.0, "manual", ["essay"])]
    answers = [WrittenAnswer('a"b', "essay", "x", "answered", 4.0), WrittenAnswer("cy", "essay", "y", "answered", 4.0)]
    book = [{"student": 'a"b', "task": "essay", "points": "2"}, {"exercise": "01_origins", "student": "cy", "task": "essay"}]
    lines = render("01_origins", tasks, answers, {}, book).splitlines()
    assert lines[:3] == [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
        "style-src 'unsafe-inline'; img-src 'none'; connect-src 'none'; form-action 'none'\">",
    ]
    text = "\n".join(lines)
    assert "<h1>Written answers: 01_origins</h1>" in text and '<p id="status" role="status" aria-live="polite"></p>' in text
    assert '<section aria-labelledby="h-essay"><h2 id="h-essay">essay (up to 4 points)</h2>' in text
    assert "<article>\n<h3>a&quot;b</h3>" in text and text.count("</article>") == 2 and text.count("</section>") == 1
    assert 'data-student="a&quot;b" data-task="essay" value="2">' in text, "a row without an exercise is this exercise's"
    assert 'data-student="cy" data-task="essay" value="">' in text
    assert "</main>\n<script>" in text


def test_the_page_file_is_written_in_a_new_folder_with_the_points_of_the_gradebook(tmp_path):
    from submission_factory import perfect

    from csto_course.grading.written_answers import page

    subs = tmp_path / "subs"
    subs.mkdir()
    nbformat.write(perfect(), subs / "ada.ipynb")
    book = tmp_path / "gradebook.csv"
    book.write_text("student,task,points\nada,task6-answer,3.5\n", encoding="utf-8")
    out = tmp_path / "new" / "deeper" / "answers.html"
    assert page(batch.find_exercise("01"), subs, out, book) >= 1
    text = out.read_text(encoding="utf-8")
    assert 'data-student="ada" data-task="task6-answer" value="3.5">' in text
    assert page(batch.find_exercise("01"), subs, out, tmp_path / "no-book.csv") >= 1
    assert 'data-task="task6-answer" value="">' in out.read_text(encoding="utf-8")


def test_a_heading_is_the_first_line_of_a_cell_only_when_it_is_one():
    from csto_course.grading.assemble import _heading

    assert _heading("## Task 2 · explain\nWhy?") == "## Task 2 · explain"
    assert _heading("Some text\n## Not first") == "" and _heading("   ") == "" and _heading("") == ""


def test_without_metadata_the_students_own_cells_keep_their_place_and_notes_are_not_run():
    sub = _released()
    sub.cells[3].source = "x = 1"
    sub.cells.insert(0, nbformat.v4.new_code_cell("print('top')"))
    sub.cells.insert(6, nbformat.v4.new_code_cell("w = 5"))  # just after the check of task 1
    sub.cells.insert(7, nbformat.v4.new_markdown_cell("My own note, not code"))
    for cell in sub.cells:
        cell.metadata = {}
    roles = _roles(assemble(_solution(), _released(), _submission(sub), "ans"))
    assert roles[0] == ("extra", None, "print('top')")
    export_t1 = next(i for i, r in enumerate(roles) if r[:2] == ("export", "t1"))
    assert roles[export_t1 + 1] == ("extra", None, "w = 5")
    assert not any("My own note" in r[2] for r in roles)


def _forked(fn):
    """fn() in a child of this process; its result comes back through a pipe (None if the child vanished)."""
    import pickle

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            data = pickle.dumps(fn())
        except BaseException as exc:  # noqa: BLE001
            data = pickle.dumps(repr(exc))
        with os.fdopen(write_end, "wb") as fh:
            fh.write(pickle.dumps(os.getpid()) + data)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        sender = pickle.load(fh) if fh.peek(1) else None
        result = pickle.load(fh) if sender is not None else None
    os.waitpid(pid, 0)
    assert sender == pid, "the result must come from the child itself (not from a process the child started)"
    return result


def test_the_checkers_child_reports_a_time_limit_and_its_own_failure(tmp_path):
    """Run in a process of its own: a planted bug that makes the parent exit must fail the test, not end it."""
    from csto_course.grading import checker

    text = _answers_text(tmp_path)
    slow = [{"task": "t", "source": "while True: pass", "answers": [], "text": text}]
    result = _forked(lambda: [(r.task, r.status, r.evalue) for r in checker._in_child({}, slow, 0.3)])
    assert result == [("t", "error", "the checks ran longer than 0.3 s")]
    broken = [{"task": "t", "source": "pass", "answers": []}]  # neither the answers' text nor their file
    result = _forked(lambda: [(r.task, r.status, r.evalue) for r in checker._in_child({}, broken, 5)])
    assert result == [("t", "grader_error", "the checker failed (KeyError)")]


def test_one_submission_runs_in_a_private_copy_with_the_limits_and_guard_of_its_job(graded_here, tmp_path, monkeypatch):
    seen = {}

    def recording(nb, workdir, cell_timeout, notebook_timeout, sandbox=None, guard=None):
        seen.update(workdir=workdir, limits=(cell_timeout, notebook_timeout), sandbox=sandbox, guard=guard, nb=nb)
        seen["copy"] = (Path(workdir) / "submission.ipynb").read_bytes()
        return _run_here(nb, workdir)

    monkeypatch.setattr(batch, "run_notebook", recording)
    job = _submission_job(tmp_path, "a" * 60)
    job.limits = batch.Limits(cell_timeout=7, notebook_timeout=70, folder_bytes=1234, folder_files=56)
    assert {r["status"] for r in batch.grade_one(job)["rows"]} <= {Status.PASSED, Status.NEEDS_MANUAL}
    assert Path(seen["workdir"]).name.startswith("csto-grade-" + "a" * 40 + "-") and not Path(seen["workdir"]).exists()
    assert seen["copy"] == job.submission and seen["limits"] == (7, 70) and seen["sandbox"] is None
    guard = seen["guard"]
    assert (guard.folder, guard.max_bytes, guard.max_files) == (seen["workdir"], 1234, 56)
    files = [c.metadata["csto"]["file"] for c in seen["nb"].cells if c.metadata["csto"]["role"] == "export"]
    assert files and all(f.startswith(f"{seen['workdir']}/answers/") for f in files)


def test_a_sandboxed_submission_gets_a_sandbox_of_its_own_folder_closed_at_the_end(graded_here, tmp_path, monkeypatch):
    from csto_course.grading.sandbox import SandboxSettings

    made = []

    class FakeSandbox:
        def __init__(self, settings, work):
            self.settings, self.work, self.closed = settings, work, False
            made.append(self)

        def close(self):
            self.closed = True

    boxes = []

    def recording(nb, workdir, cell_timeout, notebook_timeout, sandbox=None, guard=None):
        boxes.append((sandbox, workdir))
        return _run_here(nb, workdir)

    monkeypatch.setattr(batch, "Sandbox", FakeSandbox)
    monkeypatch.setattr(batch, "run_notebook", recording)
    job = _submission_job(tmp_path, "ana")
    job.sandbox = SandboxSettings(data_dir=tmp_path)
    batch.grade_one(job)
    (box,) = made
    assert boxes == [(box, box.work)] and box.settings == job.sandbox and box.closed


def test_answers_the_kernel_never_wrote_come_with_the_reason():
    assert batch._answers_text(Path("/nonexistent/answers/t1.json")) == {"text": None, "why": "the kernel wrote no answers for this task"}


def test_points_the_instructor_typed_as_words_are_theirs_too(tmp_path):
    path = tmp_path / "gradebook.csv"
    gradebook.write(path, [row(student="ana", points="2")])
    rows = [{**r, "points": "two"} for r in gradebook.read(path)]
    assert list(gradebook.instructor_rows(path, rows)) == [("01_origins", "ana", "task1")]


def test_closing_a_sandbox_removes_its_kernel_spec_and_can_be_done_twice(box):
    spec_dir = Path(box._spec_dir)
    box.kernel_spec_manager()
    box.close()
    box.close()
    assert not spec_dir.exists()


# --- confine: limits, a user of its own, then the kernel (run in a forked child) ------------------


def test_confine_sets_each_limit_and_no_core_files():
    import resource

    from csto_course.grading import confine

    def limited():
        confine.apply(
            {"memory_bytes": 2**33, "cpu_seconds": 50, "processes": 4000, "file_bytes": 10**6, "open_files": 64, "priority": 19, "other": 1}
        )
        return {name: resource.getrlimit(which) for name, which in confine.LIMIT_NAMES.items()} | {
            "core": resource.getrlimit(resource.RLIMIT_CORE),
            "priority": os.getpriority(os.PRIO_PROCESS, 0),
        }

    assert _forked(limited) == {
        "memory_bytes": (2**33, 2**33),
        "cpu_seconds": (50, 50),
        "processes": (4000, 4000),
        "file_bytes": (10**6, 10**6),
        "open_files": (64, 64),
        "core": (0, 0),
        "priority": 19,
    }


def test_confine_lowers_the_priority_but_never_raises_it():
    from csto_course.grading import confine

    def niceness(settings, start):
        os.setpriority(os.PRIO_PROCESS, 0, start)
        confine.apply(settings)
        return os.getpriority(os.PRIO_PROCESS, 0)

    assert _forked(lambda: niceness({"priority": 10}, 0)) == 10, "student code yields the CPU to the grader"
    assert _forked(lambda: niceness({"priority": 10}, 15)) == 15, "a grader run at nice 15 keeps its kernels there"
    assert _forked(lambda: niceness({}, 0)) == 0


def test_confine_leaves_a_limit_it_is_not_given_alone():
    import resource

    from csto_course.grading import confine

    before = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert _forked(lambda: (confine.apply({"open_files": 0, "cpu_seconds": 9}), resource.getrlimit(resource.RLIMIT_NOFILE))[1]) == before


def test_confine_drops_to_the_sandbox_user_for_good():
    if os.geteuid() != 0:
        pytest.skip("only as root")
    from csto_course.grading import confine

    def dropped():
        confine.apply({"uid": 1_900_000_123})
        with open("/proc/self/status") as status:
            no_new_privs = next(line.split()[1] for line in status if line.startswith("NoNewPrivs:"))
        return os.getuid(), os.geteuid(), os.getgid(), os.getgroups(), no_new_privs

    assert _forked(dropped) == (1_900_000_123, 1_900_000_123, 1_900_000_123, [], "1")


def test_confine_runs_the_command_under_its_limits_or_says_how_to_call_it(tmp_path):
    import contextlib
    import sys

    from csto_course.grading import confine

    def usage():  # in a child: a planted bug that runs the command would replace the test process itself
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            codes = (confine.main(["{}"]), confine.main(["{}", "-x", "/bin/true"]))
        return codes, err.getvalue()

    codes, said = _forked(usage)
    assert codes == (2, 2) and said == 2 * "usage: python -m csto_course.grading.confine LIMITS_JSON -- COMMAND...\n"
    pid = os.fork()
    if pid == 0:
        try:
            confine.main(["{}", "--", "/bin/sh"][:2] + ["/bin/true"])  # the shortest call: limits, --, a command
        finally:
            os._exit(9)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(write_end, 1)
        try:
            confine.main([json.dumps({"open_files": 77}), "--", "/bin/sh", "-c", "ulimit -n"])
        finally:
            os._exit(9)
    os.close(write_end)
    with os.fdopen(read_end) as fh:
        out = fh.read()
    _, status = os.waitpid(pid, 0)
    assert out.strip() == "77" and os.waitstatus_to_exitcode(status) == 0
    assert sys.executable  # the command replaced the child: no Python code ran after it


class _SystemCalls:
    """Stands in for `os`, `resource` and `ctypes` in confine: records each call, in order, and changes nothing.

    The forked tests above check what the kernel really does; these run in the test process itself, which a
    mutation tool needs (it sees only the calls made in the process that runs the test), and also check the
    user switch, which is otherwise tested only as root."""

    def __init__(self, euid=1000, niceness=0, prctl=True):
        import os as real_os
        import resource as real_resource

        self.calls: list[tuple] = []
        self.euid, self.niceness, self.has_prctl = euid, niceness, prctl
        self.os = _Recording(self, real_os, {"geteuid": lambda: self.euid, "getpriority": lambda *a: self.niceness})
        self.resource = _Recording(self, real_resource, {})
        self.ctypes = _Recording(self, None, {"CDLL": self._cdll})

    def _cdll(self, *args, **kwargs):
        owner = self

        class Library:
            def __getattr__(self, name):
                if name != "prctl" or not owner.has_prctl:
                    raise AttributeError(name)
                return lambda *a: owner.calls.append(("prctl", *a)) or 0

        return Library()

    def install(self, monkeypatch):
        from csto_course.grading import confine

        for name in ("os", "resource", "ctypes"):
            monkeypatch.setattr(confine, name, getattr(self, name))
        return self


class _Recording:
    def __init__(self, owner, real, answers):
        self._owner, self._real, self._answers = owner, real, answers

    def __getattr__(self, name):
        value = getattr(self._real, name, None)
        if isinstance(value, int):  # a constant: os.PRIO_PROCESS, resource.RLIMIT_AS...
            return value

        def call(*args, **kwargs):
            self._owner.calls.append((name, *args, *(f"{k}={v}" for k, v in kwargs.items() if k != "use_errno")))
            answer = self._answers.get(name)
            return answer(*args) if answer else None

        return call


def test_confine_asks_for_each_limit_then_the_priority_then_the_user_then_no_new_privileges(monkeypatch):
    import resource

    from csto_course.grading import confine

    system = _SystemCalls(euid=0, niceness=3).install(monkeypatch)
    settings = {"memory_bytes": 2**33, "cpu_seconds": 50, "processes": 4000, "file_bytes": 10**6, "open_files": 64}
    confine.apply(settings | {"priority": 19, "uid": 1_900_000_123, "other": 1})
    assert system.calls == [
        ("setrlimit", resource.RLIMIT_AS, (2**33, 2**33)),
        ("setrlimit", resource.RLIMIT_CPU, (50, 50)),
        ("setrlimit", resource.RLIMIT_NPROC, (4000, 4000)),
        ("setrlimit", resource.RLIMIT_FSIZE, (10**6, 10**6)),
        ("setrlimit", resource.RLIMIT_NOFILE, (64, 64)),
        ("setrlimit", resource.RLIMIT_CORE, (0, 0)),
        ("getpriority", os.PRIO_PROCESS, 0),
        ("setpriority", os.PRIO_PROCESS, 0, 19),
        ("geteuid",),
        ("setgroups", []),
        ("setgid", 1_900_000_123),
        ("setuid", 1_900_000_123),
        ("CDLL", None),  # the process's own symbols: libc's prctl
        ("prctl", confine.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0),
    ]
    assert confine.PR_SET_NO_NEW_PRIVS == 38  # linux/prctl.h


def test_confine_keeps_a_lower_priority_and_the_user_when_it_is_not_root(monkeypatch):
    import resource

    from csto_course.grading import confine

    system = _SystemCalls(euid=1000, niceness=15).install(monkeypatch)
    confine.apply({"priority": 10, "uid": 1_900_000_123, "open_files": 0, "cpu_seconds": None})
    assert system.calls == [
        ("setrlimit", resource.RLIMIT_CORE, (0, 0)),
        ("getpriority", os.PRIO_PROCESS, 0),
        ("setpriority", os.PRIO_PROCESS, 0, 15),  # a grader run at nice 15 keeps its kernels there
        ("geteuid",),
        ("CDLL", None),
        ("prctl", 38, 1, 0, 0, 0),
    ]


def test_confine_without_a_priority_or_a_user_changes_neither(monkeypatch):
    from csto_course.grading import confine

    system = _SystemCalls(euid=0).install(monkeypatch)
    confine.apply({"priority": 0})
    assert [c[0] for c in system.calls] == ["setrlimit", "CDLL", "prctl"]


def test_confine_goes_on_where_prctl_cannot_be_found(monkeypatch):
    from csto_course.grading import confine

    system = _SystemCalls(prctl=False).install(monkeypatch)
    confine.apply({})
    assert [c[0] for c in system.calls] == ["setrlimit", "CDLL"]

    def no_library(*args, **kwargs):
        raise OSError("no libc")

    monkeypatch.setattr(confine.ctypes, "_answers", {"CDLL": no_library})
    confine.apply({})


def test_confine_applies_the_limits_given_then_becomes_the_command(monkeypatch, capsys):
    from csto_course.grading import confine

    system = _SystemCalls().install(monkeypatch)
    applied = []
    monkeypatch.setattr(confine, "apply", applied.append)
    for wrong in (["{}"], ["{}", "--"], ["{}", "-x", "/bin/true"], []):
        assert confine.main(wrong) == 2
        assert capsys.readouterr().err == "usage: python -m csto_course.grading.confine LIMITS_JSON -- COMMAND...\n"
    assert applied == [] and system.calls == []
    confine.main(['{"open_files": 77}', "--", "/bin/true"])  # the shortest call
    confine.main(["{}", "--", "/bin/sh", "-c", "ulimit -n"])
    assert applied == [{"open_files": 77}, {}]
    assert system.calls == [("execv", "/bin/true", ["/bin/true"]), ("execv", "/bin/sh", ["/bin/sh", "-c", "ulimit -n"])]


# --- the checker as a one-shot command, and the batch's small helpers -----------------------------


def test_the_checker_command_reads_one_request_and_prints_one_line(tmp_path, monkeypatch):
    import sys

    from csto_course.grading import checker

    text = _answers_text(tmp_path, x=1)
    request = {
        "setup": ["base = 1"],
        "tests": [{"task": "t1", "source": "print('noise'); assert x == base", "answers": ["x"], "text": text}],
    }
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(request)))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert checker.main([]) == 0
    assert out.getvalue() == json.dumps([{"task": "t1", "status": "ok", "ename": "", "evalue": ""}]) + "\n"


def test_a_worker_elsewhere_uses_its_own_copy_of_the_data(tmp_path):
    from csto_course.grading.sandbox import SandboxSettings
    from csto_course.paths import data_dir

    here = SandboxSettings(data_dir=tmp_path, cache_dir=tmp_path)
    assert batch._here(here) is here
    elsewhere = batch._here(SandboxSettings(data_dir=tmp_path / "on-another-machine", cache_dir=tmp_path, hidden=[tmp_path]))
    assert (elsewhere.data_dir, elsewhere.cache_dir, elsewhere.hidden) == (data_dir(), None, [tmp_path])


def test_a_worker_leaves_ctrl_c_to_the_main_process_and_ends_on_sigterm():
    import signal

    def worker():
        batch._ignore_sigint_in_worker()
        try:
            signal.raise_signal(signal.SIGTERM)
        except SystemExit as exc:
            return signal.getsignal(signal.SIGINT) == signal.SIG_IGN, exc.code
        return None

    assert _forked(worker) == (True, 143)


def test_a_worker_asks_to_ignore_ctrl_c_and_to_exit_with_143_on_sigterm(monkeypatch):
    """As the forked test above, in the test process (where a mutation tool sees the call), with the handlers recorded, not set."""
    import signal

    asked = []
    monkeypatch.setattr(batch.signal, "signal", lambda signum, handler: asked.append((signum, handler)))
    batch._ignore_sigint_in_worker()
    assert [s for s, _ in asked] == [signal.SIGINT, signal.SIGTERM] and asked[0][1] is signal.SIG_IGN
    with pytest.raises(SystemExit) as ended:
        asked[1][1](signal.SIGTERM, None)
    assert ended.value.code == 143


def test_each_worker_has_one_checker_per_sandbox_setting(tmp_path, monkeypatch):
    import sys

    from csto_course.grading import checker
    from csto_course.grading.sandbox import SandboxSettings

    monkeypatch.setattr(checker, "_servers", {})
    plain = batch._checker(None)
    assert plain.command == [sys.executable, "-m", "csto_course.grading.checker", "--serve"] and plain.cleanup is None

    made = []

    class FakeSandbox:
        def __init__(self, settings, work):
            self.settings, self.work, self.closed = settings, work, False
            made.append(self)

        def command(self, argv):
            return ["bwrap", "--", *argv]

        def close(self):
            self.closed = True

    monkeypatch.setattr(batch, "Sandbox", FakeSandbox)
    settings = SandboxSettings(data_dir=tmp_path)
    boxed = batch._checker(settings)
    assert boxed.command == ["bwrap", "--", sys.executable, "-m", "csto_course.grading.checker", "--serve"]
    assert batch._checker(settings) is boxed and len(made) == 1
    (box,) = made
    assert box.settings == settings, "the checker is sandboxed with the run's settings"
    assert Path(box.work).is_dir() and Path(box.work).name.startswith("csto-checker-") and not any(Path(box.work).iterdir())
    boxed.cleanup()
    assert box.closed and not Path(box.work).exists()
    box.closed = False
    boxed.cleanup()  # its folder already gone (a cleaner of temporary files, an earlier cleanup): no error
    assert box.closed


def test_stopping_the_pool_ends_every_worker_at_once():
    import time
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=2)
    futures = [pool.submit(time.sleep, 30) for _ in range(2)]
    time.sleep(0.5)
    workers = list(pool._processes.values())
    started = time.monotonic()
    batch._stop_pool(pool)
    # The tasks sleep 30 s: well under that means the pool did not wait for them, even on a loaded machine.
    assert time.monotonic() - started < 15
    assert all(not p.is_alive() for p in workers), "every worker has ended when _stop_pool returns"
    assert len(futures) == 2


def test_the_checker_command_reads_one_whole_request_with_its_time_limit(tmp_path, monkeypatch):
    import sys

    from csto_course.grading import checker

    text = _answers_text(tmp_path)
    request = {"setup": [], "tests": [{"task": "t", "source": "while True: pass", "answers": [], "text": text}], "test_timeout": 0.3}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(request, indent=2)))  # several lines: one request
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert checker.main([]) == 0
    assert json.loads(out.getvalue())[0]["evalue"] == "the checks ran longer than 0.3 s"


def test_points_go_into_an_old_gradebook_and_every_bad_cell_is_named(tmp_path):
    from csto_course.grading.written_answers import PointsError, import_points

    book = tmp_path / "gradebook.csv"
    book.write_text("student,task,points,max_points,status\nada,essay,,4,needs_manual\nbob,essay,,,needs_manual\n", encoding="utf-8")
    points = tmp_path / "points.csv"
    points.write_text("student,task,points\nada,essay,3\n", encoding="utf-8")
    assert import_points(points, book, "01_origins") == 1, "rows of a gradebook from before rows named their exercise"
    assert {(r["student"], r["points"]) for r in gradebook.read(book)} == {("ada", "3"), ("bob", "")}
    bad = tmp_path / "bad.csv"
    bad.write_text("student,task\nada,essay\n", encoding="utf-8")
    with pytest.raises(PointsError, match="line 2: '' is not a number"):
        import_points(bad, book, "01_origins")
    no_max = tmp_path / "no-max.csv"
    no_max.write_text("student,task,points\nbob,essay,1\n", encoding="utf-8")
    with pytest.raises(PointsError, match="line 2: 1 is outside 0 to 0 for essay"):
        import_points(no_max, book, "01_origins")


def test_ctrl_c_delivered_to_another_thread_stops_the_wait_for_submissions_at_once():
    """The kernel may hand SIGINT to one of the pool's threads; Python runs the handler in the main thread only,
    so a plain as_completed slept on until the slow submission finished (seen on a loaded CI machine)."""
    import signal
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    def ctrl_c_on_this_thread():
        time.sleep(0.3)
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)

    # Ctrl-C in a terminal: Python's own handler. A test run started in the background by a shell without job
    # control inherits SIGINT ignored, and then no Ctrl-C can reach the grader at all (as CI here found out).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    release = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(release.wait, 120)  # released after the test; without the fix, ended by its timeout
        threading.Thread(target=ctrl_c_on_this_thread, daemon=True).start()
        try:
            with pytest.raises(KeyboardInterrupt):
                list(batch.completed([slow]))
            assert not slow.done(), "handled when the main thread woke, not when the submission ended"
        finally:
            release.set()
            signal.signal(signal.SIGINT, previous)
    import inspect

    wake = inspect.signature(batch.completed).parameters["wake_every"].default
    assert 0 < wake <= 1, "the main thread wakes often enough for Ctrl-C to feel immediate"


# --- leftovers: processes a cell left behind in its sandbox, ended from outside ------------------
def _until(condition, seconds: float = 60):
    """Wait for ``condition`` (a generous limit: the machine may be busy); its last value."""
    import time

    deadline = time.monotonic() + seconds
    while not (value := condition()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


@pytest.fixture
def pid_namespace():
    """bubblewrap with a pid namespace of its own, as the grader's sandbox has: its init is pid 1, a stand-in
    for the kernel (a sleep) pid 2, and two more sleeps the 'cell' left behind. Yields (bwrap's pid, namespace)."""
    import shutil
    import signal
    import subprocess

    from csto_course.grading import leftovers

    if shutil.which("bwrap") is None:
        pytest.skip("bubblewrap is not installed")
    base = ["bwrap", "--unshare-pid", "--dev-bind", "/", "/", "--proc", "/proc"]
    if subprocess.run([*base, "true"], capture_output=True, timeout=60).returncode:
        pytest.skip("bubblewrap cannot make a pid namespace here")
    bwrap = subprocess.Popen([*base, "sh", "-c", "sleep 600 & sleep 600 & exec sleep 600"], start_new_session=True)
    try:
        namespace = _until(lambda: leftovers.sandbox_namespace(bwrap.pid))
        assert namespace, "bubblewrap made no pid namespace"
        assert len(_until(lambda: len(leftovers.leftovers(namespace)) == 2 and leftovers.leftovers(namespace)) or []) == 2
        yield bwrap.pid, namespace
    finally:
        os.killpg(bwrap.pid, signal.SIGKILL)  # the whole session, namespace and all
        bwrap.wait()


def _in_namespace(namespace: str) -> dict[int, int]:
    """Inner pid -> host pid of the live processes in ``namespace``."""
    from csto_course.grading import leftovers

    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and leftovers._namespace(int(entry)) == namespace:
            inner = leftovers._inner_pid(int(entry))
            if inner is not None:
                found[inner] = int(entry)
    return found


def test_leftovers_are_every_process_of_the_sandbox_but_its_init_and_the_kernel(pid_namespace):
    from csto_course.grading import leftovers

    bwrap_pid, namespace = pid_namespace
    assert namespace != leftovers._namespace(os.getpid()) and namespace.startswith("pid:[")
    inside = _in_namespace(namespace)
    assert {1, 2} <= set(inside) and len(inside) == 4
    assert sorted(leftovers.leftovers(namespace)) == sorted(pid for inner, pid in inside.items() if inner not in (1, 2))
    assert leftovers.end_leftovers(bwrap_pid) == 2
    assert leftovers.leftovers(namespace) == []
    assert set(_until(lambda: set(_in_namespace(namespace)) == {1, 2} and _in_namespace(namespace))) == {1, 2}, "the kernel lives on"
    assert leftovers.end_leftovers(bwrap_pid) == 0  # nothing left: nothing to do


def test_kill_signals_only_a_leftover_of_the_namespace_it_was_found_in(pid_namespace):
    import subprocess

    from csto_course.grading import leftovers

    _, namespace = pid_namespace
    inside = _in_namespace(namespace)
    leftovers._kill(inside[2], namespace)  # the kernel: not a leftover
    leftovers._kill(inside[1], namespace)  # bubblewrap's init: not a leftover
    outside = subprocess.Popen(["sleep", "600"])
    try:
        leftovers._kill(outside.pid, namespace)  # a process of another namespace (a pid reused since the look)
        assert outside.poll() is None
        assert _in_namespace(namespace) == inside
        (one, _) = [pid for inner, pid in inside.items() if inner not in (1, 2)]
        leftovers._kill(one, namespace)
        assert _until(lambda: one not in _in_namespace(namespace).values())
    finally:
        outside.kill()
        outside.wait()
    leftovers._kill(outside.pid, namespace)  # gone (reaped): nothing to open, no error


def test_an_ended_process_not_yet_reaped_counts_as_ended():
    import subprocess

    from csto_course.grading import leftovers

    assert leftovers._inner_pid(os.getpid()) is not None
    assert leftovers._namespace(os.getpid()).startswith("pid:[")
    child = subprocess.Popen(["true"])
    try:
        assert _until(lambda: open(f"/proc/{child.pid}/stat").read().rsplit(")", 1)[1].split()[0] == "Z"), "a zombie"
        assert leftovers._inner_pid(child.pid) is None
        assert leftovers._namespace(child.pid) is not None  # still listed in /proc, but it runs nothing
    finally:
        child.wait()
    assert leftovers._inner_pid(child.pid) is None and leftovers._namespace(child.pid) is None  # gone entirely


def test_a_process_without_a_sandbox_has_no_leftovers(tmp_path):
    import subprocess

    from csto_course.grading import leftovers

    plain = subprocess.Popen(["sleep", "600"])
    try:
        assert leftovers.sandbox_namespace(plain.pid) is None
        assert leftovers.end_leftovers(plain.pid) == 0
        assert leftovers._children(os.getpid()).count(plain.pid) == 1
    finally:
        plain.kill()
        plain.wait()


# --- execute.Kernel: the grader's hold on one kernel, with a stand-in jupyter_client ------------
class _StandInClient:
    """jupyter_client's blocking client as Kernel uses it: replies come from a script, one per poll."""

    def __init__(self, replies=(), ready_error=None):
        self.replies, self.ready_error = list(replies), ready_error
        self.sent, self.calls, self.polls = [], [], []
        self.iopub_channel = type("Channel", (), {"stop": lambda _self: self.calls.append("iopub stopped")})()

    def start_channels(self, **kwargs):
        self.calls.append(("start_channels", kwargs))

    def wait_for_ready(self, timeout):
        self.calls.append(("wait_for_ready", timeout))
        if self.ready_error:
            raise self.ready_error

    def stop_channels(self):
        self.calls.append("stop_channels")

    def execute(self, source, **kwargs):
        if source == "refused":
            import zmq

            raise zmq.Again()
        self.sent.append((source, kwargs))
        return f"msg-{len(self.sent)}"

    def get_shell_msg(self, timeout):
        from queue import Empty

        self.polls.append(timeout)
        if not self.replies:
            raise Empty
        reply = self.replies.pop(0)
        if reply == "nothing yet":
            raise Empty
        return reply


class _StandInManager:
    def __init__(self, client, alive=True, interrupt_error=None):
        self.client_, self.alive, self.interrupt_error = client, alive, interrupt_error
        self.calls = []
        self.provisioner = type("Provisioner", (), {"process": type("Process", (), {"pid": 4242})()})()

    def start_kernel(self, **kwargs):
        self.calls.append(("start_kernel", kwargs))

    def client(self, context):
        self.calls.append(("client", context))
        return self.client_

    def is_alive(self):
        return self.alive

    def interrupt_kernel(self):
        self.calls.append("interrupt")
        if self.interrupt_error:
            raise self.interrupt_error

    def shutdown_kernel(self, now):
        self.calls.append(("shutdown_kernel", now))


class _StandInContext:
    def __init__(self):
        self.lingered = []

    def destroy(self, linger=None):
        self.lingered.append(linger)


def _reply(msg_id, **content):
    return {"parent_header": {"msg_id": msg_id}, "content": content}


def _stand_in_kernel(replies=(), alive=True, sandbox=None, interrupt_error=None):
    """A Kernel wired to stand-ins, as __init__ leaves it."""
    import zmq

    from csto_course.grading.execute import Kernel

    kernel = object.__new__(Kernel)
    kernel.kc = _StandInClient(replies)
    kernel.km = _StandInManager(kernel.kc, alive, interrupt_error)
    kernel.sandbox, kernel.context = sandbox, zmq.Context()
    return kernel


def test_a_kernel_is_started_quiet_in_its_folder_with_bounded_messages(tmp_path, monkeypatch):
    import subprocess

    import zmq

    from csto_course.grading import execute

    made = []

    def manager(kernel_name, config):
        made.append((kernel_name, config))
        return _StandInManager(_StandInClient())

    monkeypatch.setattr(execute, "KernelManager", manager)
    kernel = execute.Kernel(str(tmp_path), "python3-custom", startup_timeout=7)
    try:
        ((name, config),) = made
        assert name == "python3-custom" and config.KernelManager.ip == str(tmp_path / "kernel")
        assert kernel.km.calls[0] == ("start_kernel", {"cwd": str(tmp_path), "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL})
        assert kernel.km.calls[1] == ("client", kernel.context) and kernel.sandbox is None
        assert kernel.context.getsockopt(zmq.MAXMSGSIZE) == 16 * 1024**2 == execute.Kernel.MAX_MESSAGE_BYTES
        assert kernel.context.getsockopt(zmq.SNDTIMEO) == 5000
        assert kernel.kc.calls == [("start_channels", {"stdin": False}), ("wait_for_ready", 7), "iopub stopped"]
    finally:
        kernel.context.destroy(linger=0)
    default = execute.Kernel(str(tmp_path))
    default.context.destroy(linger=0)
    assert made[-1][0] == "python3" and default.kc.calls[1] == ("wait_for_ready", 60)


def test_a_sandboxed_kernel_is_made_by_its_sandbox_and_one_that_never_gets_ready_is_closed(tmp_path):
    from csto_course.grading import execute

    client = _StandInClient()

    class Box:
        def kernel_manager(self, config):
            self.config = config
            return _StandInManager(client)

    box = Box()
    ready = execute.Kernel(str(tmp_path), sandbox=box)
    assert ready.sandbox is box and ready.km.calls[0][0] == "start_kernel"  # kept, for ending leftovers later
    ready.context.destroy(linger=0)
    client = _StandInClient(ready_error=RuntimeError("Kernel didn't respond in 60 seconds"))
    with pytest.raises(RuntimeError, match="didn't respond"):
        execute.Kernel(str(tmp_path), sandbox=box)
    assert box.config.KernelManager.transport == "ipc"
    assert client.calls[-1] == "stop_channels" and "iopub stopped" not in client.calls  # closed, not left running


def test_a_cell_reply_is_read_by_its_message_id_whatever_else_arrives():
    kernel = _stand_in_kernel(["nothing yet", _reply("someone-else", status="error"), _reply("msg-1", status="ok")])
    assert kernel.run("x = 1", 30) == ("ok", "", "")
    assert kernel.kc.sent == [("x = 1", {"store_history": False, "allow_stdin": False, "stop_on_error": False})]
    assert kernel._last == "msg-1" and set(kernel.kc.polls) == {kernel.POLL}


def test_a_failed_cell_says_its_error_in_bounded_words():
    kernel = _stand_in_kernel([_reply("msg-1", status="error", ename="E" * 300, evalue="v" * 900), _reply("msg-2", status="aborted")])
    assert kernel.run("boom", 30) == ("error", "E" * 200, "v" * 500)
    assert kernel.run("aborted", 30) == ("error", "Error", "")


def test_a_cell_without_a_reply_in_time_timed_out_and_a_dead_kernel_is_said_so():
    kernel = _stand_in_kernel()
    assert kernel.run("while True: pass", 0.3) == ("timeout", "Timeout", "ran longer than 1 s")
    assert kernel.run("while True: pass", 0) == ("timeout", "Timeout", "ran longer than 0 s")
    kernel.km.alive = False
    assert kernel.run("import os; os._exit(1)", 30) == ("kernel_died", "DeadKernel", "the kernel stopped")
    assert kernel.run("refused", 30) == ("kernel_died", "DeadKernel", "the kernel stopped answering")


def test_the_folder_guard_is_asked_about_once_a_second_while_a_cell_runs(monkeypatch):
    from csto_course.grading import execute

    clock = [1000.0]
    monkeypatch.setattr(execute.time, "monotonic", lambda: clock[0])

    class Guard:
        looks = 0

        def over(self):
            self.looks += 1
            return "it wrote more than 1 MB" if self.looks >= 2 else None

    kernel = _stand_in_kernel()

    def tick(timeout):  # each poll takes 0.6 s of the stand-in clock
        clock[0] += 0.6
        from queue import Empty

        raise Empty

    kernel.kc.get_shell_msg = tick
    guard = Guard()
    assert kernel.run("fill the disk", 30, guard) == ("disk", "DiskLimit", "it wrote more than 1 MB")
    assert guard.looks == 2 and clock[0] == pytest.approx(1002.4)  # looked at 1.2 s and 2.4 s, not at every poll
    clock[0] = 2000.0
    assert kernel.run("no guard", 2) == ("timeout", "Timeout", "ran longer than 2 s")


def test_an_interrupted_cell_is_stopped_only_if_the_kernel_answers_for_it():
    kernel = _stand_in_kernel([_reply("msg-1", status="ok"), _reply("msg-1", status="error", ename="KeyboardInterrupt")])
    assert kernel.interrupt() is False  # nothing sent yet: nothing to interrupt
    assert kernel.km.calls == []
    kernel.run("x = 1", 30)
    assert kernel.interrupt(wait=5) is True and kernel.km.calls == ["interrupt"]
    assert kernel.interrupt(wait=0.2) is False  # no answer: the cell goes on
    kernel.km.alive = False
    assert kernel.interrupt() is False and kernel.km.calls == ["interrupt", "interrupt"]
    stubborn = _stand_in_kernel(interrupt_error=RuntimeError("cannot signal"))
    stubborn._last = "msg-1"
    assert stubborn.interrupt() is False


def test_leftovers_are_ended_only_in_a_sandbox_and_closing_lets_go_of_everything(monkeypatch):
    from csto_course.grading import execute

    ended = []
    monkeypatch.setattr(execute, "end_leftovers", lambda pid: ended.append(pid) or 3)
    plain = _stand_in_kernel()
    assert plain.end_leftovers() == 0 and ended == []
    boxed = _stand_in_kernel(sandbox=object())
    assert boxed.end_leftovers() == 3 and ended == [4242]  # bubblewrap's pid, whose namespace holds the cells' processes
    context, boxed.context = boxed.context, _StandInContext()
    boxed.close()
    assert boxed.kc.calls == ["stop_channels"] and boxed.km.calls == [("shutdown_kernel", True)]
    assert boxed.context.lingered == [0]  # messages a dead kernel never takes are dropped, not waited for
    context.destroy(linger=0)
    plain.context.destroy(linger=0)


# --- the Dask engine, with a stand-in client (tests/test_grading_dask.py runs a real cluster) ------
class _StandInFuture:
    def __init__(self, fn, job):
        self.fn, self.job = fn, job

    def result(self):
        if self.job.student.startswith("lost"):
            raise RuntimeError("KilledWorker")
        return {"student": self.job.student, "graded by": self.fn}


class _StandInDaskClient:
    made: list = []

    def __init__(self, address=None, set_as_default=True):
        self.address, self.set_as_default = address, set_as_default
        self.submitted, self.cancelled, self.closed = [], None, False
        self.loop = object()
        _StandInDaskClient.made.append(self)

    def submit(self, fn, job, **kwargs):
        self.submitted.append((fn, job.student, kwargs))
        return _StandInFuture(fn, job)

    def cancel(self, futures):
        self.cancelled = futures

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.closed = True


class _Recorded:
    def __init__(self, stop_after=None):
        self.results, self.stop_after = [], stop_after

    def record(self, result):
        if self.stop_after is not None and len(self.results) == self.stop_after:
            raise KeyboardInterrupt
        self.results.append(result)


@pytest.fixture
def stand_in_dask(monkeypatch):
    distributed = pytest.importorskip("distributed")
    _StandInDaskClient.made = []
    loops = []

    def completed(futures, loop):
        loops.append(loop)
        return iter(futures)

    monkeypatch.setattr(distributed, "Client", _StandInDaskClient)
    monkeypatch.setattr(distributed, "as_completed", completed)
    return loops


def test_each_submission_is_a_dask_task_of_its_own_and_a_lost_worker_costs_only_its_own(tmp_path, stand_in_dask):
    import re

    jobs = [_job(tmp_path, "ana"), _job(tmp_path, "lost bo"), _job(tmp_path, "cy é")]
    run = _Recorded()
    batch._run_dask(jobs, "tcp://10.0.0.5:8786", run)
    (client,) = _StandInDaskClient.made
    assert (client.address, client.set_as_default, client.closed) == ("tcp://10.0.0.5:8786", False, True)
    assert stand_in_dask == [client.loop]
    assert [(fn, student) for fn, student, _ in client.submitted] == [
        (batch.grade_one, "ana"),
        (batch.grade_one, "lost bo"),
        (batch.grade_one, "cy é"),
    ]
    keys = [kwargs["key"] for _, _, kwargs in client.submitted]
    assert all(kwargs["pure"] is False for _, _, kwargs in client.submitted)  # the same submission twice is graded twice
    assert re.fullmatch(r"grade-ana-[0-9a-f]{8}", keys[0]) and keys[2].startswith(f"grade-{batch.safe_file_name('cy é')}-")
    assert [r["student"] for r in run.results] == ["ana", "lost bo", "cy é"]
    assert run.results[0]["graded by"] is batch.grade_one
    assert run.results[1]["warnings"] == ["Not graded: the Dask worker failed (RuntimeError). Nothing was lost; re-run to grade it."]
    assert client.cancelled is None


def test_a_connected_dask_client_is_used_as_it_is_and_an_interrupted_run_cancels_its_tasks(tmp_path, stand_in_dask):
    client = _StandInDaskClient("tcp://already:8786")
    _StandInDaskClient.made = []
    run = _Recorded(stop_after=1)
    jobs = [_job(tmp_path, "ana"), _job(tmp_path, "bo")]
    with pytest.raises(KeyboardInterrupt):
        batch._run_dask(jobs, client, run)
    assert _StandInDaskClient.made == [] and not client.closed  # not a second client, and not closed: it is the caller's
    assert [r["student"] for r in run.results] == ["ana"]
    assert client.cancelled is not None and len(client.cancelled) == 2 and all(isinstance(f, _StandInFuture) for f in client.cancelled)


def test_the_sandboxs_kernel_manager_starts_its_own_kernel_with_a_connection_file_its_user_can_read(box, tmp_path):
    from traitlets.config import Config

    from csto_course.grading import sandbox
    from csto_course.grading.execute import kernel_config

    config = kernel_config(str(tmp_path / "work"))
    manager = box.kernel_manager(config)
    assert isinstance(manager, sandbox.SandboxKernelManager) and manager.kernel_name == "csto-sandbox"
    assert manager.kernel_spec.display_name == "CSTO course sandbox"  # from the sandbox's own spec manager
    assert manager.transport == "ipc" and manager.ip == str(tmp_path / "work" / "kernel")
    folder, name = os.path.split(manager.connection_file)
    assert (
        folder == str(tmp_path / "work")
        and name.startswith("kernel-")
        and name.endswith(".json")
        and len(name) == len("kernel-12345678.json")
    )
    assert manager.sandbox_uid == box.uid
    other = box.kernel_manager(Config())
    assert other.connection_file != manager.connection_file
    if box.as_root:
        assert other.sandbox_uid == box.uid != manager.sandbox_uid  # each kernel a user of its own
        manager.write_connection_file()
        assert os.stat(manager.connection_file).st_uid == manager.sandbox_uid  # the sandbox's user reads it
    plain = sandbox.SandboxKernelManager(kernel_name="python3", config=kernel_config(str(tmp_path)))
    plain.connection_file = str(tmp_path / "plain.json")
    plain.write_connection_file()
    assert os.stat(plain.connection_file).st_uid == os.getuid()  # no sandbox user: left as it is


def test_bubblewrap_is_found_on_the_path(monkeypatch, tmp_path):
    from csto_course.grading import sandbox

    fake = tmp_path / "bin" / "bwrap"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    assert sandbox.bwrap_path() == str(fake)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert sandbox.bwrap_path() is None


def test_a_process_named_to_confuse_the_reader_is_still_found_and_counted(tmp_path):
    """A cell can name its process anything: ")" and bytes that are not text must not hide it from the grader."""
    import subprocess

    from csto_course.grading import leftovers

    name = os.fsencode(tmp_path) + b"/x) \xff"
    os.symlink(b"/bin/sleep", name)
    odd = subprocess.Popen([name, b"600"])
    try:
        assert _until(lambda: b"(x) \xff)" in open(f"/proc/{odd.pid}/stat", "rb").read())
        assert odd.pid in leftovers._children(os.getpid())
        assert leftovers._inner_pid(odd.pid) is not None  # alive, so a leftover if it were in a sandbox
    finally:
        odd.kill()
        odd.wait()


def test_a_process_gone_between_listing_and_reading_is_skipped(monkeypatch):
    import subprocess

    from csto_course.grading import leftovers

    child = subprocess.Popen(["sleep", "600"])
    try:
        real = os.listdir("/proc")
        monkeypatch.setattr(leftovers.os, "listdir", lambda path: ["999999999", *real])  # above any pid_max: gone
        assert child.pid in leftovers._children(os.getpid())
        assert leftovers._inner_pid(999999999) is None and leftovers._namespace(999999999) is None
    finally:
        child.kill()
        child.wait()


def test_a_process_whose_children_share_its_namespace_is_no_sandbox():
    """Without this, a plain process's children would make its own (the host's) namespace look like a sandbox."""
    import subprocess

    from csto_course.grading import leftovers

    shell = subprocess.Popen(["sh", "-c", "sleep 600; true"])  # sh waits for a child of its own
    try:
        assert _until(lambda: leftovers._children(shell.pid))
        assert leftovers.sandbox_namespace(shell.pid) is None
        assert leftovers.end_leftovers(shell.pid) == 0
    finally:
        for pid in leftovers._children(shell.pid):
            os.kill(pid, 9)
        shell.kill()
        shell.wait()


# --- answers: every time unit pandas and numpy use comes back in that unit -----------------------


def _roundtrip(value, tmp_path):
    from csto_course.grading import answers

    answers.export({"x": value}, ["x"], str(tmp_path / "a.json"))
    values, problems = answers.load(tmp_path / "a.json")
    assert problems == {}
    return values["x"]


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_times_in_every_unit_come_back_in_that_unit(unit, tmp_path):
    """pandas 3 reads "2024-02-22" in microseconds, but a student's code may give seconds, ms or ns."""
    import pandas as pd

    stamp = pd.Timestamp("2024-02-22 10:00:01").as_unit(unit)
    back = _roundtrip(stamp, tmp_path)
    assert back == stamp and back.unit == unit
    frame = pd.DataFrame(
        {
            "when": pd.to_datetime(["1992-05-15", None]).as_unit(unit),
            "where": pd.to_datetime(["2022-01-06 10:00", "2022-01-13 00:00"]).tz_localize("Asia/Almaty").as_unit(unit),
            "how_long": pd.to_timedelta(["705 days", None]).as_unit(unit),
        }
    )
    pd.testing.assert_frame_equal(_roundtrip(frame, tmp_path), frame, check_exact=True)


def test_a_time_unit_that_is_not_text_is_refused_as_such():
    from csto_course.grading import answers

    record = {"values": {"x": {"t": "Timestamp", "v": "2024-01-01", "unit": 5}}, "problems": {}}
    with pytest.raises(answers.AnswerFileError, match=r"^'unit' has the wrong type$"):
        answers.loads(json.dumps(record))


def test_a_named_range_index_keeps_its_name(tmp_path):
    """A row number named by the student (df.rename_axis("row")) is still a RangeIndex, and still named."""
    import pandas as pd

    frame = pd.DataFrame({"v": [3, 1]}).rename_axis("row")
    assert type(frame.index) is pd.RangeIndex
    back = _roundtrip(frame, tmp_path)
    pd.testing.assert_frame_equal(back, frame, check_exact=True, check_index_type=True)
    assert back.index.name == "row"


def _nested(levels, inner=None, kind=list):
    for _ in range(levels):
        inner = kind([inner])
    return inner


def _deepest_accepted(make):
    from csto_course.grading import answers

    accepted = []
    for levels in range(answers.MAX_DEPTH - 8, answers.MAX_DEPTH + 4):
        try:
            answers._encode(make(levels))
        except answers.Unsupported as exc:
            assert str(exc) == "it is nested too deeply"
        else:
            accepted.append(levels)
    assert accepted == list(range(answers.MAX_DEPTH - 8, accepted[-1] + 1))  # no gaps
    return accepted[-1]


def test_the_nesting_limit_counts_the_levels_of_a_table_around_a_value():
    """MAX_DEPTH levels from the answer itself: a table's cells and its index's name are two levels down.

    A self-containing value must meet the limit however it is wrapped, never recursing past Python's stack.
    """
    import pandas as pd

    from csto_course.grading import answers

    limit = answers.MAX_DEPTH
    assert _deepest_accepted(_nested) == limit
    assert _deepest_accepted(lambda n: pd.Series([_nested(n)], dtype=object)) == limit - 2
    assert _deepest_accepted(lambda n: pd.Series([1], index=pd.RangeIndex(0, 1, name=_nested(n, "x", tuple)))) == limit - 2
    assert _deepest_accepted(lambda n: pd.Series([1], index=pd.Index(["a"], name=_nested(n, "x", tuple)))) == limit - 2
    assert _deepest_accepted(lambda n: pd.Series([1], index=pd.Index([_nested(n)], dtype=object))) == limit - 3  # a label of an index
    assert _deepest_accepted(lambda n: pd.Series(pd.Categorical([_nested(n, "x", tuple)]))) == limit - 4  # a category's label
    selfish = pd.Series([None], dtype=object)
    selfish[0] = selfish
    with pytest.raises(answers.Unsupported, match=r"^it is nested too deeply$"):
        answers._encode(selfish)


# --- score: each task is graded from its own cells -------------------------------------------------


def test_a_task_is_graded_from_its_own_answer_not_an_earlier_tasks():
    """An infinite loop in task 1's answer is task 1's timeout; task 2, which ran and passed, keeps its points."""
    second = Task("t2", 3.0, "auto", ["a2"], ["y"], "assert y == 2")
    results = [
        _cell("answer", "a1", "timeout"),
        _cell("export", "t1", "ok"),
        _cell("answer", "a2", "ok"),
        _cell("export", "t2", "ok"),
    ]
    checks = {"t1": CheckResult("t1", "error", "NameError", "name 'x' is not defined"), "t2": CheckResult("t2", "ok")}
    first, then = grade_tasks(_assembled([AUTO, second], {"a1": "while True: pass", "a2": "y = 2"}), results, 30, checks)
    assert (first.status, first.points) == (Status.TIMEOUT, 0.0)
    assert (then.task, then.status, then.points, then.message) == ("t2", Status.PASSED, 3.0, "All checks passed.")


# --- the instructor's terminal: twenty warnings, then a count -----------------------------------


def test_the_summary_shows_twenty_warnings_and_counts_the_rest():
    stream = io.StringIO()
    terminal.summary(stream, [f"w{i}" for i in range(21)])
    lines = stream.getvalue().splitlines()
    assert lines[0] == "21 thing(s) to check by hand:"
    assert lines[1:21] == [f"  - w{i}" for i in range(20)]
    assert lines[21:] == ["  ... and 1 more (see the feedback files)."]
    stream = io.StringIO()
    terminal.summary(stream, [f"w{i}" for i in range(20)])
    assert len(stream.getvalue().splitlines()) == 21 and "more" not in stream.getvalue()


# --- assembling without metadata: a locked code cell that opens with a comment is still locked ------


def test_without_metadata_a_setup_cell_that_opens_with_a_comment_is_still_the_setup():
    """A "# comment" first line is no Markdown heading in a code cell: the cell is found as the locked setup."""

    def commented(nb):
        nb.cells[1].source = "# the base of every count\nbase = 1"
        return nb

    sub = commented(_released())
    sub.cells[3].source = "x = 1"
    for cell in sub.cells:
        cell.metadata = {}
    assembled = assemble(commented(_solution()), commented(_released()), _submission(sub))
    assert assembled.answers == {"a1": "x = 1", "essay": "YOUR ANSWER HERE"} and assembled.missing == set()
    assert [role for role in _roles(assembled) if role[0] != "export"] == [
        ("setup", None, "# the base of every count\nbase = 1"),
        ("answer", "a1", "x = 1"),
    ]


def test_a_dtype_is_read_only_from_a_short_plain_text():
    """np.dtype() parses what it is given: only names, units and time zones of at most 40 characters reach it."""
    from csto_course.grading import answers

    for text in ("int64", "Int64", "<M8[ns]", "|b1", "datetime64[ns, Asia/Almaty]", "Etc/GMT+5", "Etc/GMT-5", "a:b", "a" * 40):
        assert answers._dtype_str(text) == text
    for text in ("a" * 41, "O; import os", "int64\n", "int64.", "(int64)", "'int64'", "int64\x00"):
        with pytest.raises(answers.AnswerFileError, match=r"^an unreadable dtype$"):
            answers._dtype_str(text)


def test_a_range_index_with_a_step_comes_back_with_it(tmp_path):
    """Every other row (df.iloc[::2]) keeps a RangeIndex, with a step of 2."""
    import pandas as pd

    frame = pd.DataFrame({"v": range(7)}).iloc[1::3]
    assert type(frame.index) is pd.RangeIndex and frame.index.step == 3
    back = _roundtrip(frame, tmp_path)
    pd.testing.assert_frame_equal(back, frame, check_exact=True, check_index_type=True)
    assert list(back.index) == [1, 4]


def _node(levels, kind="list"):
    node = {"t": "str", "v": "x"}
    for _ in range(levels):
        node = {"t": kind, "items": [node]}
    return node


def _deepest_read(make):
    from csto_course.grading import answers

    read = []
    for levels in range(answers.MAX_DEPTH - 2, answers.MAX_DEPTH + 10):
        try:
            answers.loads(json.dumps({"values": {"x": make(levels)}, "problems": {}}))
        except answers.AnswerFileError as exc:
            assert str(exc) == "values nested too deeply"
        else:
            read.append(levels)
    assert read == list(range(answers.MAX_DEPTH - 2, read[-1] + 1))  # no gaps
    return read[-1]


def test_the_reader_counts_the_levels_of_a_table_around_a_value_too():
    """The reader allows MAX_DEPTH + 5 levels (a margin over what export writes), counted from the answer itself."""
    from csto_course.grading import answers

    def in_range_index_name(levels):
        index = {"kind": "range", "start": 0, "stop": 1, "step": 1, "name": _node(levels, "tuple")}
        values = {"kind": "values", "dtype": "int64", "values": [{"t": "int", "v": "1"}]}
        return {"t": "Series", "name": {"t": "none"}, "index": index, "values": values}

    one = {"kind": "values", "dtype": "int64", "values": [{"t": "int", "v": "1"}]}

    def in_series_with(index):
        return {"t": "Series", "name": {"t": "none"}, "index": index, "values": one}

    def labels(levels):
        return {"kind": "values", "dtype": "object", "values": [_node(levels, "tuple")]}

    limit = answers.MAX_DEPTH + 5
    assert _deepest_read(_node) == limit
    assert _deepest_read(in_range_index_name) == limit - 2
    assert _deepest_read(lambda n: in_series_with({"kind": "multi", "names": [_node(n, "tuple")], "levels": [one]})) == limit - 2
    assert _deepest_read(lambda n: in_series_with({"kind": "multi", "names": [{"t": "none"}], "levels": [labels(n)]})) == limit - 3
    assert _deepest_read(lambda n: in_series_with({"kind": "index", "name": _node(n, "tuple"), "values": one})) == limit - 2
    assert _deepest_read(lambda n: in_series_with({"kind": "index", "name": {"t": "none"}, "values": labels(n)})) == limit - 3
    categories = {"kind": "index", "name": {"t": "none"}}  # a category of a column: ndarray, column, categories, labels
    column = {"kind": "category", "ordered": False, "codes": [0]}
    assert _deepest_read(lambda n: {"t": "ndarray", "values": {**column, "categories": {**categories, "values": labels(n)}}}) == limit - 4


_ONE = {"kind": "values", "dtype": "int64", "values": [{"t": "int", "v": "1"}]}
_RANGE = {"kind": "range", "start": 0, "stop": 1, "step": 1, "name": {"t": "none"}}
_NONE = {"t": "none"}


@pytest.mark.parametrize(
    "node, field, wrong",
    [
        ({"t": "bool", "v": True}, "v", "yes"),
        ({"t": "int", "v": "1"}, "v", 1),
        ({"t": "float", "v": "1.5"}, "v", 1.5),
        ({"t": "list", "items": []}, "items", "ab"),
        ({"t": "set", "items": []}, "items", {}),
        ({"t": "dict", "items": []}, "items", "ab"),
        ({"t": "Timestamp", "v": "2024-01-01", "unit": "s"}, "v", 0),
        ({"t": "Timedelta", "ns": "5"}, "ns", 5),
        ({"t": "numpy", "dtype": "<i8", "v": {"t": "int", "v": "1"}}, "dtype", 5),
        ({"t": "numpy", "dtype": "<i8", "v": {"t": "int", "v": "1"}}, "v", [{"t": "int", "v": "1"}]),
        ({"t": "ndarray", "values": _ONE}, "values", []),
        ({"t": "Series", "name": _NONE, "index": _RANGE, "values": _ONE}, "values", []),
        ({"t": "Series", "name": _NONE, "index": _RANGE, "values": _ONE}, "index", []),
        ({"t": "Series", "name": _NONE, "index": _RANGE, "values": _ONE}, "name", "s"),
        ({"t": "DataFrame", "columns": _RANGE, "index": _RANGE, "data": [_ONE]}, "columns", []),
        ({"t": "DataFrame", "columns": _RANGE, "index": _RANGE, "data": [_ONE]}, "index", []),
        ({"t": "DataFrame", "columns": _RANGE, "index": _RANGE, "data": [_ONE]}, "data", {}),
        ({"t": "Index", "index": _RANGE}, "index", []),
        ({"t": "altair", "class": "Chart", "spec": {"mark": "bar", "data": {"values": [{"a": 1}]}}}, "class", 5),
        ({"t": "altair", "class": "Chart", "spec": {"mark": "bar", "data": {"values": [{"a": 1}]}}}, "spec", []),
        ({"t": "ndarray", "values": {"kind": "values", "dtype": "int64", "values": []}}, "values.dtype", 5),
        ({"t": "ndarray", "values": {"kind": "values", "dtype": "int64", "values": []}}, "values.values", {}),
        ({"t": "ndarray", "values": {"kind": "datetime", "unit": "s", "i8": []}}, "values.i8", {}),
        ({"t": "ndarray", "values": {"kind": "category", "ordered": False, "categories": _RANGE, "codes": []}}, "values.codes", {}),
        ({"t": "ndarray", "values": {"kind": "category", "ordered": False, "categories": _RANGE, "codes": []}}, "values.ordered", "no"),
        ({"t": "ndarray", "values": {"kind": "category", "ordered": False, "categories": _RANGE, "codes": []}}, "values.categories", []),
        ({"t": "Index", "index": {"kind": "index", "name": _NONE, "values": _ONE}}, "index.name", "i"),
        ({"t": "Index", "index": {"kind": "index", "name": _NONE, "values": _ONE}}, "index.values", []),
    ],
)
def test_every_field_of_a_forged_answers_file_is_checked_for_its_type(node, field, wrong):
    """A field of the wrong type is refused by name, before Python's int(), bool() or pandas make something of it."""
    from csto_course.grading import answers

    answers.loads(json.dumps({"values": {"x": node}, "problems": {}}))  # as it is, it is read
    forged = json.loads(json.dumps(node))
    *path, key = field.split(".")
    target = forged
    for part in path:
        target = target[part]
    target[key] = wrong
    with pytest.raises(answers.AnswerFileError) as err:
        answers.loads(json.dumps({"values": {"x": forged}, "problems": {}}))
    assert str(err.value) == f"{key!r} has the wrong type"


def test_more_kinds_of_value_keep_their_type_and_value(tmp_path):
    import altair as alt
    import numpy as np
    import pandas as pd

    assert _roundtrip(pd.NaT, tmp_path) is pd.NaT and _roundtrip(pd.NA, tmp_path) is pd.NA
    for value in (
        frozenset({1, "a"}),
        np.int32(7),
        np.uint8(3),
        np.float32(0.5),
        np.timedelta64(5, "s"),
        np.datetime64("2024-01-01T10:00", "m"),
    ):
        back = _roundtrip(value, tmp_path)
        assert type(back) is type(value) and back == value and getattr(back, "dtype", None) == getattr(value, "dtype", None)
    array = _roundtrip(np.array([1, 2]), tmp_path)
    assert type(array) is np.ndarray and array.dtype == np.int64 and array.tolist() == [1, 2]
    pd.testing.assert_index_equal(_roundtrip(pd.Index(["a", "b"], name="k"), tmp_path), pd.Index(["a", "b"], name="k"), exact=True)
    pd.testing.assert_index_equal(_roundtrip(pd.RangeIndex(3), tmp_path), pd.RangeIndex(3), exact=True)
    chart = alt.Chart(pd.DataFrame({"a": [1, 2]})).mark_bar().encode(x="a")
    back = _roundtrip(chart, tmp_path)
    assert type(back) is alt.Chart and back.to_dict() == chart.to_dict()
    pd.testing.assert_frame_equal(back.data, chart.data, check_exact=True)


def test_a_name_the_student_never_defined_does_not_stop_the_export_of_the_next(tmp_path):
    """The names after an undefined one are still carried, into a folder the kernel makes."""
    from csto_course.grading import answers

    path = tmp_path / "answers" / "task" / "t1.json"
    answers.export({"total": 9, "share": 0.5}, ["missing", "total", "also_missing", "share"], str(path))
    assert answers.load(path) == ({"total": 9, "share": 0.5}, {})
    assert not path.with_suffix(".part").exists()


def test_an_unordered_category_column_stays_unordered(tmp_path):
    import pandas as pd

    frame = pd.DataFrame({"c": pd.Categorical(["b", "a", "b"], categories=["b", "a"], ordered=False)})
    back = _roundtrip(frame, tmp_path)
    pd.testing.assert_frame_equal(back, frame, check_exact=True, check_categorical=True)
    assert back["c"].cat.ordered is False


def test_lookalikes_of_numpy_pandas_and_altair_values_are_refused():
    """Only the libraries' own classes are carried: a student's class of the same name or a subclass could lie."""
    import numpy as np

    from csto_course.grading import answers

    class Chart:  # named like altair's
        def to_dict(self):
            return {"mark": "bar"}

    class Loose(np.float64):
        def __eq__(self, other):
            return True

    for value, why in (
        (Chart(), "Chart"),
        (Loose(1.0), "Loose"),
    ):
        with pytest.raises(answers.Unsupported, match=f"^it is a {__name__}.*{why}$"):
            answers._encode(value)


def test_an_object_column_of_text_only_stays_object(tmp_path):
    """pandas 3 makes "str" of text it is given without a dtype; a column the student kept as object must stay so."""
    import pandas as pd

    names = pd.Series(["Tashkent", None, "Minsk"], dtype=object, name="name")
    frame = pd.DataFrame({"name": names, "code": ["UZ", "RU", "BY"]}).set_axis(pd.Index(["a", "a", "b"], dtype=object))
    back = _roundtrip(frame, tmp_path)
    pd.testing.assert_frame_equal(back, frame, check_exact=True, check_index_type=True)
    assert back["name"].dtype == object and back["name"].iloc[1] is None and back["code"].dtype == frame["code"].dtype
    assert back.index.dtype == object
    pd.testing.assert_series_equal(_roundtrip(names, tmp_path), names, check_exact=True)
    pd.testing.assert_index_equal(_roundtrip(pd.Index(["a", "b"], dtype=object), tmp_path), pd.Index(["a", "b"], dtype=object), exact=True)


def test_cell_and_check_statuses_are_named_members_and_a_misspelt_one_is_refused():
    """What a sandboxed checker sends as words comes back as members; a typo fails at once, not as a wrong grade."""
    from csto_course.grading.errors import CellStatus, CheckStatus

    sent = json.loads(json.dumps([CheckResult("t1", CheckStatus.UNEXPORTABLE, "Unsupported", "x").__dict__]))
    assert sent[0]["status"] == "unexportable"
    assert CheckResult(**sent[0]).status is CheckStatus.UNEXPORTABLE
    assert CellResult(0, "answer", "a1", "kernel_died").status is CellStatus.KERNEL_DIED
    assert f"{CellStatus.NOT_RUN}" == "not_run"
    with pytest.raises(ValueError):
        CheckResult("t1", "passd")
    with pytest.raises(ValueError):
        CellResult(0, "answer", "a1", "timed_out")


# --- the checker's child, server and helpers, run in this process -------------------------------
# mutmut picks the tests of a function by what the test process itself calls: a call made in a child
# (_forked) is not seen, so these call the checker here, guarded so that a planted bug fails the test
# instead of ending the test process or leaving a second copy of it running.


def _in_this_process(fn, tmp_path, monkeypatch):
    """fn() here. The grader's process must not exit (os._exit raises in it), and a forked child that comes
    back into the caller's code instead of vanishing is stopped and reported."""
    me, real_exit = os.getpid(), os._exit
    stray = tmp_path / "a-child-came-back"

    def exit_(code):
        if os.getpid() == me:
            raise AssertionError(f"the grader's own process called os._exit({code!r})")
        real_exit(code)

    monkeypatch.setattr(os, "_exit", exit_)
    try:
        result = fn()
    finally:
        if os.getpid() != me:
            stray.touch()
            real_exit(0)
        monkeypatch.setattr(os, "_exit", real_exit)
    assert not stray.exists(), "a forked child came back into the grader's code instead of vanishing"
    return result


def _results(results):
    return [(r.task, r.status, r.ename, r.evalue) for r in results]


def test_the_childs_own_failure_is_a_grader_error_for_every_task(tmp_path, monkeypatch):
    from csto_course.grading import checker

    broken = [{"task": "t1", "source": "pass", "answers": []}, {"task": "t2", "source": "pass", "answers": []}]  # no text, no file
    results = _in_this_process(lambda: checker._in_child({}, broken, 5), tmp_path, monkeypatch)
    assert _results(results) == [
        ("t1", "grader_error", "CheckerFailed", "the checker failed (KeyError)"),
        ("t2", "grader_error", "CheckerFailed", "the checker failed (KeyError)"),
    ]


def test_a_child_that_dies_without_a_word_gives_grader_errors_here(tmp_path, monkeypatch):
    from csto_course.grading import checker

    text = _answers_text(tmp_path, x=1)
    tests = [
        {"task": "t1", "source": "assert x == 1", "answers": ["x"], "text": text},
        {"task": "t2", "source": "import os; os._exit(3)", "answers": [], "text": text},
    ]
    assert _results(_in_this_process(lambda: checker._in_child({}, tests[:1], 5), tmp_path, monkeypatch)) == [("t1", "ok", "", "")]
    assert _results(_in_this_process(lambda: checker._in_child({}, tests, 5), tmp_path, monkeypatch)) == [
        ("t1", "grader_error", "CheckerFailed", "the checker ran out of time or stopped"),
        ("t2", "grader_error", "CheckerFailed", "the checker ran out of time or stopped"),
    ]


class _Clock:
    """checker.time for one _in_child: its first reading (the deadline's start) is 0; every later reading is
    `later`, and opens `release`, the file the child's checks wait for."""

    def __init__(self, later, release):
        self.readings, self.later, self.release = 0, later, release

    def monotonic(self):
        self.readings += 1
        if self.readings == 1:
            return 0.0
        self.release.touch()
        return self.later


def _waits_for(release) -> str:
    """A check that waits (at most 10 s) for the file `release`: the child is not done before the clock is read."""
    return f"import os, time\nfor _ in range(1000):\n    if os.path.exists({str(release)!r}):\n        break\n    time.sleep(0.01)\n"


def test_the_child_is_killed_at_its_deadline_and_reaped(tmp_path, monkeypatch):
    """The deadline is 30 s plus each task's time limit; when the clock reaches it, the child is killed at once
    (not given another second, nor waited for) and reaped."""
    from csto_course.grading import checker

    release, text = tmp_path / "go", _answers_text(tmp_path)
    tests = [{"task": f"t{i}", "source": _waits_for(release), "answers": [], "text": text} for i in (1, 2)]
    monkeypatch.setattr(checker, "time", _Clock(30 + 5 * 2, release))
    forks = []
    real_fork = os.fork

    def fork():
        pid = real_fork()
        forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    results = _in_this_process(lambda: checker._in_child({}, tests, 5), tmp_path, monkeypatch)
    monkeypatch.setattr(os, "fork", real_fork)
    assert _results(results) == [
        ("t1", "grader_error", "CheckerFailed", "the checker ran out of time or stopped"),
        ("t2", "grader_error", "CheckerFailed", "the checker ran out of time or stopped"),
    ]
    (pid,) = forks
    with pytest.raises(ChildProcessError):  # already reaped: no zombie per submission in the server
        os.waitpid(pid, os.WNOHANG)


def test_each_task_adds_its_time_limit_to_the_childs_deadline(tmp_path, monkeypatch):
    from csto_course.grading import checker

    release, text = tmp_path / "go", _answers_text(tmp_path)
    tests = [{"task": f"t{i}", "source": _waits_for(release), "answers": [], "text": text} for i in (1, 2)]
    monkeypatch.setattr(checker, "time", _Clock(40.0, release))  # 10 s before the deadline of 30 + 10 * 2
    results = _in_this_process(lambda: checker._in_child({}, tests, 10), tmp_path, monkeypatch)
    assert _results(results) == [("t1", "ok", "", ""), ("t2", "ok", "", "")]


def test_a_result_larger_than_a_pipe_comes_back_whole(tmp_path, monkeypatch):
    from csto_course.grading import checker

    text = _answers_text(tmp_path)
    tests = [{"task": f"t{i}", "source": f"raise AssertionError('{i}' + 'x' * 600)", "answers": [], "text": text} for i in range(200)]
    results = _in_this_process(lambda: checker._in_child({}, tests, 5), tmp_path, monkeypatch)
    assert len(json.dumps([r.__dict__ for r in results])) > 1 << 16
    assert _results(results) == [(f"t{i}", "error", "AssertionError", (f"{i}" + "x" * 600)[:500]) for i in range(200)]


def _serve_here(requests, tmp_path, monkeypatch, serve=None):
    """checker._serve (or `serve`) on these requests in this process; the result lines it wrote."""
    import sys

    from csto_course.grading import checker

    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(json.dumps(r) + "\n" for r in requests)))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert _in_this_process(serve or checker._serve, tmp_path, monkeypatch) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_server_runs_a_setup_once_for_the_requests_that_share_it(tmp_path, monkeypatch):
    runs = tmp_path / "setup-runs.txt"
    text = _answers_text(tmp_path, x=1)
    test = {"task": "t", "source": "assert x == base", "answers": ["x"], "text": text}
    setup_1, setup_2 = [f"open({str(runs)!r}, 'a').write('1'); base = 1"], [f"open({str(runs)!r}, 'a').write('2'); base = 1"]
    requests = [{"setup": s, "tests": [test]} for s in (setup_1, setup_1, setup_2, setup_2)]
    lines = _serve_here(requests, tmp_path, monkeypatch)
    assert [[r["status"] for r in line] for line in lines] == [["ok"]] * 4
    assert runs.read_text() == "12", "the server keeps the last setup's namespace and runs a new setup once"


def test_what_the_server_prints_outside_the_checks_goes_nowhere_and_breaks_nothing(tmp_path, monkeypatch):
    """Code outside the quieted checks (the answers' decoder, a library's warning) may write to stdout or stderr:
    the server sends that nowhere, and its real stdout carries only result lines."""
    import sys

    from csto_course.grading import answers

    real_loads = answers.loads

    def noisy_loads(text):
        sys.stdout.write("decoding\n")
        sys.stderr.write("a library's warning\n")
        return real_loads(text)

    monkeypatch.setattr(answers, "loads", noisy_loads)
    text = _answers_text(tmp_path, x=1)
    lines = _serve_here(
        [{"setup": [], "tests": [{"task": "t", "source": "assert x == 1", "answers": ["x"], "text": text}]}], tmp_path, monkeypatch
    )
    assert lines == [[{"task": "t", "status": "ok", "ename": "", "evalue": ""}]]


def test_the_checker_command_with_serve_answers_line_by_line(tmp_path, monkeypatch):
    from csto_course.grading import checker

    text = _answers_text(tmp_path, x=1)
    request = {"setup": ["base = 1"], "tests": [{"task": "t", "source": "assert x == base", "answers": ["x"], "text": text}]}
    lines = _serve_here([request, request], tmp_path, monkeypatch, serve=lambda: checker.main(["--serve"]))
    assert [[r["status"] for r in line] for line in lines] == [["ok"], ["ok"]]


def test_the_checks_and_the_setup_print_nowhere(tmp_path, capsys):
    text = _answers_text(tmp_path, x=1)
    setup = ["import sys\nsys.stdout.write('setup out'); sys.stderr.write('setup err'); print('setup print')"]
    test = {
        "task": "t",
        "source": "import sys\nsys.stdout.write('out'); sys.stderr.write('err'); assert x == 1",
        "answers": ["x"],
        "text": text,
    }
    assert _results(run_checks(setup, [test])) == [("t", "ok", "", "")]
    assert capsys.readouterr() == ("", "")


def test_the_setup_keeps_rfc3987_syntax_unimported_and_names_its_code(monkeypatch):
    """jsonschema builds rfc3987-syntax's parsers at import, about 1.4 s, for nothing grading uses (execute._CAP_OUTPUT)."""
    import sys

    monkeypatch.delitem(sys.modules, "rfc3987_syntax", raising=False)
    base = run_setup(["def helper():\n    pass"])
    assert "rfc3987_syntax" in sys.modules and sys.modules["rfc3987_syntax"] is None
    assert base["helper"].__code__.co_filename == "<setup>", "a traceback of the instructor's setup names it"


# An echo of the checker's protocol: one result line per request line, each task "ok" with the request's time limit.
_ECHO = (
    "import json, sys\n"
    "for line in sys.stdin:\n"
    "    request = json.loads(line)\n"
    "    results = [{'task': t['task'], 'status': 'ok', 'ename': '', 'evalue': repr(request.get('test_timeout'))} for t in request['tests']]\n"
    "    sys.stdout.write(json.dumps(results) + '\\n'); sys.stdout.flush()\n"
)


def test_the_server_is_sent_each_requests_time_limit_and_its_stderr_goes_nowhere(capfd):
    import sys

    from csto_course.grading.checker import CheckerServer

    server = CheckerServer([sys.executable, "-c", "import sys; sys.stderr.write('noise from the server'); sys.stderr.flush()\n" + _ECHO])
    try:
        (result,) = server.check([], [{"task": "t", "source": "pass", "answers": []}], test_timeout=0.3)
    finally:
        server.close()
    assert (result.task, result.status, result.evalue) == ("t", "ok", "0.3")
    assert capfd.readouterr().err == "", "the server's stderr is not the grader's terminal"


def test_a_server_silent_past_its_budget_is_replaced(monkeypatch):
    """The server gets 120 s plus each task's time limit to answer; past that (here the clock says so at once,
    although the server has answered) its answer is not read, and the server is killed."""
    import sys
    import types

    from csto_course.grading import checker

    waited = []

    def select(r, w, x, timeout=None):
        waited.append(timeout)
        return [], [], []

    server = checker.CheckerServer([sys.executable, "-c", _ECHO])
    tests = [{"task": "t1", "source": "pass", "answers": []}, {"task": "t2", "source": "pass", "answers": []}]
    try:
        proc = server._start()
        (warm,) = server.check([], tests[:1])  # the echo answers: the server is up
        assert warm.status == "ok"
        monkeypatch.setattr(checker, "select", types.SimpleNamespace(select=select))
        results = server.check([], tests, test_timeout=0.5)
    finally:
        server.close()
    assert waited == [120 + 0.5 * 2]
    assert _results(results) == [
        ("t1", "grader_error", "CheckerFailed", "the checker stopped or ran out of time"),
        ("t2", "grader_error", "CheckerFailed", "the checker stopped or ran out of time"),
    ]
    assert server.proc is None and proc.poll() is not None


def test_closing_waits_for_the_killed_server_a_bounded_time():
    from csto_course.grading.checker import CheckerServer

    class Proc:
        def __init__(self):
            self.calls = []

        def kill(self):
            self.calls.append("kill")

        def wait(self, timeout=None):
            self.calls.append(timeout)

    server, proc = CheckerServer(["unused"]), Proc()
    server.proc = proc  # type: ignore[assignment]
    server.close()
    assert proc.calls[0] == "kill" and isinstance(proc.calls[1], (int, float)) and server.proc is None


def test_a_workers_server_is_finished_when_the_worker_exits():
    """multiprocessing runs, when a worker process ends, the finalizers that have an exit priority (>= 0 first)."""
    from multiprocessing import util

    from csto_course.grading import checker

    before = set(util._finalizer_registry)
    cleaned = []
    server = checker.server_for("unit-test-exit", lambda: (None, lambda: cleaned.append(True)))
    try:
        proc = server._start()
        (key,) = set(util._finalizer_registry) - before
        assert key[0] is not None and key[0] >= 0, "run at exit, before the finalizers without a priority"
        util._finalizer_registry[key]()  # what multiprocessing's exit function does with it
        assert cleaned == [True] and server.proc is None and proc.poll() is not None
    finally:
        checker._servers.pop("unit-test-exit").finish()


def test_a_code_answer_graded_by_hand_keeps_its_code_for_the_instructor():
    solution = _solution()
    solution.cells.append(nbformat.v4.new_code_cell("plot = chart()", metadata=_meta("own_chart", solution=True, grade=True, points=4)))
    released = _released()
    released.cells.append(
        nbformat.v4.new_code_cell(
            "# YOUR CODE HERE\nraise NotImplementedError()", metadata=_meta("own_chart", solution=True, grade=True, points=4)
        )
    )
    sub = copy.deepcopy(released)
    sub.cells[-1].source = "plot = bars(members, by='year')"
    assembled = assemble(solution, released, _submission(sub))
    assert assembled.manual_text["own_chart"] == "plot = bars(members, by='year')"
    grade = grade_tasks(assembled, [], 30)[-1]
    assert (grade.task, grade.status, grade.message) == (
        "own_chart",
        Status.NEEDS_MANUAL,
        "Written answer (4 words): graded by the instructor.",
    )
    untouched = grade_tasks(assemble(solution, released, _submission(released)), [], 30)[-1]
    assert untouched.message == "Written answer (0 words): graded by the instructor.", "nbgrader's stub is not an answer"


def test_an_nbgrader_task_cell_is_a_task_graded_by_hand_and_its_points_count():
    """A Markdown cell with points and no answer (nbgrader's "manually graded task", or an older grade-only Markdown cell)."""
    solution = _solution()
    solution.cells.append(nbformat.v4.new_markdown_cell("Overall clarity.", metadata=_meta("overall", task=True, points=2)))
    solution.cells.append(nbformat.v4.new_markdown_cell("Sources.", metadata=_meta("sources", grade=True, solution=False, points=1)))
    solution.cells.append(nbformat.v4.new_markdown_cell("No points here.", metadata=_meta("note", locked=True)))
    tasks = tasks_of(solution)
    assert [(t.grade_id, t.kind, t.answer_ids, t.points, t.whole_notebook) for t in tasks][-2:] == [
        ("overall", "manual", [], 2.0, True),
        ("sources", "manual", [], 1.0, True),
    ]
    assert not any(t.whole_notebook for t in tasks[:-2]), "a written answer has its own cell"
    released = _released()
    released.cells += copy.deepcopy(solution.cells[-3:])
    grades = grade_tasks(assemble(solution, released, _submission(released)), [], 30)
    assert [(g.task, g.points, g.max_points, g.status, g.message) for g in grades][-2:] == [
        ("overall", None, 2.0, Status.NEEDS_MANUAL, "Graded by the instructor from the whole notebook."),
        ("sources", None, 1.0, Status.NEEDS_MANUAL, "Graded by the instructor from the whole notebook."),
    ]


@pytest.mark.parametrize("points", [None, "three", [2]])
def test_points_that_are_not_a_number_name_their_cell(points):
    """An instructor's own solution with broken points gets a sentence naming the cell, not a raw float() error."""
    from csto_course.grading.errors import SolutionInvalid

    for meta in (_meta("overall", task=True, points=points), _meta("essay2", solution=True, grade=True, points=points)):
        solution = _solution()
        solution.cells.append(nbformat.v4.new_markdown_cell("Why?", metadata=meta))
        with pytest.raises(SolutionInvalid) as caught:
            tasks_of(solution)
        gid = meta["nbgrader"]["grade_id"]
        assert str(caught.value) == (
            f"The solution's cell {gid!r} gives its points as {points!r}; set them to a number "
            "(nbgrader's cell toolbar, or the cell's metadata) and run this again."
        )
    assert isinstance(caught.value, ValueError), "`csto-course grade` reports it as it reports other bad input"
