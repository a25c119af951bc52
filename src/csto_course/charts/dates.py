"""Dates written at the precision the sources give them: 2010-06-12, 2010-06 or 2010.

The tables store a month- or year-precise date as the first day of that period
and say which in a ``*_precision`` column (day, month, year); a label must not
turn "June 2010" into "2010-06-01".
"""

from __future__ import annotations

import altair as alt
import pandas as pd

FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def date_label(value, precision=None) -> str:
    """``value`` written at ``precision``; an unknown or missing precision is read as a day."""
    fmt = FORMATS.get(precision if isinstance(precision, str) else "day", FORMATS["day"])
    return pd.Timestamp(value).strftime(fmt)


def date_labels(dates: pd.Series, precisions: pd.Series, missing: str = "") -> pd.Series:
    """Each date written at its precision (day, month or year); an empty date becomes ``missing``.

    ``dates`` and ``precisions`` are two columns of the same table, such as
    ``start`` and ``start_precision`` of leaders.csv. A start known only to the
    month reads "2017-04"; a running term, whose ``end`` is empty, can read
    "in office as of 2026-02-12" if you pass that as ``missing``.
    """
    labels = [
        missing if pd.isna(date) else date_label(date, None if pd.isna(precision) else str(precision))
        for date, precision in zip(dates, precisions)
    ]
    return pd.Series(labels, index=dates.index, dtype=object)


DAY_MS = 24 * 60 * 60 * 1000  # Vega-Lite measures a time axis's tick step in milliseconds
STEPS = (  # (shortest span in days, label format, smallest step between ticks)
    (3 * 365, "%Y", 365.25 * DAY_MS),
    (60, "%Y-%m", 30.44 * DAY_MS),
    (0, "%Y-%m-%d", DAY_MS),
)
FEW_DAYS = 7  # a span shorter than this is ticked once a day


def date_axis(*dates, **kwargs) -> alt.Axis:
    """A time axis whose labels never repeat: years over a long span, months or days over a short one.

    Labelled "%Y" alone, a span of a few years gets ticks every few months and
    reads "2021 2021 2022 2022"; a crisis of a few weeks would read "2022 2022".
    ``dates`` are the columns (or values) the axis shows; the span chooses the
    format and the smallest step between ticks. Over a few days (a padded axis
    round one day is two days long) Vega would still tick every twelve hours and
    write each day twice, so such an axis ticks once a day.
    """
    values = (
        pd.concat([pd.Series(pd.to_datetime(pd.Series(d).dropna())) for d in dates]) if dates else pd.Series([], dtype="datetime64[ns]")
    )
    days = (values.max() - values.min()).days if len(values) else 10**6
    for shortest, fmt, step in STEPS:
        if days >= shortest:
            if shortest == 0 and days < FEW_DAYS:
                kwargs.setdefault("tickCount", {"interval": "day", "step": 1})
            return alt.Axis(format=fmt, tickMinStep=step, **kwargs)
    raise AssertionError("unreachable: the last step starts at 0 days")
