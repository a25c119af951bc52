"""What can go wrong with one submission, as named statuses and exceptions."""

from __future__ import annotations


class Status:
    """The status recorded in the gradebook for one student and task."""

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


GRADER_PROBLEMS = (Status.NOT_GRADED,)  # statuses a re-run retries rather than keeps


class SubmissionUnreadable(Exception):
    """The file is not a readable notebook (not JSON, truncated, not nbformat 4)."""


class UnknownExercise(Exception):
    """No solution notebook matches the name or number given."""


class GradingLocked(Exception):
    """Another grading run is writing to the same --out folder."""


class SandboxRefused(Exception):
    """No sandbox can be made here, and the instructor did not pass --sandbox off."""
