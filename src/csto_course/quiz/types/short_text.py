"""A short typed answer; case, spacing, punctuation and accents are forgiven."""

from __future__ import annotations

import re
import unicodedata

from .base import AnswerError, Question


def simplify(text: str) -> str:
    """'  Chișinău ' -> 'chisinau'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return " ".join(text.split())


class ShortText(Question):
    kind = "short_text"

    @property
    def accepted(self) -> list[str]:
        return [str(self.spec["answer"])] + [str(v) for v in self.spec.get("variants", [])]

    def validate(self, where):
        if not str(self.spec.get("answer", "")).strip():
            self.fail(where, "needs an answer")

    def normalise(self, answer):
        self.require_answer(answer, "type a word or a short phrase")
        if not isinstance(answer, str):
            raise AnswerError(f"Type your answer as text, not a {type(answer).__name__}.")
        if not answer.strip():
            raise AnswerError("Please type an answer first.")
        if len(answer) > 200:
            raise AnswerError("A short answer is enough: a word or a short phrase.")
        return simplify(answer)

    def is_correct(self, value):
        return value in {simplify(a) for a in self.accepted}

    def shown_answer(self):
        return " / ".join(self.accepted)
