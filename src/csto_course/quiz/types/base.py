"""The shared shape of a question: parse its spec, normalise an answer, check it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..feedback import AnswerError, Feedback


class BankError(ValueError):
    """A question bank cannot be used; the message names the file and the question."""

    def _render_traceback_(self) -> list[str]:
        return [f"BankError: {self}"]


@dataclass
class Question:
    """Base class. Subclasses set ``kind`` and implement ``normalise`` and ``is_correct``."""

    kind = "question"
    id: str
    prompt: str
    explanation: str
    source_id: str
    source: str = ""  # rendered citation, filled in by the bank loader
    spec: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_spec(cls, spec: dict, where: str) -> Question:
        question = cls(id=spec["id"], prompt=spec["prompt"], explanation=spec["explanation"], source_id=spec["source"], spec=spec)
        question.validate(where)
        return question

    # --- to be specialised ---------------------------------------------------
    def validate(self, where: str) -> None:
        """Raise BankError if the spec is inconsistent (an answer not among the options...)."""

    def normalise(self, answer):
        """Turn a raw answer into a comparable value, or raise AnswerError."""
        raise NotImplementedError

    def is_correct(self, value) -> bool:
        raise NotImplementedError

    def wrong_detail(self, value) -> str:
        """Optional extra words for a wrong answer (for example how many were right)."""
        return ""

    def shown_answer(self) -> str:
        """The correct answer as text, for the static version."""
        raise NotImplementedError

    # --- shared behaviour ----------------------------------------------------
    def check(self, answer) -> Feedback:
        value = self.normalise(answer)
        correct = self.is_correct(value)
        if correct:
            message = "Correct."
        else:
            detail = self.wrong_detail(value)
            message = "Not correct yet." + (f" {detail}" if detail else "")
        return Feedback(correct, message, self.explanation, self.source)

    def fail(self, where: str, problem: str) -> None:
        raise BankError(f'{where}, question "{self.id}": {problem}')

    @staticmethod
    def require_answer(answer, what: str):
        if answer is None or (isinstance(answer, (str, list, tuple, set, dict)) and len(answer) == 0):
            raise AnswerError(f"Please give an answer first: {what}.")
        return answer


def shuffled(items: list, seed: str) -> list:
    """The same order every time for the same seed (reproducible shuffling)."""
    out = list(items)
    random.Random(seed).shuffle(out)
    return out
