"""The clean checker: runs the hidden tests on the student's answers, in its own process.

The student's kernel only ever hands over data (``answers.py``). This process
starts fresh, runs the solution's setup cells (imports, the course data), then
each task's test cell in a fresh copy of that namespace plus the answers the
task declared. Nothing the student's code did to its kernel (patched builtins,
input transformers, an ``__eq__`` that always says yes) exists here.

Run as ``python -m csto_course.grading.checker``: a JSON request on standard
input, a JSON result on standard output.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

TEST_TIMEOUT = 30  # seconds one task's tests may take on the student's data


@dataclass
class CheckResult:
    task: str
    status: str  # ok, error, no_answers, unexportable, grader_error
    ename: str = ""
    evalue: str = ""


class _Timeout(BaseException):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def _quiet():
    sink = io.StringIO()
    return contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink)


def run_checks(setup: list[str], tests: list[dict], test_timeout: float = TEST_TIMEOUT) -> list[CheckResult]:
    """Run in this process. ``tests``: dicts with task, source, answers (names) and file."""
    from . import answers as answer_io

    sys.modules.setdefault("rfc3987_syntax", None)  # see execute._CAP_OUTPUT
    base: dict = {"__name__": "__main__"}
    out_cm, err_cm = _quiet()
    try:
        with out_cm, err_cm:
            for source in setup:
                exec(compile(source, "<setup>", "exec"), base)  # noqa: S102 - the instructor's own setup cell
    except BaseException as exc:  # noqa: BLE001 - the course's setup failing is the grader's problem, not the student's
        message = f"the exercise's setup cell failed in the checker ({type(exc).__name__}: {exc})"
        return [CheckResult(t["task"], "grader_error", type(exc).__name__, message) for t in tests]
    results = []
    use_alarm = hasattr(signal, "SIGALRM")
    if use_alarm:
        signal.signal(signal.SIGALRM, _alarm)
    for test in tests:
        task = test["task"]
        try:
            values, problems = answer_io.load(Path(test["file"]))
        except answer_io.AnswerFileError as exc:
            results.append(CheckResult(task, "no_answers", "AnswerFileError", str(exc)))
            continue
        bad = [n for n in test["answers"] if n in problems]
        if bad:
            results.append(CheckResult(task, "unexportable", "Unsupported", f"{bad[0]}: {problems[bad[0]]}"))
            continue
        namespace = dict(base)
        namespace.update({k: v for k, v in values.items() if k in test["answers"]})
        out_cm, err_cm = _quiet()
        try:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, test_timeout)
            with out_cm, err_cm:
                exec(compile(test["source"], f"<tests of {task}>", "exec"), namespace)  # noqa: S102 - the instructor's tests
            results.append(CheckResult(task, "ok"))
        except _Timeout:
            results.append(CheckResult(task, "error", "Timeout", f"the checks ran longer than {test_timeout:g} s"))
        except BaseException as exc:  # noqa: BLE001 - every failure is a result
            results.append(CheckResult(task, "error", type(exc).__name__, str(exc)[:500]))
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
    return results


def check_in_subprocess(setup: list[str], tests: list[dict], env: dict | None = None,
                        test_timeout: float = TEST_TIMEOUT, command_prefix: list[str] | None = None) -> list[CheckResult]:
    """Run the checks in a fresh Python process; a crash or hang becomes grader_error results."""
    request = json.dumps({"setup": setup, "tests": tests, "test_timeout": test_timeout})
    budget = 120 + test_timeout * len(tests)
    cmd = (command_prefix or []) + [sys.executable, "-m", "csto_course.grading.checker"]
    try:
        proc = subprocess.run(cmd, input=request, capture_output=True, text=True, timeout=budget,
                              env={**os.environ, **(env or {})}, start_new_session=True)
        payload = json.loads(proc.stdout.strip().splitlines()[-1])
        return [CheckResult(**r) for r in payload]
    except (subprocess.TimeoutExpired, json.JSONDecodeError, IndexError, TypeError, OSError) as exc:
        reason = "it ran out of time" if isinstance(exc, subprocess.TimeoutExpired) else f"it stopped unexpectedly ({type(exc).__name__})"
        return [CheckResult(t["task"], "grader_error", "CheckerFailed", f"the checker could not run: {reason}") for t in tests]


def main() -> int:
    request = json.loads(sys.stdin.read())
    real_stdout = sys.stdout
    results = run_checks(request["setup"], request["tests"], float(request.get("test_timeout", TEST_TIMEOUT)))
    real_stdout.write(json.dumps([r.__dict__ for r in results]) + "\n")
    real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
