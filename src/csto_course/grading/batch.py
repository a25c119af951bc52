"""``csto-course grade``: grade a class's submissions, several at once, losing nothing.

Each submission is copied into its own temporary folder and run there in a
fresh kernel (see execute.py for the limits). Results go to OUT/gradebook.csv
and OUT/feedback/<student>.md as soon as each submission is done.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import nbformat

from ..paths import course_root
from . import gradebook
from .assemble import assemble, read_submission, tasks_of
from .checker import check_in_subprocess
from .errors import Status, SubmissionUnreadable, UnknownExercise
from .execute import run_notebook
from .feedback import write_feedback
from .score import grade_tasks
from .submissions import Submission, find_submissions


@dataclass
class Limits:
    cell_timeout: float = 30
    notebook_timeout: float = 300


def find_exercise(key: str) -> Path:
    solutions = sorted((course_root() / "solutions").glob("*.ipynb"))
    for path in solutions:
        if key in (path.stem, path.stem.split("_")[0]) or path.name == key:
            return path
    names = ", ".join(p.stem for p in solutions) or "none yet"
    raise UnknownExercise(f"There is no exercise {key!r}. Exercises: {names}.")


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def grade_one(student: str, path: str, solution_path: str, limits: Limits) -> dict:
    """Grade one submission (runs in a worker process). Never raises."""
    solution = nbformat.read(solution_path, as_version=4)
    from ..release import student_version

    released = student_version(solution)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    base = {"student": student, "submission": str(path), "sha256": sha256(Path(path)), "graded_at": now}
    tasks = tasks_of(solution)
    try:
        with tempfile.TemporaryDirectory(prefix=f"csto-grade-{student}-") as work:
            copy = Path(work) / Path(path).name
            shutil.copyfile(path, copy)  # the student's code never runs in the course folder
            submission = read_submission(copy)
            answers_dir = Path(work) / "answers"
            assembled = assemble(solution, released, submission, str(answers_dir))
            results = run_notebook(assembled.nb, work, limits.cell_timeout, limits.notebook_timeout)
            tests = [{"task": t.grade_id, "source": t.test_source, "answers": t.checks, "file": str(answers_dir / f"{t.grade_id}.json")}
                     for t in assembled.tasks if t.kind == "auto"]
            checks = {c.task: c for c in check_in_subprocess(assembled.setup, tests)}
            grades = grade_tasks(assembled, results, limits.cell_timeout, checks)
            warnings = assembled.warnings
    except SubmissionUnreadable as exc:
        message = f"This file could not be graded: {exc}."
        rows = [{**base, "task": t.grade_id, "order": i, "points": 0.0, "max_points": t.points, "status": Status.UNREADABLE, "message": message} for i, t in enumerate(tasks)]
        return {"student": student, "rows": rows, "warnings": [message]}
    except Exception as exc:  # noqa: BLE001 - one broken submission must not stop the class
        message = f"The grader could not run this notebook ({type(exc).__name__}: {exc}). Nothing was lost; grade it by hand or re-run."
        rows = [{**base, "task": t.grade_id, "order": i, "points": "", "max_points": t.points, "status": Status.ERROR, "message": message} for i, t in enumerate(tasks)]
        return {"student": student, "rows": rows, "warnings": [message]}
    rows = [{**base, "task": g.task, "order": i, "points": "" if g.points is None else g.points, "max_points": g.max_points, "status": g.status, "message": g.message}
            for i, g in enumerate(grades)]
    return {"student": student, "rows": rows, "warnings": warnings}


class Progress:
    """A one-line progress bar on stderr (a plain line per step when not a terminal)."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.stream, self.start = total, 0, stream, time.monotonic()
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        line = f"grading [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {label}"
        self.stream.write(("\r" + line.ljust(100)) if self.tty else line + "\n")
        if self.tty and self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()


def grade_batch(exercise: str, submissions_dir: Path, out_dir: Path, jobs: int | None = None,
                limits: Limits | None = None, force: bool = False, stream=sys.stderr) -> dict:
    limits = limits or Limits()
    solution_path = find_exercise(exercise)
    subs = find_submissions(Path(submissions_dir), solution_path.stem)
    out_dir = Path(out_dir)
    book_path = out_dir / "gradebook.csv"
    book = gradebook.read(book_path)
    known = {(r["student"], r["sha256"]) for r in book}
    todo: list[Submission] = [s for s in subs if force or (s.student, sha256(s.path)) not in known]
    skipped = len(subs) - len(todo)
    if skipped:
        stream.write(f"{skipped} submission(s) unchanged since the last run: kept their grades.\n")
    progress = Progress(len(todo), stream)
    failures: list[str] = []
    jobs = jobs or os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(todo) or 1))) as pool:
        futures = {pool.submit(grade_one, s.student, str(s.path), str(solution_path), limits): s for s in todo}
        for future in as_completed(futures):
            sub = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - a crashed worker: record and go on
                result = {"student": sub.student, "rows": [], "warnings": [f"worker failed: {exc}"]}
                failures.append(sub.student)
            new_rows = gradebook.merge(book, result["rows"])
            book = [r for r in book if r["student"] != sub.student] + new_rows
            gradebook.write(book_path, book)
            write_feedback(out_dir / "feedback", sub.student, solution_path.stem, new_rows, result["warnings"])
            got = sum(float(r["points"]) for r in new_rows if str(r["points"]).strip() not in ("", "None"))
            total = sum(float(r["max_points"]) for r in new_rows)
            progress.step(f"{sub.student}: {got:g}/{total:g}")
    if failures:
        stream.write(f"Could not grade: {', '.join(failures)} (see their feedback files).\n")
    return {"graded": len(todo), "skipped": skipped, "gradebook": book_path, "failures": failures}
