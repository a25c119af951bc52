"""Every lesson opens by saying which edition it is and how current its facts are."""

from __future__ import annotations

import pandas as pd

from csto_course.data import load
from csto_course.edition import EDITION, latest_report
from csto_course.lesson_start import start_lesson


def test_the_newest_report_is_computed_from_the_sources():
    sources = load("sources")
    reports = sources[sources["kind"].isin(["news", "official"])]
    newest = pd.to_datetime(reports["published"].astype(str), format="mixed").max()
    assert latest_report().startswith(newest.strftime("%Y-%m"))
    assert latest_report() >= "2026-02-12"


def test_a_report_dated_only_to_the_year_does_not_count_as_newer_than_a_dated_one(monkeypatch):
    import csto_course.data as data

    frame = pd.DataFrame({"kind": ["news", "news", "official", "seed"], "published": ["2026", "2026-03-01", "2026-02", "2027-01-01"]})
    monkeypatch.setattr(data, "load", lambda name, as_text=False: frame)
    assert latest_report() == "2026-03-01"


def test_the_ready_line_gives_the_edition_and_the_as_of_date():
    text = start_lesson("03_structure").text
    assert text.startswith("✔ Lesson 03, ")
    assert f"Course edition {EDITION}" in text and f"newest dated report is of {latest_report()}" in text
    assert "as of that date" in text


def test_lessons_that_name_the_newest_report_give_its_current_date():
    """A lesson that says "the newest dated report ... is of DATE" must not go stale when sources are added."""
    import json
    import re

    from csto_course.lessons import LESSONS
    from csto_course.paths import lessons_dir

    said = re.compile(r"(?:newest|latest|most recent) dated (?:news )?report[^.]*?\*{0,2}(\d{4}-\d{2}-\d{2})")
    found = []
    for lesson in LESSONS:
        cells = json.loads((lessons_dir() / lesson.filename).read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        found += [(lesson.slug, date) for date in said.findall(text)]
    assert found, "lessons 03 and 08 name the date"
    assert [f for f in found if f[1] != latest_report()] == []


def test_every_time_sensitive_table_says_when_it_was_last_reviewed_for_this_edition():
    """A table that describes the present carries the day it was last checked, no earlier than the edition's month."""
    import datetime as dt

    from csto_course.edition import EDITION, TIME_SENSITIVE, last_reviewed

    today = dt.date.today().isoformat()
    for table in TIME_SENSITIVE:
        day = last_reviewed(table)
        assert day, f"data/datapackage.json: give the {table} table a csto:lastReviewed date (docs/updating-an-edition.md)"
        dt.date.fromisoformat(day)  # a real day, written YYYY-MM-DD
        assert EDITION <= day <= today, f"{table}: last reviewed {day}, outside edition {EDITION} up to today"


def test_the_data_dictionary_shows_the_review_date_of_each_time_sensitive_table():
    from csto_course.data import dictionary
    from csto_course.edition import TIME_SENSITIVE, last_reviewed

    text = dictionary.render()
    for table in TIME_SENSITIVE:
        assert f"Last reviewed: {last_reviewed(table)}." in text.split(f"`{table}.csv`", 1)[1].split("### ", 1)[0]


def test_a_started_lesson_shows_table_text_in_full():
    """pandas cuts cells at 50 characters: the claims a lesson asks students to compare were cut mid-word."""
    import pandas as pd

    from csto_course.lesson_start import start_lesson

    with pd.option_context("display.max_colwidth", 50):
        start_lesson("07_reading_sources")
        claim = "Secretary-General Zas: about 2,500 peacekeepers would be sent, and the number could be increased."
        assert claim in pd.DataFrame({"claim": [claim]}).to_string()


def test_the_changelog_starts_with_the_edition_the_lessons_show():
    """A reader of CHANGELOG.md finds first what changed in the edition each lesson's first cell names."""
    from submission_factory import REPO

    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    first = next(line for line in changelog.splitlines() if line.startswith("## "))
    assert EDITION in first, f"the changelog's first section, {first!r}, does not name the edition {EDITION}"
