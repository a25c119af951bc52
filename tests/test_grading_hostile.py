"""Hostile submissions get nothing and harm nobody; honest ones get what they earned.

One class, graded once in the sandbox (``--sandbox required``) against a
private copy of the solutions: every attack in ``hostile_submissions.py`` and
the honest students the grader used to mis-grade. After the run: each grade,
nothing outside the grader's work area changed, no process the students
started is left, the gradebook is exactly what the grader wrote, and the
instructor's terminal saw none of the students' output.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import socket
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from hostile_submissions import FORMULA_NAMES, Paths, class_folders, honest, hostile
from submission_factory import REPO, perfect, processes_with, write

from csto_course.grading import Limits, grade_batch
from csto_course.grading.errors import Status
from csto_course.grading.sandbox import probe

pytestmark = pytest.mark.skipif(probe() is not None and os.environ.get("CI") != "true", reason=f"no sandbox here: {probe()}")


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


class Listener:
    """A TCP server on loopback that counts who connects (a sandboxed kernel must not)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port, self.accepted, self.stop = self.sock.getsockname()[1], 0, False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        deadline = time.monotonic() + 600
        while not self.stop and time.monotonic() < deadline:
            try:
                conn, _ = self.sock.accept()
                self.accepted += 1
                conn.close()
            except OSError:
                continue

    def close(self):
        self.stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    assert probe() is None, f"the hostile suite must run sandboxed: {probe()}"
    root = tmp_path_factory.mktemp("hostile")
    token = "hx" + uuid.uuid4().hex[:6]
    listener = Listener()
    paths = class_folders(root, token, listener.port)
    subs, out, private, canary = paths.submissions, paths.out, paths.solutions, paths.canary
    expected = {}
    for name, (nb, points) in {**hostile(paths), **honest()}.items():
        write(subs, f"{token}_{name}", nb)
        expected[f"{token}_{name}"] = points
    for name in FORMULA_NAMES:
        write(subs, name, perfect())
    before = {
        "submissions": snapshot(subs),
        "private": snapshot(private),
        "repo": snapshot(REPO / "solutions"),
        "data": snapshot(REPO / "data"),
        "home": snapshot(canary),
    }
    # Everything written to this process's stdout and stderr, by us or by any child, lands in one file.
    captured = tempfile.TemporaryFile()
    saved = os.dup(1), os.dup(2)
    log = io.StringIO()
    try:
        os.dup2(captured.fileno(), 1)
        os.dup2(captured.fileno(), 2)
        # The folder cap is lowered so that a loaded machine reaches it well within the cell's 6 s.
        limits = Limits(cell_timeout=6, notebook_timeout=120, folder_bytes=128 * 1024**2, folder_files=2_000)
        summary = grade_batch("01", subs, out, jobs=2, limits=limits, stream=log, sandbox="required", solutions_dir=private)
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        listener.close()
    book_bytes = (out / "gradebook.csv").read_bytes()
    time.sleep(1.5)  # anything left behind would now be writing
    captured.seek(0)
    return {
        "root": root,
        "token": token,
        "paths": paths,
        "summary": summary,
        "log": log.getvalue(),
        "expected": expected,
        "before": before,
        "book_bytes": book_bytes,
        "terminal": captured.read(),
        "listener": listener,
        "book": list(csv.DictReader(io.StringIO(book_bytes.decode()))),
    }


def points_of(attacked, student):
    return sum(float(r["points"] or 0) for r in attacked["book"] if r["student"] == student)


def test_every_student_is_graded_and_none_is_lost(attacked):
    students = {r["student"] for r in attacked["book"]}
    assert set(attacked["expected"]) <= students
    assert attacked["summary"]["sandboxed"] is True
    assert not [r for r in attacked["book"] if r["status"] == Status.NOT_GRADED]


@pytest.mark.parametrize("name", [n for n, _ in hostile(Paths(*(Path("/x"),) * 5, "m", 1)).items()])
def test_hostile_submission_gets_exactly_its_points(attacked, name):
    student = f"{attacked['token']}_{name}"
    assert points_of(attacked, student) == attacked["expected"][student], [
        (r["task"], r["status"], r["message"]) for r in attacked["book"] if r["student"] == student
    ]


