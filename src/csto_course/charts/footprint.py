"""Lesson 05, Russia's footprint: the charts and the explorer helper behind it.

The lesson does the pandas work in the notebook (selecting rows, merging the
claims with the sources, building the time-line table); these functions only
draw what it hands them, so a curious student can read each one on its own.

- ``facility_types_chart``: stacked bars, one per host state, split by type of
  facility (counts from ``bases.csv``).
- ``troop_figures_chart``: every source's troop figure for a facility on one
  scale, with the figure ``bases.csv`` itself carries ringed.
- ``agreement_terms_chart``: Russia's bilateral base agreements beside the
  CSTO's own multilateral steps, on one time line.
- ``disputed_figures`` and ``show_facilities``: what the lesson's "one host state
  at a time" explorer shows for the chosen state. ``show_facilities`` is the one
  function here that displays something itself; the charts are returned, never
  displayed.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.display import display

from ..data.citation_labels import source_labels
from .accessible import accessible
from .columns import require_columns
from .setup import GREY, OKABE_ITO

# The two kinds of row on the agreements time line, and their colours (the same
# orange and blue as everywhere in the course: Okabe & Ito's palette).
MULTILATERAL = "CSTO step (multilateral)"
BILATERAL = "Russian site (bilateral agreement)"
AGREEMENT_COLOURS = {MULTILATERAL: OKABE_ITO[1], BILATERAL: OKABE_ITO[0]}

# What the explorer shows: a site's row as written, and a disputed figure with its source.
FACILITY_COLUMNS = ["name", "type", "location", "opened", "agreement_until", "status", "note"]
FIGURE_COLUMNS = ["facility_id", "source_id", "outlet", "as_of_written", "value", "unit", "claim"]
NO_DISPUTED_FIGURES = "claims.csv holds no disputed figures for these facilities."


def facility_types_chart(by_type: pd.DataFrame, *, title: str, description: str, subtitle: str | None = None) -> alt.Chart:
    """Stacked horizontal bars: one bar per host state, one segment per type of facility.

    ``by_type`` has one row per host state and type, with the columns
    ``host_state`` (the state's name), ``type`` and ``facilities`` (how many rows
    of ``bases.csv`` have that host and type), as the lesson's ``groupby`` makes
    it. The state with the most facilities comes first, so the bars read from
    longest to shortest; the axis counts whole facilities only. Colour tells the
    types apart; the tooltip names the state, the type and the count.
    """
    require_columns(by_type, ["host_state", "type", "facilities"], "facility_types_chart", rows=True)
    chart = (
        alt.Chart(by_type)
        .mark_bar()
        .encode(
            y=alt.Y("host_state:N", title=None, sort=alt.EncodingSortField("facilities", op="sum", order="descending")),
            x=alt.X("facilities:Q", title="Facilities in the table", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("type:N", title="Type of facility", legend=alt.Legend(columns=3)),
            order=alt.Order("type:N"),
            tooltip=[
                alt.Tooltip("host_state:N", title="Host state"),
                alt.Tooltip("type:N", title="Type"),
                alt.Tooltip("facilities:Q", title="Facilities"),
            ],
        )
    )
    return accessible(chart, title, description, subtitle)


def troop_order(troops: pd.DataFrame, agreed: pd.DataFrame) -> list[str]:
    """The facilities' names, the one with the largest figure (reported or in the table) first."""
    figures = pd.concat(
        [
            troops[["name", "value"]],
            agreed[["name", "personnel"]].rename(columns={"personnel": "value"}),
        ]
    )
    largest = figures.groupby("name")["value"].max().sort_values(ascending=False, kind="stable")
    return [str(name) for name in largest.index]


