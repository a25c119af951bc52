"""Grading throughput: our `csto-course grade` against `nbgrader autograde`, in one run.

Generates 40 submissions of exercise 01 (right, wrong and broken) and grades
the same folder four ways: sandboxed (bubblewrap, the default), without the
sandbox, on a Dask LocalCluster (sandboxed, on loopback), and with nbgrader
autograde (serial, as nbgrader works). Prints submissions per minute for each
and the ratios the targets are about: sandboxed / nbgrader (target >= 2x) and
the sandbox's cost against unsandboxed (target <= 25%). Machines are noisy:
compare the ratios from one run, not the absolute figures.

    python benchmarks/grading_throughput.py [--count 40] [--no-dask]
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

from submission_factory import exercise, perfect, with_answer  # noqa: E402

from csto_course.grading import Limits, grade_batch  # noqa: E402

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
        subprocess.run(
            [
                sys.executable,
                "-m",
                "nbgrader",
                *args,
                f"--CourseDirectory.root={course}",
                "--KernelManager.transport=ipc",
                f"--KernelManager.ip={course / 'kernel'}",
            ],
            cwd=course,
            env=env,
            check=True,
            capture_output=True,
        )

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


def run_ours(subs: Path, out: Path, **options) -> float:
    start = time.perf_counter()
    grade_batch("01", subs, out, limits=Limits(30, 300), stream=io.StringIO(), **options)
    return time.perf_counter() - start


def run_dask(subs: Path, out: Path) -> float | None:
    try:
        from distributed import LocalCluster
    except ImportError:
        return None
    workers = os.cpu_count() or 1
    with LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, processes=True) as cluster:
        return run_ours(subs, out, engine="dask", scheduler=cluster.scheduler_address)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subs = work / "submissions"
        subs.mkdir()
        students = make(subs, args.count)
        sandboxed = run_ours(subs, work / "out-sandboxed", sandbox="required")
        plain = run_ours(subs, work / "out-plain", sandbox="off")
        dask = None if args.no_dask else run_dask(subs, work / "out-dask")
        theirs = run_nbgrader(work, students, subs)
    per_min = lambda seconds: args.count / seconds * 60  # noqa: E731
    print(f"submissions: {args.count} (exercise 01; right, wrong, untouched, syntax error, exception)")
    print(f"cpus: {os.cpu_count()}")
    print(f"csto-course grade, sandboxed     : {sandboxed:7.1f} s  {per_min(sandboxed):6.1f} submissions/min")
    print(f"csto-course grade, no sandbox    : {plain:7.1f} s  {per_min(plain):6.1f} submissions/min")
    if dask is not None:
        print(f"csto-course grade, Dask (local)  : {dask:7.1f} s  {per_min(dask):6.1f} submissions/min")
    print(f"nbgrader autograde               : {theirs:7.1f} s  {per_min(theirs):6.1f} submissions/min")
    print(f"ratio sandboxed / nbgrader throughput: {theirs / sandboxed:.2f}x (target >= 2x)")
    print(f"sandbox cost against no sandbox: {100 * (sandboxed / plain - 1):+.0f}% time (target <= +25%)")


if __name__ == "__main__":
    main()
