"""A timeline of dated events, one row per category.

Two events on the same day, or a few days apart, would be drawn on top of each
other and read as one. ``lanes`` gives every point a lane in its row so that no
two points in one lane are closer than ``MARK_GAP`` pixels; the chart draws the
lanes one above the other and makes each row tall enough to hold them.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .accessible import accessible
from .dates import date_axis, date_label

MARK_GAP = 16  # px between the centres of two points in one lane: a point is about 12 px wide
LANE_HEIGHT = 12  # px between lanes
ROW_PADDING = 14  # px of a row's height that is not lanes


def lanes(dates: pd.Series, rows: pd.Series, width: int) -> pd.Series:
    """A lane (0, 1, 2, ...) for every event, so that no two events in one row and lane overlap.

    Positions are estimated over the dates' span at ``width`` pixels; each event takes the
    lowest lane whose last event is at least ``MARK_GAP`` pixels to its left.
    """
    dates = pd.to_datetime(dates)
    span = (dates.max() - dates.min()) / pd.Timedelta(days=1) if len(dates) else 0
    x = (dates - dates.min()) / pd.Timedelta(days=1) / (span or 1) * width
    lane = pd.Series(0, index=dates.index, dtype=int)
    for _, positions in x.groupby(rows.astype(str), sort=False):
        ends: list[float] = []  # per lane, the position of its latest event
        for i in positions.sort_values(kind="stable").index:
            free = next((k for k, end in enumerate(ends) if x[i] - end >= MARK_GAP), len(ends))
            ends[free : free + 1] = [x[i]]
            lane[i] = free
    return lane


def timeline_chart(
    events: pd.DataFrame,
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
    category: str = "category",
    width: int = 600,
) -> alt.Chart:
    """Events as points on a time axis, one row per ``category``; tooltips give the details.

    ``events`` needs the columns ``date``, ``title`` and ``category`` (as in events.csv).
    """
    precision = events["date_precision"] if "date_precision" in events else [None] * len(events)
    data = events.assign(date_label=[date_label(d, p) for d, p in zip(events["date"], precision)])
    lane = lanes(data["date"], data[category], width)
    step = max(20, int(lane.max() if len(lane) else 0) * LANE_HEIGHT + ROW_PADDING)  # a row's height
    # an offset counts from the top of the row; each row's lanes are centred on its line, the first
    # lane lowest, so a row with no overlap stays on the line
    row_deepest = lane.groupby(data[category].astype(str)).transform("max")
    data["lane_offset"] = step / 2 + (row_deepest / 2 - lane) * LANE_HEIGHT
    keep = [c for c in ("date", "date_label", "title", category, "description", "lane_offset") if c in data]
    chart = (
        alt.Chart(data[keep])
        .mark_point(filled=True, size=110, opacity=0.9)
        .encode(
            x=alt.X("date:T", title="Date", axis=date_axis(data["date"])),
            # a band scale without padding: an offset of half a step is the row's line
            y=alt.Y(f"{category}:N", title=None, scale=alt.Scale(type="band", paddingInner=0, paddingOuter=0)),
            yOffset=alt.YOffset("lane_offset:Q", scale=None),
            color=alt.Color(f"{category}:N", legend=None),
            shape=alt.Shape(f"{category}:N", legend=None),
            tooltip=[alt.Tooltip("date_label:N", title="Date"), alt.Tooltip("title:N", title="Event")]
            + ([alt.Tooltip("description:N", title="What happened")] if "description" in data else []),
        )
        .properties(width=width, height=alt.Step(step))
    )
    return accessible(chart, title, description, subtitle)
