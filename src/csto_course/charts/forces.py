"""Charts for the collective forces: disputed figures side by side, and exercises over time.

- ``claimed_figures_chart``: every source's number for a disputed figure, at the
  date it refers to, one panel per topic (any numeric topic of claims.csv),
  headed with the topic's name and with axes of its own.
- ``exercises_chart``: exercises by year and series, with drop-down filters for
  series and host state that run in the chart itself (no Python kernel needed).
- ``claimed_figures_description``, ``exercises_description``: each chart's
  screen-reader description, written from the rows it draws, so that it names
  every figure and every series the chart shows.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data.topics import topic_label
from .accessible import accessible
from .columns import require_columns
from .dates import date_axis, date_labels
from .setup import GREY, OKABE_ITO
from .wording import and_list, capital, counted, number_word, year_list

# One colour per kind of source (the `kind` column of sources.csv), the same in every chart.
KIND_COLOURS = {"official": OKABE_ITO[0], "news": OKABE_ITO[1], "seed": OKABE_ITO[3], "scholarly": OKABE_ITO[2], "reference": GREY}
ALL = "All"
# A claim's own words that make its figure approximate ("about 18,000", "around 4,000", "some 19,000").
APPROXIMATE = r"\b(?:[Aa]bout|[Aa]round|[Ss]ome|[Aa]pproximately|[Nn]early)\b"

# Exercise series, in both charts of lesson 04: Okabe & Ito's colours without their yellow, which
# is hard to see on white (Skala was drawn in it), then Paul Tol's indigo for an eighth series; the
# series "other" (exercises outside the named series) is light grey, so that it never takes a named
# series' colour (it wrapped round to Rubezh's blue when nine series met an eight-colour palette).
SERIES_PALETTE = [OKABE_ITO[i] for i in (0, 1, 2, 3, 4, 5, 7)] + ["#332288"]
OTHER_SERIES = "other"
OTHER_COLOUR = "#BDBDBD"


def series_colours(series: list[str]) -> dict[str, str]:
    """Each exercise series' colour: the named series in ``SERIES_PALETTE`` in the given order, "other" light grey."""
    named = [s for s in dict.fromkeys(series) if s != OTHER_SERIES]
    colours = {s: SERIES_PALETTE[i % len(SERIES_PALETTE)] for i, s in enumerate(named)}
    if OTHER_SERIES in series:
        colours[OTHER_SERIES] = OTHER_COLOUR
    return colours


def _date_labels(frame: pd.DataFrame, column: str, label: str) -> pd.Series:
    if label in frame:
        return frame[label].astype("string")
    return date_labels(frame[column], pd.Series("day", index=frame.index)).astype("string")


