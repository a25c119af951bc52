"""Turn cell results and the checker's verdicts into a grade per task, with a message a student can act on.

The kernel's cell results say whether the student's answers ran (and the
export of each task's answers); the checker's results (``checker.py``) say
whether the hidden tests passed on those answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from .assemble import STUB, Assembled, written_words
from .checker import CheckResult
from .errors import CellStatus, CheckStatus, Status
from .execute import CellResult


@dataclass
class TaskGrade:
    task: str
    points: float | None
    max_points: float
    status: Status
    message: str


def _first(results: list[CellResult], role: str, gid: str) -> CellResult | None:
    return next((r for r in results if r.role == role and r.grade_id == gid), None)


def _untouched(source: str) -> bool:
    lines = [text.strip() for text in source.strip().splitlines() if text.strip() and not text.strip().startswith("#")]
    return not lines or lines[0] == STUB


def grade_tasks(
    assembled: Assembled, results: list[CellResult], cell_timeout: float, checks: dict[str, CheckResult] | None = None
) -> list[TaskGrade]:
    grades = []
    for task in assembled.tasks:
        if task.whole_notebook:
            grades.append(
                TaskGrade(task.grade_id, None, task.points, Status.NEEDS_MANUAL, "Graded by the instructor from the whole notebook.")
            )
            continue
        if task.kind == "manual":
            text = assembled.manual_text.get(task.grade_id, "")
            words = written_words(text)
            if task.grade_id in assembled.missing:
                grades.append(TaskGrade(task.grade_id, 0.0, task.points, Status.MISSING, "The written-answer cell was deleted."))
            else:
                grades.append(
                    TaskGrade(
                        task.grade_id, None, task.points, Status.NEEDS_MANUAL, f"Written answer ({words} words): graded by the instructor."
                    )
                )
            continue
        grades.append(_grade_auto(task, assembled, results, cell_timeout, (checks or {}).get(task.grade_id)))
    return grades


def _grade_auto(task, assembled: Assembled, results, cell_timeout, check: CheckResult | None) -> TaskGrade:
    def grade(status, message, points=0.0):
        return TaskGrade(task.grade_id, points, task.points, status, message)

    missing = [a for a in task.answer_ids if a in assembled.missing]
    if missing:
        return grade(Status.MISSING, f"The answer cell {missing[0]!r} was deleted, so this task could not be graded.")
    if task.answer_ids and all(_untouched(assembled.answers[a]) for a in task.answer_ids):
        return grade(Status.NOT_ANSWERED, "Not answered: the answer cell still contains the starter code.")
    for gid in task.answer_ids:
        answer = _first(results, "answer", gid)
        if answer and answer.status == CellStatus.TIMEOUT:
            return grade(Status.TIMEOUT, f"Your answer ran longer than {cell_timeout:g} s and was stopped (an infinite loop?).")
        if answer and answer.status == CellStatus.DISK:
            return grade(
                Status.ERROR,
                f"Your answer was stopped: {answer.evalue}. What it wrote was removed; the remaining tasks were graded in a fresh kernel.",
            )
        if answer and answer.status == CellStatus.KERNEL_DIED:
            return grade(
                Status.KERNEL_DIED,
                "Python stopped while running your answer (for example os._exit() or a crash); the remaining tasks were graded in a fresh kernel.",
            )
    export = _first(results, "export", task.grade_id)
    if export is None or export.status == CellStatus.NOT_RUN:
        return grade(
            Status.NOTEBOOK_TIMEOUT, "Not graded: the notebook's time limit ran out before this task (an earlier cell ran too long)."
        )
    if export.status == CellStatus.TIMEOUT:
        return grade(
            Status.TIMEOUT,
            f"Handing your answers to the checker took longer than {cell_timeout:g} s (did your code change Python itself?).",
        )
    if export.status == CellStatus.KERNEL_DIED:
        return grade(Status.KERNEL_DIED, "Python stopped while your answers for this task were being read.")
    answer_errors = [r for gid in task.answer_ids for r in [_first(results, "answer", gid)] if r and r.status == CellStatus.ERROR]
    if check is None or check.status == CheckStatus.GRADER_ERROR:
        reason = check.evalue if check else "the checker gave no result"
        return grade(Status.NOT_GRADED, f"Not graded yet: {reason}. This is not the student's doing; re-run the grader.", None)
    if check.status == CheckStatus.OK:
        return grade(Status.PASSED, "All checks passed.", task.points)
    if answer_errors:  # the cause, rather than the check that tripped over it
        err = answer_errors[0]
        return grade(Status.ERROR, f"Your answer raised {err.ename}: {err.evalue}".strip())
    if check.status == CheckStatus.UNEXPORTABLE:
        name, _, why = check.evalue.partition(": ")
        return grade(Status.ERROR, f"Your answer {name} cannot be checked: {why}. Make it the kind of value the task asks for.")
    if check.status == CheckStatus.NO_ANSWERS or export.status == CellStatus.ERROR:
        return grade(
            Status.ERROR,
            f"Your answers for this task could not be read ({check.evalue}). Did your code change Python or the notebook itself?",
        )
    if check.ename in ("AssertionError", "SelfCheckFailed"):
        detail = check.evalue or "a hidden test did not pass"
        return grade(Status.FAILED, f"Not yet right: {detail}")
    if check.ename == "Timeout":
        return grade(Status.TIMEOUT, f"The checks for this task ran longer than the grader allows ({check.evalue}).")
    return grade(Status.ERROR, f"Checking this task raised {check.ename}: {check.evalue}".strip())
