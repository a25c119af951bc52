"""One feedback file per student, in Markdown, that a student can read and an instructor can open safely.

Everything that came from the submission (error messages, the student's own
name as the file gave it) is escaped: no HTML, no links, no headings, no
table breaks survive into the file.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

STATUS_WORDS = {
    "passed": "✔ passed",
    "failed": "✘ not yet right",
    "error": "✘ error",
    "not_answered": "– not answered",
    "missing": "✘ cell deleted",
    "timeout": "✘ stopped (time limit)",
    "notebook_timeout": "– not graded (time limit)",
    "kernel_died": "✘ Python stopped",
    "unreadable": "✘ file unreadable",
    "needs_manual": "… graded by your instructor",
    "manual": "graded by your instructor",
    "not_graded": "– not graded yet",
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape(text) -> str:
    """Student text as inert Markdown: one line, HTML escaped, Markdown syntax backslashed."""
    one_line = _CONTROL.sub(" ", " ".join(str(text).split()))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=True))


def _fmt(value) -> str:
    if value in (None, ""):
        return "–"
    try:
        return f"{float(value):g}"
    except ValueError:
        return escape(value)


def total(rows: list[dict]) -> tuple[float, float]:
    got = 0.0
    for r in rows:
        try:
            got += float(r["points"])
        except (TypeError, ValueError):
            continue
    return got, sum(float(r["max_points"]) for r in rows)


def safe_file_name(student: str) -> str:
    """A file name for the student: as given where it is safe, else made safe plus a short hash, so two names never share one."""
    name = re.sub(r"[^A-Za-z0-9._@+-]", "_", student).lstrip(".-")[:100] or "student"
    if name != student:
        name += "-" + hashlib.sha256(student.encode()).hexdigest()[:8]
    return name


def write_feedback(folder: Path, student: str, exercise: str, rows: list[dict], warnings: list[str]) -> Path:
    from ..files import atomic_write_text

    got, maximum = total(rows)
    lines = [f"# Feedback: {exercise}", "", f"**Student:** {escape(student)}  ", f"**Points so far:** {got:g} of {maximum:g}", ""]
    if warnings:
        lines += ["**Notes from the grader:**", ""] + [f"- {escape(w)}" for w in warnings] + [""]
    lines += ["| Task | Points | Result | What to look at |", "|---|---|---|---|"]
    for r in rows:
        result = STATUS_WORDS.get(r["status"], escape(r["status"]))
        lines.append(f"| {escape(r['task'])} | {_fmt(r['points'])} / {_fmt(r['max_points'])} | {result} | {escape(r['message'])} |")
    lines += ["", "Automatic checks run your answers in a fresh Python session against the instructor's tests."]
    path = Path(folder) / safe_file_name(exercise) / f"{safe_file_name(student)}.md"
    atomic_write_text(path, "\n".join(lines) + "\n")
    return path
