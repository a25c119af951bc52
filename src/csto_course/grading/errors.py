"""What can go wrong with one submission, as named statuses and exceptions."""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
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

    def __str__(self) -> str:  # "passed", not "Status.PASSED", in f-strings and CSV cells alike
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


GRADER_PROBLEMS = (Status.NOT_GRADED,)  # statuses a re-run retries rather than keeps


class SubmissionUnreadable(Exception):
    """The file is not a readable notebook (not JSON, truncated, not nbformat 4)."""


class UnknownExercise(Exception):
    """No solution notebook matches the name or number given."""


class GradingLocked(Exception):
    """Another grading run is writing to the same --out folder."""


class SandboxRefused(Exception):
    """No sandbox can be made here, and the instructor did not pass --sandbox off."""