@pytest.mark.parametrize("name", list(honest()))
def test_honest_student_gets_what_they_earned(attacked, name):
    student = f"{attacked['token']}_{name}"
    assert points_of(attacked, student) == attacked["expected"][student], [
        (r["task"], r["status"], r["message"]) for r in attacked["book"] if r["student"] == student
    ]


def test_colab_notebook_keeps_its_written_answer_in_the_hand_grading_queue(attacked):
    row = next(r for r in attacked["book"] if r["student"] == f"{attacked['token']}_colab_one_blank" and r["task"] == "task6-answer")
    assert row["status"] == Status.NEEDS_MANUAL and "(14 words)" in row["message"]
    blank = next(r for r in attacked["book"] if r["student"] == f"{attacked['token']}_colab_one_blank" and r["task"] == "task2-tests")
    assert blank["status"] == Status.NOT_ANSWERED


@pytest.mark.parametrize("name, words", [("disk_hog", "MB to disk"), ("many_files", "files")])
def test_a_submission_that_fills_the_disk_is_stopped_and_cleaned(attacked, name, words):
    row = next(r for r in attacked["book"] if r["student"] == f"{attacked['token']}_{name}" and r["task"] == "task1-tests")
    assert row["status"] == Status.ERROR and "was stopped" in row["message"] and words in row["message"]


def test_a_cheating_value_is_told_why_it_cannot_be_checked(attacked):
    row = next(r for r in attacked["book"] if r["student"] == f"{attacked['token']}_sneaky_int" and r["task"] == "task2-tests")
    assert row["status"] == Status.ERROR and "cannot be checked" in row["message"] and "Sneaky" in row["message"]


def test_nothing_outside_the_grader_work_area_changed(attacked):
    before = attacked["before"]
    root = attacked["root"]
    assert snapshot(root / "submitted") == before["submissions"]
    assert snapshot(root / "private-solutions") == before["private"]
    assert snapshot(REPO / "solutions") == before["repo"]
    assert snapshot(REPO / "data") == before["data"]
    assert snapshot(root / "home") == before["home"]
    written = {p.name for p in (root / "out").iterdir()}
    assert written == {"gradebook.csv", ".gradebook-written.json", "feedback", ".grading.lock"}


def test_no_process_outlives_the_run(attacked):
    assert processes_with(attacked["paths"].marker) == []
    assert processes_with(f"csto-grade-{attacked['token']}") == []


def test_the_gradebook_is_what_the_grader_wrote(attacked):
    out = attacked["root"] / "out"
    assert (out / "gradebook.csv").read_bytes() == attacked["book_bytes"]
    written = json.loads((out / ".gradebook-written.json").read_text())
    assert {f"{r['exercise']}|{r['student'].lstrip(chr(39))}|{r['task']}" for r in attacked["book"]} >= {
        k for k in written if attacked["token"] in k
    }
    assert "task9" not in attacked["book_bytes"].decode() and "pwned" not in attacked["book_bytes"].decode()


def test_no_connection_reached_the_host(attacked):
    assert attacked["listener"].accepted == 0


def test_the_terminal_shows_no_student_output(attacked):
    assert b"FLOODMARK" not in attacked["terminal"]
    assert "FLOODMARK" not in attacked["log"]
    assert len(attacked["terminal"]) < 20_000


def test_feedback_escapes_student_text(attacked):
    text = (attacked["root"] / "out" / "feedback" / "01_origins" / f"{attacked['token']}_html_feedback.md").read_text()
    assert "<script" not in text and "<img" not in text and "](javascript" not in text
    assert not any(line.startswith("# Fake") for line in text.splitlines())
    assert "&lt;script&gt;" in text


def test_formula_file_names_cannot_run_in_a_spreadsheet(attacked):
    raw = list(csv.reader(io.StringIO(attacked["book_bytes"].decode())))
    student_column = [row[1] for row in raw[1:]]
    for name in FORMULA_NAMES:
        assert "'" + name in student_column
    assert not [cell for row in raw[1:] for cell in row if cell[:1] in ("=", "+", "@", "-")]
