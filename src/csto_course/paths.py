"""Where the course's folders are: data/, quizzes/ and lessons/.

In a source checkout (the usual case, and an editable install) they sit at the
top of the repository. In a wheel they are packed inside the package under
``_course/``. ``CSTO_COURSE_ROOT`` overrides both, which the tests use to point
the loader at a scratch copy of the data.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
PACKAGE_ASSETS = _PACKAGE / "assets"  # front-end code that ships with the package (see lesson_start.py)


def course_root() -> Path:
    """Return the folder that holds data/, quizzes/ and lessons/."""
    override = os.environ.get("CSTO_COURSE_ROOT")
    if override:
        return Path(override).expanduser().resolve()
    packed = _PACKAGE / "_course"
    if (packed / "data").is_dir():
        return packed
    return _PACKAGE.parents[1]


def cache_dir() -> Path:
    """Where the course keeps what it can recompute (validated tables, chart stills): ``CSTO_COURSE_CACHE``,
    else ``~/.cache/csto-course``. Losing it costs only time; a folder that cannot be written means no cache."""
    return Path(os.environ.get("CSTO_COURSE_CACHE") or Path.home() / ".cache" / "csto-course")


def data_dir() -> Path:
    return course_root() / "data"


def quizzes_dir() -> Path:
    return course_root() / "quizzes"


def lessons_dir() -> Path:
    return course_root() / "lessons"
