"""The charts of lesson 09, "Where next for the CSTO?": who belongs to what, and one state's recent events.

- ``organisations_grid_chart``: a grid of coloured tiles, one row per state and
  one column per organisation (the CSTO, the CIS, the SCO ...), coloured by the
  state's status there. It draws the long table that the lesson builds from
  ``org_memberships``, ``organizations`` and the CSTO status of ``membership``.
- ``state_events_chart``: the timeline of one state's events, for the lesson's
  explorer, titled and described for the state chosen in its menu.
- ``describe_status_bars`` and ``describe_organisations_grid``: the screen-reader
  descriptions of the lesson's status bars (``membership_chart``) and of its grid,
  written from the tables the charts draw, so they follow the data.
- ``crimea_vote_map``: the map of how the CSTO's members voted on Crimea at the
  UN, with its title and a description written from the lesson's ``crimea`` table.

The lesson selects and joins the rows itself, with pandas; these helpers only
draw them. Each returns a chart with a title and a screen-reader description
(see ``accessible``) and never displays it.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data import load_map, status_on
from .accessible import accessible
from .choropleth import choropleth_chart
from .columns import require_columns
from .dates import date_label
from .membership import STATUS_COLOURS
from .peers import describe_membership_grid
from .setup import OKABE_ITO
from .timeline import timeline_chart
from .wording import and_list, number_word

# The CSTO statuses keep the course's colours; "associate member" (Turkmenistan in the CIS)
# is the only status of another organisation that the CSTO does not have.
GRID_STATUS_COLOURS = {**STATUS_COLOURS, "associate member": OKABE_ITO[2]}
# The three ways the map of the Crimea vote sorts the members: two blacks or two oranges
# side by side would hide who voted with Russia.
VOTE_COLOURS = {
    "Russia (voted against)": OKABE_ITO[5],  # vermilion
    "voted against, with Russia": OKABE_ITO[7],  # black: unlike Russia's vermilion
    "abstained or absent": OKABE_ITO[0],  # blue
}
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
    require_columns(grid, ("name", "abbreviation", "status"), "organisations_grid_chart")
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
    require_columns(events, ("date",), "state_events_chart")
    first_day = pd.Timestamp(f"{since}-01-01")
    early = events[events["date"] < first_day]
    if len(early):
        raise ValueError(
            f"The events for {state} include one dated {date_label(early['date'].min())}, before {since}: "
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


def describe_status_bars(periods: pd.DataFrame) -> str:
    """The description of ``membership_chart`` over ``periods`` (``membership_periods(until=...)``), in words.

    It names the span, the number of bars and the statuses that colour them, then each
    state's changes after it signed, states whose changes are the same named together::

        Horizontal bars for two states from 1992-05-15 to 2026-06-28, coloured by status:
        "signatory", "member" and "suspended". Each bar begins as signatory on the day the
        state signed or acceded. Russia: member from 1994-04-20. Uzbekistan: member from
        1994-04-20; suspended from 2012-12-19.

    Dates are written at the precision the table gives them ("1999-04" for a month).
    """
    require_columns(periods, ["name", "status", "start", "start_precision", "end", "end_precision"], "describe_status_bars")
    first, last = periods.loc[periods["start"].idxmin()], periods.loc[periods["end"].idxmax()]
    quoted = [f'"{s}"' for s in STATUS_COLOURS if s in set(periods["status"])]  # a status can hold a comma
    text = [
        f"Horizontal bars for {number_word(periods['name'].nunique())} states from "
        f"{date_label(first['start'], first['start_precision'])} to {date_label(last['end'], last['end_precision'])}, "
        f"coloured by status: {and_list(quoted)}."
    ]
    if '"signatory"' in quoted:
        text.append("Each bar begins as signatory on the day the state signed or acceded.")
    changes: dict[str, list[str]] = {}  # a state's changes after signing -> the states that made them
    for name, rows in periods.sort_values("start", kind="stable").groupby("name"):
        steps = [f"{r.status} from {date_label(r.start, r.start_precision)}" for r in rows.itertuples() if r.status != "signatory"]
        changes.setdefault("; ".join(steps) or "signatory throughout", []).append(str(name))
    text += [f"{and_list(names)}: {steps}." for steps, names in changes.items()]
    return " ".join(text)


def describe_organisations_grid(grid: pd.DataFrame, organisations: list[str]) -> str:
    """The description of ``organisations_grid_chart`` for the same ``grid`` and ``organisations``.

    The grid's columns are renamed to those of ``peers.describe_membership_grid``
    (``name`` is the state, ``abbreviation`` the organisation), which writes it: the
    grid's size, then each state's statuses, organisation by organisation.
    """
    require_columns(grid, ["name", "abbreviation", "status"], "describe_organisations_grid")
    cells = grid.rename(columns={"name": "state", "abbreviation": "organisation"})
    return describe_membership_grid(cells, organisations=organisations)


def crimea_vote_map(crimea: pd.DataFrame, *, date) -> alt.LayerChart:
    """The CSTO's members on ``date`` coloured by their vote on UN resolution 68/262 (Crimea), on the course's map.

    ``crimea`` has one row per member on that day, with ``iso_numeric``, ``name``
    and ``vote`` (one of ``VOTE_COLOURS``). The description is written from it:
    how many members there were, who is coloured how, that other countries
    (among them any member whose membership was then suspended, from
    ``status_on``) are grey, and that the map enlarges the Caucasus in an inset.
    """
    require_columns(crimea, ["iso_numeric", "name", "vote"], "crimea_vote_map", rows=True)
    unknown = sorted(set(crimea["vote"]) - set(VOTE_COLOURS))
    if unknown:
        raise ValueError(f"Unknown vote(s) {', '.join(unknown)}; the map knows: {', '.join(VOTE_COLOURS)}.")
    day = pd.Timestamp(date)
    coloured = [
        f'{and_list(sorted(voters))} {"is" if len(voters) == 1 else "are"} coloured "{vote}"'
        for vote in VOTE_COLOURS
        if len(voters := list(crimea.loc[crimea["vote"] == vote, "name"]))
    ]
    suspended = sorted(status_on(day).query("status == 'suspended'")["name"])
    also = f", including {and_list(suspended)}, whose membership was suspended," if suspended else ""
    description = (
        f"Map of the former Soviet Union and its neighbours. Of the {number_word(len(crimea))} CSTO members "
        f"on {date_label(day)}, {'; '.join(coloured)}. Other countries{also} are grey. An inset in the top-left "
        "corner draws the Caucasus enlarged, with Armenia, Azerbaijan and Georgia in it."
    )
    return choropleth_chart(
        crimea,
        load_map(),
        title=f"How the CSTO's members voted on Crimea at the UN, {date_label(day)}",
        subtitle="Resolution 68/262 on Ukraine's territorial integrity; from events.csv and membership.csv",
        description=description,
        category="vote",
        colours=VOTE_COLOURS,
    )
