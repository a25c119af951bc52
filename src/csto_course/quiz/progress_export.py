"""``csto-course progress``: a student's quiz progress as a table or a CSV, and a class table.

Quiz progress is saved on the student's own account (see progress.py) and
nothing is sent anywhere. A student who wants to hand it in exports it::

    csto-course progress                               # the table, per lesson
    csto-course progress --export my-progress.csv      # one row per question answered

The instructor puts the exported CSVs (or raw ``quiz-progress.json`` files) in
one folder and merges them::

    csto-course progress --collect handed-in/ --out class.csv

A file that cannot be read is skipped and named, with the reason; the others
are still merged. Columns use the names the progress store saves: for each
question its ``first`` and ``latest`` attempt (``correct``, ``answer``, ``at``)
and the number of ``attempts``.
"""

from __future__ import annotations

import csv
import getpass
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..files import atomic_write_text
from ..lessons import LESSONS
from .progress import ProgressStore

EXPORT_COLUMNS = [
    "student",
    "lesson",
    "question_id",
    "first_correct",
    "attempts",
    "first_at",
    "latest_at",
    "latest_correct",
    "first_answer",
    "latest_answer",
]
CLASS_COLUMNS = EXPORT_COLUMNS + ["source_file"]
REQUIRED_COLUMNS = ["lesson", "question_id", "first_correct", "attempts"]

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


class ProgressFileError(ValueError):
    """A file handed in that is not quiz progress; the message says why."""


def default_student() -> str:
    try:
        return getpass.getuser() or "student"
    except Exception:  # noqa: BLE001 - no login name (some containers): a neutral label
        return "student"


# --- ordering ------------------------------------------------------------------
_LESSON_ORDER = {lesson.slug: i for i, lesson in enumerate(LESSONS)}
_question_order_cache: dict[str, dict[str, int]] = {}


def _question_order(lesson: str) -> dict[str, int]:
    if lesson not in _question_order_cache:
        order: dict[str, int] = {}
        if lesson in _LESSON_ORDER:
            try:
                from .bank import load_bank

                order = {q.id: i for i, q in enumerate(load_bank(lesson).questions)}
            except Exception:  # noqa: BLE001 - a broken bank only changes the order of rows
                order = {}
        _question_order_cache[lesson] = order
    return _question_order_cache[lesson]


def _row_key(row: dict) -> tuple:
    lesson, qid = row["lesson"], row["question_id"]
    order = _question_order(lesson)
    return (row.get("student", ""), _LESSON_ORDER.get(lesson, len(_LESSON_ORDER)), lesson, order.get(qid, len(order)), qid)


# --- from the store's record to rows ---------------------------------------------
def _answer_text(answer) -> str:
    if answer is None:
        return ""
    if isinstance(answer, str):
        return answer
    return json.dumps(answer, ensure_ascii=False)


def _bool_text(value) -> str:
    return "" if value is None else ("true" if value else "false")


def check_record(data) -> dict:
    """The progress record if ``data`` has the shape the store saves; else ProgressFileError."""
    if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict):
        raise ProgressFileError('it is not a quiz progress record (no "lessons" in it)')
    for slug, lesson in data["lessons"].items():
        if not isinstance(lesson, dict) or not isinstance(lesson.get("questions"), dict):
            raise ProgressFileError(f'lesson "{slug}" has no list of questions')
        for qid, entry in lesson["questions"].items():
            if not isinstance(entry, dict) or not isinstance(entry.get("first"), dict):
                raise ProgressFileError(f'question "{qid}" in lesson "{slug}" has no first attempt')
    return data


def rows_from_record(data: dict, student: str) -> list[dict]:
    """One row per lesson and question in a progress record, in course order."""
    rows = []
    for lesson, content in data.get("lessons", {}).items():
        for qid, entry in content.get("questions", {}).items():
            if not isinstance(entry, dict):
                continue
            first = entry.get("first") or {}
            latest = entry.get("latest") or first
            try:
                attempts = int(entry.get("attempts", 1))
            except (TypeError, ValueError):
                attempts = 1
            rows.append(
                {
                    "student": student,
                    "lesson": lesson,
                    "question_id": qid,
                    "first_correct": _bool_text(bool(first.get("correct"))),
                    "attempts": attempts,
                    "first_at": str(first.get("at", "")),
                    "latest_at": str(latest.get("at", "")),
                    "latest_correct": _bool_text(bool(latest.get("correct"))),
                    "first_answer": _answer_text(first.get("answer")),
                    "latest_answer": _answer_text(latest.get("answer")),
                }
            )
    return sorted(rows, key=_row_key)


