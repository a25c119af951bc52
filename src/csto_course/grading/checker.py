"""The clean checker: runs the hidden tests on the student's answers, never in the student's process.

The student's kernel only ever hands over data (``answers.py``). The checker
runs the solution's setup cells (imports, the course data), then each task's
test cell in a fresh copy of that namespace plus the answers the task
declared. Nothing the student's code did to its kernel (patched builtins,
input transformers, an ``__eq__`` that always says yes) exists here.

It runs as a small server, one per grading worker (``CheckerServer``),
sandboxed like the kernels when the run is: it reads one JSON request a line
on standard input (the setup, the tests and the *text* of each answers file,
which the grader read), forks a fresh child for each submission, and writes
one JSON line of results. The fork makes each check start from the same clean
state in milliseconds, instead of paying for Python, pandas and the data again.
The server itself never decodes student data: only the child does.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from .errors import CheckStatus

TEST_TIMEOUT = 30  # seconds one task's tests may take on the student's data


@dataclass
class CheckResult:
    task: str
    status: CheckStatus
    ename: str = ""
    evalue: str = ""

    def __post_init__(self) -> None:
        self.status = CheckStatus(self.status)  # the words a sandboxed checker sent become members


class _Timeout(BaseException):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def _quiet():
    sink = io.StringIO()
    return contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink)


def run_setup(setup: list[str]) -> dict:
    """The exercise's setup cells, in a namespace of their own (the instructor's code)."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # see execute._CAP_OUTPUT
    namespace: dict = {"__name__": "__main__"}
    out_cm, err_cm = _quiet()
    with out_cm, err_cm:
        for source in setup:
            exec(compile(source, "<setup>", "exec"), namespace)  # noqa: S102 - the instructor's own setup cell
    return namespace


def run_tests(base: dict, tests: list[dict], test_timeout: float = TEST_TIMEOUT) -> list[CheckResult]:
    """``tests``: dicts with task, source, answers (the names) and text (the answers file) or file (its path)."""
    from . import answers as answer_io

    results = []
    use_alarm = hasattr(signal, "SIGALRM")
    if use_alarm:
        signal.signal(signal.SIGALRM, _alarm)
    for test in tests:
        task = test["task"]
        try:
            text = test["text"] if "text" in test else answer_io.read_text(test["file"])
            if text is None:
                raise answer_io.AnswerFileError(test.get("why") or "the kernel wrote no answers for this task")
            values, problems = answer_io.loads(text)
        except answer_io.AnswerFileError as exc:
            results.append(CheckResult(task, CheckStatus.NO_ANSWERS, "AnswerFileError", str(exc)))
            continue
        bad = [n for n in test["answers"] if n in problems]
        if bad:
            results.append(CheckResult(task, CheckStatus.UNEXPORTABLE, "Unsupported", f"{bad[0]}: {problems[bad[0]]}"))
            continue
        namespace = dict(base)
        namespace.update({k: v for k, v in values.items() if k in test["answers"]})
        out_cm, err_cm = _quiet()
        try:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, test_timeout)
            with out_cm, err_cm:
                exec(compile(test["source"], f"<tests of {task}>", "exec"), namespace)  # noqa: S102 - the instructor's tests
            results.append(CheckResult(task, CheckStatus.OK))
        except _Timeout:
            results.append(CheckResult(task, CheckStatus.ERROR, "Timeout", f"the checks ran longer than {test_timeout:g} s"))
        except BaseException as exc:  # noqa: BLE001 - every failure is a result
            results.append(CheckResult(task, CheckStatus.ERROR, type(exc).__name__, str(exc)[:500]))
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
    return results


def run_checks(setup: list[str], tests: list[dict], test_timeout: float = TEST_TIMEOUT) -> list[CheckResult]:
    """Setup and tests in this process (the course's own tests use this directly)."""
    try:
        base = run_setup(setup)
    except BaseException as exc:  # noqa: BLE001 - the course's setup failing is the grader's problem
        return _grader_error(tests, f"the exercise's setup cell failed in the checker ({type(exc).__name__}: {exc})")
    return run_tests(base, tests, test_timeout)


def _grader_error(tests: list[dict], reason: str) -> list[CheckResult]:
    return [CheckResult(t["task"], CheckStatus.GRADER_ERROR, "CheckerFailed", reason) for t in tests]


# ---------------------------------------------------------------- the server (a process of its own)


