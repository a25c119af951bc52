"""The gradebook's totals as a file the LMS imports: Canvas's gradebook CSV, or Moodle's grade import.

- Canvas: the instructor's own gradebook export is the roster. Its columns
  and rows stay as they are (Canvas ignores the read-only ones on import);
  each exercise gets a column ``CSTO <exercise>`` (or keeps the one Canvas
  already made, ``CSTO <exercise> (12345)``), and the "Points Possible" row
  gets the exercise's maximum.
- Moodle: one identifier column (the roster's email address, ID number or
  username; without a roster, the mapping file's login or the submission's
  name) and one grade column per exercise; Moodle's "Import grades > CSV"
  asks which column identifies the user.

A total is written only when every task of that exercise has points: one
still waiting for hand grading (or not graded) leaves the cell empty and is
listed, so no partial mark reaches the LMS by mistake.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..files import atomic_write_text
from ..grading.errors import Status
from .roster import Roster, match, read_mapping, read_roster

PENDING = (Status.NEEDS_MANUAL, Status.NOT_GRADED)


@dataclass
class Total:
    points: float
    maximum: float
    pending: list[str]  # tasks without points yet


@dataclass
class GradesExport:
    path: Path
    exported: int = 0
    unmatched: dict[str, str] = field(default_factory=dict)
    without_submission: list[str] = field(default_factory=list)
    incomplete: dict[str, list[str]] = field(default_factory=dict)  # "student, exercise" -> tasks

    def lines(self) -> list[str]:
        out = [f"wrote {self.path}: {self.exported} total(s)"]
        out += [f"not exported, no match in the roster: {s} ({why})" for s, why in sorted(self.unmatched.items())]
        out += [f"in the roster, no submission: {name}" for name in self.without_submission]
        out += [f"left empty, not fully graded: {who} (waiting: {', '.join(tasks)})" for who, tasks in sorted(self.incomplete.items())]
        return out


def totals(book: list[dict]) -> dict[str, dict[str, Total]]:
    """exercise -> student -> Total, from the gradebook's rows."""
    out: dict[str, dict[str, Total]] = {}
    for row in book:
        total = out.setdefault(row["exercise"], {}).setdefault(row["student"], Total(0.0, 0.0, []))
        total.maximum += float(row.get("max_points") or 0)
        points = str(row.get("points", "")).strip()
        if row.get("status") in PENDING and not points:
            total.pending.append(row["task"])
        elif points:
            try:
                total.points += float(points)
            except ValueError:
                total.pending.append(row["task"])
    return out


def _number(value: float) -> str:
    return f"{value:g}"


def _column(header: list[str], exercise: str) -> str:
    wanted = f"CSTO {exercise}"
    return next((h for h in header if h == wanted or h.startswith(wanted + " (")), wanted)


def _student_label(row: dict) -> str:
    return str(
        row.get("Student")
        or row.get("Student Name")
        or " ".join(filter(None, [row.get("First name"), row.get("Last name")]))
        or row.get("Email address")
        or row.get("Username")
        or row.get("username")
        or "?"
    ).strip()


def _write(path: Path, header: list[str], rows: list[dict], delimiter: str = ",") -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore", delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(Path(path), buffer.getvalue())


def _fill(
    report: GradesExport,
    by_exercise: dict[str, dict[str, Total]],
    roster: Roster,
    mapping: dict[str, str],
    columns: dict[str, str],
    rows: list[dict],
) -> None:
    students = sorted({s for per in by_exercise.values() for s in per})
    matching = match(students, roster, mapping)
    report.unmatched = matching.unmatched
    report.without_submission = [_student_label(roster.rows[i]) for i in matching.without_submission]
    for exercise, per_student in by_exercise.items():
        for student, total in per_student.items():
            if student not in matching.matched:
                continue
            target = rows[matching.matched[student]]
            if total.pending:
                report.incomplete[f"{student}, {exercise}"] = total.pending
                target[columns[exercise]] = ""
            else:
                target[columns[exercise]] = _number(total.points)
                report.exported += 1


def canvas(book: list[dict], roster_path: Path, out: Path, mapping_path: Path | None = None) -> GradesExport:
    roster = read_roster(roster_path)
    by_exercise = totals(book)
    header = list(roster.header)
    columns = {ex: _column(header, ex) for ex in sorted(by_exercise)}
    first_grade_column = next(
        (i for i, h in enumerate(header) if h not in ("Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Section")),
        len(header),
    )
    for column in columns.values():
        if column not in header:
            header.insert(first_grade_column, column)
            first_grade_column += 1
    rows = [dict(r) for r in roster.rows]
    report = GradesExport(Path(out))
    _fill(report, by_exercise, roster, read_mapping(mapping_path), columns, rows)
    possible = [dict(r) for r in roster.extra_rows if str(r.get("Student", "")).strip().startswith("Points Possible")]
    if not possible:
        possible = [{"Student": "    Points Possible"}]
    maxima = {ex: max((t.maximum for t in per.values()), default=0) for ex, per in by_exercise.items()}
    for ex, column in columns.items():
        possible[0][column] = _number(maxima[ex])
    others = [dict(r) for r in roster.extra_rows if not str(r.get("Student", "")).strip().startswith("Points Possible")]
    _write(out, header, possible + rows + others, roster.delimiter)
    return report


def moodle(book: list[dict], out: Path, roster_path: Path | None = None, mapping_path: Path | None = None) -> GradesExport:
    by_exercise = totals(book)
    mapping = read_mapping(mapping_path)
    columns = {ex: f"CSTO {ex}" for ex in sorted(by_exercise)}
    report = GradesExport(Path(out))
    if roster_path is not None:
        roster = read_roster(roster_path)
        ident: str | None = next((c for c in ("Email address", "ID number", "Username") if c in roster.header), None)
        if ident is None:
            from .roster import RosterError

            raise RosterError(f"{roster_path} has no Email address, ID number or Username column for Moodle to match users by")
        rows: list[dict[str, str]] = [{ident: r.get(ident, "")} for r in roster.rows]
        _fill(report, by_exercise, roster, mapping, columns, rows)
        _write(out, [ident] + list(columns.values()), rows)
        return report
    students = sorted({s for per in by_exercise.values() for s in per})
    plain_rows: list[dict[str, str]] = [{"username": mapping.get(s, s)} for s in students]
    by_name = Roster(["username"], [{"username": r["username"]} for r in plain_rows])
    _fill(report, by_exercise, by_name, {s: mapping.get(s, s) for s in students}, columns, plain_rows)
    _write(out, ["username"] + list(columns.values()), plain_rows)
    return report
