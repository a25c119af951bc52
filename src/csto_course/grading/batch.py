"""``csto-course grade``: grade a class's submissions, several at once, losing nothing.

One submission goes through ``grade_one`` (in a worker process, or on a Dask
worker): a private folder, a sandboxed kernel running the student's cells and
exporting each task's answers, then the clean checker. ``grade_batch`` runs
those for a whole folder and is the only writer of OUT/gradebook.csv and
OUT/feedback/<exercise>/<student>.md, which it rewrites after each submission.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

import nbformat

from ..paths import cache_dir, course_root, data_dir
from . import answers, gradebook
from .assemble import assemble, read_submission, tasks_of
from .checker import CheckerServer, server_for
from .errors import GRADER_PROBLEMS, SandboxRefused, Status, SubmissionUnreadable, UnknownExercise
from .execute import SandboxFailed, run_notebook
from .feedback import safe_file_name, total, write_feedback
from .folder_guard import FolderGuard
from .lock import out_folder_lock
from .sandbox import Sandbox, SandboxLimits, SandboxSettings, probe
from .score import grade_tasks
from .submissions import Submission, find_submissions
from .terminal import Progress, plain, summary

__all__ = ["Limits", "grade_batch", "grade_one", "find_exercise", "GradingInterrupted"]

SANDBOX_MODES = ("auto", "required", "off")
UNSANDBOXED_WARNING = (
    "WARNING: grading WITHOUT a sandbox (--sandbox off). Student code runs as you, with your files and network: "
    "it can read the hidden tests, change other students' files and the gradebook. Use this only for code you trust."
)


@dataclass
class Limits:
    cell_timeout: float = 30
    notebook_timeout: float = 300
    folder_bytes: int = 512 * 1024**2  # what a submission may write in its folder, in all
    folder_files: int = 10_000


@dataclass
class Job:
    """Everything one worker needs to grade one submission.

    It carries the submission's bytes and the solution's text, not paths, so a
    Dask worker on another machine needs no shared folder: only the course
    installed, and bubblewrap.
    """

    student: str
    path: str  # where the submission was, for the gradebook
    submission: bytes
    solution: str
    limits: Limits
    tests_key: str
    exercise: str
    sandbox: SandboxSettings | None = None

    @classmethod
    def make(cls, sub: Submission, solution_path: Path, **fields) -> Job:
        return cls(sub.student, str(sub.path), Path(sub.path).read_bytes(), Path(solution_path).read_text(encoding="utf-8"), **fields)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.submission).hexdigest()


@dataclass
class GradingInterrupted(Exception):
    graded: int
    remaining: int
    gradebook: Path

    def __str__(self) -> str:
        return (
            f"Stopped: {self.graded} submission(s) graded and saved in {self.gradebook}; {self.remaining} not graded. "
            "Run the same command again to grade the rest."
        )


def find_exercise(key: str, solutions_dir: Path | None = None) -> Path:
    folder = Path(solutions_dir) if solutions_dir else course_root() / "solutions"
    solutions = sorted(folder.glob("*.ipynb"))
    for path in solutions:
        if key in (path.stem, path.stem.split("_")[0]) or path.name == key:
            return path
    names = ", ".join(p.stem for p in solutions) or "none yet"
    raise UnknownExercise(f"There is no exercise {key!r}. Exercises: {names}.")


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def tests_key(solution_path: Path) -> str:
    """What a grade depends on besides the submission: the tests, the data, the grader and its libraries."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(Path(solution_path).read_bytes())
    for path in sorted(data_dir().glob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    for package in ("csto-course", "pandas", "numpy", "altair"):
        try:
            digest.update(f"{package}={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(package.encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:32]


def _rows(job: Job, base: dict, tasks, status: Status, message: str, points) -> list[dict]:
    return [
        {**base, "task": t.grade_id, "order": i, "points": points, "max_points": t.points, "status": status, "message": message}
        for i, t in enumerate(tasks)
    ]


def grade_one(job: Job) -> dict:
    """Grade one submission. Problems of the submission become statuses; the grader's own become not_graded rows."""
    solution = nbformat.reads(job.solution, as_version=4)
    from ..release import student_version

    released = student_version(solution)
    base = _row_base(job)
    tasks = tasks_of(solution)
    box = None
    try:
        with tempfile.TemporaryDirectory(prefix=f"csto-grade-{safe_file_name(job.student)[:40]}-") as work:
            copy = Path(work) / "submission.ipynb"
            copy.write_bytes(job.submission)  # the student's code never runs in the course folder
            submission = read_submission(copy)
            box = Sandbox(_here(job.sandbox), work) if job.sandbox is not None else None
            answers_dir = Path(work) / "answers"
            answers_dir.mkdir(exist_ok=True)
            assembled = assemble(solution, released, submission, str(answers_dir))
            results = run_notebook(
                assembled.nb,
                work,
                job.limits.cell_timeout,
                job.limits.notebook_timeout,
                sandbox=box,
                guard=FolderGuard(work, job.limits.folder_bytes, job.limits.folder_files),
            )
            tests = [
                {"task": t.grade_id, "source": t.test_source, "answers": t.checks, **_answers_text(answers_dir / f"{t.grade_id}.json")}
                for t in assembled.tasks
                if t.kind == "auto"
            ]
            checks = {c.task: c for c in _checker(job.sandbox).check(assembled.setup, tests)}
            grades = grade_tasks(assembled, results, job.limits.cell_timeout, checks)
            warnings = assembled.warnings
    except SubmissionUnreadable as exc:
        message = f"This file could not be graded: {exc}."
        return {"student": job.student, "rows": _rows(job, base, tasks, Status.UNREADABLE, message, 0.0), "warnings": [message]}
    except SandboxFailed as exc:
        message = f"Not graded: the sandbox check failed before any of the student's code ran ({exc}). Nothing was lost; fix the sandbox and re-run."
        return {"student": job.student, "rows": _rows(job, base, tasks, Status.NOT_GRADED, message, ""), "warnings": [message]}
    except Exception as exc:  # noqa: BLE001 - one broken submission must not stop the class
        message = f"Not graded: the grader could not run this notebook ({type(exc).__name__}: {str(exc)[:300]}). Nothing was lost; re-run to grade it."
        return {"student": job.student, "rows": _rows(job, base, tasks, Status.NOT_GRADED, message, ""), "warnings": [message]}
    finally:
        if box is not None:
            box.close()
    rows = [
        {
            **base,
            "task": g.task,
            "order": i,
            "points": "" if g.points is None else g.points,
            "max_points": g.max_points,
            "status": g.status,
            "message": g.message,
        }
        for i, g in enumerate(grades)
    ]
    return {"student": job.student, "rows": rows, "warnings": warnings}


def _here(settings: SandboxSettings) -> SandboxSettings:
    """The settings on this machine: a Dask worker elsewhere mounts its own copy of the course data."""
    if Path(settings.data_dir).is_dir():
        return settings
    return replace(settings, data_dir=data_dir(), cache_dir=None)


def _answers_text(path: Path) -> dict:
    try:
        return {"text": answers.read_text(path)}
    except answers.AnswerFileError as exc:
        return {"text": None, "why": str(exc)}


def _checker(settings: SandboxSettings | None) -> CheckerServer:
    """This worker's checker server, sandboxed like the kernels when they are."""

    def make():
        if settings is None:
            return None, None
        folder = tempfile.mkdtemp(prefix="csto-checker-")  # an empty folder of its own
        box = Sandbox(_here(settings), folder)

        def cleanup() -> None:
            box.close()
            shutil.rmtree(folder, ignore_errors=True)

        return box.command([sys.executable, "-m", "csto_course.grading.checker", "--serve"]), cleanup

    return server_for(repr(settings), make)


def decide_sandbox(mode: str, count: int, hidden: list[Path], stream) -> SandboxSettings | None:
    if mode not in SANDBOX_MODES:
        raise ValueError(f"--sandbox must be one of {', '.join(SANDBOX_MODES)}, not {mode!r}")
    if mode == "off":
        stream.write(UNSANDBOXED_WARNING + "\n")
        return None
    why_not = probe()
    if why_not is None:
        cache = cache_dir()
        return SandboxSettings(data_dir=data_dir(), hidden=hidden, cache_dir=cache if cache.is_dir() else None, limits=SandboxLimits())
    if mode == "auto" and count <= 1:
        stream.write(f"No sandbox here ({why_not}); grading this one notebook without it.\n")
        return None
    raise SandboxRefused(
        f"Cannot grade a class safely here: {why_not}. Student code would run as you, with your files and network. "
        "Install bubblewrap, or pass --sandbox off to grade without a sandbox (only for code you trust)."
    )


def _ignore_sigint_in_worker() -> None:
    """Workers leave Ctrl-C to the main process, which ends them with SIGTERM; that unwinds, closing kernels."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


class _Run:
    """The state of one grading run: the gradebook in memory, written after every submission."""

    def __init__(self, exercise: str, book_path: Path, out_dir: Path, progress: Progress):
        self.exercise, self.book_path, self.out_dir, self.progress = exercise, book_path, out_dir, progress
        self.book = gradebook.read(book_path, default_exercise=exercise)
        self.manual = gradebook.instructor_rows(book_path, self.book)
        self.graded = 0
        self.warnings: list[str] = []
        self.failures: list[str] = []

    def record(self, result: dict) -> None:
        student = result["student"]
        new_rows, notes = gradebook.merge(self.manual, result["rows"])
        new_keys = {gradebook.key(r) for r in new_rows}
        mine = [r for r in self.book if r["exercise"] == self.exercise and r["student"] == student]
        others = [r for r in self.book if not (r["exercise"] == self.exercise and r["student"] == student)]
        # A hand-graded task the notebook no longer has keeps its grade, listed after the notebook's tasks.
        gone_but_graded = [{**r, "order": None} for r in mine if gradebook.key(r) not in new_keys and gradebook.key(r) in self.manual]
        self.book = others + gone_but_graded + new_rows
        gradebook.write(self.book_path, self.book)
        write_feedback(self.out_dir / "feedback", student, self.exercise, new_rows, result["warnings"])
        self.graded += 1
        if any(r["status"] == Status.NOT_GRADED for r in new_rows):
            self.failures.append(student)
        self.warnings += [f"{student}: {w}" for w in list(result["warnings"]) + notes]
        got, maximum = total(new_rows)
        self.progress.step(f"{student}: {got:g}/{maximum:g}")


def _row_base(job: Job) -> dict:
    """The columns every gradebook row of this submission shares, stamped with the time of grading."""
    return {
        "exercise": job.exercise,
        "student": job.student,
        "submission": job.path,
        "sha256": job.sha256,
        "tests_key": job.tests_key,
        "graded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def _crash_result(job: Job, reason: str) -> dict:
    solution = nbformat.reads(job.solution, as_version=4)
    base = _row_base(job)
    message = f"Not graded: {reason}. Nothing was lost; re-run to grade it."
    return {"student": job.student, "rows": _rows(job, base, tasks_of(solution), Status.NOT_GRADED, message, ""), "warnings": [message]}


def _run_local(jobs: list[Job], workers: int, run: _Run) -> None:
    pending = list(jobs)
    isolated = False  # after a worker crash, each remaining job runs in a pool of its own
    while pending:
        batches = [[j] for j in pending] if isolated else [pending]
        pending = []
        for batch in batches:
            pool = ProcessPoolExecutor(
                max_workers=1 if isolated else max(1, min(workers, len(batch))), initializer=_ignore_sigint_in_worker
            )
            try:
                futures = {pool.submit(grade_one, job): job for job in batch}
                for future in completed(futures):
                    job = futures[future]
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        if isolated:
                            result = _crash_result(job, "the grader's worker process was killed while grading this submission")
                        else:
                            pending.append(job)
                            continue
                    except Exception as exc:  # noqa: BLE001 - a worker that failed: record and go on
                        result = _crash_result(job, f"the grader's worker failed ({type(exc).__name__}: {str(exc)[:200]})")
                    run.record(result)
            except BaseException:
                _stop_pool(pool)
                raise
            pool.shutdown(wait=True)
        isolated = True


def completed(futures, wake_every: float = 0.25):
    """The futures as they finish, like ``as_completed``, with the main thread waking every ``wake_every`` seconds.

    Ctrl-C is handled by Python in the main thread only. The kernel may deliver SIGINT to another thread (the
    pool's manager or its queue feeder), and ``as_completed`` then sleeps on until the next submission is done: a
    busy machine was seen to grade on for a minute after Ctrl-C. Waking up lets the handler run at once."""
    pending: set[Future] = set(futures)
    while pending:
        done, pending = wait(pending, timeout=wake_every, return_when=FIRST_COMPLETED)
        yield from done


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """End every worker within a couple of seconds; each closes its kernel and sandbox on SIGTERM."""
    processes = list(getattr(pool, "_processes", {}).values())
    for p in processes:
        try:
            p.terminate()
        except (OSError, AttributeError):
            pass
    deadline = time.monotonic() + 2  # one grace period for them all, not one each
    for p in processes:
        p.join(max(0.0, deadline - time.monotonic()))
    for p in processes:
        if p.is_alive():
            p.kill()
            p.join(5)  # a killed process is gone only once reaped: a slow machine takes a moment
    manager = getattr(pool, "_executor_manager_thread", None)  # shutdown() forgets it
    pool.shutdown(wait=False, cancel_futures=True)
    # The pool's manager thread closes its wake-up pipe as it ends, and Python's exit handler for pools writes to
    # that pipe; on Python 3.11 nothing keeps the two apart, and when they meet the instructor's Ctrl-C ends in a
    # "Bad file descriptor" traceback (clean-clone run a of 2026-12-03, under load). Let the thread end first.
    if manager is not None:
        manager.join(30)


def _run_dask(jobs: list[Job], scheduler, run: _Run) -> None:
    """``scheduler``: an address such as tcp://10.0.0.5:8786, or a distributed.Client already connected."""
    from distributed import Client

    if isinstance(scheduler, Client):
        _submit_to_dask(scheduler, jobs, run)
        return
    with Client(scheduler, set_as_default=False) as client:
        _submit_to_dask(client, jobs, run)


def _submit_to_dask(client, jobs: list[Job], run: _Run) -> None:
    from distributed import as_completed as dask_completed

    futures = {
        client.submit(grade_one, job, pure=False, key=f"grade-{safe_file_name(job.student)}-{os.urandom(4).hex()}"): job for job in jobs
    }
    try:
        for future in dask_completed(list(futures), loop=client.loop):
            job = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker: record and go on
                result = _crash_result(job, f"the Dask worker failed ({type(exc).__name__})")
            run.record(result)
    except BaseException:
        client.cancel(list(futures))  # running tasks finish on their workers; their kernels end with them
        raise


def grade_batch(
    exercise: str,
    submissions_dir: Path,
    out_dir: Path,
    jobs: int | None = None,
    limits: Limits | None = None,
    force: bool = False,
    stream=sys.stderr,
    sandbox: str = "auto",
    solutions_dir: Path | None = None,
    engine: str = "local",
    scheduler=None,
) -> dict:
    limits = limits or Limits()
    solution_path = find_exercise(exercise, solutions_dir)
    slug = solution_path.stem
    subs = find_submissions(Path(submissions_dir), slug)
    out_dir = Path(out_dir)
    book_path = out_dir / "gradebook.csv"
    hidden = [course_root() / "solutions", solution_path.parent, Path(submissions_dir), out_dir]
    from ..extras import require

    require("nbgrader.preprocessors", "instructor", "Grading (the student version comes from nbgrader's preprocessors)")
    if engine == "dask":
        require("distributed", "cluster", "Grading with --engine dask")
    with out_folder_lock(out_dir):
        from ..data import validate_all

        validate_all()  # records each table's check once, so that no sandboxed kernel repeats it
        settings = decide_sandbox(sandbox, len(subs), hidden, stream)
        key = tests_key(solution_path)
        book = gradebook.read(book_path, default_exercise=slug)
        done = {
            (r["student"], r["sha256"], r.get("tests_key", ""))
            for r in book
            if r["exercise"] == slug and r["status"] not in GRADER_PROBLEMS
        }
        retry = {r["student"] for r in book if r["exercise"] == slug and r["status"] in GRADER_PROBLEMS}
        todo = [
            Job.make(s, solution_path, limits=limits, tests_key=key, exercise=slug, sandbox=settings)
            for s in subs
            if force or s.student in retry or (s.student, sha256(s.path), key) not in done
        ]
        skipped = len(subs) - len(todo)
        if skipped:
            stream.write(f"{skipped} submission(s) unchanged since the last run (same tests too): kept their grades.\n")
        progress = Progress(len(todo), stream)
        run = _Run(slug, book_path, out_dir, progress)
        previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}

        def _interrupt(signum, frame):
            raise KeyboardInterrupt

        try:
            signal.signal(signal.SIGTERM, _interrupt)
        except ValueError:  # not the main thread (a notebook, a test runner): Ctrl-C still works there
            previous = {}
        try:
            if engine == "dask":
                if not scheduler:
                    raise ValueError("--engine dask needs --scheduler ADDRESS (for example tcp://127.0.0.1:8786)")
                _run_dask(todo, scheduler, run)
            elif engine == "local":
                _run_local(todo, jobs or os.cpu_count() or 1, run)
            else:
                raise ValueError(f"--engine must be local or dask, not {engine!r}")
        except KeyboardInterrupt:
            progress.end_line()
            raise GradingInterrupted(run.graded, len(todo) - run.graded, book_path) from None
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    if run.failures:
        stream.write(f"Could not grade: {', '.join(plain(f) for f in run.failures)} (see their feedback files; re-run to retry).\n")
    summary(stream, run.warnings)
    return {
        "graded": run.graded,
        "skipped": skipped,
        "gradebook": book_path,
        "failures": run.failures,
        "warnings": run.warnings,
        "sandboxed": settings is not None,
    }
