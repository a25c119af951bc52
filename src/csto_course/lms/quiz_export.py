"""``csto-course quiz export``: the question banks as files an LMS imports.

``export(formats, lessons, out)`` writes, for the chosen lessons (all by
default): ``csto-quizzes.moodle.xml`` (and ``csto-quizzes.moodle-no-plugin.xml``,
ordering as matching), ``csto-quizzes.qti.zip`` and ``csto-quizzes.gift.txt``,
and returns what it wrote and what it skipped, for the command to print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..files import atomic_write_bytes, atomic_write_text
from ..lessons import LESSONS, get_lesson
from ..quiz import load_bank
from .gift import Skipped, gift
from .moodle_xml import moodle_xml
from .qti import qti_zip

FORMATS = ("moodle", "qti", "gift")


@dataclass
class ExportReport:
    written: list[Path] = field(default_factory=list)
    questions: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"wrote {p}" for p in self.written]
        out += [f"skipped in GIFT: {s.lesson} {s.question} ({s.kind}): {s.reason}" for s in self.skipped]
        return out


def banks_for(lessons: list[str] | None):
    slugs = [get_lesson(key).slug for key in lessons] if lessons else [lesson.slug for lesson in LESSONS]
    return [load_bank(slug) for slug in slugs]


def export(formats: list[str], lessons: list[str] | None, out: Path) -> ExportReport:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}: choose from {', '.join(FORMATS)}")
    banks = banks_for(lessons)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    report = ExportReport(questions=sum(len(b.questions) for b in banks))
    if "moodle" in formats:
        for name, ordering in (("csto-quizzes.moodle.xml", "plugin"), ("csto-quizzes.moodle-no-plugin.xml", "matching")):
            atomic_write_text(out / name, moodle_xml(banks, ordering))
            report.written.append(out / name)
    if "qti" in formats:
        atomic_write_bytes(out / "csto-quizzes.qti.zip", qti_zip(banks))
        report.written.append(out / "csto-quizzes.qti.zip")
    if "gift" in formats:
        text, skipped = gift(banks)
        atomic_write_text(out / "csto-quizzes.gift.txt", text)
        report.written.append(out / "csto-quizzes.gift.txt")
        report.skipped = skipped
    return report
