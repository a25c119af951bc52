"""No grade is ever lost: re-runs, --force, a second run, another exercise, a crash, Ctrl-C, Excel."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from submission_factory import REPO, perfect, processes_with, with_answer, write

from csto_course.grading import Limits, grade_batch, gradebook
from csto_course.grading.errors import GradingLocked, Status
from csto_course.grading.lock import out_folder_lock

LIMITS = Limits(cell_timeout=5, notebook_timeout=60)


def book(out: Path) -> dict[tuple[str, str, str], dict]:
    return {gradebook.key(r): r for r in gradebook.read(out / "gradebook.csv")}


def set_points(out: Path, student: str, task: str, points: str) -> None:
    rows = gradebook.read(out / "gradebook.csv")
    for r in rows:
        if r["student"] == student and r["task"] == task:
            r["points"] = points
    with open(out / "gradebook.csv", "w", newline="", encoding="utf-8") as fh:  # as a spreadsheet would save it
        writer = csv.DictWriter(fh, fieldnames=gradebook.COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def grade(subs, out, **options):
    return grade_batch(
        options.pop("exercise", "01"), subs, out, jobs=options.pop("jobs", 1), limits=LIMITS, stream=io.StringIO(), **options
    )


@pytest.fixture
def one_student(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write(subs, "ada", with_answer("task2-answer", "days_to_force = 700"))
    return subs, tmp_path / "out"


def test_points_typed_on_any_row_survive_force_and_are_flagged_when_the_submission_changes(one_student):
    subs, out = one_student
    grade(subs, out)
    assert book(out)[("01_origins", "ada", "task2-tests")]["points"] == "0.0"
    set_points(out, "ada", "task2-tests", "1.5")  # partial credit on an automatic row
    set_points(out, "ada", "task6-answer", "3")  # the written answer
    grade(subs, out, force=True)
    rows = book(out)
    assert (rows[("01_origins", "ada", "task2-tests")]["points"], rows[("01_origins", "ada", "task2-tests")]["status"]) == (
        "1.5",
        Status.MANUAL,
    )
    assert rows[("01_origins", "ada", "task6-answer")]["points"] == "3"
    assert rows[("01_origins", "ada", "task1-tests")]["status"] == Status.PASSED  # untouched rows stay the grader's
    write(subs, "ada", perfect())  # the student hands in again
    summary = grade(subs, out)
    row = book(out)[("01_origins", "ada", "task2-tests")]
    assert row["points"] == "1.5" and "the submission changed after this grade was entered" in row["message"]
    assert "the grader now says: passed" in row["message"]
    assert any("submission changed" in w for w in summary["warnings"])


def test_a_second_run_into_the_same_folder_is_refused(one_student):
    subs, out = one_student
    with out_folder_lock(out):
        with pytest.raises(GradingLocked, match="Another grading run is writing to"):
            grade(subs, out)
    grade(subs, out)  # the lock went with the first run
    assert book(out)


def test_another_exercise_into_the_same_folder_keeps_both(one_student, tmp_path):
    subs, out = one_student
    grade(subs, out)
    other = tmp_path / "subs02"
    other.mkdir()
    write(other, "ada", perfect("02_membership"))
    grade(other, out, exercise="02")
    exercises = {k[0] for k in book(out)}
    assert exercises == {"01_origins", "02_membership"}
    assert (out / "feedback" / "01_origins" / "ada.md").exists() and (out / "feedback" / "02_membership" / "ada.md").exists()


def test_fixing_a_hidden_test_regrades_on_a_plain_rerun(one_student, tmp_path):
    subs, out = one_student
    private = tmp_path / "private"
    private.mkdir()
    shutil.copy(REPO / "solutions" / "01_origins.ipynb", private / "01_origins.ipynb")
    grade(subs, out, solutions_dir=private)
    assert book(out)[("01_origins", "ada", "task2-tests")]["status"] == Status.FAILED
    nb = nbformat.read(private / "01_origins.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "task2-tests":
            cell.source = cell.source.replace("assert days_to_force == 705", "assert days_to_force in (700, 705)")
    nbformat.write(nb, private / "01_origins.ipynb")
    summary = grade(subs, out, solutions_dir=private)
    assert summary["graded"] == 1 and book(out)[("01_origins", "ada", "task2-tests")]["status"] == Status.PASSED


def test_a_killed_worker_records_not_graded_rows_and_keeps_everything_else(tmp_path):
    """Without the sandbox a submission can kill the grader's worker; the class still loses nothing."""
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    write(subs, "ada", perfect())
    write(subs, "cal", perfect())
    grade(subs, out, sandbox="off")
    set_points(out, "cal", "task6-answer", "2")
    write(subs, "cal", with_answer("task1-answer", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"))
    write(subs, "eve", perfect())
    summary = grade(subs, out, sandbox="off", jobs=2)
    rows = book(out)
    assert (
        sum(
            float(rows[("01_origins", s, t)]["points"] or 0)
            for s in ("ada", "eve")
            for t in ("task1-tests", "task2-tests", "task3-tests", "task4-tests", "task5-tests")
        )
        == 22
    )
    cal = {k[2]: r for k, r in rows.items() if k[1] == "cal"}
    assert cal["task1-tests"]["status"] == Status.NOT_GRADED and "re-run" in cal["task1-tests"]["message"]
    assert cal["task6-answer"]["points"] == "2"  # the instructor's points survive the crash
    assert summary["failures"] == ["cal"]
    write(subs, "cal", perfect())  # not_graded rows are retried, not kept
    summary = grade(subs, out, sandbox="off")
    assert summary["graded"] == 1 and book(out)[("01_origins", "cal", "task1-tests")]["status"] == Status.PASSED


def test_a_gradebook_saved_by_excel_is_read(one_student):
    subs, out = one_student
    grade(subs, out)
    rows = gradebook.read(out / "gradebook.csv")
    for r in rows:
        if r["task"] == "task6-answer":
            r["points"] = "2,5".replace(",", ".")
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=gradebook.COLUMNS, delimiter=";", extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    (out / "gradebook.csv").write_bytes("\ufeff".encode() + text.getvalue().encode("utf-8"))
    grade(subs, out, force=True)
    row = book(out)[("01_origins", "ada", "task6-answer")]
    assert (row["points"], row["status"]) == ("2.5", Status.MANUAL)


def test_names_read_back_exactly_even_with_apostrophes_and_spaces(tmp_path):
    path = tmp_path / "gradebook.csv"
    names = ["'=1+2", "alice ", "alice", "'quoted"]
    gradebook.write(
        path, [{"exercise": "01_origins", "student": n, "task": "t", "points": 1, "max_points": 1, "status": "passed"} for n in names]
    )
    assert sorted(r["student"] for r in gradebook.read(path)) == sorted(names)


def test_two_students_never_share_a_feedback_file():
    from csto_course.grading.feedback import safe_file_name

    names = ["a b", "a_b", "é", "_", "'=1+2", "__1+2", "ada"]
    assert len({safe_file_name(n) for n in names}) == len(names)
    assert safe_file_name("ada") == "ada"


def test_a_checker_failure_is_not_graded_and_retried_not_kept():
    from submission_factory import solution

    from csto_course.grading.assemble import assemble
    from csto_course.grading.checker import CheckResult
    from csto_course.grading.execute import CellResult
    from csto_course.grading.score import grade_tasks
    from csto_course.release import student_version

    sol = solution()
    assembled = assemble(sol, student_version(sol), nbformat.from_dict(perfect()))
    results = [
        CellResult(i, c.metadata["csto"]["role"], c.metadata["csto"].get("grade_id"), "ok") for i, c in enumerate(assembled.nb.cells)
    ]
    checks = {
        t.grade_id: CheckResult(t.grade_id, "grader_error", "CheckerFailed", "the checker ran out of time")
        for t in assembled.tasks
        if t.kind == "auto"
    }
    grades = [g for g in grade_tasks(assembled, results, 5, checks) if g.task in checks]
    assert {g.status for g in grades} == {Status.NOT_GRADED} and all(g.points is None for g in grades)
    assert Status.NOT_GRADED in __import__("csto_course.grading.errors", fromlist=["x"]).GRADER_PROBLEMS


def test_formula_cells_are_written_inert_and_read_back_as_they_were(tmp_path):
    path = tmp_path / "gradebook.csv"
    gradebook.write(
        path,
        [
            {
                "exercise": "01_origins",
                "student": "=HYPERLINK(1)",
                "task": "t",
                "points": 1,
                "max_points": 2,
                "status": "passed",
                "message": "-1 is not right",
                "submission": "@x",
            }
        ],
    )
    raw = path.read_text()
    assert "'=HYPERLINK(1)" in raw and "'-1 is not right" in raw and "'@x" in raw
    row = gradebook.read(path)[0]
    assert (row["student"], row["message"], row["submission"]) == ("=HYPERLINK(1)", "-1 is not right", "@x")


def test_an_unreadable_gradebook_is_never_overwritten(one_student):
    subs, out = one_student
    out.mkdir()
    (out / "gradebook.csv").write_bytes(b"\x00\xff\xfe garbage")
    # The timeout only guards against a hang: on a loaded CI machine (load average 100) starting the CLI alone
    # has taken minutes.
    result = subprocess.run(
        [sys.executable, "-m", "csto_course.cli", "grade", "01", str(subs), "--out", str(out)], capture_output=True, text=True, timeout=900
    )
    said = f"exit {result.returncode}\nstdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}"
    assert result.returncode == 2 and "gradebook" in result.stderr and "Traceback" not in result.stderr, said
    assert (out / "gradebook.csv").read_bytes() == b"\x00\xff\xfe garbage"


def test_ctrl_c_stops_quickly_keeps_what_was_graded_and_prints_one_line(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    write(subs, "aa-quick", perfect())
    # A cell far slower than any machine's Ctrl-C, so "stopped quickly" cannot be a cell that happened to end.
    slow = with_answer("task1-answer", "import time\ntime.sleep(900)")
    # Names of this run's own: the same test may run at the same time in another checkout on the machine
    # (a second CI job), whose slow kernels must not count as this run's leftovers.
    token = os.urandom(4).hex()
    for i in range(4):
        write(subs, f"zz-slow{i}-{token}", slow)
    proc = subprocess.Popen(
        [sys.executable, "-m", "csto_course.cli", "grade", "01", str(subs), "--out", str(out), "--jobs", "1", "--cell-timeout", "1200"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # as from a terminal: a test run started in the background by a shell without job control has SIGINT
        # ignored, which the grader would inherit, and then no Ctrl-C could reach it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    # Wait for what the test needs, not for a fixed time: on a loaded machine a kernel has taken minutes to start.
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and not (out / "feedback" / "01_origins" / "aa-quick.md").exists():
        time.sleep(0.2)
    while time.monotonic() < deadline and not processes_with(f"-{token}"):
        time.sleep(0.2)
    assert processes_with(f"-{token}"), "the slow submission's kernel is found by its name while it runs"
    time.sleep(2)  # its cell is under way
    stopped_at = time.monotonic()
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=300)
    took = time.monotonic() - stopped_at
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr + stdout
    assert [line for line in stderr.splitlines() if line.startswith("Stopped:")] == [
        f"Stopped: 1 submission(s) graded and saved in {out / 'gradebook.csv'}; 4 not graded. Run the same command again to grade the rest."
    ]
    # About 2 s on a quiet machine. The slow cell had about 900 s left, so even a loaded machine's minute
    # shows that Ctrl-C ended it rather than waited for it.
    assert took < 120, f"Ctrl-C took {took:.1f} s"
    assert {k[1] for k in book(out)} == {"aa-quick"}
    deadline = time.monotonic() + 60  # the killed kernel's process may take a moment to be reaped under load
    while processes_with(f"-{token}") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert processes_with(f"-{token}") == []
