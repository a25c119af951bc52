"""Build the notebook that runs in the student's kernel: setup, the student's answers, exports.

The solution notebook gives the order of cells. Answers are taken from the
submission by nbgrader ``grade_id``, so moved, duplicated or retyped cells are
handled. Code cells a student inserted run where the student put them: after
the answer cell (or check cell) they follow, so an answer finished in a cell
below the answer cell counts. Where each task's tests stood, an *export* cell
hands that task's declared answers out of the kernel as data; the tests
themselves run later in the clean checker (``checker.py``), never here.

A submission that lost its grading metadata (saved by Colab or VS Code) is
matched by its locked cells, which the student cannot have changed: the task
texts and visible checks stand around each answer, so a blank task stays
blank and a written answer stays a written answer. A warning says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .errors import SolutionInvalid, SubmissionUnreadable

STUB = "raise NotImplementedError()"
PLACEHOLDER = "YOUR ANSWER HERE"  # what a written-answer cell holds until the student writes
CODE_PLACEHOLDER = "# YOUR CODE HERE"  # the line above the stub in a code answer (nbgrader's code_stub)


def written_words(text: str) -> int:
    """How many words a student wrote in an answer graded by hand, written or code (placeholders do not count)."""
    for placeholder in (PLACEHOLDER, CODE_PLACEHOLDER, STUB):
        text = text.replace(placeholder, "")
    return len(text.split())


def grade_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_answer(cell) -> bool:
    return bool(grade_meta(cell).get("solution"))


def is_test(cell) -> bool:
    meta = grade_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell["cell_type"] == "code"


@dataclass
class Task:
    grade_id: str
    points: float
    kind: str  # "auto" or "manual"
    answer_ids: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # the answer names its tests read
    test_source: str = ""

    @property
    def whole_notebook(self) -> bool:
        """nbgrader's "manually graded task": graded by hand from the whole notebook, with no answer cell of its own."""
        return self.kind == "manual" and not self.answer_ids


@dataclass
class Assembled:
    nb: nbformat.NotebookNode
    tasks: list[Task]
    answers: dict[str, str]  # answer grade_id -> source used ("" if missing)
    missing: set[str]
    warnings: list[str]
    manual_text: dict[str, str]
    setup: list[str] = field(default_factory=list)  # the solution's setup cells, for the checker


def read_submission(path: Path) -> dict:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise SubmissionUnreadable("the file is not text (it may be a different kind of file renamed to .ipynb)") from None
    except json.JSONDecodeError as exc:
        raise SubmissionUnreadable(
            f"the file is not a complete notebook (invalid JSON at line {exc.lineno}; it may be truncated)"
        ) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        raise SubmissionUnreadable("the file is JSON but not a Jupyter notebook (no list of cells)")
    if raw.get("nbformat", 4) < 4:
        raise SubmissionUnreadable("the notebook is in an old format (nbformat 3); open and save it in JupyterLab first")
    cells = []
    for cell in raw["cells"]:
        if not isinstance(cell, dict) or "cell_type" not in cell:
            continue
        src = cell.get("source", "")
        cell["source"] = "".join(src) if isinstance(src, list) else str(src)
        cell.setdefault("metadata", {})
        cells.append(cell)
    raw["cells"] = cells
    return raw


def _setup_sources(solution) -> list[str]:
    return [c.source for c in solution.cells if c.cell_type == "code" and not is_answer(c) and not is_test(c)]


def _points(meta: dict) -> float:
    """A graded cell's points (none given: 0), or SolutionInvalid naming the cell if they are not a number."""
    points = meta.get("points", 0)
    try:
        return float(points)
    except (TypeError, ValueError):
        raise SolutionInvalid(
            f"The solution's cell {meta.get('grade_id')!r} gives its points as {points!r}; set them to a number "
            "(nbgrader's cell toolbar, or the cell's metadata) and run this again."
        ) from None


