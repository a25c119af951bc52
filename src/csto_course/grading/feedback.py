"""One feedback file per student, in Markdown, that a student can read."""

from __future__ import annotations

from pathlib import Path

STATUS_WORDS = {
    "passed": "✔ passed", "failed": "✘ not yet right", "error": "✘ error", "not_answered": "– not answered",
    "missing": "✘ cell deleted", "timeout": "✘ stopped (time limit)", "notebook_timeout": "– not graded (time limit)",
    "kernel_died": "✘ Python stopped", "unreadable": "✘ file unreadable", "needs_manual": "… graded by your instructor",
    "manual": "graded by your instructor",
}


def _fmt(value) -> str:
    if value in (None, ""):
        return "–"
    number = float(value)
    return f"{number:g}"


def write_feedback(folder: Path, student: str, exercise: str, rows: list[dict], warnings: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    got = sum(float(r["points"]) for r in rows if str(r["points"]).strip() not in ("", "None"))
    total = sum(float(r["max_points"]) for r in rows)
    lines = [f"# Feedback: {exercise}", "", f"**Student:** {student}  ", f"**Points so far:** {got:g} of {total:g}", ""]
    if warnings:
        lines += ["**Notes from the grader:**", ""] + [f"- {w}" for w in warnings] + [""]
    lines += ["| Task | Points | Result | What to look at |", "|---|---|---|---|"]
    for r in rows:
        message = str(r["message"]).replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {r['task']} | {_fmt(r['points'])} / {_fmt(r['max_points'])} | {STATUS_WORDS.get(r['status'], r['status'])} | {message} |")
    lines += ["", "Automatic checks run your answers in a fresh Python session against the instructor's tests."]
    path = folder / f"{student}.md"
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path
