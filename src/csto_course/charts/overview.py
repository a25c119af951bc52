"""The charts of the first lessons (00 to 02): counts drawn as bars, and membership counted year by year.

The lessons do the counting themselves, with pandas, because counting is what
they teach; these helpers only draw the result:

- ``count_bars_chart``: one horizontal bar per category of a count table, for
  example the sources by kind or the events by category (lesson 00).
- ``members_per_year_chart``: how many states were members on 1 July of each
  year, as a step line (lesson 01).
- ``status_counts_chart``: how many states had each status in each year, as
  stacked bars (lesson 02).

Each returns an ``alt.Chart`` with a title and a screen-reader description (see
``accessible``) and never displays it: the lesson's cell shows it.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .accessible import accessible
from .columns import require_columns
from .membership import STATUS_COLOURS

# The statuses in the order of their story, signing first and leaving last: the
# words that csto_course.data.status_on uses, in the order of STATUS_COLOURS.
STATUS_ORDER = list(STATUS_COLOURS)
# Nine states have ever been bound by the treaty, so an axis up to 10 fits every year
# and keeps the same height whatever years are drawn.
MEMBERS_AXIS_TOP = 10


def _every_other_year(years: pd.Series) -> list[int]:
    """The axis labels of a year axis: every second year from the first, so that labels do not overlap."""
    return list(range(int(years.min()), int(years.max()) + 1, 2))


def count_bars_chart(
    counts: pd.DataFrame,
    *,
    category: str,
    count: str,
    axis_title: str,
    title: str,
    description: str,
    subtitle: str | None = None,
) -> alt.Chart:
    """One horizontal bar per row of ``counts``, longest first: a count table drawn as bars.

    ``counts`` has one row per category: the ``category`` column names it (a kind
    of source, a category of event) and the ``count`` column says how many rows of
    the original table have it, as ``value_counts().reset_index()`` gives them.
    The bars are sorted by length, so the largest group is read first, and the
    category names are the axis labels, so the axis needs no title of its own;
    ``axis_title`` names the count ("Number of sources"). Hovering over a bar shows
    its category and count.
    """
    require_columns(counts, [category, count], "count_bars_chart", rows=True)
    if counts[category].duplicated().any():
        doubled = counts.loc[counts[category].duplicated(), category].iloc[0]
        raise ValueError(f"count_bars_chart needs one row per {category}; {doubled!r} has more than one. Count the rows first.")
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X(f"{count}:Q", title=axis_title),
            y=alt.Y(f"{category}:N", sort="-x", title=None),
            tooltip=[f"{category}:N", f"{count}:Q"],
        )
    )
    return accessible(chart, title, description, subtitle)


def members_per_year_chart(
    counts: pd.DataFrame | list[dict],
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
) -> alt.Chart:
    """The number of member states year by year, as a step line with a point for each year.

    ``counts`` has one row per year, with the columns ``year`` and ``members`` (a
    table, or a list of rows such as ``{"year": 1994, "members": 9}``); lesson 01
    builds it with ``members_on`` for 1 July of each year. The line steps, rather
    than sloping, because membership changes on a date and then stays the same: a
    slope would suggest states joining gradually. The vertical axis always runs
    from 0 to 10 (nine states have ever been bound), so that a fall from nine to
    six looks as large as it was; the year axis is labelled every second year.
    """
    data = pd.DataFrame(counts)
    require_columns(data, ["year", "members"], "members_per_year_chart", rows=True)
    chart = (
        alt.Chart(data)
        .mark_line(point=True, interpolate="step-after")
        .encode(
            x=alt.X("year:O", title="Year (status on 1 July)", axis=alt.Axis(labelAngle=-45, values=_every_other_year(data["year"]))),
            y=alt.Y("members:Q", title="Number of members", scale=alt.Scale(domain=[0, MEMBERS_AXIS_TOP])),
            tooltip=["year:O", "members:Q"],
        )
    )
    return accessible(chart, title, description, subtitle)


def status_counts_chart(
    counts: pd.DataFrame,
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
) -> alt.Chart:
    """How many states had each status in each year: one stacked bar per year.

    ``counts`` has one row per year and status, with the columns ``year``,
    ``status`` and ``states`` (the number of states with that status on 1 July),
    as ``status_by_year(...).groupby(["year", "status"]).size()`` gives them in
    lesson 02. Each bar is split by status, in the order of the story (signatory,
    member, member with participation frozen, suspended, former member), so the
    same status is always in the same place in the stack, in the colour it has in
    every chart of the course (``STATUS_COLOURS``). Hovering over a part
    shows its year, status and number of states. The year axis is labelled every
    second year.
    """
    require_columns(counts, ["year", "status", "states"], "status_counts_chart", rows=True)
    unknown = sorted(set(counts["status"]) - set(STATUS_ORDER))
    if unknown:
        raise ValueError(f"Unknown status(es) {', '.join(map(str, unknown))}; the chart knows: {', '.join(STATUS_ORDER)}.")
    present = [s for s in STATUS_ORDER if s in set(counts["status"])]  # the course's one colour for each status
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year (status on 1 July)", axis=alt.Axis(labelAngle=-45, values=_every_other_year(counts["year"]))),
            y=alt.Y("states:Q", title="Number of states"),
            color=alt.Color(
                "status:N", title="Status", sort=present, scale=alt.Scale(domain=present, range=[STATUS_COLOURS[s] for s in present])
            ),
            tooltip=["year:O", "status:N", "states:Q"],
        )
    )
    return accessible(chart, title, description, subtitle)