def tasks_of(solution: nbformat.NotebookNode) -> list[Task]:
    from ..release.answer_names import declared, free_names

    setup = _setup_sources(solution)
    tasks, pending = [], []
    for cell in solution.cells:
        meta = grade_meta(cell)
        if is_answer(cell) and not meta.get("grade"):
            pending.append(meta["grade_id"])
        elif is_test(cell):
            names = declared(cell)
            if names is None:  # an instructor's own exercise without declarations: read them off the test
                names = free_names(cell.source, setup)
            tasks.append(Task(meta["grade_id"], _points(meta), "auto", pending, names, cell.source))
            pending = []
        elif is_answer(cell) and meta.get("grade"):  # a written answer graded by hand
            tasks.append(Task(meta["grade_id"], _points(meta), "manual", [meta["grade_id"]]))
        elif cell["cell_type"] == "markdown" and (meta.get("task") or meta.get("grade")) and meta.get("grade_id"):
            # nbgrader's "manually graded task" (a Markdown cell with points and no answer cell): the instructor grades
            # it from the whole notebook; left out, its points would be missing from every total
            tasks.append(Task(meta["grade_id"], _points(meta), "manual", []))
    return tasks


def _key(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def _heading(source: str) -> str:
    """The first line of a cell that starts with a Markdown heading, else ""."""
    first = source.strip().splitlines()[0] if source.strip() else ""
    return first.strip() if first.startswith("#") else ""


def _match_by_ids(submission: dict, sol_answers: list[str], tests: set[str], known: set, released_code: set[str]):
    by_id: dict[str, list[dict]] = {}
    extras: dict[tuple, list[str]] = {}
    anchor: tuple = ("start", None)
    for cell in submission["cells"]:
        gid = grade_meta(cell).get("grade_id")
        if gid in sol_answers:
            by_id.setdefault(gid, []).append(cell)
            anchor = ("answer", gid)
        elif gid in tests:
            anchor = ("test", gid)
        elif gid not in known and cell["cell_type"] == "code" and cell["source"].strip() and _key(cell["source"]) not in released_code:
            extras.setdefault(anchor, []).append(cell["source"])
    return by_id, extras


def _match_by_locked_cells(submission: dict, released: nbformat.NotebookNode, sol_answers: list[str]):
    """Metadata lost: find each answer between the locked cells that surround it in the exercise."""
    locked: dict[str, int] = {}
    headings: dict[str, int] = {}  # a task text is also known by its heading ("## Task 2 · ..."): the text
    for i, cell in enumerate(released.cells):  # below it may change between releases, the heading does not
        gid = grade_meta(cell).get("grade_id")
        if gid not in sol_answers and cell.source.strip():
            locked.setdefault(_key(cell.source), i)
            if cell.cell_type == "markdown" and _heading(cell.source):
                headings.setdefault(_heading(cell.source), i)
    positions = []  # (released index of the locked cell, or None; the submission cell)
    for cell in submission["cells"]:
        index = locked.get(_key(cell["source"]))
        if index is None and cell["cell_type"] == "markdown" and _heading(cell["source"]):
            index = headings.get(_heading(cell["source"]))
        positions.append((index, cell))
    by_id: dict[str, list[dict]] = {}
    extras: dict[tuple, list[str]] = {}
    answer_at = {i: grade_meta(c)["grade_id"] for i, c in enumerate(released.cells) if grade_meta(c).get("grade_id") in sol_answers}
    test_ids = {i: grade_meta(c).get("grade_id") for i, c in enumerate(released.cells) if is_test(c)}
    last_locked, anchor, taken = -1, ("start", None), set()
    for index, cell in positions:
        if index is not None:
            last_locked = index
            anchor = ("test", test_ids[index]) if index in test_ids else anchor
            continue
        gid = answer_at.get(last_locked + 1)  # the answer cell that follows the last locked cell seen
        if gid and gid not in taken and cell["cell_type"] == released.cells[last_locked + 1].cell_type:
            taken.add(gid)
            by_id[gid] = [cell]
            anchor = ("answer", gid)
        elif cell["cell_type"] == "code" and cell["source"].strip():
            extras.setdefault(anchor, []).append(cell["source"])
    return by_id, extras


def assemble(solution: nbformat.NotebookNode, released: nbformat.NotebookNode, submission: dict, answers_dir: str = "answers") -> Assembled:
    """``answers_dir``: where the kernel writes each task's answers, as the kernel sees the folder."""
    from .answers import export_source

    warnings: list[str] = []
    sol_answers = [grade_meta(c)["grade_id"] for c in solution.cells if is_answer(c)]
    tests = {grade_meta(c)["grade_id"] for c in solution.cells if is_test(c)}
    known = {grade_meta(c).get("grade_id") for c in solution.cells} - {None}  # a cell the student inserted has no id
    released_code = {_key(c.source) for c in released.cells if c.cell_type == "code"}

    has_ids = any(grade_meta(c).get("grade_id") in sol_answers for c in submission["cells"])
    if has_ids:
        by_id, extras = _match_by_ids(submission, sol_answers, tests, known, released_code)
    else:
        by_id, extras = _match_by_locked_cells(submission, released, sol_answers)
        warnings.append(
            "This notebook has lost its grading metadata (it was probably saved by another editor, such as Colab or VS Code), "
            "so answers were found by the task texts and checks around them. Please check these grades by hand."
        )

    answers: dict[str, str] = {}
    missing: set[str] = set()
    manual_text: dict[str, str] = {}
    for gid in sol_answers:
        copies = by_id.get(gid, [])
        if not copies:
            missing.add(gid)
            answers[gid] = ""
            continue
        if len(copies) > 1:
            edited = [c for c in copies if STUB not in c["source"]]
            chosen = (edited or copies)[-1]
            warnings.append(f"The answer cell {gid!r} appears {len(copies)} times; the last edited copy was graded.")
        else:
            chosen = copies[0]
        sol_cell = next(c for c in solution.cells if grade_meta(c).get("grade_id") == gid)
        if sol_cell.cell_type == "code" and chosen["cell_type"] != "code":
            warnings.append(f"The answer cell {gid!r} was changed to {chosen['cell_type']}; it was run as code.")
        answers[gid] = chosen["source"]
        if sol_cell.cell_type == "markdown" or grade_meta(sol_cell).get("grade"):  # an answer graded by hand, even code
            manual_text[gid] = chosen["source"]

    tasks = tasks_of(solution)
    checks = {t.grade_id: t.checks for t in tasks}
    cells = [nbformat.v4.new_code_cell(extra, metadata={"csto": {"role": "extra"}}) for extra in extras.get(("start", None), [])]
    for cell in solution.cells:
        gid = grade_meta(cell).get("grade_id")
        if gid in answers:
            if cell.cell_type == "code":
                cells.append(nbformat.v4.new_code_cell(answers[gid], metadata={"csto": {"role": "answer", "grade_id": gid}}))
            follow = extras.get(("answer", gid), [])
        elif is_test(cell):
            path = f"{answers_dir.rstrip('/')}/{gid}.json"
            cells.append(
                nbformat.v4.new_code_cell(
                    export_source(checks[str(gid)], path), metadata={"csto": {"role": "export", "grade_id": gid, "file": path}}
                )
            )
            follow = extras.get(("test", gid), [])
        elif cell.cell_type == "code":
            cells.append(nbformat.v4.new_code_cell(cell.source, metadata={"csto": {"role": "setup"}}))
            follow = []
        else:
            follow = []
        cells += [nbformat.v4.new_code_cell(extra, metadata={"csto": {"role": "extra"}}) for extra in follow]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": solution.metadata.get("kernelspec", {})})
    return Assembled(nb, tasks, answers, missing, warnings, manual_text, _setup_sources(solution))
