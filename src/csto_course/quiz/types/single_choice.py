"""One correct option among several."""

from __future__ import annotations

from .base import AnswerError, Question


class SingleChoice(Question):
    kind = "single_choice"

    @property
    def options(self) -> list[str]:
        return [str(o) for o in self.spec["options"]]

    def validate(self, where):
        if len(self.options) < 2:
            self.fail(where, "needs at least two options")
        if len(set(self.options)) != len(self.options):
            self.fail(where, "has the same option twice")
        if str(self.spec.get("answer")) not in self.options:
            self.fail(where, f'the answer "{self.spec.get("answer")}" is not among the options ({"; ".join(self.options)})')

    def normalise(self, answer):
        self.require_answer(answer, "choose one of the options")
        if isinstance(answer, bool) or not isinstance(answer, (str, int)):
            raise AnswerError(f"Choose one option by its text (for example {self.options[0]!r}), not a {type(answer).__name__}.")
        if isinstance(answer, int):
            if not 0 <= answer < len(self.options):
                raise AnswerError(
                    f"There are {len(self.options)} options, numbered 0 to {len(self.options) - 1}; {answer} is out of range."
                )
            return self.options[answer]
        if answer not in self.options:
            raise AnswerError(f"{answer!r} is not one of the options: {'; '.join(self.options)}.")
        return answer

    def is_correct(self, value):
        return value == str(self.spec["answer"])

    def shown_answer(self):
        return str(self.spec["answer"])
