"""Grading a class's submissions against the solutions' tests.

- ``submissions.py``: find one notebook per student in a folder.
- ``assemble.py``: the student's answers plus the solution's tests, by grade_id.
- ``execute.py``: run it cell by cell with time limits, surviving a dead kernel.
- ``score.py``: a grade and a message per task.
- ``gradebook.py``: the CSV, written atomically, keeping manual grades.
- ``feedback.py``: one Markdown feedback file per student.
- ``batch.py``: all of it for a whole folder, in parallel, with a progress bar.
"""

from .batch import Limits, find_exercise, grade_batch, grade_one
from .errors import Status

__all__ = ["grade_batch", "grade_one", "find_exercise", "Limits", "Status"]
