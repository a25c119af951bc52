"""Can every citation in the course be traced to a row of sources.csv?"""

from __future__ import annotations

import re

import pytest
from submission_factory import REPO

from csto_course.data import cited_ids, load, sources_list
from csto_course.data.citations import lesson_citations
from csto_course.lessons import LESSONS


def test_cited_ids_reads_pandoc_style_citations():
    text = "Signed in 1992 [@seed-a; @seed-b]. Again [@seed-a]. Not a citation: [link](x), email@host."
    assert cited_ids(text) == ["seed-a", "seed-b"]


@pytest.mark.parametrize("lesson", [lesson.slug for lesson in LESSONS])
def test_every_citation_in_a_lesson_is_a_source(lesson):
    known = set(load("sources")["source_id"])
    cited = lesson_citations(lesson)
    assert cited, f"{lesson} cites no sources"
    assert not [c for c in cited if c not in known]


def test_sources_list_renders_citations():
    listing = sources_list(ids=["seed-bokarev-2019"])
    text = str(listing)
    assert "Dmitry Bokarev (2019-12-10). *The Collective Security Treaty Organization (CSTO): Plans for 2020*. New Eastern Outlook." in text
    assert listing._repr_markdown_() == text


def test_sources_list_names_unknown_ids():
    with pytest.raises(ValueError, match="These source ids are not in data/sources.csv: nope"):
        sources_list(ids=["nope"])


def test_students_never_see_the_file_names_the_seed_articles_were_filed_under():
    from csto_course.data import format_citation, load

    sources = load("sources")
    seeds = sources[sources["kind"] == "seed"]
    assert len(seeds) == 5 and seeds["note"].str.contains(r"\.txt").all(), "the data keeps the file names for instructors"
    shown = [format_citation(row) for _, row in sources.iterrows()]
    assert not [text for text in shown if ".txt" in text or "Course seed article" in text]
    assert sum("One of the five articles this course was commissioned from." in text for text in shown) == 5


STUDENT_FILES = sorted(REPO.glob("lessons/*.ipynb")) + sorted(REPO.glob("exercises/*.ipynb")) + sorted(REPO.glob("quizzes/*.yaml"))


@pytest.mark.parametrize("path", STUDENT_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_students_never_see_the_numbers_the_seed_articles_were_filed_under(path):
    """ "seed 002" or "seed article 000" tells a student nothing: a seed is named by its author or outlet (#16)."""
    numbered = re.findall(r"(?i)\bseed(?: article)? \d{3}\b", path.read_text(encoding="utf-8"))
    assert numbered == []
