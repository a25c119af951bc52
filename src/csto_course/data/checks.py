"""Checking tables against data/datapackage.json.

``check_table`` returns every problem in one table as ``Problem`` records;
``validate_all`` gathers the problems of every table into one report (a
DataFrame with one row per problem, as frictionless's and pandera's reports do).
The loader raises the first problem of a table as an exception.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..paths import cache_dir, data_dir
from . import package
from .errors import CourseDataError, Problem

PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(text: str) -> pd.Timestamp | None:
    """'1999' -> 1999-01-01, '1999-04' -> 1999-04-01, '1999-04-02' -> itself; None if invalid."""
    m = PARTIAL_DATE.match(text or "")
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        return pd.Timestamp(year=year, month=month, day=day)
    except ValueError:
        return None


def _stamp(names: set[str]) -> tuple:
    """Paths, file sizes and modification times, so cached checks rerun after an edit.

    The path matters: a copied data folder keeps its modification times, and
    must not borrow the original's verdict.
    """
    schema = package.package_path()
    out = [str(schema), schema.stat().st_mtime_ns]
    for n in sorted(names):
        p = package.table_path(n)
        out.append((n, str(p), p.stat().st_mtime_ns, p.stat().st_size) if p.is_file() else (n, str(p), None))
    return tuple(out)


def check_table(name: str) -> list[Problem]:
    """Every problem in one table (an empty list when it is valid)."""
    package.resource(name)  # unknown name -> UnknownTableError
    related = {name} | package.referenced_tables(name)
    return list(_check_table_cached(name, _stamp(related)))


def _validated_marker(name: str) -> Path | None:
    """A file whose existence records that this exact content passed every check.

    Its name hashes the schema, the table and the tables it refers to (and the
    frictionless version), so any edit means a fresh check. It saves each new
    kernel importing frictionless and re-validating unchanged data.
    ``CSTO_COURSE_CACHE`` moves the folder; an unwritable folder just means no cache.
    """
    try:
        from importlib.metadata import version

        digest = hashlib.sha256(version("frictionless").encode())
        for path in [package.package_path()] + [package.table_path(n) for n in sorted({name} | package.referenced_tables(name))]:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    except (OSError, ImportError, ValueError):
        return None
    folder = cache_dir() / "validated"
    return folder / f"{name}-{digest.hexdigest()[:32]}"


@lru_cache(maxsize=64)
def _check_table_cached(name: str, _stamp: tuple) -> tuple[Problem, ...]:
    rel = f"data/{package.resource(name)['path']}"
    if not package.table_path(name).is_file():
        return (Problem("missing-file", rel, detail="the file is missing"),)
    marker = _validated_marker(name)
    if marker is not None and marker.exists():
        return ()
    problems = _run_checks(name, rel)
    if not problems and marker is not None:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass
    return problems


def _run_checks(name: str, rel: str) -> tuple[Problem, ...]:
    problems = _frictionless_problems(name, rel)
    if any(p.code in ("source-error", "encoding-error") for p in problems):
        return tuple(problems)
    not_utf8 = _not_utf8(name, rel)  # frictionless guesses the encoding; the loader and the checks below read UTF-8
    if not_utf8:
        return (not_utf8,)
    problems += _partial_date_problems(name, rel)
    problems += _reference_problems(name, rel)
    problems.sort(key=lambda p: p.row or 0)
    return tuple(problems)


def _frictionless_problems(name: str, rel: str) -> list[Problem]:
    import frictionless  # imported here: only checking needs it

    pkg = frictionless.Package(str(package.package_path()), basepath=str(data_dir()))
    report = pkg.get_resource(name).validate()
    problems = []
    for task in report.tasks:
        for err in task.errors:
            code = err.type
            row = getattr(err, "row_number", None)
            column = getattr(err, "field_name", None) or getattr(err, "label", None)
            value = getattr(err, "cell", None)
            detail = _describe(code, err.note, name, column, value)
            if code in ("scheme-error", "format-error"):
                code = "source-error"
            problems.append(Problem(code, rel, row, column, value, detail))
    return problems


def _describe(code: str, note: str, table: str, column: str | None, value=None) -> str:
    """Say what the rule is in plain words (frictionless notes are terse).

    Which rule a cell breaks is read from the schema and the cell, never from the wording of
    frictionless's note, which a new release may change: the note is shown only when no rule of
    the schema explains the error.
    """
    field = next((f for f in package.fields(table) if f["name"] == column), {}) if column else {}
    if code == "type-error":
        return f"is not a valid {field.get('type', 'value')}"
    if code == "constraint-error":
        cons = field.get("constraints", {})
        text = "" if value is None else str(value)
        if cons.get("required") and text == "":
            return "is required"
        if "enum" in cons and text not in {str(v) for v in cons["enum"]}:
            return "is not one of the allowed values (" + ", ".join(map(str, cons["enum"])) + ")"
        if "pattern" in cons and not re.fullmatch(cons["pattern"], text):
            return "does not have the expected form" + (f" ({field['description']})" if field.get("description") else "")
        return f"breaks a rule ({note})"
    if code == "primary-key":
        return f"is a duplicate key ({note})"
    if code == "foreign-key":
        return f"refers to a row that does not exist ({note})"
    return note or code.replace("-", " ")


def _not_utf8(name: str, rel: str) -> Problem | None:
    """An encoding-error naming the line of the first byte that is not UTF-8 (a file saved as Latin-1 or Windows-1252)."""
    data = package.table_path(name).read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Problem("encoding-error", rel, detail=f"the file is not UTF-8 text (line {line} has the first byte that is not)")
    return None


def _rows(name: str) -> list[dict]:
    with open(package.table_path(name), newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _partial_date_problems(name: str, rel: str) -> list[Problem]:
    cols = [f["name"] for f in package.fields(name) if f.get("csto:partialDate")]
    out = []
    for i, row in enumerate(_rows(name), start=2):
        for col in cols:
            text = (row.get(col) or "").strip()
            if text and parse_partial_date(text) is None:
                out.append(Problem("invalid-date", rel, i, col, text, "is not a date"))
    return out


def _reference_problems(name: str, rel: str) -> list[Problem]:
    out = []
    rows = None
    for col, spec in package.list_references(name):
        target = spec["resource"]
        try:
            known = {r[spec["field"]] for r in _rows(target)}
        except (OSError, KeyError, UnicodeDecodeError, CourseDataError):
            known = None  # the target table's own check reports that problem
        if known is None:
            continue
        rows = rows if rows is not None else _rows(name)
        delim = spec.get("delimiter", ";")
        for i, row in enumerate(rows, start=2):
            for ident in filter(None, (x.strip() for x in (row.get(col) or "").split(delim))):
                if ident not in known:
                    out.append(
                        Problem(
                            "broken-reference",
                            rel,
                            i,
                            col,
                            ident,
                            f"is not a {spec['field']} in data/{package.resource(target)['path']}",
                        )
                    )
    return out


class ValidationReport:
    """All problems in all tables: ``.problems`` is a DataFrame, one row per problem."""

    COLUMNS = ["code", "file", "row", "column", "value", "detail", "message"]

    def __init__(self, problems: list[Problem], tables: list[str]):
        self.tables = tables
        records = [{**asdict(p), "message": p.message} for p in problems]
        self.problems = pd.DataFrame(records, columns=self.COLUMNS)

    @property
    def ok(self) -> bool:
        return self.problems.empty

    def counts(self) -> pd.Series:
        return self.problems["code"].value_counts()

    def __str__(self) -> str:
        if self.ok:
            return f"All {len(self.tables)} tables are valid: {', '.join(self.tables)}."
        lines = [f"{len(self.problems)} problem(s) in the course data:"]
        lines += [f"- {m}" for m in self.problems["message"]]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return str(self).replace("\n- ", "\n\n- ")


def validate_all() -> ValidationReport:
    """Check every table in data/ and every CSV file that has no schema."""
    names = package.table_names()
    problems: list[Problem] = []
    for name in names:
        problems += check_table(name)
    described = {package.resource(n)["path"] for n in names}
    for path in sorted(data_dir().glob("*.csv")):
        if path.name not in described:
            problems.append(Problem("undescribed-file", f"data/{path.name}", detail="this CSV has no schema in data/datapackage.json"))
    return ValidationReport(problems, names)
