"""Optional parts of the course, and what to install when one is missing.

Commands that need an optional extra import it through ``require``, which
raises ``MissingExtra`` with the exact install command; the ``csto-course``
command prints that one line instead of a traceback.
"""

from __future__ import annotations

from importlib import import_module

EXTRAS = {
    "instructor": "releasing and grading exercises (nbgrader)",
    "cluster": "grading on a Dask cluster",
    "site": "building the course website (Sphinx, myst-nb, sphinx-book-theme)",
}


class MissingExtra(ImportError):
    """An optional dependency is not installed; the message says which extra brings it."""


def require(module: str, extra: str, purpose: str):
    """Import ``module``, or raise MissingExtra naming the extra to install for ``purpose``."""
    try:
        return import_module(module)
    except ImportError:
        raise MissingExtra(
            f"{purpose} needs the '{extra}' extra ({EXTRAS.get(extra, extra)}). Install it with: "
            f'pip install -e ".[{extra}]"   (in a clone of the course) or: pip install "csto-course[{extra}]"'
        ) from None
