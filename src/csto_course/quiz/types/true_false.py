"""A statement that is true or false."""

from __future__ import annotations

from .base import AnswerError, Question

_WORDS = {"true": True, "t": True, "yes": True, "false": False, "f": False, "no": False}


class TrueFalse(Question):
    kind = "true_false"
    options = ["True", "False"]

    def validate(self, where):
        if not isinstance(self.spec.get("answer"), bool):
            self.fail(where, "the answer must be true or false (without quotes)")

    def normalise(self, answer):
        self.require_answer(answer, "choose True or False")
        if isinstance(answer, bool):
            return answer
        if isinstance(answer, str) and answer.strip().lower() in _WORDS:
            return _WORDS[answer.strip().lower()]
        raise AnswerError(f"Answer True or False; {answer!r} is neither.")

    def is_correct(self, value):
        return value is self.spec["answer"]

    def shown_answer(self):
        return "True" if self.spec["answer"] else "False"
