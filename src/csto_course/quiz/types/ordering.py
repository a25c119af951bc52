"""Put items (usually events) in chronological order."""

from __future__ import annotations

from .base import AnswerError, Question


class Ordering(Question):
    kind = "ordering"

    @property
    def items(self) -> list[str]:
        """The items in their correct order."""
        return [str(i) for i in self.spec["order"]]

    def validate(self, where):
        if len(self.items) < 3:
            self.fail(where, "needs at least three items to order")
        if len(set(self.items)) != len(self.items):
            self.fail(where, "has the same item twice")

    def normalise(self, answer):
        self.require_answer(answer, "put every item in a position")
        if isinstance(answer, str) or not isinstance(answer, (list, tuple)):
            raise AnswerError("Give the items as a list, first to last.")
        answer = [str(a) for a in answer]
        if sorted(answer) != sorted(self.items):
            missing = [i for i in self.items if i not in answer]
            if missing:
                raise AnswerError(f"Use every item exactly once; not yet placed: {'; '.join(missing)}.")
            raise AnswerError("Use every item exactly once.")
        return answer

    def is_correct(self, value):
        return value == self.items

    def wrong_detail(self, value):
        placed = sum(a == b for a, b in zip(value, self.items))
        return f"{placed} of {len(self.items)} items are in the right place."

    def shown_answer(self):
        return " → ".join(self.items)
