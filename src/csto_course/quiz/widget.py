"""The quiz in JupyterLab: one widget, drawn by the same script as the website's quiz.

The page (``assets/quiz-view.js``) draws real form controls: radio buttons,
check boxes, text boxes, lists to reorder and menus to match, each with a
label, and buttons reachable with Tab. Keys pressed in the quiz stay in the
quiz (they never reach the notebook's shortcuts). "Check answer" sends the
answer as the page shows it in the same message, the kernel checks it with
the course's rules (``session.py``), saves the attempt and replies with the
verdict; a wrong answer first gets a hint, the explanation and answer after a
second try or on request. The score so far shows under the questions, and
"Start this quiz again" clears this lesson's answers (they are kept aside in
the progress file, not deleted).

Built on anywidget: the front-end code ships with the package as a string, so
no JupyterLab extension has to be built or installed for the course.
"""

from __future__ import annotations

import anywidget
import traitlets

from .session import QuizSession
from .static import LIVE_MARK_HTML, static_text
from .view import bank_view, script, style, verdict

_ADAPTER = "quiz-widget.js"


def _esm() -> str:
    from .view import ASSETS

    return script() + "\n" + (ASSETS / _ADAPTER).read_text(encoding="utf-8")


class QuizWidget(anywidget.AnyWidget):
    """Displays a QuizSession; a static copy of the quiz goes with it for front ends without widgets."""

    _esm = _esm()
    _css = style()
    bank = traitlets.Dict().tag(sync=True)
    score = traitlets.Unicode("").tag(sync=True)
    notice = traitlets.Unicode("").tag(sync=True)

    def __init__(self, session: QuizSession):
        self.session = session
        super().__init__(
            bank=bank_view(session.bank), score=str(session.score()), notice=session.store.notice if session.store is not None else ""
        )
        self.on_msg(self._on_message)

    # --- what the page asks --------------------------------------------------
    def check(self, question_id: str, answer) -> dict:
        """Check one answer as the page sends it; the verdict the page shows."""
        try:
            question = self.session.question(question_id)
        except KeyError as exc:
            return {"ok": False, "error": str(exc.args[0])}
        feedback = self.session.try_answer(question_id, answer)
        self.score = str(self.session.score())
        if self.session.store is not None and self.session.store.notice:
            self.notice = self.session.store.notice
        tries = sum(not a.correct for a in self.session.attempts.get(question_id, []))
        return verdict(question, feedback, tries)

    def reset(self) -> None:
        self.session.reset()
        self.score = str(self.session.score())

    def _on_message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        reply = {"view": content.get("view"), "seq": content.get("seq")}
        if content.get("type") == "check":
            self.send({**reply, "type": "verdict", "verdict": self.check(str(content.get("question")), content.get("answer"))})
        elif content.get("type") == "reset":
            self.reset()
            self.send({**reply, "type": "reset"})

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        if isinstance(bundle, tuple):  # (data, metadata)
            bundle = bundle[0]
        bundle = dict(bundle)
        # The quiz as HTML lives in show_quiz's text copy (quiz/static.py); here an empty mark, so a reader that
        # cannot draw the widget (nbconvert, GitHub) shows the copy once rather than the quiz twice.
        bundle["text/html"] = LIVE_MARK_HTML
        bundle["text/plain"] = static_text(self.session.bank)
        return bundle