def troop_axis_end(troops: pd.DataFrame, agreed: pd.DataFrame) -> int:
    """Where the troop axis ends: the next thousand above the largest figure, so the ring around it fits."""
    largest = max(troops["value"].max(), agreed["personnel"].max() if len(agreed) else 0)
    return (int(largest) // 1000 + 1) * 1000


def troop_figures_chart(
    troops: pd.DataFrame, agreed: pd.DataFrame, *, title: str, description: str, subtitle: str | None = None
) -> alt.LayerChart:
    """Every source's troop figure for each facility on one scale, and the figure the table itself carries.

    ``troops`` has one row per claim: the lesson's claims about personnel
    (``claims.csv`` merged with ``sources.csv``), with the facility's ``name``
    merged in from ``bases.csv``; it needs ``name``, ``value``, ``source_id``,
    ``outlet``, ``kind``, ``as_of_written`` and ``claim``. ``agreed`` holds the
    rows of ``bases.csv`` that carry a figure of their own (``name``,
    ``personnel``); each is drawn as a black ring.

    A grey line runs from each facility's lowest figure to its highest, so the
    spread of the disagreement shows at a glance. Points are coloured and shaped
    by source, and never averaged: an average would be a figure no source gave.
    The facility with the largest figure comes first.
    """
    require_columns(troops, ["name", "value", "source_id", "outlet", "kind", "as_of_written", "claim"], "troop_figures_chart", rows=True)
    require_columns(agreed, ["name", "personnel"], "troop_figures_chart (the table's own figures)", rows=False)
    y = alt.Y("name:N", title=None, sort=troop_order(troops, agreed))
    axis_end = troop_axis_end(troops, agreed)
    spread = (
        alt.Chart(troops)
        .mark_rule(color=GREY, strokeWidth=2)
        .encode(
            y=y,
            x=alt.X("min(value):Q", title="Troops, as reported", scale=alt.Scale(domain=[0, axis_end]), axis=alt.Axis(format=",d")),
            x2="max(value):Q",
        )
    )
    named = troops.assign(source=source_labels(troops["source_id"]))  # "RT 2013", as the lesson cites it
    figures = (
        alt.Chart(named)
        .mark_point(filled=True, size=140, opacity=0.95)
        .encode(
            y=y,
            x="value:Q",
            color=alt.Color("source:N", title="Source", legend=alt.Legend(columns=2, labelLimit=260)),
            shape=alt.Shape("source:N", title="Source"),
            tooltip=[
                alt.Tooltip("source:N", title="Source"),
                alt.Tooltip("outlet:N", title="Outlet"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("as_of_written:N", title="As of"),
                alt.Tooltip("value:Q", title="Troops", format=",d"),
                alt.Tooltip("claim:N", title="Claim"),
            ],
        )
    )
    table_figure = (
        alt.Chart(agreed)
        .mark_point(shape="circle", size=420, strokeWidth=1.5, color="black")
        .encode(
            y=y,
            x="personnel:Q",
            tooltip=[alt.Tooltip("name:N", title="Facility"), alt.Tooltip("personnel:Q", title="Figure in bases.csv", format=",d")],
        )
    )
    chart = alt.layer(spread, figures, table_figure).properties(width=520, height=150)
    return accessible(chart, title, description, subtitle)


def agreement_terms_chart(agreements: pd.DataFrame, *, title: str, description: str, subtitle: str | None = None) -> alt.LayerChart:
    """A time line of agreements: a bar from start to end where an end is known, a diamond at every start.

    ``agreements`` has one row per line of the chart, in the order to draw them
    (the lesson sorts by start date): ``row`` (the label), ``start`` and ``end``
    (dates; ``end`` empty when the table gives no end year), ``start_written`` and
    ``runs_to`` (the dates as the tables write them, for the tooltip) and
    ``kind``, which is either ``MULTILATERAL`` (a CSTO step, orange) or
    ``BILATERAL`` (a Russian site and its agreement with the host, blue).

    The time axis runs from two years before the first date to two years after
    the last, so that the earliest and latest marks are not cut off at the edge.
    """
    require_columns(agreements, ["row", "start", "end", "start_written", "runs_to", "kind"], "agreement_terms_chart", rows=True)
    unknown = sorted(set(agreements["kind"]) - set(AGREEMENT_COLOURS))
    if unknown:
        raise ValueError(
            f"agreement_terms_chart draws the kinds {MULTILATERAL!r} and {BILATERAL!r}; the table also has {', '.join(map(repr, unknown))}."
        )
    # "CSTO: " + an event's title made "CSTO: CSTO Charter signed in Chisinau" (screenshot pass, 05-2): say it once.
    agreements = agreements.assign(row=agreements["row"].astype(str).str.replace(r"^CSTO: CSTO ", "CSTO: ", regex=True))
    kinds = [k for k in AGREEMENT_COLOURS if k in set(agreements["kind"])]
    colour = alt.Color(
        "kind:N",
        title=None,
        scale=alt.Scale(domain=kinds, range=[AGREEMENT_COLOURS[k] for k in kinds]),
        legend=alt.Legend(labelLimit=0),  # "Russian site (bilateral agreement)" in full, not "Russian site (bilateral agre…"
    )
    first = agreements["start"].min().year - 2
    last = pd.concat([agreements["start"], agreements["end"]]).max().year + 2  # max() skips the missing ends
    y = alt.Y("row:N", title=None, sort=list(agreements["row"]), axis=alt.Axis(labelLimit=330))
    x = alt.X("start:T", title=None, scale=alt.Scale(domain=[f"{first}-01-01", f"{last}-01-01"]))
    tooltip = [
        alt.Tooltip("row:N", title="What"),
        alt.Tooltip("start_written:N", title="From"),
        alt.Tooltip("runs_to:N", title="Agreement runs to"),
    ]
    terms = (
        alt.Chart(agreements)
        .transform_filter("isValid(datum.end)")
        .mark_bar(height=12)
        .encode(y=y, x=x, x2="end:T", color=colour, tooltip=tooltip)
    )
    starts = (
        alt.Chart(agreements).mark_point(shape="diamond", filled=True, size=110, opacity=1).encode(y=y, x=x, color=colour, tooltip=tooltip)
    )
    chart = alt.layer(terms, starts).properties(width=420, height=300)
    return accessible(chart, title, description, subtitle)


def disputed_figures(rows: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The claims about the facilities in ``rows``, in ``FIGURE_COLUMNS``; empty if there are none.

    ``rows`` are rows of ``bases.csv`` (any selection, with ``facility_id``);
    ``claims`` are the lesson's claims about facilities, with a ``facility_id``
    column and the source's ``outlet`` merged in.
    """
    return claims.loc[claims["facility_id"].isin(rows["facility_id"]), FIGURE_COLUMNS]


def show_facilities(rows: pd.DataFrame, claims: pd.DataFrame) -> None:
    """Display the facilities in ``rows`` with their notes in full, then their disputed figures.

    When ``claims`` holds no figure for them, a sentence says so instead of an
    empty table. Used by the lesson's host-state explorer.
    """
    with pd.option_context("display.max_colwidth", None):
        display(rows[FACILITY_COLUMNS])
    disputed = disputed_figures(rows, claims)
    if disputed.empty:
        print(NO_DISPUTED_FIGURES)
    else:
        display(disputed)
