"""A timeline of dated events, one row per category.

Two events on the same day, or a few days apart, would be drawn on top of each
other and read as one. ``lanes`` gives every point a lane in its row so that no
two points in one lane are closer than ``MARK_GAP`` pixels; the chart draws the
lanes one above the other and makes each row tall enough to hold them.

Every timeline of the course draws a category in the same colour and shape
(``EVENT_COLOURS``, ``EVENT_SHAPES``), whichever categories a lesson's selection
holds: a reader who learned "black square = treaty" in lesson 00 can trust it in
lesson 09. The time axis is padded (``padded_domain``) so that the first and last
marks are drawn whole, and starts on the first year (or month) it labels.

A timeline describes itself: without a ``description``, ``timeline_chart`` writes the
sentence a screen reader announces from the events it draws (``describe_timeline``),
so the description cannot fall behind when events.csv gains a row.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .accessible import accessible
from .columns import require_columns
from .dates import STEPS, date_axis, date_label
from .setup import GREY, OKABE_ITO
from .wording import number_word

MARK_GAP = 16  # px between the centres of two points in one lane: a point is about 12 px wide
LANE_HEIGHT = 12  # px between lanes
ROW_PADDING = 14  # px of a row's height that is not lanes
EDGE_GAP = 12  # px at least between the plot's edge and the centre of the first or last mark

# One colour and one shape per category of events.csv, in every lesson. Okabe & Ito's
# colours without the yellow, which is hard to see on white; the shape tells rows apart
# for readers who cannot tell the colours apart.
EVENT_COLOURS: dict[str, str] = {
    "treaty": OKABE_ITO[7],  # black
    "membership": OKABE_ITO[0],  # blue
    "institution": OKABE_ITO[2],  # bluish green
    "forces": OKABE_ITO[4],  # sky blue
    "crisis": OKABE_ITO[5],  # vermilion
    "summit": OKABE_ITO[3],  # reddish purple
    "external": OKABE_ITO[1],  # orange
}
EVENT_SHAPES: dict[str, str] = {
    "treaty": "square",
    "membership": "circle",
    "institution": "triangle-up",
    "forces": "triangle-down",
    "crisis": "cross",
    "summit": "diamond",
    "external": "triangle-right",
}
OTHER_COLOUR, OTHER_SHAPE = GREY, "circle"  # a lesson's own category, such as "summit without Armenia"


def padded_domain(dates: pd.Series, width: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The time axis's first and last day: ``EDGE_GAP`` pixels beyond the first and last date.

    The start goes back further where need be, to the first day of the first date's year
    (or month, on an axis labelled by months; see ``dates.date_axis``), so that the axis
    labels the year the chart begins in: a chronology from 1992 has a "1992" tick.
    """
    dates = pd.to_datetime(pd.Series(dates)).dropna()
    if dates.empty:
        today = pd.Timestamp.today().normalize()
        return today - pd.Timedelta(days=1), today + pd.Timedelta(days=1)
    first, last = dates.min(), dates.max()
    days = max((last - first).days, 1)
    pad = pd.Timedelta(days=max(1, -(-days * EDGE_GAP // (width - 2 * EDGE_GAP))))  # rounded up
    start, end = first - pad, last + pad
    if days >= STEPS[0][0]:  # labelled by year: from 1 January of the first event's year at the latest
        start = min(start, pd.Timestamp(first.year, 1, 1))
    elif days >= STEPS[1][0]:  # labelled by month: from the first of its month
        start = min(start, pd.Timestamp(first.year, first.month, 1))
    return start, end


def lanes(dates: pd.Series, rows: pd.Series, width: int, domain: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> pd.Series:
    """A lane (0, 1, 2, ...) for every event, so that no two events in one row and lane overlap.

    Positions are estimated over ``domain`` (the axis's first and last day; by default the
    dates' own span) at ``width`` pixels; each event takes the lowest lane whose last event
    is at least ``MARK_GAP`` pixels to its left.
    """
    dates = pd.to_datetime(dates)
    low, high = domain if domain is not None else (dates.min(), dates.max())
    span = (high - low) / pd.Timedelta(days=1) if len(dates) else 0
    x = (dates - low) / pd.Timedelta(days=1) / (span or 1) * width
    lane = pd.Series(0, index=dates.index, dtype=int)
    for _, positions in x.groupby(rows.astype(str), sort=False):
        ends: list[float] = []  # per lane, the position of its latest event
        for i in positions.sort_values(kind="stable").index:
            free = next((k for k, end in enumerate(ends) if x[i] - end >= MARK_GAP), len(ends))
            ends[free : free + 1] = [x[i]]
            lane[i] = free
    return lane


MANY_EVENTS = 8  # a row with more events than this is described by its count, first and last event


def describe_timeline(events: pd.DataFrame, *, category: str = "category") -> str:
    """What a timeline of ``events`` shows, in words, for readers who cannot see it.

    The text names the span and the number of rows, then each row in the order the
    chart draws them (alphabetical, as the y axis sorts them) with its events, earliest
    first, each as its title and its date at the precision the table gives
    (``dates.date_label``: "2024-05" for a month). A row of more than ``MANY_EVENTS``
    events is described by its count and its first and last event, so the text stays
    short enough to listen to::

        Timeline from 2022-09-13 to 2024-02-22 in two rows. Crisis, 1 event: Armenia
        requests military assistance (2022-09-13). Membership, 2 events: Armenia declines
        to host CSTO exercises (2023-01-10); Armenia freezes its participation (2024-02-22).

    ``events`` needs ``date``, ``title`` and ``category`` (or the column named by
    ``category``); ``date_precision`` is read where it exists.
    """
    if events.empty:
        return "An empty timeline: no event to show."
    require_columns(events, ["date", "title", category], "describe_timeline")
    precision = events["date_precision"] if "date_precision" in events else pd.Series(None, index=events.index)
    data = pd.DataFrame(
        {
            "date": pd.to_datetime(events["date"]),
            "label": [date_label(d, p) for d, p in zip(events["date"], precision)],
            "title": events["title"].astype(str),
            "row": events[category].astype(str),
        }
    ).sort_values("date", kind="stable")
    rows = sorted(set(data["row"]))
    text = [
        f"Timeline from {data['label'].iloc[0]} to {data['label'].iloc[-1]} "
        + (f"in {number_word(len(rows))} rows." if len(rows) > 1 else "in one row.")
    ]
    for row in rows:
        in_row = data[data["row"] == row]
        marks = [f"{title} ({label})" for title, label in zip(in_row["title"], in_row["label"])]
        count = f"{len(marks)} event" + ("s" if len(marks) > 1 else "")
        if len(marks) > MANY_EVENTS:
            listed = f"the first, {marks[0]}; the last, {marks[-1]}"
        else:
            listed = "; ".join(marks)
        text.append(f"{row[:1].upper()}{row[1:]}, {count}: {listed}.")
    return " ".join(text)


def timeline_chart(
    events: pd.DataFrame,
    *,
    title: str,
    description: str | None = None,
    subtitle: str | None = None,
    category: str = "category",
    width: int = 600,
) -> alt.Chart:
    """Events as points on a time axis, one row per ``category``; tooltips give the details.

    ``events`` needs the columns ``date``, ``title`` and ``category`` (as in events.csv).
    Without a ``description``, the chart's screen-reader description is written from
    ``events`` by ``describe_timeline``: every row, with its events and their dates.
    """
    if description is None:
        description = describe_timeline(events, category=category)
    precision = events["date_precision"] if "date_precision" in events else [None] * len(events)
    data = events.assign(date_label=[date_label(d, p) for d, p in zip(events["date"], precision)])
    domain = padded_domain(data["date"], width)
    lane = lanes(data["date"], data[category], width, domain)
    step = max(20, int(lane.max() if len(lane) else 0) * LANE_HEIGHT + ROW_PADDING)  # a row's height
    # an offset counts from the top of the row; each row's lanes are centred on its line, the first
    # lane lowest, so a row with no overlap stays on the line
    row_deepest = lane.groupby(data[category].astype(str)).transform("max")
    data["lane_offset"] = step / 2 + (row_deepest / 2 - lane) * LANE_HEIGHT
    shown = [c for c in EVENT_COLOURS if c in set(data[category].astype(str))]
    shown += sorted(set(data[category].astype(str)) - set(shown))  # a lesson's own categories: grey circles
    colours = [EVENT_COLOURS.get(c, OTHER_COLOUR) for c in shown]
    shapes = [EVENT_SHAPES.get(c, OTHER_SHAPE) for c in shown]
    keep = [c for c in ("date", "date_label", "title", category, "description", "lane_offset") if c in data]
    chart = (
        alt.Chart(data[keep])
        .mark_point(filled=True, size=110, opacity=0.9)
        .encode(
            x=alt.X(
                "date:T",
                title="Date",
                axis=date_axis(data["date"]),
                scale=alt.Scale(domain=[_datetime(d) for d in domain], nice=False),
            ),
            # a band scale without padding: an offset of half a step is the row's line
            y=alt.Y(f"{category}:N", title=None, scale=alt.Scale(type="band", paddingInner=0, paddingOuter=0)),
            yOffset=alt.YOffset("lane_offset:Q", scale=None),
            # the row's name is the legend; the scales fix each category's colour and shape
            color=alt.Color(f"{category}:N", legend=None, scale=alt.Scale(domain=shown, range=colours)),
            shape=alt.Shape(f"{category}:N", legend=None, scale=alt.Scale(domain=shown, range=shapes)),
            tooltip=[alt.Tooltip("date_label:N", title="Date"), alt.Tooltip("title:N", title="Event")]
            + ([alt.Tooltip("description:N", title="What happened")] if "description" in data else []),
        )
        .properties(width=width, height=alt.Step(step))
    )
    return accessible(chart, title, description, subtitle)


def _datetime(day: pd.Timestamp) -> alt.DateTime:
    """A day as Vega-Lite reads it: local time, like the dates of the data."""
    return alt.DateTime(year=day.year, month=day.month, date=day.day)
