"""Membership over time: one bar per state, coloured by status."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .accessible import accessible
from .dates import date_axis, date_labels
from .setup import GREY, OKABE_ITO

# One colour per status, in every chart and map of the course. Okabe & Ito's colours, but for
# "suspended": their reddish purple (#CC79A7) and the grey of "former member" look almost the same
# to a reader with deuteranopia (CIEDE2000 6.4; screenshot pass, 2026-12-03), and Uzbekistan's
# suspended bar sits just below Georgia's and Azerbaijan's former-member bars. Paul Tol's wine is
# dark where every other status is light or mid, so it stays apart with each common form of colour
# blindness (tests/test_chart_readability.py checks every pair).
WINE = "#882255"
STATUS_COLOURS = {
    "signatory": OKABE_ITO[4],
    "member": OKABE_ITO[0],
    "member, participation frozen": OKABE_ITO[1],
    "suspended": WINE,
    "former member": GREY,
}


def membership_chart(
    periods: pd.DataFrame,
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
    width: int = 600,
) -> alt.Chart:
    """Bars from ``start`` to ``end`` per state (``name``), coloured by ``status``.

    Takes the output of ``csto_course.data.membership_periods()``.
    """
    day = pd.Series("day", index=periods.index)  # a table without precision columns is read to the day
    data = periods.assign(
        start_label=date_labels(periods["start"], periods.get("start_precision", day)),
        end_label=date_labels(periods["end"], periods.get("end_precision", day)),
    )
    statuses = [s for s in STATUS_COLOURS if s in set(data["status"])]
    chart = (
        alt.Chart(data)
        .mark_bar(height=16)
        .encode(
            x=alt.X("start:T", title="Year", axis=date_axis(data["start"], data["end"])),
            x2="end:T",
            y=alt.Y("name:N", title=None, sort="ascending"),
            color=alt.Color(
                "status:N",
                title="Status",
                scale=alt.Scale(domain=statuses, range=[STATUS_COLOURS[s] for s in statuses]),
            ),
            tooltip=[
                alt.Tooltip("name:N", title="State"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("start_label:N", title="From"),
                alt.Tooltip("end_label:N", title="Until"),
            ],
        )
        .properties(width=width)
    )
    return accessible(chart, title, description, subtitle)
