"""Build the notebook that is actually run: the student's answers, the solution's tests.

The solution notebook gives the order of cells and every check and hidden test
(the tests in a submission are never used). Answers are taken from the
submission by nbgrader ``grade_id``, so moved, duplicated or retyped cells are
handled; extra cells a student added (helper code) run just before the next
answer. When a submission has lost its grading metadata, answers are matched
by position and a warning says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .errors import SubmissionUnreadable

STUB = "raise NotImplementedError()"


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


@dataclass
class Assembled:
    nb: nbformat.NotebookNode
    tasks: list[Task]
    answers: dict[str, str]  # answer grade_id -> source used ("" if missing)
    missing: set[str]
    warnings: list[str]
    manual_text: dict[str, str]


def read_submission(path: Path) -> nbformat.NotebookNode:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise SubmissionUnreadable("the file is not text (it may be a different kind of file renamed to .ipynb)") from None
    except json.JSONDecodeError as exc:
        raise SubmissionUnreadable(f"the file is not a complete notebook (invalid JSON at line {exc.lineno}; it may be truncated)") from None
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


def tasks_of(solution: nbformat.NotebookNode) -> list[Task]:
    tasks, pending = [], []
    for cell in solution.cells:
        meta = grade_meta(cell)
        if is_answer(cell) and not meta.get("grade"):
            pending.append(meta["grade_id"])
        elif is_test(cell):
            tasks.append(Task(meta["grade_id"], float(meta.get("points", 0)), "auto", pending))
            pending = []
        elif is_answer(cell) and meta.get("grade"):  # a written answer graded by hand
            tasks.append(Task(meta["grade_id"], float(meta.get("points", 0)), "manual", [meta["grade_id"]]))
    return tasks


def assemble(solution: nbformat.NotebookNode, released: nbformat.NotebookNode, submission: dict) -> Assembled:
    warnings: list[str] = []
    sol_answers = [grade_meta(c)["grade_id"] for c in solution.cells if is_answer(c)]
    by_id: dict[str, list[dict]] = {}
    extras_before: dict[str, list[str]] = {}
    pending_extra: list[str] = []
    known = {grade_meta(c).get("grade_id") for c in solution.cells}
    released_code = {c.source.strip() for c in released.cells if c.cell_type == "code"}

    has_ids = any(grade_meta(c).get("grade_id") in sol_answers for c in submission["cells"])
    if has_ids:
        for cell in submission["cells"]:
            gid = grade_meta(cell).get("grade_id")
            if gid in sol_answers:
                by_id.setdefault(gid, []).append(cell)
                extras_before.setdefault(gid, []).extend(pending_extra)
                pending_extra = []
            elif gid not in known and cell["cell_type"] == "code" and cell["source"].strip() and cell["source"].strip() not in released_code:
                pending_extra.append(cell["source"])
    else:
        candidates = [c for c in submission["cells"] if c["cell_type"] == "code" and c["source"].strip() and c["source"].strip() not in released_code]
        code_answers = [g for g in sol_answers if any(grade_meta(c).get("grade_id") == g and c.cell_type == "code" for c in solution.cells)]
        warnings.append(
            "This notebook has lost its grading metadata (cells were probably copied into a new notebook), "
            "so answers were matched to tasks by their order. Please check these grades by hand."
        )
        for gid, cell in zip(code_answers, candidates):
            by_id[gid] = [cell]

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
        if sol_cell.cell_type == "markdown":
            manual_text[gid] = chosen["source"]

    cells = []
    for cell in solution.cells:
        if cell.cell_type != "code":
            continue
        gid = grade_meta(cell).get("grade_id")
        if gid in answers:
            for extra in extras_before.get(gid, []):
                cells.append(nbformat.v4.new_code_cell(extra, metadata={"csto": {"role": "extra"}}))
            cells.append(nbformat.v4.new_code_cell(answers[gid], metadata={"csto": {"role": "answer", "grade_id": gid}}))
        elif is_test(cell):
            cells.append(nbformat.v4.new_code_cell(cell.source, metadata={"csto": {"role": "test", "grade_id": gid}}))
        else:
            cells.append(nbformat.v4.new_code_cell(cell.source, metadata={"csto": {"role": "setup"}}))
    for extra in pending_extra:  # extra cells after the last answer
        cells.append(nbformat.v4.new_code_cell(extra, metadata={"csto": {"role": "extra"}}))
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": solution.metadata.get("kernelspec", {})})
    return Assembled(nb, tasks_of(solution), answers, missing, warnings, manual_text)