# --- the student's own view ------------------------------------------------------
def summary_rows(store: ProgressStore) -> list[dict]:
    """Per lesson: questions in the quiz, answered, right on the first try, score, last activity."""
    from .progress_view import progress_table

    out = []
    for row in progress_table(store).to_dict("records"):
        total, right = int(row["questions"]), int(row["first_try_correct"])
        last = row["last_activity"] if isinstance(row["last_activity"], str) and row["last_activity"] else "–"
        out.append(
            {
                "lesson": row["lesson"],
                "questions": total,
                "answered": int(row["answered"]),
                "first_try_correct": right,
                "score": f"{round(100 * right / total)}%" if total else "–",
                "last_activity": last,
            }
        )
    return out


def format_table(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    """A plain-text table; ``columns`` are (key, heading) pairs."""
    cells = [[heading for _, heading in columns]] + [[str(r[key]) for key, _ in columns] for r in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _has_answers(store: ProgressStore) -> bool:
    return any(content.get("questions") for content in store.data.get("lessons", {}).values())


def no_progress_message(store: ProgressStore) -> str:
    return (
        f"No quiz progress is saved yet (looked in {store.path}). Answer the quiz at the end of a "
        "lesson in JupyterLab and your answers are saved there automatically."
    )


def show(store: ProgressStore | None = None) -> tuple[int, str]:
    """The text ``csto-course progress`` prints, and its return code."""
    store = store or ProgressStore()
    if not _has_answers(store):
        return 0, no_progress_message(store)
    table = format_table(
        summary_rows(store),
        [
            ("lesson", "lesson"),
            ("questions", "questions"),
            ("answered", "answered"),
            ("first_try_correct", "first-try correct"),
            ("score", "score"),
            ("last_activity", "last activity (UTC)"),
        ],
    )
    return 0, "\n".join(
        [
            "Your quiz progress",
            "",
            table,
            "",
            "score: questions right on the first try, out of all the questions in the lesson's quiz.",
            f"Saved only on your account, in {store.path}; nothing is sent anywhere.",
            "To hand it in: csto-course progress --export my-progress.csv",
        ]
    )


# --- writing CSVs ------------------------------------------------------------------
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


def export(path: Path, student: str | None = None, store: ProgressStore | None = None) -> tuple[int, str]:
    """Write the student's progress to ``path``; the message to print and the return code."""
    store = store or ProgressStore()
    student = (student or "").strip() or default_student()
    rows = rows_from_record(store.data, student)
    if not rows:
        return 1, no_progress_message(store) + f" Nothing was written to {path}."
    try:
        write_csv(Path(path), rows, EXPORT_COLUMNS)
    except OSError as exc:
        return 1, f"Could not write {path}: {exc.strerror or exc}. Try another folder or file name."
    lessons = len({r["lesson"] for r in rows})
    return 0, (
        f'Wrote {path}: {len(rows)} answered question(s) in {lessons} lesson(s), as student "{student}". '
        "Hand this file in; your saved progress is unchanged."
    )


# --- the instructor's class table ---------------------------------------------------
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
    result.rows = sorted(merged.values(), key=_row_key)
    return result


def class_summary(rows: list[dict]) -> list[dict]:
    by_student: dict[str, dict] = {}
    for row in rows:
        s = by_student.setdefault(row["student"], {"student": row["student"], "lessons": set(), "answered": 0, "first_try_correct": 0})
        s["lessons"].add(row["lesson"])
        s["answered"] += 1
        s["first_try_correct"] += row["first_correct"] == "true"
    return [{**s, "lessons": len(s["lessons"])} for s in by_student.values()]


def collect_command(folder: Path, out: Path) -> tuple[int, str, str]:
    """What ``--collect`` prints: (return code, stdout text, stderr text)."""
    folder, out = Path(folder), Path(out)
    if not folder.is_dir():
        return 1, "", f"{folder} is not a folder. Put the files the students handed in into one folder and pass it to --collect."
    result = collect(folder, out)
    problems = [f"Skipped {name}: {reason}." for name, reason in result.skipped]
    if not result.read:
        if not result.skipped:
            problems.append(f"No .csv or .json files were found in {folder}.")
        problems.append(f"No quiz progress could be read from {folder}; {out} was not written.")
        return 1, "", "\n".join(problems)
    try:
        write_csv(out, result.rows, CLASS_COLUMNS)
    except OSError as exc:
        problems.append(f"Could not write {out}: {exc.strerror or exc}. Try another folder or file name.")
        return 1, "", "\n".join(problems)
    summary = class_summary(result.rows)
    table = format_table(
        summary, [("student", "student"), ("lessons", "lessons"), ("answered", "answered"), ("first_try_correct", "first-try correct")]
    )
    lines = [table, "", f"Wrote {out}: {len(result.rows)} row(s) for {len(summary)} student(s) from {len(result.read)} file(s)."]
    if result.skipped:
        lines.append(f"{len(result.skipped)} file(s) skipped; see the messages above.")
    return 0, "\n".join(lines), "\n".join(result.notes + problems)
