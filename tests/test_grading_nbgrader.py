"""Do real nbgrader and our grader give the same scores for the same submissions?"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from submission_factory import REPO, perfect, with_answer

from csto_course.grading import Limits, grade_batch

ASSIGNMENT = "ps1"


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    # IPC kernels: no TCP port race with kernels other tests start at the same time.
    cmd = [
        sys.executable,
        "-m",
        "nbgrader",
        *args,
        "--CourseDirectory.root=" + str(course),
        "--KernelManager.transport=ipc",
        f"--KernelManager.ip={course / 'kernel'}",
    ]
    # nbgrader runs the `alembic` command to set up its database: it must find the venv's bin/.
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    result = subprocess.run(cmd, cwd=course, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_nbgrader_autograde_agrees_with_ours(tmp_path):
    course = tmp_path / "course"
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'csto'\nc.Exchange.root = {!r}\n".format(str(tmp_path / "exchange"))
    )
    shutil.copy(REPO / "solutions" / "01_origins.ipynb", course / "source" / ASSIGNMENT / "01_origins.ipynb")
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")

    submissions = {"ada": perfect(), "bob": with_answer("task2-answer", "days_to_force = 700")}
    ours_dir = tmp_path / "ours"
    ours_dir.mkdir()
    for student, nb in submissions.items():
        target = course / "submitted" / student / ASSIGNMENT
        target.mkdir(parents=True)
        nbformat.write(nb, target / "01_origins.ipynb")
        nbformat.write(nb, ours_dir / f"{student}.ipynb")
        nbgrader(course, "db", "student", "add", student)
    nbgrader(course, "autograde", ASSIGNMENT, "--force")
    nbgrader(course, "export", "--to", str(tmp_path / "grades.csv"))
    with open(tmp_path / "grades.csv", newline="") as fh:
        theirs = {r["student_id"]: float(r["raw_score"]) for r in csv.DictReader(fh)}

    grade_batch("01", ours_dir, tmp_path / "out", jobs=2, limits=Limits(30, 120), stream=io.StringIO())
    with open(tmp_path / "out" / "gradebook.csv", newline="") as fh:
        ours: dict[str, float] = {}
        for r in csv.DictReader(fh):
            ours[r["student"]] = ours.get(r["student"], 0.0) + float(r["points"] or 0)

    assert theirs == ours == {"ada": 11.0, "bob": 9.0}
