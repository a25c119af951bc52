"""A quiz without a browser: answer, check, read feedback and the score.

The widget drives a ``QuizSession``; tests and scripts can drive it directly::

    quiz = QuizSession(load_bank("01_origins"))
    feedback = quiz.answer("treaty-city", "Tashkent")
    feedback.correct, quiz.score()

The score counts first attempts only: retrying is allowed and encouraged, but
the first try is what the score reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from .bank import Bank
from .feedback import AnswerError, Feedback
from .progress import ProgressStore


@dataclass
class Attempt:
    answer: object
    correct: bool
    at: str


@dataclass
class Score:
    first_try_correct: int
    answered: int
    total: int

    def __str__(self) -> str:
        return (
            f"{self.first_try_correct} of {self.total} right on the first try "
            f"({self.answered} of {self.total} answered). The score counts first attempts only."
        )


@dataclass
class QuizSession:
    """``store`` (optional) saves every attempt and restores earlier ones, so the
    first-attempt score carries over when a student comes back to a lesson."""

    bank: Bank
    store: ProgressStore | None = None
    attempts: dict[str, list[Attempt]] = field(default_factory=dict)

    def __post_init__(self):
        if self.store is None:
            return
        self.store.rename(self.bank.lesson, self.bank.renames)
        ids = {q.id for q in self.bank.questions}
        for qid, saved in self.store.questions(self.bank.lesson).items():
            if qid in ids and isinstance(saved.get("first"), dict):
                first = saved["first"]
                self.attempts[qid] = [Attempt(first.get("answer"), bool(first.get("correct")), str(first.get("at", "")))]

    def question(self, question_id: str):
        for q in self.bank.questions:
            if q.id == question_id:
                return q
        ids = ", ".join(q.id for q in self.bank.questions)
        raise KeyError(f"There is no question {question_id!r} in this quiz. Questions: {ids}.")

    def answer(self, question_id: str, answer) -> Feedback:
        """Check an answer and record the attempt. Raises AnswerError for unusable answers."""
        question = self.question(question_id)
        feedback = question.check(answer)  # AnswerError propagates; nothing is recorded
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.attempts.setdefault(question_id, []).append(Attempt(answer, feedback.correct, stamp))
        if self.store is not None:
            self.store.record(self.bank.lesson, question_id, answer, feedback.correct, stamp)
        return feedback

    def try_answer(self, question_id: str, answer) -> Feedback | str:
        """Like ``answer`` but returns the AnswerError's message instead of raising it."""
        try:
            return self.answer(question_id, answer)
        except AnswerError as exc:
            return str(exc)

    def reset(self) -> None:
        """Start the quiz again: forget this lesson's attempts (the store keeps them aside)."""
        self.attempts.clear()
        if self.store is not None:
            self.store.reset(self.bank.lesson)

    def score(self) -> Score:
        first = sum(1 for tries in self.attempts.values() if tries and tries[0].correct)
        return Score(first, len(self.attempts), len(self.bank.questions))
