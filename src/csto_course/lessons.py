"""The lesson manifest: the one list of lessons, in order.

The CLI, the README check and the tests all read this list, so a lesson is
added here once and everything else follows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    slug: str  # file name without .ipynb, e.g. "01_origins"
    title: str
    tables: tuple[str, ...]  # datasets the lesson loads

    @property
    def number(self) -> str:
        return self.slug.split("_", 1)[0]

    @property
    def filename(self) -> str:
        return f"{self.slug}.ipynb"


LESSONS: tuple[Lesson, ...] = (
    Lesson("00_start_here", "Start here: how this course works", ("sources", "events")),
    Lesson(
        "00b_pandas_primer",
        "A pandas primer on the course's tables",
        ("events", "membership", "countries", "summits", "crises", "leaders", "bases", "exercises", "organs", "forces"),
    ),
    Lesson(
        "01_origins",
        "Origins: from the 1992 Tashkent treaty to the 2002 Charter",
        ("events", "membership", "countries"),
    ),
    Lesson(
        "02_membership",
        "Membership: who joined, who left, and why",
        ("membership", "countries", "claims"),
    ),
    Lesson(
        "03_structure",
        "How the CSTO works: the Charter, the organs and decision-making",
        ("organs", "leaders", "countries", "organizations", "summits", "crises", "claims"),
    ),
    Lesson(
        "04_forces_and_exercises",
        "Forces and exercises: what the CSTO can field",
        ("forces", "force_contributions", "exercises", "countries", "claims"),
    ),
    Lesson(
        "05_russias_footprint",
        "Russia's footprint: bases, facilities and bilateral ties",
        ("bases", "countries", "organizations", "events", "claims"),
    ),
    Lesson(
        "06_crises",
        "Tested by crisis: requests for help and what followed",
        ("crises", "events", "force_contributions", "countries", "claims"),
    ),
    Lesson(
        "07_reading_sources",
        "Reading the sources critically",
        ("claims", "membership", "crises", "forces", "bases"),
    ),
    Lesson(
        "08_peers",
        "The CSTO among its peers",
        ("organizations", "org_memberships", "membership", "countries"),
    ),
    Lesson(
        "09_where_next",
        "Where next for the CSTO?",
        ("events", "membership", "summits", "exercises", "claims", "org_memberships", "organizations", "countries"),
    ),
)


def get_lesson(key: str) -> Lesson:
    """Find a lesson by number ("01") or slug ("01_origins")."""
    for lesson in LESSONS:
        if key in (lesson.slug, lesson.number):
            return lesson
    known = ", ".join(lesson.slug for lesson in LESSONS)
    raise KeyError(f"There is no lesson {key!r}. The lessons are: {known}.")
