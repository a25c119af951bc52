"""Charts for lesson 04 (forces and exercises): who contributed what, and how large exercises were.

- ``contributions_chart``: a grid of states by moments (2001, the 2009 plan,
  Kazakhstan 2022), each cell giving the number of units the sources list.
- ``exercise_sizes_chart``: one bar per exercise with a reported number of
  personnel, coloured by series.
- ``contributions_description``, ``exercise_sizes_description``: each chart's
  screen-reader description, written from the table it draws, so that it names
  every state, moment and bar the chart shows.

The lesson's other two charts, of disputed figures and of exercises by year,
come from ``forces.py``. As there, the lesson does the pandas (the ``groupby``
that counts units, the selection of exercises with a figure) and these helpers
only draw the result. Each refuses a table without the columns it needs, or
with no rows, with a sentence that says so.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .accessible import accessible
from .columns import require_columns
from .forces import series_colours
from .wording import and_list, counted


def contributions_chart(
    per_state: pd.DataFrame,
    *,
    contexts: list[str],
    title: str,
    description: str,
    subtitle: str | None = None,
    width: int = 500,
    height: int = 220,
) -> alt.LayerChart:
    """A grid with one row per state and one column per moment; each cell holds the number of units listed.

    ``per_state`` has one row per moment and state, as lesson 04 makes it from
    force_contributions.csv with ``groupby(["context", "name"])``: ``context``
    (the moment), ``name`` (the state), ``units`` (how many units the sources
    list) and ``listed`` (their names, shown when you hover over a cell).
    ``contexts`` puts the columns in time order. A state with no unit at a
    moment has no row, so its cell stays empty: "not listed in these sources".

    The cells are shaded from white (0) to dark blue (3 units, or the largest
    count if that is more) and carry the count as a number, so the grid can be
    read without telling shades apart.
    """
    require_columns(per_state, ("context", "name", "units", "listed"), "contributions_chart", rows=True)
    top = max(3, int(per_state["units"].max()))
    grid = alt.Chart(per_state).encode(
        x=alt.X("context:N", title=None, sort=contexts, axis=alt.Axis(labelAngle=0, labelLimit=220)),
        y=alt.Y("name:N", title=None),
    )
    cells = grid.mark_rect(stroke="white").encode(
        color=alt.Color("units:Q", scale=alt.Scale(scheme="blues", domain=[0, top]), legend=None),
        tooltip=[alt.Tooltip("name:N", title="State"), alt.Tooltip("context:N", title="Moment"), alt.Tooltip("listed:N", title="Units")],
    )
    # The size is set on the layer of numbers; Vega-Lite applies it to the whole grid.
    counts = grid.mark_text(fontSize=14).encode(text="units:Q").properties(width=width, height=height)
    return accessible(cells + counts, title, description, subtitle)


def contributions_description(per_state: pd.DataFrame, contexts: list[str]) -> str:
    """The screen-reader description of ``contributions_chart`` for the same table, written from it.

    It counts the rows (states, named in the chart's alphabetical order) and the
    columns (``contexts``, in the order given to the chart), then reads the grid
    column by column: each state listed at that moment with its number of units.
    """
    require_columns(per_state, ("context", "name", "units"), "contributions_description", rows=True)
    states = sorted(per_state["name"].unique())
    sentences = [
        f"A grid with {counted(len(states), 'state')} as rows ({and_list(states)}) and "
        f"{counted(len(contexts), 'moment')} as columns: {and_list(contexts, sep='; ')}.",
        "Each cell gives the number of units the sources list for that state at that moment; an empty cell means none is listed.",
    ]
    for context in contexts:
        rows = per_state[per_state["context"] == context].sort_values("name")
        cells = [f"{name} {units}" for name, units in zip(rows["name"], rows["units"])]
        sentences.append(f"{context}: {and_list(cells) if cells else 'no state listed'}.")
    return " ".join(sentences)


def exercise_sizes_chart(
    exercises: pd.DataFrame,
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
    series_order: list[str] | None = None,
    width: int = 400,
) -> alt.Chart:
    """One horizontal bar per exercise with a reported ``personnel`` figure, in the table's order, coloured by series.

    ``exercises`` has the columns of exercises.csv (``name``, ``year``,
    ``series``, ``personnel``, ``location``); lesson 04 passes the rows with a
    figure, sorted by year, so the oldest is at the top. Rows without a figure
    are left out: a missing bar is a missing figure, not a size of zero.
    ``series_order`` fixes the colours (the same series order, and so the same
    colours, as ``exercises_chart``); by default, the order in which series first
    appear. The legend names only the series that have a bar.
    """
    require_columns(exercises, ("name", "year", "series", "personnel", "location"), "exercise_sizes_chart", rows=True)
    sized = exercises[exercises["personnel"].notna()]
    if sized.empty:
        raise ValueError("None of these exercises has a reported number of personnel, so there are no bars to draw.")
    series = series_order or list(dict.fromkeys(sized["series"]))
    colours = series_colours(series)
    shown = [s for s in series if s in set(sized["series"])]
    chart = (
        alt.Chart(sized)
        .mark_bar()
        .encode(
            x=alt.X("personnel:Q", title="Personnel taking part, as reported (often 'more than')", axis=alt.Axis(format=",d")),
            y=alt.Y("name:N", title=None, sort=list(sized["name"]), axis=alt.Axis(labelLimit=320)),
            # the legend goes under the bars: beside them, it pushed the chart past a notebook's width
            color=alt.Color(
                "series:N",
                title="Series",
                scale=alt.Scale(domain=shown, range=[colours[s] for s in shown]),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            tooltip=["name:N", "year:O", "series:N", alt.Tooltip("personnel:Q", format=","), "location:N"],
        )
        .properties(width=width)
    )
    return accessible(chart, title, description, subtitle)


def exercise_sizes_description(exercises: pd.DataFrame, series_order: list[str] | None = None) -> str:
    """The screen-reader description of ``exercise_sizes_chart`` for the same rows, written from them.

    One bar per exercise with a reported ``personnel`` figure, in the table's
    order (top to bottom, as the chart draws them), each named with its figure;
    then the series the legend shows (``series_order``, as passed to the chart).
    """
    require_columns(exercises, ("name", "series", "personnel"), "exercise_sizes_description", rows=True)
    sized = exercises[exercises["personnel"].notna()]
    bars = [f"{name} {personnel:,.0f}" for name, personnel in zip(sized["name"], sized["personnel"])]
    series = series_order or list(dict.fromkeys(sized["series"]))
    return (
        f"Horizontal bars for the {counted(len(bars), 'exercise')} with a reported size, in the table's order "
        f"from the top: {and_list(bars, sep='; ')}. Colour gives the series: {and_list(series, sep='; ')}."
    )
