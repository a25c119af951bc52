"""What a student sees after answering: right or wrong in words, why, and the source."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str  # "Correct." / "Not quite." plus, where useful, what was wrong
    explanation: str
    source: str  # a rendered citation from data/sources.csv

    @property
    def verdict(self) -> str:
        return "Correct" if self.correct else "Not correct"

    @property
    def text(self) -> str:
        return f"{self.message}\n{self.explanation}\nSource: {self.source}"


class AnswerError(ValueError):
    """An answer the question cannot take (empty, wrong type, out of range).

    The message speaks to the student and is shown instead of feedback; the
    attempt does not count.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"AnswerError: {self}"]
