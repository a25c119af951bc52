"""Match each item on the left to one on the right (for example an organ to its role)."""

from __future__ import annotations

from .base import AnswerError, Question


class Matching(Question):
    kind = "matching"

    @property
    def pairs(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self.spec["pairs"].items()}

    @property
    def choices(self) -> list[str]:
        return sorted(set(self.pairs.values()))

    def validate(self, where):
        if not isinstance(self.spec.get("pairs"), dict) or len(self.spec["pairs"]) < 2:
            self.fail(where, "needs at least two pairs (left: right)")

    def normalise(self, answer):
        self.require_answer(answer, "match every item")
        if not isinstance(answer, dict):
            raise AnswerError("Give your matches as a dictionary: {left item: right item}.")
        answer = {str(k): (None if v is None else str(v)) for k, v in answer.items()}
        unknown = sorted(set(answer) - set(self.pairs))
        if unknown:
            raise AnswerError(f"{', '.join(map(repr, unknown))} {'is not an item' if len(unknown) == 1 else 'are not items'} to match.")
        missing = [k for k in self.pairs if not answer.get(k)]
        if missing:
            raise AnswerError(f"Match every item; still open: {'; '.join(missing)}.")
        stray = sorted({v for v in answer.values()} - set(self.choices))
        if stray:
            raise AnswerError(f"{', '.join(map(repr, stray))} {'is not one of' if len(stray) == 1 else 'are not among'} the choices.")
        return answer

    def is_correct(self, value):
        return value == self.pairs

    def wrong_detail(self, value):
        right = sum(value[k] == v for k, v in self.pairs.items())
        return f"{right} of {len(self.pairs)} matches are right."

    def shown_answer(self):
        return "; ".join(f"{k} → {v}" for k, v in self.pairs.items())
