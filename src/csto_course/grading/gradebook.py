"""The gradebook: one CSV row per student and task, written so that no grade is lost.

- Written atomically (a temporary file, then a rename) after every submission,
  so an interrupted batch keeps everything graded so far.
- A re-run skips a submission whose content (SHA-256) has not changed.
- Grades an instructor types in for written answers (``points`` filled in on a
  ``needs_manual`` row, or status set to ``manual``) are kept on every re-run.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from .errors import Status

COLUMNS = ["student", "task", "points", "max_points", "status", "message", "submission", "sha256", "graded_at"]


def read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        return [dict(row) for row in csv.DictReader(fh)]


def write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = sorted(rows, key=lambda r: (r["student"], r.get("order", 0), r["task"]))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gradebook-", suffix=".csv")
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


def is_manual_grade(row: dict) -> bool:
    return row.get("status") == Status.MANUAL or (row.get("status") == Status.NEEDS_MANUAL and str(row.get("points", "")).strip() != "")


def merge(previous: list[dict], new_rows: list[dict]) -> list[dict]:
    """New rows for one student, keeping any manual grade the instructor entered earlier."""
    manual = {(r["student"], r["task"]): r for r in previous if is_manual_grade(r)}
    out = []
    for row in new_rows:
        kept = manual.get((row["student"], row["task"]))
        if kept:
            note = "" if kept.get("sha256") == row.get("sha256") else " (the submission changed after this grade was entered)"
            row = {**row, "points": kept["points"], "status": Status.MANUAL, "message": (kept.get("message") or "Graded by the instructor.") + note}
        out.append(row)
    return out
