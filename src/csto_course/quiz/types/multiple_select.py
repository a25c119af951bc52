"""Several correct options: all of them, and only them, must be chosen."""

from __future__ import annotations

from .base import AnswerError, Question


class MultipleSelect(Question):
    kind = "multiple_select"

    @property
    def options(self) -> list[str]:
        return [str(o) for o in self.spec["options"]]

    @property
    def answers(self) -> set[str]:
        return {str(a) for a in self.spec.get("answers", [])}

    def validate(self, where):
        if len(self.options) < 2:
            self.fail(where, "needs at least two options")
        if not self.answers:
            self.fail(where, "needs a list of answers")
        stray = sorted(self.answers - set(self.options))
        if stray:
            self.fail(where, f"the answer(s) {', '.join(map(repr, stray))} are not among the options")

    def normalise(self, answer):
        self.require_answer(answer, "tick every option that applies")
        if isinstance(answer, str) or not isinstance(answer, (list, tuple, set, frozenset)):
            raise AnswerError("Give a list of the options you choose, for example ['A', 'C'].")
        chosen = {str(a) for a in answer}
        unknown = sorted(chosen - set(self.options))
        if unknown:
            raise AnswerError(f"{', '.join(map(repr, unknown))} {'is' if len(unknown) == 1 else 'are'} not among the options.")
        return chosen

    def is_correct(self, value):
        return value == self.answers

    def wrong_detail(self, value):
        right = len(value & self.answers)
        extra = len(value - self.answers)
        return f"You chose {right} of the {len(self.answers)} correct options" + (f" and {extra} that do not apply." if extra else ".")

    def shown_answer(self):
        return "; ".join(o for o in self.options if o in self.answers)
