"""What can go wrong with one submission, as named statuses and exceptions."""

from __future__ import annotations

from enum import Enum


class _Words(str, Enum):
    """A string enum that prints as its plain word: "passed", not "Status.PASSED"."""

    def __str__(self) -> str:  # in f-strings, CSV cells and JSON alike
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Status(_Words):
    """The status recorded in the gradebook for one student and task.

    A string enum: each member equals its value ("passed"), so the gradebook's CSV, JSON and the
    feedback tables keyed by the plain words keep working, while code and type checks name the
    statuses instead of spelling strings. ``Status("passed")`` reads one back from a gradebook.
    """

    PASSED = "passed"
    FAILED = "failed"  # a check or hidden test did not pass
    ERROR = "error"  # an exception (including a syntax error) in the answer or the check
    NOT_ANSWERED = "not_answered"  # the answer cell is still the stub
    MISSING = "missing"  # the answer cell was deleted
    TIMEOUT = "timeout"  # a cell ran longer than the cell time limit
    NOTEBOOK_TIMEOUT = "notebook_timeout"  # the notebook's time budget ran out before this task
    KERNEL_DIED = "kernel_died"  # the kernel died (sys.exit, os._exit, a crash)
    UNREADABLE = "unreadable"  # not a notebook, or truncated JSON
    NEEDS_MANUAL = "needs_manual"  # a written answer for the instructor
    MANUAL = "manual"  # a grade the instructor entered (kept on re-runs)
    NOT_GRADED = "not_graded"  # the grader could not grade it (a crash, an interrupted run): re-run to grade


class CellStatus(_Words):
    """How running one cell of a submission ended (``execute.py``); ``score.py`` turns these into a Status."""

    OK = "ok"
    ERROR = "error"  # the cell raised (a syntax error included)
    TIMEOUT = "timeout"  # no reply within the cell's time limit
    KERNEL_DIED = "kernel_died"  # the kernel stopped, or stopped answering
    DISK = "disk"  # the submission's folder grew past its limit while the cell ran
    NOT_RUN = "not_run"  # an earlier cell ended the run (a timeout, a dead kernel, the notebook's budget)


class CheckStatus(_Words):
    """How one task's hidden checks ended (``checker.py``, which may run in a sandbox and send these as words)."""

    OK = "ok"  # every check passed
    ERROR = "error"  # a check failed, raised or ran out of time
    NO_ANSWERS = "no_answers"  # the answers file was missing or unreadable
    UNEXPORTABLE = "unexportable"  # an answer was of a kind the grader cannot carry out of the kernel
    GRADER_ERROR = "grader_error"  # the checker itself failed: not the student's fault


GRADER_PROBLEMS = (Status.NOT_GRADED,)  # statuses a re-run retries rather than keeps


class SubmissionUnreadable(Exception):
    """The file is not a readable notebook (not JSON, truncated, not nbformat 4)."""


class SolutionInvalid(ValueError):
    """The solution notebook's grading metadata cannot be graded from (points that are not a number)."""


class UnknownExercise(Exception):
    """No solution notebook matches the name or number given."""


class GradingLocked(Exception):
    """Another grading run is writing to the same --out folder."""


class SandboxRefused(Exception):
    """No sandbox can be made here, and the instructor did not pass --sandbox off."""
