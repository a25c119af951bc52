"""Crises on a time line: when each began and ended, when help was requested, and what followed.

- ``crisis_marks``: the dated points of each crisis in crises.csv (begins, help
  requested, ends) as one long table, with dates labelled at their precision.
- ``crisis_timeline_chart``: one row per crisis, a bar from start to end where the
  sources date the end, a marker for each dated point, coloured by whether
  collective CSTO troops were deployed; ``highlight`` picks out one crisis.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .accessible import accessible
from .columns import require_columns
from .dates import date_axis, date_label
from .setup import OKABE_ITO

DEPLOYED = "collective troops deployed"
NOT_DEPLOYED = "no collective troops"
DEPLOYMENT_COLOURS = {DEPLOYED: OKABE_ITO[5], NOT_DEPLOYED: OKABE_ITO[0]}
MARKERS = {"crisis begins": "circle", "help requested": "diamond", "crisis ends": "square"}
MARKER_SIZE = 80  # square pixels: a circle about 10 px across
MARKER_GAP = 12  # pixels between the lanes of the three kinds of marker in a row
NOTE_GREY = "#595959"  # "end not dated": dark enough to read as text on white (7:1)
NEEDED = {"crisis_id", "start_date", "start_precision", "end_date", "end_precision", "request_date", "troops_deployed"}


def _period_end(date: pd.Timestamp, precision: str | None) -> pd.Timestamp:
    """The last day a date can stand for: a month-precise end (2010-06) reaches 2010-06-30."""
    if precision == "year":
        return date + pd.offsets.YearEnd(0)
    if precision == "month":
        return date + pd.offsets.MonthEnd(0)
    return date


def crisis_label(crisis_id: str) -> str:
    """The name a reader sees for a crisis: "kyrgyzstan-2010" is drawn as "Kyrgyzstan 2010"."""
    return " ".join(word.capitalize() for word in str(crisis_id).split("-"))


def _deployment(value) -> str:
    return DEPLOYED if (not pd.isna(value) and bool(value)) else NOT_DEPLOYED


def crisis_marks(crises: pd.DataFrame) -> pd.DataFrame:
    """The dated points of each crisis, one row each: ``crisis_id``, ``marker``, ``date``, ``date_label``, ``deployment``.

    ``crises`` is ``load("crises")``. A crisis without an end date or a request
    date has no row for it: the chart shows only what the sources date.
    """
    require_columns(crises, sorted(NEEDED), "a crisis chart (it reads crises.csv)")
    rows = []
    for _, c in crises.iterrows():
        deployment = _deployment(c["troops_deployed"])
        points = [
            ("crisis begins", c["start_date"], c["start_precision"]),
            ("help requested", c["request_date"], "day"),
            ("crisis ends", c["end_date"], c["end_precision"]),
        ]
        for marker, date, precision in points:
            if pd.isna(date):
                continue
            precision = None if pd.isna(precision) else str(precision)
            rows.append(
                {
                    "crisis_id": str(c["crisis_id"]),
                    "marker": marker,
                    "date": pd.Timestamp(date),
                    "date_label": date_label(date, precision),
                    "deployment": deployment,
                }
            )
    return pd.DataFrame(rows, columns=["crisis_id", "marker", "date", "date_label", "deployment"])


def crisis_timeline_chart(
    crises: pd.DataFrame,
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
    highlight: str | None = None,
    width: int = 560,
) -> alt.LayerChart:
    """One row per crisis, earliest first: a bar from start to end, markers for the dated points.

    ``crises`` is ``load("crises")`` (any subset of its rows). A month-precise
    end runs to the end of that month. Crises whose end the sources do not date
    get no bar and a note "end not dated". Colour says whether collective troops
    were deployed; shape says which point a marker is. ``highlight`` (a
    ``crisis_id``) fades every other crisis.
    """
    require_columns(crises, sorted(NEEDED), "a crisis chart (it reads crises.csv)")
    if highlight is not None and highlight not in set(crises["crisis_id"]):
        known = ", ".join(map(str, crises["crisis_id"]))
        raise ValueError(f"There is no crisis {highlight!r} to highlight. The crises are: {known}.")
    ordered = crises.sort_values("start_date")
    order = [str(i) for i in ordered["crisis_id"]]
    emphasis = {i: 1.0 if highlight in (None, i) else 0.2 for i in order}

    marks = crisis_marks(ordered)
    marks["emphasis"] = marks["crisis_id"].map(emphasis)
    marks["crisis"] = marks["crisis_id"].map(crisis_label)
    spans = pd.DataFrame(
        {
            "crisis_id": ordered["crisis_id"].astype(str).to_numpy(),
            "start": ordered["start_date"].to_numpy(),
            "end": [
                pd.NaT if pd.isna(end) else _period_end(pd.Timestamp(end), None if pd.isna(p) else str(p))
                for end, p in zip(ordered["end_date"], ordered["end_precision"])
            ],
            "deployment": [_deployment(v) for v in ordered["troops_deployed"]],
        }
    )
    spans["emphasis"] = spans["crisis_id"].map(emphasis)
    spans["crisis"] = spans["crisis_id"].map(crisis_label)
    dated = spans[spans["end"].notna()]
    open_ended = spans[spans["end"].isna()].assign(note="end not dated")

    deployments = [d for d in DEPLOYMENT_COLOURS if d in set(spans["deployment"])]
    colour = alt.Color(
        "deployment:N",
        title="What followed",
        scale=alt.Scale(domain=deployments, range=[DEPLOYMENT_COLOURS[d] for d in deployments]),
    )
    y = alt.Y("crisis:N", title=None, sort=[crisis_label(i) for i in order])  # names, not ids
    opacity = alt.Opacity("emphasis:Q", scale=None, legend=None)
    first = min(marks["date"].min(), spans["start"].min())
    last = max(marks["date"].max(), spans["end"].max() if dated.size else first)
    if (last - first).days > 3 * 365:  # an overview: whole years, with room for the notes
        span = [pd.Timestamp(first.year - 1, 7, 1), pd.Timestamp(last.year + 1, 12, 31)]  # no marker on the axis line
        axis = date_axis(*span, title="Date")
    else:  # a close-up: days
        span = [first - pd.Timedelta(days=5), last + pd.Timedelta(days=max(20, (last - first).days // 3))]
        axis = alt.Axis(format="%Y-%m-%d", title="Date", tickCount=5, labelAngle=-30)
    scale = alt.Scale(domain=[d.strftime("%Y-%m-%d") for d in span])
    x_start = alt.X("start:T", axis=axis, scale=scale)

    bars = (
        alt.Chart(dated)
        .mark_bar(height=8, cornerRadius=2)
        .encode(
            x=x_start,
            x2="end:T",
            y=y,
            color=colour,
            opacity=opacity,
        )
    )
    point_encoding = dict(
        x=alt.X("date:T", axis=axis, scale=scale),
        y=y,
        color=colour,
        shape=alt.Shape("marker:N", title="Marker", scale=alt.Scale(domain=list(MARKERS), range=list(MARKERS.values()))),
        opacity=opacity,
        tooltip=[
            alt.Tooltip("crisis:N", title="Crisis"),
            alt.Tooltip("marker:N", title="Point"),
            alt.Tooltip("date_label:N", title="Date"),
            alt.Tooltip("deployment:N", title="What followed"),
        ],
    )
    # Each kind of marker sits above, on or below the bar, one marker's height apart, so that a start,
    # a request and an end days apart (overlapping on a twelve-year axis) are each seen whole.
    points = [
        alt.Chart(marks[marks["marker"] == marker])
        .mark_point(filled=True, size=MARKER_SIZE, stroke="black", strokeWidth=0.6, yOffset=offset)
        .encode(**point_encoding)
        for marker, offset in zip(MARKERS, (-MARKER_GAP, 0, MARKER_GAP))
    ]
    notes = (
        alt.Chart(open_ended)
        .mark_text(align="left", dx=12, fontSize=11, color=NOTE_GREY)
        .encode(
            x=x_start,
            y=y,
            text="note:N",
            opacity=opacity,
        )
    )
    chart = alt.layer(bars, *points, notes).properties(width=width, height=alt.Step(2 * MARKER_GAP + 18))
    return accessible(chart, title, description, subtitle)
