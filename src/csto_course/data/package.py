"""Reading data/datapackage.json: which tables exist and what their schemas say.

The Data Package is the single description of every table (fields, types,
required fields, allowed values, keys). Two extensions, written as extra field
properties that frictionless keeps and ignores:

- ``"csto:partialDate": true`` on a string field: an ISO 8601 date that may be
  reduced to a year (``1999``) or a month (``1999-04``). The loader parses it to
  the first day of that period; the table's ``date_precision`` column says which.
- ``"csto:listOf": {"resource": ..., "field": ..., "delimiter": ";"}`` on a
  string field: a list of identifiers of rows in another table (for example
  ``source_ids``). frictionless cannot check list-valued foreign keys, so
  ``checks.py`` does.
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path

from ..paths import data_dir
from .errors import CourseDataError, MissingFileError, Problem, UnknownTableError

PACKAGE_FILE = "datapackage.json"


def package_path() -> Path:
    return data_dir() / PACKAGE_FILE


def read_package() -> dict:
    """The parsed datapackage.json (cached until the file changes)."""
    path = package_path()
    if not path.is_file():
        raise MissingFileError(Problem("missing-file", f"data/{PACKAGE_FILE}", detail=f"the file is missing (looked in {path.parent})"))
    return _read_package_cached(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read_package_cached(path: str, _mtime: int) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CourseDataError(
            Problem("broken-package", f"data/{PACKAGE_FILE}", row=exc.lineno, detail=f"invalid JSON ({exc.msg})")
        ) from None


def table_names() -> list[str]:
    return [res["name"] for res in read_package()["resources"]]


def resource(name: str) -> dict:
    """The descriptor of one table; a clear error with suggestions if it is unknown."""
    if not isinstance(name, str):
        raise UnknownTableError(
            Problem(
                "unknown-table",
                f"data/{PACKAGE_FILE}",
                detail=f"a table name must be text, not {type(name).__name__} ({name!r}). Tables: {', '.join(table_names())}",
            )
        )
    for res in read_package()["resources"]:
        if res["name"] == name:
            return res
    names = table_names()
    close = difflib.get_close_matches(name, names, n=1)
    hint = f'Did you mean "{close[0]}"? ' if close else ""
    raise UnknownTableError(
        Problem(
            "unknown-table",
            f"data/{PACKAGE_FILE}",
            detail=f'there is no table called "{name}". {hint}Tables: {", ".join(names)}',
        )
    )


def table_path(name: str) -> Path:
    return data_dir() / resource(name)["path"]


def fields(name: str) -> list[dict]:
    return resource(name)["schema"]["fields"]


def list_references(name: str) -> list[tuple[str, dict]]:
    """(field name, csto:listOf spec) for every list-of-references field of a table."""
    return [(f["name"], f["csto:listOf"]) for f in fields(name) if "csto:listOf" in f]


def referenced_tables(name: str) -> set[str]:
    """Tables that a table points into (foreign keys and reference lists)."""
    out = {spec["resource"] for _, spec in list_references(name)}
    for fk in resource(name)["schema"].get("foreignKeys", []):
        out.add(fk["reference"]["resource"] or name)
    out.discard(name)
    return out
