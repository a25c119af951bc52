"""A number, right within a stated tolerance."""

from __future__ import annotations

import math

from .base import AnswerError, Question


class Numeric(Question):
    kind = "numeric"

    @property
    def answer(self) -> float:
        return float(self.spec["answer"])

    @property
    def tolerance(self) -> float:
        return float(self.spec.get("tolerance", 0))

    def validate(self, where):
        for key in ("answer", "tolerance"):
            value = self.spec.get(key, 0)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.fail(where, f"{key} must be a number")
        if self.tolerance < 0:
            self.fail(where, "tolerance cannot be negative")

    def normalise(self, answer):
        self.require_answer(answer, "type a number")
        if isinstance(answer, bool):
            raise AnswerError("Type a number, not True or False.")
        if isinstance(answer, str):
            text = answer.strip().replace(",", "").replace(" ", "")
            try:
                answer = float(text)
            except ValueError:
                raise AnswerError(f"{answer!r} is not a number. Type digits only, for example 9 or 4200.") from None
        if not isinstance(answer, (int, float)) or not math.isfinite(answer):
            raise AnswerError(f"Type a finite number, not {answer!r}.")
        return float(answer)

    def is_correct(self, value):
        return abs(value - self.answer) <= self.tolerance + 1e-9

    def wrong_detail(self, value):
        return "Your number is too high." if value > self.answer else "Your number is too low."

    def shown_answer(self):
        text = f"{self.answer:g}"
        return text + (f" (± {self.tolerance:g})" if self.tolerance else "")
