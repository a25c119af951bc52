"""``csto-course progress --collect DIR --out class.csv``: the instructor's class table.

The instructor puts the exported CSVs (or raw ``quiz-progress.json`` files) students handed in
into one folder and merges them. A file that cannot be read is skipped and named, with the
reason; the others are still merged. A student found in several files keeps, for each
question, the most recent answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..command_output import CommandOutput
from .progress_files import read_export_csv, read_progress_json, write_csv
from .progress_rows import CLASS_COLUMNS, ProgressFileError, row_order_key
from .progress_student import format_table


def _label(path: Path, folder: Path) -> str:
    """The student a file belongs to: its first folder under DIR, else its file name."""
    rel = path.relative_to(folder)
    return rel.parts[0] if len(rel.parts) > 1 else path.stem


def _candidates(folder: Path, exclude: Path | None) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.suffix.lower() not in (".csv", ".json"):
            continue
        if exclude is not None and path.resolve() == exclude:
            continue
        found.append(path)
    return found


@dataclass
class Collected:
    rows: list[dict] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    notes: list[str] = field(default_factory=list)


def collect(folder: Path, out: Path | None = None) -> Collected:
    """Read every .csv and .json under ``folder``; bad files go to ``skipped`` with the reason."""
    folder = Path(folder)
    result = Collected()
    exclude = Path(out).resolve() if out else None
    merged: dict[tuple[str, str, str], dict] = {}
    sources: dict[str, set[str]] = {}
    for path in _candidates(folder, exclude):
        name = path.relative_to(folder).as_posix()
        label = _label(path, folder)
        try:
            if path.suffix.lower() == ".json":
                rows = read_progress_json(path, label)
            else:
                rows = read_export_csv(path, label)
            if not rows:
                raise ProgressFileError("it has no quiz answers in it")
        except ProgressFileError as exc:
            result.skipped.append((name, str(exc)))
            continue
        except OSError as exc:
            result.skipped.append((name, f"it could not be opened ({exc.strerror or exc})"))
            continue
        result.read.append(name)
        for row in rows:
            row["source_file"] = name
            sources.setdefault(row["student"], set()).add(name)
            key = (row["student"], row["lesson"], row["question_id"])
            kept = merged.get(key)
            if kept is None or (row["latest_at"], row["attempts"]) > (kept["latest_at"], kept["attempts"]):
                merged[key] = row
    for student, files in sorted(sources.items()):
        if len(files) > 1:
            result.notes.append(
                f'Student "{student}" is in several files ({", ".join(sorted(files))}); for each question the most recent answer was kept.'
            )
    result.rows = sorted(merged.values(), key=row_order_key)
    return result


def class_summary(rows: list[dict]) -> list[dict]:
    by_student: dict[str, dict] = {}
    for row in rows:
        s = by_student.setdefault(row["student"], {"student": row["student"], "lessons": set(), "answered": 0, "first_try_correct": 0})
        s["lessons"].add(row["lesson"])
        s["answered"] += 1
        s["first_try_correct"] += row["first_correct"] == "true"
    return [{**s, "lessons": len(s["lessons"])} for s in by_student.values()]


def collect_command(folder: Path, out: Path) -> CommandOutput:
    """Merge the files in ``folder`` into the class table ``out``, and say what was read and skipped."""
    folder, out = Path(folder), Path(out)
    if not folder.is_dir():
        return CommandOutput(
            False, "", f"{folder} is not a folder. Put the files the students handed in into one folder and pass it to --collect."
        )
    result = collect(folder, out)
    problems = [f"Skipped {name}: {reason}." for name, reason in result.skipped]
    if not result.read:
        if not result.skipped:
            problems.append(f"No .csv or .json files were found in {folder}.")
        problems.append(f"No quiz progress could be read from {folder}; {out} was not written.")
        return CommandOutput(False, "", "\n".join(problems))
    try:
        write_csv(out, result.rows, CLASS_COLUMNS)
    except OSError as exc:
        problems.append(f"Could not write {out}: {exc.strerror or exc}. Try another folder or file name.")
        return CommandOutput(False, "", "\n".join(problems))
    summary = class_summary(result.rows)
    table = format_table(
        summary, [("student", "student"), ("lessons", "lessons"), ("answered", "answered"), ("first_try_correct", "first-try correct")]
    )
    lines = [table, "", f"Wrote {out}: {len(result.rows)} row(s) for {len(summary)} student(s) from {len(result.read)} file(s)."]
    if result.skipped:
        lines.append(f"{len(result.skipped)} file(s) skipped; see the messages above.")
    return CommandOutput(True, "\n".join(lines), "\n".join(result.notes + problems))
