"""A student's saved quiz progress (see progress.py) as rows: one per lesson and question, in course order.

The columns use the names the progress store saves: for each question its ``first`` and
``latest`` attempt (``correct``, ``answer``, ``at``) and the number of ``attempts``. The export a
student hands in, the instructor's class table and the class report all read these rows.
"""

from __future__ import annotations

import json

from ..lessons import LESSONS

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


class ProgressFileError(ValueError):
    """A file handed in that is not quiz progress; the message says why."""


# --- ordering ------------------------------------------------------------------
_LESSON_ORDER = {lesson.slug: i for i, lesson in enumerate(LESSONS)}
_bank_cache: dict[str, tuple[dict[str, int], dict[str, str]]] = {}


def _bank_ids(lesson: str) -> tuple[dict[str, int], dict[str, str]]:
    """The lesson's question ids in bank order, and its renamed ids (former -> current)."""
    if lesson not in _bank_cache:
        order: dict[str, int] = {}
        renames: dict[str, str] = {}
        if lesson in _LESSON_ORDER:
            try:
                from .bank import load_bank

                bank = load_bank(lesson, check_sources=False)
                order = {q.id: i for i, q in enumerate(bank.questions)}
                renames = bank.renames
            except Exception:  # noqa: BLE001 - a broken bank only changes the order of rows
                order, renames = {}, {}
        _bank_cache[lesson] = (order, renames)
    return _bank_cache[lesson]


def _question_order(lesson: str) -> dict[str, int]:
    return _bank_ids(lesson)[0]


def row_order_key(row: dict) -> tuple:
    lesson, qid = row["lesson"], row["question_id"]
    order = _question_order(lesson)
    return (row.get("student", ""), _LESSON_ORDER.get(lesson, len(_LESSON_ORDER)), lesson, order.get(qid, len(order)), qid)


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
        saved = content.get("questions", {})
        renames = _bank_ids(lesson)[1]
        for qid, entry in saved.items():
            if not isinstance(entry, dict) or renames.get(qid) in saved:  # an answer under the current id wins
                continue
            qid = renames.get(qid, qid)
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
    return sorted(rows, key=row_order_key)
