"""Charts for lesson 03 (how the CSTO works): the Secretaries-General, and crises with requests for help.

- ``date_labels`` (from ``dates.py``, re-exported for the lesson): a column of
  dates written at the precision the sources give them ("2017-04", not "2017-04-01").
- ``terms_chart``: one bar per term of office, coloured by the holder's country,
  with a year slider that names the holder on 1 January of that year.
- ``term_lengths_chart``: how many years each term lasted.
- ``requests_chart``: one point per crisis at the date of the request for help,
  shaped by whom the crisis asked and coloured by whether CSTO troops were sent.

The lesson builds the tables these charts draw with pandas (a merge, ``fillna``,
date arithmetic); the helpers only draw them. Each refuses a table that lacks
the columns it needs, or that has no rows, with a sentence that says so.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd

from .accessible import accessible
from .columns import require_columns
from .dates import date_axis, date_label, date_labels
from .setup import GREY, OKABE_ITO

__all__ = ["country_scale", "date_labels", "requests_chart", "term_lengths_chart", "terms_chart"]

# The colour of each Secretary-General's country, the same in both charts of the lesson.
COUNTRY_COLOURS = {
    "Russia": OKABE_ITO[0],
    "Armenia": OKABE_ITO[1],
    "Belarus": OKABE_ITO[2],
    "Kazakhstan": OKABE_ITO[3],
    "Kyrgyzstan": OKABE_ITO[5],
}
# Colours for any other country a future holder may come from, then grey.
SPARE_COLOURS = [OKABE_ITO[4], OKABE_ITO[6], OKABE_ITO[7]]

OTHER_TERMS_OPACITY = 0.6
ROW_STEP = 32  # pixels per crisis in requests_chart  # the terms not held on the slider's day

# The words the crises chart expects, and how it draws them.
REQUEST_SHAPES = {"asked the CSTO": "circle", "asked Russia": "square", "no request": "triangle-up"}
OUTCOME_COLOURS = {"CSTO troops sent": OKABE_ITO[5], "no CSTO troops": OKABE_ITO[0]}


def country_scale(countries: Iterable[str]) -> alt.Scale:
    """A colour scale with the lesson's colour for each holder's country.

    The five countries that have held the post always keep their colours, in the
    same order, so the two charts of the lesson match; any other country in
    ``countries`` gets one of the spare colours (then grey), never a clash.
    """
    others = sorted({str(c) for c in countries if isinstance(c, str)} - set(COUNTRY_COLOURS))
    spare = SPARE_COLOURS + [GREY] * len(others)
    domain = list(COUNTRY_COLOURS) + others
    return alt.Scale(domain=domain, range=list(COUNTRY_COLOURS.values()) + spare[: len(others)])


def terms_chart(
    terms: pd.DataFrame,
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
    year: int = 2018,
    width: int = 560,
) -> alt.LayerChart:
    """One bar per term of office from ``start`` to ``end_as_of``, with a year slider.

    ``terms`` has one row per term, built in lesson 03 from leaders.csv: ``holder``
    (the name, with "(acting)" where it applies), ``country_name``, ``start``,
    ``end_as_of`` (the end, or the as-of date for a running term), and the
    tooltip texts ``start_label`` and ``end_label``. Every column of ``terms`` is
    passed to the chart. Bars are in order of starting date and coloured by
    country (``country_scale``).

    The slider runs over every 1 January on which someone held the post (from the
    year after the first start to the year of the last ``end_as_of``) and starts
    at ``year``. Three layers react to it: the bars (the holder on that day in
    full colour with a black outline, the others lighter), a dashed line at that day, and a caption
    above the chart that names the holder.
    """
    require_columns(terms, ("holder", "country_name", "start", "end_as_of", "start_label", "end_label"), "terms_chart", rows=True)
    first, last = int(terms["start"].min().year) + 1, int(terms["end_as_of"].max().year)
    slider = alt.binding_range(min=first, max=last, step=1, name="Who held the post on 1 January of ")
    picked = alt.param(name="year", value=min(max(year, first), last), bind=slider)
    in_office = "toDate(datum.start) <= datetime(year, 0, 1) && datetime(year, 0, 1) < toDate(datum.end_as_of)"

    # Half a year's room at each end: Masadykov's term, months long in 2026, drew on the axis's last pixels.
    room = pd.Timedelta(days=183)
    span = [(terms["start"].min() - room).isoformat(), (terms["end_as_of"].max() + room).isoformat()]
    base = alt.Chart(terms)
    bars = (
        base.mark_bar(height=18, stroke="black")
        .encode(
            x=alt.X("start:T", title="Year", scale=alt.Scale(domain=span, nice=False), axis=date_axis(terms["start"], terms["end_as_of"])),
            x2="end_as_of:T",
            y=alt.Y("holder:N", title=None, sort=alt.EncodingSortField("start", op="min")),
            color=alt.Color("country_name:N", title="Holder's country", scale=country_scale(terms["country_name"])),
            # The other terms stay clearly coloured (at 0.3 they read as washed out); the holder on the day is
            # told apart by full colour and a black outline.
            opacity=alt.condition(in_office, alt.value(1.0), alt.value(OTHER_TERMS_OPACITY)),
            strokeWidth=alt.condition(in_office, alt.value(2), alt.value(0)),
            tooltip=[
                alt.Tooltip("holder:N", title="Holder"),
                alt.Tooltip("country_name:N", title="Country"),
                alt.Tooltip("start_label:N", title="From"),
                alt.Tooltip("end_label:N", title="Until"),
            ],
        )
        .add_params(picked)
    )
    # A one-row data set: the rule's position comes from the slider, not from the table.
    marker = (
        alt.Chart(alt.Data(values=[{}]))
        .transform_calculate(day="datetime(year, 0, 1)")
        .mark_rule(color="black", strokeDash=[4, 3])
        .encode(x="day:T")
    )
    caption = (
        base.transform_filter(in_office)
        .transform_calculate(text="'On ' + year + '-01-01: ' + datum.holder + ', ' + datum.country_name")
        .mark_text(align="left", fontSize=13, fontWeight="bold")
        .encode(x=alt.value(0), y=alt.value(-12), text="text:N")
    )
    return accessible(alt.layer(bars, marker, caption).properties(width=width), title, description, subtitle)


def term_lengths_chart(
    terms: pd.DataFrame,
    *,
    as_of: pd.Timestamp,
    title: str,
    description: str,
    subtitle: str | None = None,
    width: int = 480,
) -> alt.Chart:
    """One bar per term giving its length in ``years``, in order of starting date.

    ``terms`` is the table of ``terms_chart`` with two more columns, which lesson
    03 computes: ``years`` (the length of the term) and ``term`` (a label such as
    "Yuri Khachaturov (from 2017-04)"). ``as_of`` is the date a running term was
    counted to; the axis title states it, so that a reader knows the last bar
    is still growing.
    """
    require_columns(terms, ("term", "years", "start", "country_name", "end_label"), "term_lengths_chart", rows=True)
    chart = (
        alt.Chart(terms)
        .mark_bar()
        .encode(
            x=alt.X("years:Q", title=f"Years in office (a running term counted to {date_label(as_of)})"),
            # labelLimit 0: Vega cuts labels at 180 px, and the two acting terms then read the same
            y=alt.Y("term:N", title=None, sort=alt.EncodingSortField("start", op="min"), axis=alt.Axis(labelLimit=0)),
            color=alt.Color("country_name:N", title="Holder's country", scale=country_scale(terms["country_name"])),
            tooltip=[alt.Tooltip("term:N", title="Term"), alt.Tooltip("years:Q", title="Years"), alt.Tooltip("end_label:N", title="Until")],
        )
        .properties(width=width)
    )
    return accessible(chart, title, description, subtitle)


def requests_chart(
    crises: pd.DataFrame,
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
    width: int = 520,
) -> alt.Chart:
    """One point per crisis at the date of its request for help: shape for whom it asked, colour for what followed.

    ``crises`` has one row per crisis, built in lesson 03 from crises.csv:
    ``crisis`` (a label such as "Kazakhstan 2022"), ``date`` (the request's date,
    or the start where no request was made), ``request`` (one of "asked the
    CSTO", "asked Russia", "no request"), ``outcome`` ("CSTO troops sent" or "no
    CSTO troops"), and ``summary`` and ``response`` for the tooltip. Only those
    six columns go into the chart. Rows run from the earliest date down.
    A ``request`` or ``outcome`` in other words is refused: the legend would
    otherwise show a category without a shape or colour.
    """
    columns = ["crisis", "date", "request", "outcome", "summary", "response"]
    require_columns(crises, columns, "requests_chart", rows=True)
    for column, known in (("request", REQUEST_SHAPES), ("outcome", OUTCOME_COLOURS)):
        unknown = sorted(set(crises[column].dropna().astype(str)) - set(known)) + (["(empty)"] if crises[column].isna().any() else [])
        if unknown:
            raise ValueError(f"The {column} column should say one of: {', '.join(known)}; it also says {', '.join(unknown)}.")
    chart = (
        alt.Chart(crises[columns])
        .mark_point(filled=True, size=220, opacity=1)
        .encode(
            x=alt.X(
                "date:T", title="Date of the request (or start of the crisis)", axis=date_axis(crises["date"]), scale=alt.Scale(padding=18)
            ),
            y=alt.Y("crisis:N", title=None, sort=alt.EncodingSortField("date", op="min")),
            color=alt.Color(
                "outcome:N", title="What followed", scale=alt.Scale(domain=list(OUTCOME_COLOURS), range=list(OUTCOME_COLOURS.values()))
            ),
            shape=alt.Shape(
                "request:N", title="Request", scale=alt.Scale(domain=list(REQUEST_SHAPES), range=list(REQUEST_SHAPES.values()))
            ),
            tooltip=[
                alt.Tooltip("crisis:N", title="Crisis"),
                alt.Tooltip("summary:N", title="What happened"),
                alt.Tooltip("response:N", title="Response"),
            ],
        )
        # 32 px a row: at Vega's 20, points 17 px across in neighbouring rows months apart (Armenia 2021,
        # Afghanistan 2021) all but touched (screenshot pass, 03-4).
        .properties(width=width, height=alt.Step(ROW_STEP))
    )
    return accessible(chart, title, description, subtitle)