def _padded_span(dates: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A panel's time span with room at both ends, so that no point sits on the panel's edge."""
    first, last = dates.min(), dates.max()
    short = pd.Timedelta(0) < last - first < pd.Timedelta(days=60)  # figures days apart: a few days' room
    room = max((last - first) * 0.12, pd.Timedelta(days=4 if short else 550))
    return first - room, last + room


def _figures(claims: pd.DataFrame, panel_labels: dict[str, str] | None, what: str) -> pd.DataFrame:
    """The claims ``claimed_figures_chart`` draws (a value and a date), each with its ``panel`` and ``as_of_label``."""
    require_columns(claims, {"topic", "source_id", "claim", "value", "as_of"}, what)
    data = claims[claims["value"].notna() & claims["as_of"].notna()].copy()
    if data.empty:
        raise ValueError(f"{what} has no figures to draw: keep the claims that have a value and an as_of date.")
    data["as_of_label"] = _date_labels(data, "as_of", "as_of_label")
    data["panel"] = data["topic"].map(lambda t: (panel_labels or {}).get(t) or topic_label(t)).astype("string")
    return data


def claimed_figures_chart(
    claims: pd.DataFrame,
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
    panel_labels: dict[str, str] | None = None,
    columns: int = 3,
    width: int = 190,
    height: int = 200,
) -> alt.ConcatChart:
    """One point per source's figure, at the date it refers to; one panel per ``topic``.

    ``claims`` has the columns of claims.csv (``topic``, ``source_id``, ``claim``,
    ``value``, ``unit``, ``as_of``); rows without a ``value`` are left out. Colour
    shows the source's ``kind`` and shape the ``unit`` (what the figure counts),
    when those columns are present (merge ``kind`` from sources.csv). An
    ``as_of_label`` column, if present, is shown instead of the full date, so a
    figure known only to the year reads "2013", not "2013-01-01".
    Panels are headed with the topic's name from ``csto_course.data.topics``
    (``panel_labels`` can rename a topic). Every panel has its own axes, fitted
    to its own figures with room around them: a panel of figures days apart
    (Kazakhstan, January 2022) reads in days, one of figures years apart in
    years. Points are not joined by lines: figures from different sources are
    not a time series.
    """
    data = _figures(claims, panel_labels, "claimed_figures_chart")
    keep = [c for c in ("panel", "source_id", "outlet", "kind", "claim", "value", "unit", "as_of", "as_of_label") if c in data]
    tooltip = [
        alt.Tooltip("source_id:N", title="Source"),
        alt.Tooltip("as_of_label:N", title="As of"),
        alt.Tooltip("value:Q", title="Figure", format=",.0f"),
    ]
    tooltip += [alt.Tooltip(f"{c}:N", title=t) for c, t in (("outlet", "Outlet"), ("unit", "Counts"), ("claim", "Claim")) if c in data]
    encoding: dict = {"tooltip": tooltip}
    if "kind" in data:
        kinds = [k for k in KIND_COLOURS if k in set(data["kind"].dropna())]
        encoding["color"] = alt.Color(
            "kind:N",
            title="Kind of source",
            scale=alt.Scale(domain=kinds, range=[KIND_COLOURS[k] for k in kinds]),
            legend=alt.Legend(columns=1),
        )
    if "unit" in data:
        units = sorted({str(u) for u in data["unit"].dropna()})  # Vega-Lite's own order: the shapes stay as they were
        encoding["shape"] = alt.Shape(
            "unit:N", title="What the figure counts", scale=alt.Scale(domain=units), legend=alt.Legend(labelLimit=320, columns=1)
        )
    base = alt.Chart(data[keep]).mark_point(filled=True, size=100, opacity=0.9, stroke="white", strokeWidth=0.8)
    panels = []
    for panel in dict.fromkeys(data["panel"]):
        rows = data[data["panel"] == panel]
        start, end = _padded_span(rows["as_of"])
        top = float(rows["value"].max()) * 1.12  # headroom: the largest figure is not drawn on the top edge
        x = alt.X(
            "as_of:T",
            title="Date the figure refers to",
            scale=alt.Scale(domain=[start.isoformat(), end.isoformat()], nice=False),
            axis=date_axis(start, end, tickCount=4, labelOverlap=True),
        )
        y = alt.Y("value:Q", title="Personnel", scale=alt.Scale(domain=[0, top], nice=True), axis=alt.Axis(format=",.0f"))
        panels.append(
            base.encode(x=x, y=y, **encoding)
            .transform_filter(alt.datum.panel == panel)
            .properties(width=width, height=height, title=alt.TitleParams(str(panel), fontSize=13))
        )
    chart = alt.concat(*panels, columns=columns).resolve_scale(x="independent", y="independent", color="shared", shape="shared")
    return accessible(chart, title, description, subtitle)


def claimed_figures_description(claims: pd.DataFrame, *, panel_labels: dict[str, str] | None = None) -> str:
    """The screen-reader description of ``claimed_figures_chart`` for the same rows, written from them.

    It counts the panels and gives, panel by panel in the chart's order, every
    figure with the year it refers to, oldest first ("19,000 in 2011"); a figure
    that counts something other than the panel's usual ``unit`` says what it
    counts ("3,500 in 2013 (troops only)"). It says how many sources give their figure as approximate
    ("about", "around", "some"), since the points themselves are exact, and ends with what colour and
    shape stand for, in the legends' words.
    Written from the table, it names every point the chart draws, whatever the
    table holds.
    """
    data = _figures(claims, panel_labels, "claimed_figures_description")
    panels = list(dict.fromkeys(data["panel"]))
    units = data["unit"].astype("string") if "unit" in data else pd.Series(pd.NA, index=data.index, dtype="string")
    sentences = [f"{capital(counted(len(panels), 'panel'))} of points, one per figure in dispute."]
    for panel in panels:
        rows = data[data["panel"] == panel].sort_values("as_of", kind="stable")
        modes = units[rows.index].mode()
        usual = str(modes.iloc[0]) if len(modes) else ""
        figures = []
        for index, row in rows.iterrows():
            figure, unit = f"{row['value']:,.0f} in {row['as_of'].year}", units[index]
            if not pd.isna(unit) and unit != usual:  # "personnel (troops only)" beside "personnel": "(troops only)"
                figure += f" ({unit.removeprefix(usual + ' (').removesuffix(')')})" if unit.startswith(usual + " (") else f" ({unit})"
            figures.append(figure)
        sentences.append(f"{panel}: {and_list(figures)}.")
    if "claim" in data:  # the points are exact; most sources round: say so, as the hand-written sentences did
        rounded = data["claim"].astype("string").str.contains(APPROXIMATE, na=False).sum()
        if rounded:
            sentences.append(
                f"{capital(number_word(int(rounded)))} of the {number_word(len(data))} figures are given as approximate "
                "(about, around or some)."
            )
    legends = []
    if "kind" in data:
        legends.append(f"colour shows the kind of source ({and_list(k for k in KIND_COLOURS if k in set(data['kind'].dropna()))})")
    if "unit" in data:
        legends.append(f"shape shows what the figure counts ({and_list(sorted(set(units.dropna())), sep='; ')})")
    if legends:
        sentences.append(capital(and_list(legends)) + ".")
    return " ".join(sentences)


def exercises_chart(
    exercises: pd.DataFrame,
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
    host_names: dict[str, str] | None = None,
    series_order: list[str] | None = None,
    width: int = 560,
) -> alt.Chart:
    """Exercises as points by year, one row per series, with drop-down filters.

    ``exercises`` has the columns of exercises.csv (``name``, ``series``, ``year``,
    ``host`` as ``;``-separated iso3 codes, and optionally ``location``,
    ``personnel`` and ``focus``). Two drop-downs under the chart choose a series
    and a host state ("All" shows everything); a row hosted by two states shows
    under either. ``host_names`` maps iso3 codes to names for the menu and the
    tooltips. The axes stay fixed while filtering, so a gap means "not in the table".
    """
    require_columns(exercises, {"name", "series", "year", "host"}, "exercises_chart")
    names = host_names or {}
    data = exercises.copy()
    data["host"] = data["host"].fillna("").astype("string")
    codes = sorted({code for value in data["host"] for code in value.split(";") if code})
    data["host_names"] = data["host"].map(lambda v: "; ".join(names.get(c, c) for c in v.split(";") if c) or "not given").astype("string")
    if "personnel" in data:
        data["reported"] = data["personnel"].map(lambda n: "not reported" if pd.isna(n) else f"{int(n):,}").astype("string")
    series = series_order or list(dict.fromkeys(data.sort_values("year", kind="stable")["series"]))
    pick_series = alt.param(name="series_pick", value=ALL, bind=alt.binding_select(options=[ALL] + series, name="Series "))
    pick_host = alt.param(
        name="host_pick",
        value=ALL,
        bind=alt.binding_select(options=[ALL] + codes, labels=["All hosts"] + [names.get(c, c) for c in codes], name="Host "),
    )
    keep = [c for c in ("name", "series", "year", "host", "host_names", "location", "reported", "focus") if c in data]
    tooltip = [alt.Tooltip("name:N", title="Exercise"), alt.Tooltip("year:O", title="Year"), alt.Tooltip("host_names:N", title="Host")]
    tooltip += [
        alt.Tooltip(f"{c}:N", title=t) for c, t in (("location", "Where"), ("reported", "Personnel"), ("focus", "Focus")) if c in data
    ]
    years = int(data["year"].min()) - 1, int(data["year"].max()) + 1
    chart = (
        alt.Chart(data[keep])
        .mark_point(filled=True, size=160, opacity=0.9)
        .encode(
            x=alt.X("year:Q", title="Year", scale=alt.Scale(domain=list(years)), axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("series:N", title=None, sort=series, scale=alt.Scale(domain=series)),
            color=alt.Color("series:N", legend=None, scale=alt.Scale(domain=series, range=list(series_colours(series).values()))),
            shape=alt.Shape("series:N", legend=None, scale=alt.Scale(domain=series)),
            tooltip=tooltip,
        )
        .add_params(pick_series, pick_host)
        .transform_filter(f"series_pick == '{ALL}' || datum.series == series_pick")
        .transform_filter(f"host_pick == '{ALL}' || indexof(split(datum.host, ';'), host_pick) >= 0")
        .properties(width=width)
    )
    return accessible(chart, title, description, subtitle)


def exercises_description(exercises: pd.DataFrame, series_order: list[str] | None = None) -> str:
    """The screen-reader description of ``exercises_chart`` for the same rows, written from them.

    It gives the span of years, the number of rows and, row by row in the
    chart's order (``series_order``, as passed to the chart), the years in which
    the table has an exercise of that series, then says what the two menus do.
    """
    require_columns(exercises, {"series", "year"}, "exercises_description")
    series = series_order or list(dict.fromkeys(exercises.sort_values("year", kind="stable")["series"]))
    shown = [s for s in series if (exercises["series"] == s).any()]
    rows = [f"{s}: {year_list(exercises.loc[exercises['series'] == s, 'year'])}" for s in shown]
    first, last = int(exercises["year"].min()), int(exercises["year"].max())
    return (
        f"Points by year from {first} to {last}, one per exercise, in {counted(len(shown), 'row')}, one per series. "
        f"{and_list(rows, sep='; ')}. Two menus under the chart filter the points by series and by host state."
    )
