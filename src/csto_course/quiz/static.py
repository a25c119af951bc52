"""A readable quiz where no widget front end exists.

nbconvert HTML, nbviewer, a static site or a terminal cannot run widgets. There
the quiz shows its questions, with each answer and explanation behind a
"Show answer" reveal (an HTML <details> element, which needs no JavaScript).

A notebook run by ``jupyter nbconvert --execute`` stores the widget's state,
and nbconvert then prefers the widget view, which it cannot draw offline; so
the quiz's HTML cannot ride in the widget's own bundle. ``show_quiz`` puts it,
folded, in an output of its own above the widget (``TextCopy``), and the
widget's bundle carries only an empty mark. The live quiz hides the copy
wherever it is drawn (quiz-widget.js); the website swaps it for its own quiz.
"""

from __future__ import annotations

import html

from .bank import Bank


def _options(q) -> list[str]:
    spec = q.spec
    if "options" in spec:
        return [str(o) for o in spec["options"]]
    if q.kind == "true_false":
        return ["True", "False"]
    if q.kind == "ordering":
        return sorted(str(i) for i in spec["order"])
    if q.kind == "matching":
        return [f"{k} → ?" for k in spec["pairs"]]
    return []


def static_html(bank: Bank) -> str:
    parts = [f"<section class='csto-quiz-static' aria-label='{html.escape(bank.title)}'>", f"<h3>{html.escape(bank.title)}</h3>"]
    for n, q in enumerate(bank.questions, start=1):
        parts.append(f"<p><strong>{n}. {html.escape(q.prompt)}</strong></p>")
        opts = _options(q)
        if opts:
            parts.append("<ul>" + "".join(f"<li>{html.escape(o)}</li>" for o in opts) + "</ul>")
        parts.append(
            "<details><summary>Show answer</summary>"
            f"<p><strong>Answer:</strong> {html.escape(q.shown_answer())}</p>"
            f"<p>{html.escape(q.explanation)}</p><p><em>Source:</em> {html.escape(q.source)}</p></details>"
        )
    parts.append("</section>")
    return "\n".join(parts)


def static_text(bank: Bank) -> str:
    lines = [bank.title, "=" * len(bank.title)]
    for n, q in enumerate(bank.questions, start=1):
        lines.append(f"{n}. {q.prompt}")
        lines += [f"   - {o}" for o in _options(q)]
    lines.append("(Open this notebook in JupyterLab to answer; answers are in the HTML version behind 'Show answer'.)")
    return "\n".join(lines)


TEXT_COPY_CLASS = "csto-quiz-text-copy"  # quiz-widget.js hides outputs with this class once the live quiz is drawn
LIVE_MARK_CLASS = "csto-quiz-live"  # the widget's own text/html: empty, so readers without widgets show the copy once
LIVE_MARK_HTML = f"<span class='{LIVE_MARK_CLASS}'></span>"


def text_copy_html(bank: Bank) -> str:
    """The static quiz folded under one line, for readers without a running kernel."""
    return (
        f"<details class='{TEXT_COPY_CLASS}'><summary>{html.escape(bank.title)}: the quiz as text "
        "(open the lesson in JupyterLab and run it to answer)</summary>"
        f"{static_html(bank)}</details>"
    )


class TextCopy:
    """A display object for ``text_copy_html``; in a terminal it prints nothing, since the quiz widget prints itself in full."""

    def __init__(self, bank: Bank):
        self.bank = bank

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": text_copy_html(self.bank), "text/plain": ""}
