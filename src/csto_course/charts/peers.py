"""Overlapping memberships: a grid of states by organisations, coloured by status.

Each cell is one state in one organisation (the CSTO, the CIS, the SCO ...).
A cell is coloured by the state's status there; a blank cell means the course's
tables record no membership on that day, which is not always the same as "not
a member". A question mark marks a membership whose joining date the tables do
not give. With a ``year`` column and ``start_year``, a slider inside the chart
picks the year, so it works without a running Python kernel.

``describe_membership_grid`` writes a grid's screen-reader description from the
same table: every state's statuses, and the cells that carry a question mark.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .accessible import accessible
from .columns import require_columns
from .membership import STATUS_COLOURS
from .setup import OKABE_ITO
from .wording import and_list

GRID_COLOURS = {
    "member": STATUS_COLOURS["member"],
    "member, participation frozen": STATUS_COLOURS["member, participation frozen"],
    "associate": OKABE_ITO[2],
    "signatory": STATUS_COLOURS["signatory"],
    "suspended": STATUS_COLOURS["suspended"],
    "former member": STATUS_COLOURS["former member"],
}
# The "?" is drawn in black, which is legible on every status colour except the dark blue of
# "member" (contrast 4.0:1) and the wine of "suspended" (2.4:1); there it is white (5.2:1, 8.7:1).
WHITE_INK = {"member", "suspended"}
UNDATED_MARK = "?"
EMPTY_CELL = "#F4F4F4"
GRID_COLUMNS = ("state", "organisation", "status", "undated")
OPTIONAL_TOOLTIPS = {"since": "Joined", "until": "Left", "note": "Note"}


def membership_grid_chart(
    grid: pd.DataFrame,
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
    organisations: list[str] | None = None,
    states: list[str] | None = None,
    start_year: int | None = None,
    slider_label: str = "Year ",
    cell: int = 34,
) -> alt.LayerChart:
    """A state × organisation grid from a long table with ``state``, ``organisation``, ``status``, ``undated``.

    One row per cell: a state's status in one organisation (``undated`` is true where the
    tables give no joining date). Optional text columns ``since``, ``until`` and ``note`` are
    shown in the tooltip. ``organisations`` and ``states`` fix the order of the columns and
    rows (default: as they first appear, and A to Z); every state and organisation keeps its
    row and column even when it has no cell, so grids for different days line up. With
    ``start_year``, ``grid`` must also have a ``year`` column (one row per cell and year); a
    slider labelled ``slider_label`` then picks the year shown, starting at ``start_year``.
    Rows are ``cell`` pixels high; columns are as wide, or wider where a label needs it.
    """
    by_year = start_year is not None
    needed = GRID_COLUMNS + (("year",) if by_year else ())
    require_columns(grid, needed, "membership_grid_chart")
    if grid["status"].isna().any():
        raise ValueError("Every cell of the grid needs a status; drop the rows without one, or give them one.")
    unknown = sorted(set(grid["status"]) - set(GRID_COLOURS))
    if unknown:
        raise ValueError(f"Unknown status(es) {', '.join(unknown)}; the grid knows: {', '.join(GRID_COLOURS)}.")
    key = ["state", "organisation"] + (["year"] if by_year else [])
    doubled = grid[grid.duplicated(key, keep=False)]
    if len(doubled):
        first = doubled.iloc[0]
        where = ", ".join(f"{k} {first[k]}" for k in key)
        hint = "" if by_year else " (a table with a year column needs start_year)"
        raise ValueError(f"The grid has more than one row for {where}: keep one row per cell{hint}.")
    organisations = list(organisations or dict.fromkeys(grid["organisation"]))
    states = list(states or sorted(set(grid["state"])))
    outside = sorted(set(grid["state"]) - set(states)) + sorted(set(grid["organisation"]) - set(organisations))
    if outside:
        raise ValueError(f"The grid has cells for {', '.join(map(str, outside))}, which the states or organisations given leave out.")
    if start_year is not None:  # by_year
        first_year, last_year = int(grid["year"].min()), int(grid["year"].max())
        if not first_year <= start_year <= last_year:
            raise ValueError(f"start_year {start_year} is outside the years of the grid, {first_year} to {last_year}.")
    statuses = [s for s in GRID_COLOURS if s in set(grid["status"])]

    undated = grid["undated"].eq(True)  # a missing value counts as dated: no "?" without a reason
    data = grid.assign(
        mark=undated.map({True: UNDATED_MARK, False: ""}),
        joined=undated.map({True: "not given in the table", False: "given in the table"}),
        ink=grid["status"].map(lambda s: "white" if s in WHITE_INK else "black"),
    )
    extras = [alt.Tooltip(f"{c}:N", title=t) for c, t in OPTIONAL_TOOLTIPS.items() if c in grid.columns]
    tooltip = [
        alt.Tooltip("state:N", title="State"),
        alt.Tooltip("organisation:N", title="Organisation"),
        alt.Tooltip("status:N", title="Status"),
        alt.Tooltip("joined:N", title="Joining date"),
        *extras,
        *([alt.Tooltip("year:O", title="Year")] if by_year else []),
    ]
    x = alt.X("organisation:N", title=None, scale=alt.Scale(domain=organisations), axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y("state:N", title=None, scale=alt.Scale(domain=states))
    blank = pd.DataFrame([{"state": s, "organisation": o} for s in states for o in organisations])
    background = alt.Chart(blank).mark_rect(fill=EMPTY_CELL, stroke="white", strokeWidth=2).encode(x=x, y=y)

    cells = (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=2)
        .encode(
            x=x,
            y=y,
            color=alt.Color("status:N", title="Status", scale=alt.Scale(domain=statuses, range=[GRID_COLOURS[s] for s in statuses])),
            tooltip=tooltip,
        )
    )
    marks = (
        alt.Chart(data)
        .mark_text(fontSize=15, fontWeight="bold")
        .encode(x=x, y=y, text="mark:N", color=alt.Color("ink:N", scale=None), tooltip=tooltip)
    )
    if by_year:
        year = alt.param(name="year", value=start_year, bind=alt.binding_range(min=first_year, max=last_year, step=1, name=slider_label))
        cells = cells.transform_filter(alt.datum.year == year).add_params(year)
        marks = marks.transform_filter(alt.datum.year == year)
    # Columns are at least as wide as their label (about 8 px a character), so "EAEU" and "EurAsEC" do not collide.
    column = max(cell, 8 * max(len(str(o)) for o in organisations) + 8)
    chart = alt.layer(background, cells, marks).properties(width=column * len(organisations), height=cell * len(states))
    return accessible(chart, title, description, subtitle)


def describe_membership_grid(grid: pd.DataFrame, *, organisations: list[str] | None = None, states: list[str] | None = None) -> str:
    """What ``membership_grid_chart`` draws for ``grid`` (one day, no ``year`` column), in words.

    The description gives the grid's size, then each state's statuses, organisation by
    organisation in the order of the columns; states whose rows read the same are named
    together, in the order of the rows. It ends with the cells that carry a question mark
    (an ``undated`` membership), if any::

        Grid of 3 states (rows, A to Z) by 2 organisations (columns: CSTO, CIS), each cell
        coloured by status. Armenia: member, participation frozen in CSTO; member in CIS.
        Belarus and Russia: member in CSTO and CIS. A question mark, for a joining date
        the tables do not give, is in 2 cells: CIS for Belarus and Russia.

    ``organisations`` and ``states`` are the chart's column and row orders (by default,
    as ``membership_grid_chart`` orders them); a state with no cell reads "no membership
    recorded".
    """
    require_columns(grid, ("state", "organisation", "status"), "describe_membership_grid")
    organisations = list(organisations or dict.fromkeys(grid["organisation"]))
    states = list(states or sorted(set(grid["state"])))
    order = "rows, A to Z" if states == sorted(states) else "rows"
    text = [
        f"Grid of {len(states)} states ({order}) by {len(organisations)} organisations "
        f"(columns: {', '.join(organisations)}), each cell coloured by status."
    ]
    column = {o: i for i, o in enumerate(organisations)}
    profiles: dict[str, list[str]] = {}  # what a state's row reads -> the states whose row reads so
    for state in states:
        cells = grid[grid["state"] == state].sort_values("organisation", key=lambda o: o.map(column))
        by_status = {s: list(c["organisation"]) for s, c in cells.groupby("status", sort=False)}
        parts = [f"{status} in {and_list(named)}" for status, named in by_status.items()]  # in the columns' order
        profiles.setdefault("; ".join(parts) or "no membership recorded", []).append(state)
    text += [f"{and_list(named)}: {profile}." for profile, named in profiles.items()]
    undated = grid[grid["undated"].eq(True)] if "undated" in grid.columns else grid.iloc[:0]
    if len(undated):
        marked = [
            f"{o} for {and_list([s for s in states if s in set(cells['state'])])}"
            for o, cells in sorted(undated.groupby("organisation"), key=lambda item: column.get(item[0], len(column)))
        ]
        text.append(f"A question mark, for a joining date the tables do not give, is in {len(undated)} cells: {'; '.join(marked)}.")
    return " ".join(text)
