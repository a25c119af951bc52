"""``csto-course progress``: a student's quiz progress as a table, and ``--export`` to hand it in.

Quiz progress is saved on the student's own account (see progress.py) and nothing is sent
anywhere. A student who wants to hand it in exports it::

    csto-course progress                               # the table, per lesson
    csto-course progress --export my-progress.csv      # one row per question answered

Each command returns a CommandOutput (ok, out, err); the CLI turns it into an exit code.
"""

from __future__ import annotations

import getpass
from pathlib import Path

from ..command_output import CommandOutput
from .progress import ProgressStore
from .progress_files import write_csv
from .progress_rows import EXPORT_COLUMNS, rows_from_record


def default_student() -> str:
    try:
        return getpass.getuser() or "student"
    except Exception:  # noqa: BLE001 - no login name (some containers): a neutral label
        return "student"


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


def show(store: ProgressStore | None = None) -> CommandOutput:
    """What ``csto-course progress`` prints; a warning about the progress file, if any, in ``err``."""
    store = store or ProgressStore()
    if not _has_answers(store):
        return CommandOutput(True, no_progress_message(store), store.notice)
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
    text = "\n".join(
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
    return CommandOutput(True, text, store.notice)


def export(path: Path, student: str | None = None, store: ProgressStore | None = None) -> CommandOutput:
    """Write the student's progress to ``path``, and say what was written (or why nothing was)."""
    store = store or ProgressStore()
    student = (student or "").strip() or default_student()
    rows = rows_from_record(store.data, student)
    if not rows:
        return CommandOutput(False, no_progress_message(store) + f" Nothing was written to {path}.", store.notice)
    try:
        write_csv(Path(path), rows, EXPORT_COLUMNS)
    except OSError as exc:
        return CommandOutput(False, f"Could not write {path}: {exc.strerror or exc}. Try another folder or file name.", store.notice)
    lessons = len({r["lesson"] for r in rows})
    return CommandOutput(
        True,
        f'Wrote {path}: {len(rows)} answered question(s) in {lessons} lesson(s), as student "{student}". '
        "Hand this file in; your saved progress is unchanged.",
        store.notice,
    )
