"""Grading throughput: our `csto-course grade` against `nbgrader autograde`, in one run.

Generates 40 submissions of exercise 01 (right, wrong and broken), grades them
with our command (one worker per CPU) and with nbgrader autograde (serial, as
nbgrader works), and prints submissions per minute for each and the ratio.
Machines are noisy: compare the ratio, not the absolute figures.

    python benchmarks/grading_throughput.py [--count 40]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from csto_course.grading import Limits, grade_batch  # noqa: E402
from submission_factory import exercise, perfect, with_answer  # noqa: E402

KINDS = [
    ("right", perfect),
    ("wrong", lambda: with_answer("task2-answer", "days_to_force = 700")),
    ("untouched", exercise),
    ("error", lambda: with_answer("task1-answer", "early = events[")),
    ("exception", lambda: with_answer("task3-answer", "changes_per_state = 1 / 0")),
]


def make(folder: Path, count: int) -> list[str]:
    students = []
    for i in range(count):
        kind, build = KINDS[i % len(KINDS)]
        student = f"s{i:02d}-{kind}"
        nbformat.write(build(), folder / f"{student}.ipynb")
        students.append(student)
    return students


def run_nbgrader(work: Path, students: list[str], subs: Path) -> float:
    course = work / "nbgrader-course"
    (course / "source" / "ps1").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text("c = get_config()\nc.CourseDirectory.course_id = 'bench'\n")
    shutil.copy(ROOT / "solutions" / "01_origins.ipynb", course / "source" / "ps1" / "01_origins.ipynb")
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}

    def nbg(*args):
        subprocess.run([sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={course}",
                        "--KernelManager.transport=ipc", f"--KernelManager.ip={course / 'kernel'}"], cwd=course,
                       env=env, check=True, capture_output=True)

    nbg("generate_assignment", "ps1", "--force")
    for student in students:
        target = course / "submitted" / student / "ps1"
        target.mkdir(parents=True)
        shutil.copy(subs / f"{student}.ipynb", target / "01_origins.ipynb")
    nbg("db", "student", "import", str(_students_csv(work, students)))
    start = time.perf_counter()
    nbg("autograde", "ps1", "--force")
    return time.perf_counter() - start


def _students_csv(work: Path, students: list[str]) -> Path:
    path = work / "students.csv"
    path.write_text("id\n" + "\n".join(students) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subs = work / "submissions"
        subs.mkdir()
        students = make(subs, args.count)
        start = time.perf_counter()
        grade_batch("01", subs, work / "out", limits=Limits(30, 300), stream=io.StringIO())
        ours = time.perf_counter() - start
        theirs = run_nbgrader(work, students, subs)
    per_min = lambda seconds: args.count / seconds * 60  # noqa: E731
    print(f"submissions: {args.count} (exercise 01; right, wrong, untouched, syntax error, exception)")
    print(f"cpus: {os.cpu_count()}")
    print(f"csto-course grade : {ours:7.1f} s  {per_min(ours):6.1f} submissions/min")
    print(f"nbgrader autograde: {theirs:7.1f} s  {per_min(theirs):6.1f} submissions/min")
    print(f"ratio (ours / nbgrader throughput): {theirs / ours:.2f}x")


if __name__ == "__main__":
    main()
