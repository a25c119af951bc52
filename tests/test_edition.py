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


def test_the_ready_line_gives_the_edition_and_the_as_of_date():
    text = start_lesson("03_structure").text
    assert text.startswith("✔ Lesson 03, ")
    assert f"Course edition {EDITION}" in text and f"newest dated report is of {latest_report()}" in text
    assert "as of that date" in text
