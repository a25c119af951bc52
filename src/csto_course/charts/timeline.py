"""A timeline of dated events, one row per category."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .accessible import accessible
from .dates import date_axis, date_label


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
    keep = [c for c in ("date", "date_label", "title", category, "description") if c in data]
    chart = (
        alt.Chart(data[keep])
        .mark_point(filled=True, size=110, opacity=0.9)
        .encode(
            x=alt.X("date:T", title="Date", axis=date_axis(data["date"])),
            y=alt.Y(f"{category}:N", title=None),
            color=alt.Color(f"{category}:N", legend=None),
            shape=alt.Shape(f"{category}:N", legend=None),
            tooltip=[alt.Tooltip("date_label:N", title="Date"), alt.Tooltip("title:N", title="Event")]
            + ([alt.Tooltip("description:N", title="What happened")] if "description" in data else []),
        )
        .properties(width=width)
    )
    return accessible(chart, title, description, subtitle)
