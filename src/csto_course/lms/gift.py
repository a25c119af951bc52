"""Question banks as GIFT, Moodle's plain-text format, for the types GIFT has.

GIFT has single and multiple choice, true/false, numerical, short answer and
matching. It has no ordering question (Moodle's qtype_ordering plugin adds one
to its own GIFT import, which other tools do not read), and Moodle's GIFT
import wants at least three pairs for matching: such questions are skipped,
each with its reason, and the Moodle XML export carries them.

Each question: ``::<lesson> <id>::`` as its name, the prompt in ``[markdown]``,
per-answer feedback after ``#``, and the explanation with its source as the
general feedback after ``####``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..quiz.types.short_text import simplify
from .text import gift_escape

CORRECT, WRONG = "Correct.", "Not correct yet."


@dataclass(frozen=True)
class Skipped:
    lesson: str
    question: str
    kind: str
    reason: str


def _general(q) -> str:
    return f"####{gift_escape(q.explanation)} Source\\: {gift_escape(q.source or q.source_id)}"


def _answers(q) -> str | None:
    kind = q.kind
    if kind == "single_choice":
        right = str(q.spec["answer"])
        return " ".join(f"={gift_escape(o)}#{CORRECT}" if o == right else f"~{gift_escape(o)}#{WRONG}" for o in q.options)
    if kind == "multiple_select":
        share = 100 / len(q.answers)
        return " ".join(
            f"~%{share:.5g}%{gift_escape(o)}#{CORRECT}" if o in q.answers else f"~%-100%{gift_escape(o)}#{WRONG}" for o in q.options
        )
    if kind == "true_false":
        return f"{'TRUE' if q.spec['answer'] else 'FALSE'}#{WRONG}#{CORRECT}"
    if kind == "numeric":
        return f"#{q.answer:g}:{q.tolerance:g}"
    if kind == "short_text":
        accepted = list(dict.fromkeys(q.accepted + [simplify(a) for a in q.accepted]))
        return " ".join(f"={gift_escape(a)}" for a in accepted)
    if kind == "matching" and len(q.pairs) >= 3:
        return " ".join(f"={gift_escape(left)} -> {gift_escape(right)}" for left, right in q.pairs.items())
    return None


def _why_not(q) -> str:
    if q.kind == "ordering":
        return "GIFT has no ordering question; import the Moodle XML file (qtype_ordering plugin) instead"
    if q.kind == "matching":
        return f"Moodle's GIFT import needs at least three pairs for matching; this question has {len(q.pairs)}"
    return f"GIFT has no form for the question type {q.kind!r}"


def gift(banks) -> tuple[str, list[Skipped]]:
    """The GIFT text of ``banks`` and the questions it could not carry."""
    lines: list[str] = []
    skipped: list[Skipped] = []
    for bank in banks:
        lines += [f"// {bank.lesson}: {bank.title}", f"$CATEGORY: $course$/top/CSTO course/{bank.lesson}", ""]
        for q in bank.questions:
            answers = _answers(q)
            if answers is None:
                skipped.append(Skipped(bank.lesson, q.id, q.kind, _why_not(q)))
                continue
            lines.append(f"::{bank.lesson} {q.id}::[markdown]{gift_escape(q.prompt)}{{")
            lines.append(f"  {answers}")
            lines.append(f"  {_general(q)}")
            lines += ["}", ""]
    return "\n".join(lines), skipped
