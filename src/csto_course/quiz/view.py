"""What the quiz's front end needs to draw a bank, and the verdict it shows.

One shape serves JupyterLab (``widget.py``) and the website
(``site/quiz.py``): both draw with ``assets/quiz-view.js``. Options are in the
bank's reproducible shuffled order, so a student sees the same order in both.
"""

from __future__ import annotations

from pathlib import Path

from .bank import Bank
from .feedback import Feedback
from .types import shuffled

ASSETS = Path(__file__).with_name("assets")


def hint_for(question) -> str:
    """Where in the lesson to look again: the bank's ``hint``, else its ``section``."""
    spec = question.spec
    if spec.get("hint"):
        return str(spec["hint"])
    if spec.get("section"):
        return f"Look again at the lesson's section “{spec['section']}”, then try again."
    return "Look again at the part of the lesson this question is about, then try again."


def question_view(question, bank: Bank) -> dict:
    order = (lambda items: shuffled(items, f"{bank.lesson}:{question.id}")) if bank.shuffle else list
    out: dict[str, object] = {"id": question.id, "kind": question.kind, "prompt": question.prompt}
    if question.kind in ("single_choice", "multiple_select"):
        out["options"] = order(question.options)
    elif question.kind == "ordering":
        out["start_order"] = sorted(question.items)
    elif question.kind == "matching":
        out["lefts"] = list(question.pairs)
        out["choices"] = order(question.choices)
    return out


def bank_view(bank: Bank) -> dict:
    return {"lesson": bank.lesson, "title": bank.title, "intro": bank.intro, "questions": [question_view(q, bank) for q in bank.questions]}


def verdict(question, feedback: Feedback | str, tries: int) -> dict:
    """The front end's verdict. A wrong answer gets a hint; the explanation and the
    answer are shown on request, or at once from the second wrong try on."""
    if isinstance(feedback, str):  # an AnswerError's message: say what to do, count nothing
        return {"ok": False, "error": feedback}
    return {
        "ok": True,
        "correct": feedback.correct,
        "message": feedback.message,
        "explanation": feedback.explanation,
        "source": feedback.source,
        "hint": "" if feedback.correct else hint_for(question),
        "shown_answer": question.shown_answer(),
        "reveal": feedback.correct or tries >= 2,
    }


def script() -> str:
    """The shared drawing code (a plain script: see the file's header)."""
    return (ASSETS / "quiz-view.js").read_text(encoding="utf-8")


def style() -> str:
    return (ASSETS / "quiz-view.css").read_text(encoding="utf-8")
