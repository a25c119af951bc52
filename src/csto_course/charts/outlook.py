"""The charts of lesson 09, "Where next for the CSTO?": who belongs to what, and one state's recent events.

- ``organisations_grid_chart``: a grid of coloured tiles, one row per state and
  one column per organisation (the CSTO, the CIS, the SCO ...), coloured by the
  state's status there. It draws the long table that the lesson builds from
  ``org_memberships``, ``organizations`` and the CSTO status of ``membership``.
- ``state_events_chart``: the timeline of one state's events, for the lesson's
  explorer, titled and described for the state chosen in its menu.

The lesson selects and joins the rows itself, with pandas; these helpers only
draw them. Each returns a chart with a title and a screen-reader description
(see ``accessible``) and never displays it.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .accessible import accessible
from .membership import STATUS_COLOURS
from .setup import OKABE_ITO
from .timeline import timeline_chart

# The CSTO statuses keep the course's colours; "associate member" (Turkmenistan in the CIS)
# is the only status of another organisation that the CSTO does not have.
GRID_STATUS_COLOURS = {**STATUS_COLOURS, "associate member": OKABE_ITO[2]}
TILE = 26  # pixels per row of the grid
GRID_WIDTH = 330  # for five organisations: 66 pixels a column, room for "EurAsEC"


def organisations_grid_chart(
    grid: pd.DataFrame,
    *,
    organisations: list[str],
    title: str,
    description: str,
    subtitle: str | None = None,
) -> alt.Chart:
    """One tile per state and organisation, coloured by the state's status in that organisation.

    ``grid`` is a long table with one row per membership and the columns ``name``
    (the state), ``abbreviation`` (the organisation, such as "SCO") and
    ``status`` (member, associate member, former member, suspended ...).
    ``organisations`` gives the order of the columns, left to right; the states
    are in alphabetical order, top to bottom. A state with no row for an
    organisation gets no tile there: the course's tables record no membership.

    The colours are the course's status colours (``STATUS_COLOURS``), so a
    "member" tile has the same blue as a member's bar in the other charts, plus
    one colour for "associate member". The legend lists only the statuses that
    the grid has. Hovering over a tile shows the state, the organisation and the
    status in words.
    """
    if grid.empty:
        raise ValueError("organisations_grid_chart was given an empty grid: there is no membership to draw.")
    missing = [c for c in ("name", "abbreviation", "status") if c not in grid.columns]
    if missing:
        raise ValueError(
            f"organisations_grid_chart needs the column(s) {', '.join(missing)}; the grid has {', '.join(map(str, grid.columns))}."
        )
    unknown = sorted(set(grid["status"].dropna()) - set(GRID_STATUS_COLOURS))
    if unknown or grid["status"].isna().any():
        what = ", ".join(map(str, unknown)) if unknown else "a missing status"
        raise ValueError(f"The grid has {what}; each tile needs one of: {', '.join(GRID_STATUS_COLOURS)}.")
    shown = [s for s in GRID_STATUS_COLOURS if s in set(grid["status"])]
    tiles = (
        alt.Chart(grid)
        .mark_rect(stroke="white", strokeWidth=2)
        .encode(
            x=alt.X("abbreviation:N", title=None, sort=organisations, axis=alt.Axis(orient="top", labelAngle=0)),
            y=alt.Y("name:N", title=None, sort="ascending"),
            color=alt.Color(
                "status:N",
                title="Status",
                scale=alt.Scale(domain=shown, range=[GRID_STATUS_COLOURS[s] for s in shown]),
                legend=alt.Legend(columns=3),
            ),
            tooltip=[
                alt.Tooltip("name:N", title="State"),
                alt.Tooltip("abbreviation:N", title="Organisation"),
                alt.Tooltip("status:N", title="Status"),
            ],
        )
    )
    return accessible(tiles.properties(width=GRID_WIDTH, height=alt.Step(TILE)), title, description, subtitle)


def state_events_chart(events: pd.DataFrame, state: str, *, since: int = 2014) -> alt.Chart:
    """The timeline of the events that name one state, from ``since`` on, for the lesson's explorer.

    ``events`` holds the rows of events.csv that the explorer selected for
    ``state`` (the state's name, as it appears in the menu): every event from
    1 January of ``since`` on whose ``countries`` column names it. The chart is the
    course's ``timeline_chart``, one row per category, with a title naming the
    state and a description that counts its events, so that a screen reader says
    how many points there are. The time axis fits the events drawn: when the
    first of them comes years after ``since``, the title names the years drawn
    ("Events that name Kazakhstan, 2022 to 2026") and the subtitle says that the
    years before hold none. With no event to show, the chart is empty and its
    description says so. An event dated before ``since`` is refused, because the
    title would then be wrong.
    """
    if "date" not in events.columns:
        raise ValueError(f"state_events_chart needs a date column; the table has {', '.join(map(str, events.columns))}.")
    first_day = pd.Timestamp(f"{since}-01-01")
    early = events[events["date"] < first_day]
    if len(early):
        raise ValueError(
            f"The events for {state} include one dated {early['date'].min():%Y-%m-%d}, before {since}: "
            f"select the events from {since} on, or pass since= the first year you kept."
        )
    count = len(events)
    if count == 0:
        described = f"An empty timeline: no event since {since} in the course's chronology names {state}."
    else:
        noun = "event" if count == 1 else "events"
        described = f"Timeline of the {count} {noun} since {since} whose countries column names {state}, one row per category."
    # The time axis fits the events, so a title "since 2014" over an axis that starts in 2022 read as a
    # mismatch (screenshot pass, 09-1): the title names the years drawn, and the subtitle the empty ones.
    title, subtitle = f"Events since {since} that name {state}", "From events.csv; hover for details"
    if count:
        first, last = int(events["date"].min().year), int(events["date"].max().year)
        if first > since:
            span = str(first) if first == last else f"{first} to {last}"
            title = f"Events that name {state}, {span}"
            gap = str(since) if first - 1 == since else f"{since} to {first - 1}"
            subtitle = f"From events.csv, which has none naming {state} from {gap}; hover for details"
    return timeline_chart(events, title=title, subtitle=subtitle, description=described)
