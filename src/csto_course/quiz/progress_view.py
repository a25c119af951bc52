"""A student's quiz scores across lessons, as a table and as a chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..charts import OKABE_ITO, accessible
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


MEASURES = {  # measure -> (the legend's words, the colour, the bar's thickness in px): the widest bar at the back
    "questions": ("questions in quiz", "#D9D9D9", 16),
    "answered": ("answered", OKABE_ITO[4], 10),
    "first_try_correct": ("right on first try", OKABE_ITO[0], 5),
}
ROW_STEP = 24  # px per lesson


def lesson_label(lesson) -> str:
    """A lesson as a reader names it: its number and the title's first part ("01 Origins", "07 Reading the sources critically")."""
    return f"{lesson.number} {lesson.title.split(':', 1)[0]}"


def progress_chart(store: ProgressStore | None = None) -> alt.LayerChart:
    """One row per lesson: the questions in its quiz as a light bar, with those answered and those right on the
    first try as thinner bars drawn on it, all centred on the lesson's name."""
    table = progress_table(store)
    labels = {lesson.slug: lesson_label(lesson) for lesson in LESSONS}
    table["label"] = table["lesson"].map(labels).fillna(table["lesson"])
    long = table.melt(id_vars=["lesson", "label"], value_vars=list(MEASURES), var_name="measure", value_name="count")
    words = [words for words, _, _ in MEASURES.values()]
    long["measure"] = long["measure"].map({key: words for key, (words, _, _) in MEASURES.items()})
    base = alt.Chart(long).encode(
        y=alt.Y("label:N", title=None, sort=list(table["label"]), axis=alt.Axis(labelLimit=260)),
        x=alt.X("count:Q", title="Questions", axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("measure:N", title=None, sort=words, scale=alt.Scale(domain=words, range=[c for _, c, _ in MEASURES.values()])),
        tooltip=[
            alt.Tooltip("label:N", title="Lesson"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("count:Q", title="Questions"),
        ],
    )
    bars = [base.transform_filter(alt.datum.measure == name).mark_bar(size=size) for name, _, size in MEASURES.values()]
    chart = alt.layer(*bars).properties(height=alt.Step(ROW_STEP))
    return accessible(
        chart,
        "Your quiz progress by lesson",
        "One row per lesson, named by its number and title. A light bar shows the questions in quiz; on it, a thinner bar "
        "shows the questions answered, and the thinnest the questions right on first try.",
    )
