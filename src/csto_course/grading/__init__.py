"""Grading a class's submissions against the solutions' tests.

The steps, in the order one submission goes through them:

- ``submissions.py``: find one notebook per student in a folder.
- ``assemble.py``: the student's answers in the solution's order, with an export cell per task.
- ``sandbox.py`` and ``confine.py``: the kernel runs in a bubblewrap sandbox with resource limits.
- ``execute.py``: run it cell by cell with time limits, surviving loops and a dead kernel.
- ``folder_guard.py``: a cap on what a submission writes in its folder, in bytes and in files.
- ``answers.py``: each task's answers leave the kernel as data only (never pickle).
- ``checker.py``: a clean process runs the hidden tests on those answers.
- ``score.py``: a grade and a message per task.
- ``gradebook.py``: the CSV, written atomically, keeping the instructor's points.
- ``feedback.py``: one Markdown feedback file per student.
- ``batch.py``: all of it for a whole folder, in parallel, with a progress bar.
- ``written_answers.py``: every written answer of a class on one page; its points back into the gradebook.

Names are imported on first use, so that the student's kernel, which imports
``answers``, does not load the grader.
"""

from __future__ import annotations

_EXPORTS = {"grade_batch": "batch", "grade_one": "batch", "find_exercise": "batch", "Limits": "batch", "Status": "errors"}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
