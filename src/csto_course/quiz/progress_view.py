"""A student's quiz scores across lessons, as a table and as a chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..charts import accessible
from ..lessons import LESSONS
from .bank import load_bank
from .progress import ProgressStore


def progress_table(store: ProgressStore | None = None) -> pd.DataFrame:
    """One row per lesson: questions, answered, right on the first try, last activity."""
    store = store or ProgressStore()
    rows = []
    for lesson in LESSONS:
        total = len(load_bank(lesson.slug).questions)
        done = store.questions(lesson.slug)
        first_right = sum(1 for q in done.values() if q.get("first", {}).get("correct"))
        last = max((q.get("latest", {}).get("at", "") for q in done.values()), default="")
        rows.append(
            {
                "lesson": lesson.slug,
                "questions": total,
                "answered": len(done),
                "first_try_correct": first_right,
                "last_activity": last or None,
            }
        )
    return pd.DataFrame(rows)


def progress_chart(store: ProgressStore | None = None) -> alt.Chart:
    """Bars per lesson: questions right on the first try, answered, and in the quiz."""
    table = progress_table(store)
    long = table.melt(id_vars="lesson", value_vars=["first_try_correct", "answered", "questions"], var_name="measure", value_name="count")
    labels = {"first_try_correct": "right on first try", "answered": "answered", "questions": "questions in quiz"}
    long["measure"] = long["measure"].map(labels)
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("lesson:N", title=None),
            x=alt.X("count:Q", title="Questions"),
            yOffset=alt.YOffset("measure:N", sort=list(labels.values())),
            color=alt.Color("measure:N", title=None, sort=list(labels.values())),
            tooltip=["lesson:N", "measure:N", "count:Q"],
        )
    )
    return accessible(
        chart,
        "Your quiz progress by lesson",
        "Grouped bars for each lesson, one per measure: right on first try, answered, and questions in quiz (the quiz's size).",
    )
