"""The gradebook: one CSV row per exercise, student and task, written so that no grade is lost.

- Only the grader writes it, atomically (a temporary file, then a rename),
  after every submission, so an interrupted run keeps everything graded.
- Rows of other exercises in the same file are kept as they are.
- Any points the instructor typed, on any row, are kept on every re-run and
  with ``--force``. The grader remembers what it wrote last
  (``.gradebook-written.json`` beside the CSV), so a changed ``points`` cell
  is known to be the instructor's; so is a ``manual`` status, or points on a
  ``needs_manual`` row. When the submission under such a grade changes, the
  row says so.
- A gradebook saved by a spreadsheet (a byte-order mark, ``;`` between
  fields, CRLF line ends) is read as well.
- Cells that a spreadsheet would run as a formula (starting ``=``, ``+``,
  ``-``, ``@``) are written with a leading apostrophe, and read back without.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..files import atomic_write_text
from .errors import Status

COLUMNS = ["exercise", "student", "task", "points", "max_points", "status", "message", "submission", "sha256", "tests_key", "graded_at"]
TEXT_COLUMNS = ("exercise", "student", "task", "status", "message", "submission")
WRITTEN = ".gradebook-written.json"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class GradebookUnreadable(Exception):
    """The gradebook exists but is not a CSV the grader can read: nothing is overwritten."""


def key(row: dict) -> tuple[str, str, str]:
    return (row.get("exercise", ""), row["student"], row["task"])


def _safe_cell(value) -> str:
    """A leading apostrophe before a formula character, and before a leading apostrophe, so reading back is exact."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START + ("'",)) else text


def _unsafe_cell(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def read(path: Path, default_exercise: str = "") -> list[dict]:
    """The rows of the gradebook ([] when there is none); raises GradebookUnreadable."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = path.read_bytes().decode("cp1252")
        except UnicodeDecodeError:
            raise GradebookUnreadable(f"{path} is not text; restore it from a backup or move it away") from None
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ("\t" if first.count("\t") > first.count(",") else ",")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames or not {"student", "task"} <= set(reader.fieldnames):
        raise GradebookUnreadable(f"{path} has no student and task columns; it is not a gradebook this grader wrote")
    rows = []
    for raw in reader:
        row = {k: _unsafe_cell(v or "") if k in TEXT_COLUMNS else (v or "").strip() for k, v in raw.items() if k}
        if not row.get("student") or not row.get("task"):
            continue
        row.setdefault("exercise", "")
        if not row["exercise"]:
            row["exercise"] = default_exercise  # a gradebook from before rows named their exercise
        rows.append(row)
    return rows


def _written(path: Path) -> dict:
    try:
        data = json.loads((path.parent / WRITTEN).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _place(row: dict) -> tuple[int, int]:
    """Where a row sorts among its student's rows: the notebook's tasks in their order (``order``), then any row
    without one (a row read back from the file, or a hand-graded task the notebook no longer has)."""
    try:
        return (0, int(row["order"]))
    except (KeyError, TypeError, ValueError):
        return (1, 0)


def write(path: Path, rows: list[dict]) -> None:
    path = Path(path)
    # sorted() keeps the given order of rows that tie: a student read back from this file and not graded again
    # has no `order`, and keeps the notebook's order in which the file lists their tasks.
    rows = sorted(rows, key=lambda r: (r.get("exercise", ""), r["student"], _place(r)))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _safe_cell(row.get(c, "")) if c in TEXT_COLUMNS else row.get(c, "") for c in COLUMNS})
    atomic_write_text(path, buffer.getvalue())
    written = {"|".join(key(r)): str(r.get("points", "")) for r in rows}
    atomic_write_text(path.parent / WRITTEN, json.dumps(written))


def _same_points(a: str, b: str) -> bool:
    a, b = str(a).strip(), str(b).strip()
    if a == b:
        return True
    try:
        return float(a) == float(b)
    except ValueError:
        return False


def instructor_rows(path: Path, rows: list[dict]) -> dict[tuple, dict]:
    """The rows whose points the instructor set, by key."""
    written = _written(Path(path))
    out = {}
    for row in rows:
        points = str(row.get("points", "")).strip()
        typed_over = "|".join(key(row)) in written and not _same_points(points, written["|".join(key(row))])
        if row.get("status") == Status.MANUAL or (row.get("status") == Status.NEEDS_MANUAL and points) or typed_over:
            out[key(row)] = row
    return out


def is_manual_grade(row: dict) -> bool:
    return row.get("status") == Status.MANUAL or (row.get("status") == Status.NEEDS_MANUAL and str(row.get("points", "")).strip() != "")


def merge(manual: dict[tuple, dict], new_rows: list[dict]) -> tuple[list[dict], list[str]]:
    """New rows for one submission, keeping the instructor's points; and warnings for the instructor."""
    out, warnings = [], []
    for row in new_rows:
        kept = manual.get(key(row))
        if kept:
            changed = kept.get("sha256") and kept.get("sha256") != row.get("sha256")
            grader_says = f"the grader now says: {row['status']}" + (
                f", {row['points']} points" if str(row.get("points", "")) != "" else ""
            )
            base = (kept.get("message") or "Graded by the instructor.").split(" [the submission changed")[0]
            note = f" [the submission changed after this grade was entered; {grader_says}]" if changed else ""
            if changed:
                warnings.append(
                    f"{row['student']}, {row['task']}: your points were kept, but the submission changed since you entered them."
                )
            row = {**row, "points": kept["points"], "status": Status.MANUAL, "message": base + note}
        out.append(row)
    return out, warnings
