"""The quiz on the website: each lesson's question bank as data the page's quiz script runs.

The page keeps the static quiz (questions, answers behind "Show answer") for
readers without JavaScript; ``assets/csto-quiz.js`` hides it and mounts the
interactive quiz from the JSON island written here. The checking rules are the
Python engine's, ported (a browser test compares every verdict). The answers
are in the page's source: the site is for self-study; the instructor guide says
so.
"""

from __future__ import annotations

import html
import json

from ..quiz.bank import Bank
from ..quiz.static import LIVE_MARK_CLASS, static_html
from ..quiz.view import bank_view, hint_for

QUIZ_MARK = "csto-quiz-static"  # the class of the static quiz in a lesson's outputs


def question_payload(question) -> dict:
    out = {
        "id": question.id,
        "kind": question.kind,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "source": question.source,
        "spec": _spec(question),
        "former_ids": [str(old) for old in question.spec.get("former_ids", [])],
    }
    return out


def _spec(question) -> dict:
    """The fields the checking rules read, as the Python engine sees them (YAML dates become text, as str() makes them)."""
    spec = question.spec
    out: dict[str, object] = {}
    for key in ("options", "answers", "variants", "order"):
        if key in spec:
            out[key] = [str(v) for v in spec[key]]
    if "pairs" in spec:
        out["pairs"] = {str(k): str(v) for k, v in spec["pairs"].items()}
    if "answer" in spec:
        answer = spec["answer"]
        out["answer"] = answer if isinstance(answer, (bool, int, float)) else str(answer)
    if "tolerance" in spec:
        out["tolerance"] = spec["tolerance"]
    return out


def bank_payload(bank: Bank) -> dict:
    """What the page draws (the JupyterLab quiz's own view of the bank) plus what it checks with."""
    view = bank_view(bank)
    for shown, question in zip(view["questions"], bank.questions):
        shown.update(question_payload(question), hint=hint_for(question), shown_answer=question.shown_answer())
    return view


def site_quiz_html(bank: Bank) -> str:
    island = json.dumps(bank_payload(bank), ensure_ascii=False).replace("<", "\\u003c")
    return (
        f"<section class='csto-site-quiz' data-lesson='{html.escape(bank.lesson, quote=True)}'>"
        f"{static_html(bank)}"
        f"<script type='application/json' class='csto-site-quiz-data'>{island}</script></section>"
    )


def replace_quiz_outputs(nb, bank: Bank) -> int:
    """Give every static-quiz output in ``nb`` the site's quiz instead; return how many were replaced."""
    replaced = 0
    for cell in nb.cells:
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            shown = str(data.get("text/html", ""))
            if LIVE_MARK_CLASS in shown:
                continue  # the JupyterLab widget itself: the site draws its own quiz in the text copy's place
            if QUIZ_MARK in shown:  # the quiz's text copy (quiz/static.py)
                output["data"] = {"text/html": site_quiz_html(bank)}
                replaced += 1
            kept.append(output)
        if "outputs" in cell:
            cell["outputs"] = kept
    return replaced
