"""Every written answer of a class on one page, and the points typed there back into the gradebook.

``csto-course answers 01 SUBMISSIONS --out answers.html`` reads the written
answers (nothing is run: it only reads the notebooks, matched to the tasks as
the grader matches them) and writes one self-contained HTML page: per task,
its question and each student's answer with its word count and a points box.
The page sends nothing anywhere; it keeps what you type in the browser's
storage, and its "Download points" button saves ``points-<exercise>.csv``.
``csto-course answers 01 --import points-01_origins.csv --gradebook
grades/gradebook.csv`` writes those points into the gradebook as the
instructor's own (status ``manual``), which every later grading run keeps.
"""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..files import atomic_write_text
from . import gradebook
from .assemble import assemble, grade_meta, read_submission, tasks_of, written_words
from .errors import Status, SubmissionUnreadable
from .lock import out_folder_lock
from .submissions import find_submissions


@dataclass
class WrittenAnswer:
    student: str
    task: str
    text: str
    state: str  # answered, not_answered, missing, unreadable, whole_notebook
    max_points: float

    @property
    def words(self) -> int:
        return written_words(self.text)


class PointsError(Exception):
    """The points file cannot go into the gradebook; nothing was written."""


def collect(solution_path: Path, submissions_dir: Path) -> tuple[list, list[WrittenAnswer]]:
    """The written tasks of the exercise and every student's answer to each."""
    from ..release import student_version

    solution = nbformat.read(solution_path, as_version=4)
    released = student_version(solution)
    tasks = [t for t in tasks_of(solution) if t.kind == "manual"]
    out = []
    for sub in find_submissions(Path(submissions_dir), solution_path.stem):
        try:
            assembled = assemble(solution, released, read_submission(sub.path))
        except SubmissionUnreadable as exc:
            out += [WrittenAnswer(sub.student, t.grade_id, f"(the file could not be read: {exc})", "unreadable", t.points) for t in tasks]
            continue
        for t in tasks:
            if t.whole_notebook:
                out.append(WrittenAnswer(sub.student, t.grade_id, "", "whole_notebook", t.points))
            elif t.grade_id in assembled.missing:
                out.append(WrittenAnswer(sub.student, t.grade_id, "", "missing", t.points))
            else:
                text = assembled.manual_text.get(t.grade_id, "")
                state = "answered" if written_words(text) else "not_answered"
                out.append(WrittenAnswer(sub.student, t.grade_id, text.strip(), state, t.points))
    return tasks, out


def _task_prompts(solution_path: Path, tasks) -> dict[str, str]:
    solution = nbformat.read(solution_path, as_version=4)
    prompts: dict[str, str] = {}
    previous = ""
    wanted = {t.grade_id for t in tasks}
    own_text = {t.grade_id for t in tasks if t.whole_notebook}  # an nbgrader task cell is its own question
    for cell in solution.cells:
        gid = grade_meta(cell).get("grade_id")
        if isinstance(gid, str) and gid in wanted:
            prompts[gid] = cell.source if gid in own_text else previous
        if cell.cell_type == "markdown":
            previous = cell.source
    return prompts


STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
.prompt { white-space: pre-wrap; background: #f3f3f3; padding: .75rem; border-radius: .25rem; }
article { border-top: 1px solid #ccc; padding: .75rem 0; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.meta { color: #555; font-size: .9rem; }
label { font-weight: 600; }
input[type=number] { width: 5rem; font-size: 1rem; }
button { font-size: 1rem; padding: .4rem .8rem; }
"""

SCRIPT = """
(() => {
  const key = "csto-points-" + document.body.dataset.exercise;
  const boxes = Array.from(document.querySelectorAll("input[data-student]"));
  const saved = JSON.parse(localStorage.getItem(key) || "{}");
  for (const box of boxes) {
    const id = box.dataset.student + "\\u0000" + box.dataset.task;
    if (saved[id] !== undefined && box.value === "") box.value = saved[id];
    box.addEventListener("input", () => {
      saved[id] = box.value; localStorage.setItem(key, JSON.stringify(saved));
      document.getElementById("status").textContent = "Saved in this browser. Download the points to put them in the gradebook.";
    });
  }
  const quote = (v) => '"' + String(v).replace(/"/g, '""') + '"';
  document.getElementById("download").addEventListener("click", () => {
    const lines = ["student,task,points"];
    for (const box of boxes) {
      if (box.value.trim() !== "") lines.push([box.dataset.student, box.dataset.task, box.value.trim()].map(quote).join(","));
    }
    const blob = new Blob([lines.join("\\r\\n") + "\\r\\n"], {type: "text/csv"});
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "points-" + document.body.dataset.exercise + ".csv";
    link.click();
    document.getElementById("status").textContent = (lines.length - 1) + " point(s) downloaded.";
  });
})();
"""


def render(exercise: str, tasks, answers: list[WrittenAnswer], prompts: dict[str, str], book: list[dict]) -> str:
    e = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    typed = {(r["student"], r["task"]): r.get("points", "") for r in book if r.get("exercise", exercise) == exercise}
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
        "style-src 'unsafe-inline'; img-src 'none'; connect-src 'none'; form-action 'none'\">",
        f"<title>Written answers: {e(exercise)}</title><style>{STYLE}</style></head>",
        f'<body data-exercise="{e(exercise)}"><main>',
        f"<h1>Written answers: {e(exercise)}</h1>",
        f"<p>{len({a.student for a in answers})} students. Type the points in the boxes; they stay in this browser. "
        f'Then <button id="download" type="button">Download points</button> and run '
        f"<code>csto-course answers {e(exercise.split('_')[0])} --import points-{e(exercise)}.csv --gradebook GRADEBOOK.csv</code>.</p>",
        '<p id="status" role="status" aria-live="polite"></p>',
    ]
    for task in tasks:
        mine = [a for a in answers if a.task == task.grade_id]
        parts += [
            f'<section aria-labelledby="h-{e(task.grade_id)}"><h2 id="h-{e(task.grade_id)}">{e(task.grade_id)} '
            f"(up to {task.points:g} points)</h2>",
            f'<div class="prompt">{e(prompts.get(task.grade_id, ""))}</div>',
        ]
        for n, a in enumerate(mine):
            box = f"p-{e(task.grade_id)}-{n}"
            shown = {
                "answered": e(a.text),
                "not_answered": "<em>(not answered)</em>",
                "missing": "<em>(the answer cell was deleted)</em>",
                "unreadable": e(a.text),
                "whole_notebook": f"<em>(graded from the whole notebook: open {e(a.student)}'s submission)</em>",
            }[a.state]
            parts += [
                "<article>",
                f"<h3>{e(a.student)}</h3>",
                f'<p class="meta">{a.words} words</p>' if a.state != "whole_notebook" else "",
                f'<div class="text">{shown}</div>',
                f'<p><label for="{box}">Points for {e(a.student)}</label> '
                f'<input id="{box}" type="number" min="0" max="{a.max_points:g}" step="0.5" '
                f'data-student="{e(a.student)}" data-task="{e(a.task)}" value="{e(typed.get((a.student, a.task), ""))}"> '
                f"of {a.max_points:g}</p>",
                "</article>",
            ]
        parts.append("</section>")
    parts += ["</main>", f"<script>{SCRIPT}</script>", "</body></html>"]
    return "\n".join(parts) + "\n"


def page(solution_path: Path, submissions_dir: Path, out: Path, book_path: Path | None = None) -> int:
    tasks, answers = collect(solution_path, submissions_dir)
    book = gradebook.read(book_path, default_exercise=solution_path.stem) if book_path and Path(book_path).exists() else []
    text = render(solution_path.stem, tasks, answers, _task_prompts(solution_path, tasks), book)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(Path(out), text)
    return len(answers)


def import_points(points_path: Path, book_path: Path, exercise: str) -> int:
    """Write the points into the gradebook as the instructor's; all or nothing."""
    book_path = Path(book_path)
    try:
        with open(points_path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise PointsError(f"{points_path} could not be read ({exc})") from None
    with out_folder_lock(book_path.parent):
        book = gradebook.read(book_path, default_exercise=exercise)
        by_key = {(r["exercise"], r["student"], r["task"]): r for r in book}
        problems, updates = [], []
        for number, row in enumerate(rows, start=2):
            student, task, points = (row.get(c, "").strip() for c in ("student", "task", "points"))
            target = by_key.get((exercise, student, task))
            if target is None:
                problems.append(f"line {number}: no row for {student!r}, {task!r} in {book_path.name} (grade the class first)")
                continue
            try:
                value = float(points)
            except ValueError:
                problems.append(f"line {number}: {points!r} is not a number")
                continue
            maximum = float(target["max_points"] or 0)  # an empty cell (a row typed by hand) allows no points
            if not 0 <= value <= maximum:
                problems.append(f"line {number}: {value:g} is outside 0 to {maximum:g} for {task}")
                continue
            updates.append((target, value))
        if problems:
            raise PointsError("Nothing was written. Fix these lines and import again:\n  " + "\n  ".join(problems))
        for target, value in updates:
            target.update(points=f"{value:g}", status=Status.MANUAL, message="Graded by the instructor (answers page).")
        gradebook.write(book_path, book)
    return len(updates)