def _serve() -> int:
    out = sys.stdout
    sys.stdout = sys.stderr = open(os.devnull, "w")  # nothing but result lines on the real stdout
    cached: tuple[str, dict] | None = None
    for line in sys.stdin:
        request = json.loads(line)
        tests = request["tests"]
        key = hashlib.sha256(json.dumps(request["setup"]).encode()).hexdigest()
        if cached is None or cached[0] != key:
            try:
                cached = (key, run_setup(request["setup"]))
            except BaseException as exc:  # noqa: BLE001
                cached = None
                results = _grader_error(tests, f"the exercise's setup cell failed in the checker ({type(exc).__name__}: {exc})")
                out.write(json.dumps([r.__dict__ for r in results]) + "\n")
                out.flush()
                continue
        results = _in_child(cached[1], tests, float(request.get("test_timeout", TEST_TIMEOUT)))
        out.write(json.dumps([r.__dict__ for r in results]) + "\n")
        out.flush()
    return 0


def _in_child(base: dict, tests: list[dict], test_timeout: float) -> list[CheckResult]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: decode this submission's answers, run its tests, report, vanish
        os.close(read_end)
        try:
            payload = json.dumps([r.__dict__ for r in run_tests(base, tests, test_timeout)]).encode()
        except BaseException as exc:  # noqa: BLE001
            payload = json.dumps([r.__dict__ for r in _grader_error(tests, f"the checker failed ({type(exc).__name__})")]).encode()
        with os.fdopen(write_end, "wb") as fh:
            fh.write(payload)
        os._exit(0)
    os.close(write_end)
    chunks, deadline = [], time.monotonic() + 30 + test_timeout * len(tests)
    with os.fdopen(read_end, "rb") as fh:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([fh], [], [], max(0.0, left))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                break
            chunk = os.read(fh.fileno(), 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(pid, 0)
    try:
        return [CheckResult(**r) for r in json.loads(b"".join(chunks))]
    except (ValueError, TypeError):
        return _grader_error(tests, "the checker ran out of time or stopped")


class CheckerServer:
    """A checker server for this worker process; ``command`` wraps it in a sandbox."""

    def __init__(self, command: list[str] | None = None, cleanup=None):
        self.command = command or [sys.executable, "-m", "csto_course.grading.checker", "--serve"]
        self.proc: subprocess.Popen | None = None
        self.cleanup = cleanup  # removes the sandbox's folders when the worker ends

    def _start(self) -> subprocess.Popen:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(
                self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True
            )
        return self.proc

    def check(self, setup: list[str], tests: list[dict], test_timeout: float = TEST_TIMEOUT) -> list[CheckResult]:
        """Run one submission's tests; a crash or a hang becomes grader_error results and a fresh server."""
        if not tests:
            return []
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None  # both are pipes
        budget = 120 + test_timeout * len(tests)
        try:
            proc.stdin.write(json.dumps({"setup": setup, "tests": tests, "test_timeout": test_timeout}).encode() + b"\n")
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], budget)
            line = proc.stdout.readline() if ready else b""
            return [CheckResult(**r) for r in json.loads(line)]
        except (OSError, ValueError, TypeError):
            self.close()
            return _grader_error(tests, "the checker stopped or ran out of time")

    def close(self) -> None:
        if self.proc is not None:
            try:
                self.proc.kill()
                self.proc.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                pass
            self.proc = None

    def finish(self) -> None:
        self.close()
        if self.cleanup is not None:
            self.cleanup()
            self.cleanup = None


_servers: dict[str, CheckerServer] = {}


def server_for(key: str, make) -> CheckerServer:
    """One server per worker process and sandbox setting; ``make()`` gives its (command, cleanup), once.

    The server and its folders go when the worker process ends (multiprocessing runs
    finalizers with an exit priority then, in pool and Dask workers alike).
    """
    if key not in _servers:
        from multiprocessing.util import Finalize

        command, cleanup = make()
        server = _servers[key] = CheckerServer(command, cleanup)
        Finalize(server, server.finish, exitpriority=10)
    return _servers[key]


def main(argv: list[str]) -> int:
    if argv[:1] == ["--serve"]:
        return _serve()
    request = json.loads(sys.stdin.read())
    real_stdout = sys.stdout
    results = run_checks(request["setup"], request["tests"], float(request.get("test_timeout", TEST_TIMEOUT)))
    real_stdout.write(json.dumps([r.__dict__ for r in results]) + "\n")
    real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
