"""Self-checks for exercises: they speak to the student, never a bare AssertionError.

Used in the visible test cells of exercises::

    expect_rows(members_per_year, 34, "one row per year from 1992 to 2025")
    passed("Task 2")

A failed check raises ``SelfCheckFailed`` (an AssertionError, so nbgrader and
the course's grader count the cell as failed) whose message says in plain words
what is not yet right. In a notebook it shows as that message alone.
"""

from __future__ import annotations

import pandas as pd


class SelfCheckFailed(AssertionError):
    def _render_traceback_(self) -> list[str]:
        return [f"Not yet: {self}"]


def expect(condition: bool, message: str) -> None:
    """Fail with ``message`` unless ``condition`` holds."""
    if not condition:
        raise SelfCheckFailed(message)


def expect_defined(namespace: dict, name: str) -> None:
    expect(name in namespace, f"there is no variable called {name!r} yet. Run your answer cell, and check the spelling.")


def expect_frame(value, name: str) -> None:
    expect(isinstance(value, pd.DataFrame), f"{name} should be a pandas DataFrame, but it is a {type(value).__name__}.")


def expect_columns(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    expect_frame(frame, name)
    missing = [c for c in columns if c not in frame.columns]
    expect(not missing, f"{name} is missing the column(s) {', '.join(missing)}; it has {', '.join(map(str, frame.columns))}.")


def expect_rows(frame: pd.DataFrame, count: int, what: str, name: str = "your table") -> None:
    expect_frame(frame, name)
    expect(len(frame) == count, f"expected {what} ({count} rows) in {name}; found {len(frame)} rows.")


def passed(task: str) -> None:
    print(f"✔ {task}: your answer passes the visible checks. The instructor's hidden tests may check more.")
