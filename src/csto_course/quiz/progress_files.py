"""Progress rows to and from files: the CSV a student exports, and the raw quiz-progress.json.

A CSV is written atomically and safe to open in a spreadsheet (text that would run as a formula
gets a leading apostrophe). Reading checks every row and raises ProgressFileError with the row,
the column and what is wrong, in words an instructor can act on.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..files import atomic_write_text
from .progress_rows import EXPORT_COLUMNS, ProgressFileError, check_record, rows_from_record

REQUIRED_COLUMNS = ["lesson", "question_id", "first_correct", "attempts"]

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def _spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula (=, +, -, @) gets a leading apostrophe."""
    if not isinstance(value, str) or not value or value[0] not in "=+-@\t\r":
        return value
    try:
        float(value)
        return value  # a negative number, not a formula
    except ValueError:
        return "'" + value


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    """Write atomically (a temporary file, then a rename). Raises OSError."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    atomic_write_text(Path(path), buffer.getvalue())


def _parse_bool(value: str, where: str) -> str:
    text = str(value).strip().lower()
    if text in _TRUE:
        return "true"
    if text in _FALSE:
        return "false"
    raise ProgressFileError(f'{where}: "{value}" is not true or false')


def read_export_csv(path: Path, label: str) -> list[dict]:
    """Rows of a CSV written by ``--export`` (or a class table). Raises ProgressFileError."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in (reader.fieldnames or [])]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise ProgressFileError("it is not a quiz progress export (missing column(s): " + ", ".join(missing) + ")")
            reader.fieldnames = header
            rows = []
            for number, raw in enumerate(reader, start=2):
                if None in raw:
                    raise ProgressFileError(f"row {number} has more values than there are columns")
                where = f"row {number}"
                row = {c: (raw.get(c) or "").strip() for c in EXPORT_COLUMNS}
                if not row["lesson"] or not row["question_id"]:
                    raise ProgressFileError(f"{where}: lesson or question_id is empty")
                row["student"] = row["student"] or label
                row["first_correct"] = _parse_bool(row["first_correct"], f"{where}, column first_correct")
                if row["latest_correct"]:
                    row["latest_correct"] = _parse_bool(row["latest_correct"], f"{where}, column latest_correct")
                try:
                    row["attempts"] = int(row["attempts"])
                except ValueError:
                    raise ProgressFileError(f'{where}, column attempts: "{row["attempts"]}" is not a whole number') from None
                rows.append(row)
    except UnicodeDecodeError:
        raise ProgressFileError('it is not UTF-8 text (save it again as "CSV UTF-8")') from None
    except csv.Error as exc:
        raise ProgressFileError(f"it is not a readable CSV file ({exc})") from None
    return rows


def read_progress_json(path: Path, label: str) -> list[dict]:
    """Rows of a raw quiz-progress.json. Raises ProgressFileError."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ProgressFileError("it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ProgressFileError(f"it is not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    return rows_from_record(check_record(data), label)
