"""Errors the data layer raises, each one able to explain itself.

Every error names the file, the row (counting the header as row 1, as an editor
or spreadsheet shows it), the column, the bad value, a stable code and a fix.
The message is rendered from those fields, so tests can check either the
fields or the wording.

In a notebook the error shows as that one message, without a Python traceback
(IPython calls ``_render_traceback_``); in plain Python it is an ordinary
exception whose ``str()`` is the same message.
"""

from __future__ import annotations

from dataclasses import dataclass

# What to do about each kind of problem, keyed by code. Codes from frictionless
# (type-error, missing-cell, ...) keep their names so its documentation applies.
FIXES: dict[str, str] = {
    "unknown-table": "Use one of the table names listed above.",
    "missing-file": "Restore the file from the course repository (git checkout -- data/), or remove its entry from data/datapackage.json.",
    "broken-package": "Fix the JSON syntax in data/datapackage.json (a JSON linter shows where).",
    "type-error": "Fix the cell so that it has the type the column needs; see data/README.md.",
    "constraint-error": "Fix the cell so that it meets the column's rule; see data/README.md.",
    "missing-cell": "The row has fewer cells than the header: add the missing commas or cells.",
    "extra-cell": "The row has more cells than the header: quote a cell that contains a comma, or remove the extra cell.",
    "blank-row": "Delete the empty row.",
    "primary-key": "Give the row a unique identifier: another row already uses this one.",
    "unique-error": "Give the row a unique value: another row already uses this one.",
    "foreign-key": "Use a value that exists in the referenced table, or add it there first.",
    "broken-reference": "Use an identifier that exists in the referenced table, or add that row first.",
    "invalid-date": "Write the date as YYYY, YYYY-MM or YYYY-MM-DD (ISO 8601), with a real month and day.",
    "missing-label": "Add the missing column to the header row (see data/README.md for the columns).",
    "extra-label": "Remove the column, or add it to the table's schema in data/datapackage.json.",
    "incorrect-label": "Rename the header cell to the name the schema expects.",
    "encoding-error": "Save the file as UTF-8.",
    "undescribed-file": "Describe the table in data/datapackage.json (fields and types), or move the file out of data/.",
    "source-error": "The file could not be read as CSV: check it opens in a text editor and is UTF-8.",
}
DEFAULT_FIX = "See data/README.md for what each column must hold."


@dataclass
class Problem:
    """One problem found in the course data (plain data, for reports)."""

    code: str
    file: str
    row: int | None = None
    column: str | None = None
    value: object = None
    detail: str = ""

    @property
    def fix(self) -> str:
        return FIXES.get(self.code, DEFAULT_FIX)

    @property
    def message(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f'column "{self.column}"')
        text = ", ".join(where) + ": "
        if self.value not in (None, ""):
            text += f'"{self.value}" ' + (self.detail or "is not valid") + "."
        elif self.value == "" and self.column:
            text += "the cell is empty" + (f" ({self.detail})" if self.detail else "") + "."
        else:
            text += (self.detail or "there is a problem") + "."
        return f"{text} {self.fix} [{self.code}]"


class CourseDataError(Exception):
    """Base class: something in data/ cannot be loaded. ``problem`` has the details."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.message)

    # Attribute shortcuts, so callers can write err.row instead of err.problem.row.
    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def file(self) -> str:
        return self.problem.file

    @property
    def row(self) -> int | None:
        return self.problem.row

    @property
    def column(self) -> str | None:
        return self.problem.column

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: the message alone."""
        return [f"{type(self).__name__}: {self.problem.message}"]


class UnknownTableError(CourseDataError, KeyError):
    """The requested table is not described in data/datapackage.json."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.problem.message


class MissingFileError(CourseDataError, FileNotFoundError):
    """A table's CSV file (or datapackage.json itself) is not on disk."""


class InvalidDataError(CourseDataError, ValueError):
    """A row or cell breaks the table's schema: wrong type, missing cell, duplicate key."""


class BrokenReferenceError(CourseDataError, ValueError):
    """A cell names a row of another table (a source, a country) that does not exist."""


# The exception each kind of problem raises, by code; every code in FIXES has one.
ERROR_CLASSES: dict[str, type[CourseDataError]] = {
    "unknown-table": UnknownTableError,
    "missing-file": MissingFileError,
    "broken-package": CourseDataError,
    "broken-reference": BrokenReferenceError,
    "foreign-key": BrokenReferenceError,
    **{
        code: InvalidDataError
        for code in (
            "type-error",
            "constraint-error",
            "missing-cell",
            "extra-cell",
            "blank-row",
            "primary-key",
            "unique-error",
            "invalid-date",
            "missing-label",
            "extra-label",
            "incorrect-label",
            "encoding-error",
            "undescribed-file",
            "source-error",
        )
    },
}


def error_for(problem: Problem) -> CourseDataError:
    """The exception to raise for a problem: its kind's class (InvalidDataError for a code not listed)."""
    return ERROR_CLASSES.get(problem.code, InvalidDataError)(problem)
