"""The quiz as ipywidgets: one card per question, a Check button, feedback in words.

Each input has a text label, buttons are real buttons (reachable with Tab and
pressed with Enter or Space), choices from a list are text boxes that offer
the list (see ``_picker``), and feedback is written out ("Correct." / "Not
correct yet.") with a symbol, never colour alone.
"""

from __future__ import annotations

import html

import ipywidgets as w

from .session import QuizSession
from .static import static_html, static_text
from .types import shuffled

_PICK_HINT = "Type, or press ↓ to pick"


def _picker(options: list[str], label: str, width: str) -> w.Combobox:
    """A labelled text box that offers ``options`` and accepts only one of them.

    Not a Dropdown: in JupyterLab a collapsed <select> passes letter and arrow
    keys to the notebook's shortcuts (ipywidgets issue 3912), so a keyboard
    user pressing "d" twice would delete the cell. A text box keeps its keys.
    """
    return w.Combobox(options=options, placeholder=_PICK_HINT, ensure_option=True, description=label,
                      style={"description_width": "initial"}, layout=w.Layout(width=width))


def _input_for(q, shuffle: bool, seed: str):
    """Return (widget, read) where read() gives the raw answer for ``q.check``."""
    order = (lambda items: shuffled(items, f"{seed}:{q.id}")) if shuffle else list
    label = f"Answer to question {q.id}"
    if q.kind in ("single_choice", "true_false"):
        options = order(q.options) if q.kind == "single_choice" else q.options
        box = w.RadioButtons(options=options, value=None, description="Answer:", layout=w.Layout(width="auto"))
        box.add_class("csto-quiz-input")
        return box, lambda: box.value
    if q.kind == "multiple_select":
        boxes = [w.Checkbox(value=False, description=o, indent=False) for o in order(q.options)]
        return w.VBox(boxes, layout=w.Layout(width="auto")), lambda: [b.description for b in boxes if b.value]
    if q.kind in ("numeric", "short_text"):
        hint = "a number" if q.kind == "numeric" else "a word or short phrase"
        # continuous_update=False: one update when the student leaves the box, not one per
        # key, so the value reaches the kernel before "Check answer" does even when it is busy.
        box = w.Text(placeholder=f"Type {hint}", description="Answer:", tooltip=label, continuous_update=False)
        return box, lambda: box.value
    if q.kind == "ordering":
        items = order(q.items)
        pickers = [_picker(items, f"{i}.", "34em") for i in range(1, len(items) + 1)]
        return w.VBox(pickers), lambda: [p.value for p in pickers if p.value]
    if q.kind == "matching":
        choices = order(q.choices)
        by_left = {k: _picker(choices, k, "40em") for k in q.pairs}
        return w.VBox(list(by_left.values())), lambda: {k: (p.value or None) for k, p in by_left.items()}
    raise ValueError(f"No widget for question type {q.kind!r}")


def _feedback_html(feedback) -> str:
    symbol = "✔" if feedback.correct else "✘"
    return (
        f"<div role='status' aria-live='polite' class='csto-quiz-feedback'>"
        f"<p><strong>{symbol} {html.escape(feedback.message)}</strong></p>"
        f"<p>{html.escape(feedback.explanation)}</p>"
        f"<p><em>Source:</em> {html.escape(feedback.source)}</p></div>"
    )


class QuizWidget:
    """Displays a QuizSession as widgets, with a static fallback for non-widget front ends."""

    def __init__(self, session: QuizSession):
        self.session = session
        bank = session.bank
        self.score_line = w.HTML(self._score_html())
        cards = []
        self.checks: dict[str, w.Button] = {}
        self.feedback: dict[str, w.HTML] = {}
        for n, q in enumerate(bank.questions, start=1):
            field, read = _input_for(q, bank.shuffle, bank.lesson)
            button = w.Button(description="Check answer", tooltip=f"Check your answer to question {n}", button_style="")
            out = w.HTML()
            button.on_click(lambda _b, q=q, read=read, out=out: self._check(q, read, out))
            self.checks[q.id], self.feedback[q.id] = button, out
            prompt = w.HTML(f"<p><strong>Question {n} of {len(bank.questions)}.</strong> {html.escape(q.prompt)}</p>")
            card = w.VBox([prompt, field, button, out], layout=w.Layout(border="1px solid #ccc", padding="8px", margin="6px 0"))
            card.add_class("csto-quiz-question")
            card.add_class(f"csto-q-{q.id}")  # lets tests and styles find one question
            cards.append(card)
        notice = session.store.notice if session.store is not None else ""
        head = w.HTML(
            f"<h3>{html.escape(bank.title)}</h3>"
            + (f"<p>{html.escape(bank.intro)}</p>" if bank.intro else "")
            + (f"<p role='status'><strong>ℹ {html.escape(notice)}</strong></p>" if notice else "")
        )
        self.root = w.VBox([head, *cards, self.score_line])
        self.root.add_class("csto-quiz")

    def _check(self, q, read, out) -> None:
        result = self.session.try_answer(q.id, read())
        if isinstance(result, str):  # an AnswerError's message: say what to do, count nothing
            out.value = f"<div role='status' aria-live='polite'><p><strong>ℹ {html.escape(result)}</strong></p></div>"
        else:
            out.value = _feedback_html(result)
        self.score_line.value = self._score_html()

    def _score_html(self) -> str:
        score = self.session.score()
        done = " Well done: you have answered every question." if score.answered == score.total else ""
        return f"<p role='status'><strong>Score:</strong> {html.escape(str(score))}{done}</p>"

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.root._repr_mimebundle_(**kwargs) or {}
        bundle = dict(bundle)
        bundle["text/html"] = static_html(self.session.bank)
        bundle["text/plain"] = static_text(self.session.bank)
        return bundle
