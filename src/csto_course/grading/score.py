"""Turn cell results into a grade per task, with a message a student can act on."""

from __future__ import annotations

from dataclasses import dataclass

from .assemble import STUB, Assembled
from .errors import Status
from .execute import CellResult


@dataclass
class TaskGrade:
    task: str
    points: float | None
    max_points: float
    status: str
    message: str


def _first(results: list[CellResult], role: str, gid: str) -> CellResult | None:
    return next((r for r in results if r.role == role and r.grade_id == gid), None)


def _untouched(source: str) -> bool:
    lines = [l.strip() for l in source.strip().splitlines() if l.strip() and not l.strip().startswith("#")]
    return not lines or lines[0] == STUB


def grade_tasks(assembled: Assembled, results: list[CellResult], cell_timeout: float) -> list[TaskGrade]:
    grades = []
    for task in assembled.tasks:
        if task.kind == "manual":
            text = assembled.manual_text.get(task.grade_id, "")
            words = len(text.replace("YOUR ANSWER HERE", "").split())
            if task.grade_id in assembled.missing:
                grades.append(TaskGrade(task.grade_id, 0.0, task.points, Status.MISSING, "The written-answer cell was deleted."))
            else:
                grades.append(TaskGrade(task.grade_id, None, task.points, Status.NEEDS_MANUAL, f"Written answer ({words} words): graded by the instructor."))
            continue
        grades.append(_grade_auto(task, assembled, results, cell_timeout))
    return grades


def _grade_auto(task, assembled: Assembled, results, cell_timeout) -> TaskGrade:
    def grade(status, message, points=0.0):
        return TaskGrade(task.grade_id, points, task.points, status, message)

    missing = [a for a in task.answer_ids if a in assembled.missing]
    if missing:
        return grade(Status.MISSING, f"The answer cell {missing[0]!r} was deleted, so this task could not be graded.")
    if task.answer_ids and all(_untouched(assembled.answers[a]) for a in task.answer_ids):
        return grade(Status.NOT_ANSWERED, "Not answered: the answer cell still contains the starter code.")
    for gid in task.answer_ids:
        answer = _first(results, "answer", gid)
        if answer and answer.status == "timeout":
            return grade(Status.TIMEOUT, f"Your answer ran longer than {cell_timeout:g} s and was stopped (an infinite loop?).")
        if answer and answer.status == "kernel_died":
            return grade(Status.KERNEL_DIED, "Python stopped while running your answer (for example os._exit() or a crash); the remaining tasks were graded in a fresh kernel.")
    test = _first(results, "test", task.grade_id)
    if test is None or test.status == "not_run":
        return grade(Status.NOTEBOOK_TIMEOUT, "Not graded: the notebook's time limit ran out before this task (an earlier cell ran too long).")
    if test.status == "ok":
        return grade(Status.PASSED, "All checks passed.", task.points)
    if test.status == "timeout":
        return grade(Status.TIMEOUT, f"The checks for this task ran longer than {cell_timeout:g} s and were stopped.")
    if test.status == "kernel_died":
        return grade(Status.KERNEL_DIED, "Python stopped while checking this task.")
    answer_errors = [r for gid in task.answer_ids for r in [_first(results, "answer", gid)] if r and r.status == "error"]
    if answer_errors:  # the cause, rather than the check that tripped over it
        err = answer_errors[0]
        return grade(Status.ERROR, f"Your answer raised {err.ename}: {err.evalue}".strip())
    if test.ename in ("AssertionError", "SelfCheckFailed"):
        detail = test.evalue or "a hidden test did not pass"
        return grade(Status.FAILED, f"Not yet right: {detail}")
    return grade(Status.ERROR, f"Checking this task raised {test.ename}: {test.evalue}".strip())
