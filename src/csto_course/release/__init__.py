"""Making the student versions of exercises from the solutions (``pipeline.py``)."""

from .pipeline import expected_exercises, release, student_version

__all__ = ["release", "student_version", "expected_exercises"]
