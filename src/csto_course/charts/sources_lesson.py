"""Charts for Lesson 07, *Reading the sources critically*: when each source wrote, and how often.

Every chart here reads the lesson's ``versions`` table: claims.csv joined to
sources.csv, one row per source's version of a disputed point, with both dates
(``as_of``, what the claim refers to; ``published``, when the source wrote) and
the same dates as written (``as_of_label``, ``published_label``), so that a date
known only to the year reads "2015", not "2015-01-01".

- ``kinds_present``, ``kind_colour``: the kinds of source a chart shows, and their
  colour scale, the same in every chart.
- ``claim_lag_chart``: one point per dated claim, at the date it refers to and
  the number of years until the source published it.
- ``versions_per_source_chart``: one bar per source that gives two or more
  versions, as long as the number it gives, named as the lesson's citations name it;
  ``describe_versions_per_source`` writes its screen-reader description from the counts.
- ``topic_dates_chart``: for one topic, each source's two dates joined by a line
  (the chart of the lesson's "Explore" section).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data.citation_labels import source_labels
from ..data.topics import topic_label
from .accessible import accessible
from .columns import require_columns
from .dates import date_axis
from .forces import KIND_COLOURS
from .setup import GREY
from .timeline import padded_domain
from .wording import number_word

LAG_COLUMNS = ["source_id", "outlet", "kind", "as_of", "as_of_label", "published_label", "lag_years", "claim"]
TOPIC_COLUMNS = ["source_id", "kind", "as_of", "published", "as_of_label", "published_label"]
TOPIC_WIDTH = 480  # px, the width of ``topic_dates_chart``


def kinds_present(kinds) -> list[str]:
    """The kinds of source found in ``kinds``, in the course's fixed order: official, news, seed, scholarly, reference.

    A fixed order keeps the legend the same from chart to chart; a kind that
    ``KIND_COLOURS`` does not know is an error, because it would have no colour.
    """
    present = set(pd.Series(kinds, dtype="object").dropna())
    unknown = sorted(present - set(KIND_COLOURS))
    if unknown:
        raise ValueError(f"Unknown kind(s) of source {', '.join(map(str, unknown))}; the course knows: {', '.join(KIND_COLOURS)}.")
    return [k for k in KIND_COLOURS if k in present]


def kind_colour(kinds) -> alt.Color:
    """The colour encoding for the ``kind`` column: one course colour per kind of source present in ``kinds``.

    The colours are the course's ``KIND_COLOURS`` (the same as in Lesson 04's
    charts), so that "news" has the same colour in every chart, whichever kinds a
    chart happens to show; kinds absent from ``kinds`` are left out of the legend.
    """
    domain = kinds_present(kinds)
    return alt.Color("kind:N", title="Kind of source", scale=alt.Scale(domain=domain, range=[KIND_COLOURS[k] for k in domain]))


# Where the few points of a kind sit beside the many at the same gap: official points a little above,
# scholarly ones a little below (pixels; less than half a year on the axis, and the gap is whole years).
LAG_NUDGE = {"official": -5, "scholarly": 5}


def claim_lag_chart(dated: pd.DataFrame, *, title: str, description: str, subtitle: str | None = None) -> alt.LayerChart:
    """How long after the event each source wrote: one point per claim with both dates.

    ``dated`` holds the rows of the lesson's ``versions`` table that have both an
    ``as_of`` and a ``published`` date, with a ``lag_years`` column: the calendar
    year of publication minus the year the claim refers to (years, not days,
    because many dates are known only to the month or the year). Across: the date
    the claim refers to; up: ``lag_years``. Colour and shape show the kind of
    source, so a retelling written decades later stands out from a report written
    in the year of the event. The tooltip gives both dates as written and the claim.

    About a hundred news points lie on the zero line. So that they hide no other
    kind, each kind is drawn as its own layer, the most common first and the
    rarest last, and official and scholarly points are nudged a few pixels off
    the line (``LAG_NUDGE``). The axes leave room around the first and last points.
    """
    require_columns(dated, LAG_COLUMNS, "claim_lag_chart")
    if dated.empty:
        raise ValueError("claim_lag_chart has no claims to draw: keep the versions that have both an as_of and a published date.")
    kinds = kinds_present(dated["kind"])
    start, end = dated["as_of"].min() - pd.DateOffset(years=1), dated["as_of"].max() + pd.DateOffset(years=1)
    encoding = dict(
        x=alt.X(
            "as_of:T",
            title="Date the claim refers to",
            scale=alt.Scale(domain=[start.isoformat(), end.isoformat()], nice=False),  # no point on the axis lines
            axis=date_axis(dated["as_of"]),
        ),
        y=alt.Y(
            "lag_years:Q",
            title="Years until the source published it",
            scale=alt.Scale(domain=[-1.5, float(dated["lag_years"].max()) + 2], nice=False),
            axis=alt.Axis(format="d", tickMinStep=1),
        ),
        color=kind_colour(dated["kind"]),
        shape=alt.Shape("kind:N", title="Kind of source", scale=alt.Scale(domain=kinds)),
        tooltip=[
            alt.Tooltip("source_id:N", title="Source"),
            alt.Tooltip("outlet:N", title="Outlet"),
            alt.Tooltip("as_of_label:N", title="Refers to"),
            alt.Tooltip("published_label:N", title="Published"),
            alt.Tooltip("lag_years:Q", title="Gap in years"),
            alt.Tooltip("claim:N", title="Claim"),
        ],
    )
    counts = dated["kind"].value_counts()
    layers = [
        alt.Chart(dated.loc[dated["kind"] == kind, LAG_COLUMNS])
        .mark_point(filled=True, size=90, opacity=0.85, stroke="white", strokeWidth=0.8, yOffset=LAG_NUDGE.get(kind, 0))
        .encode(**encoding)
        for kind in sorted(kinds, key=lambda k: -int(counts[k]))
    ]
    chart = alt.layer(*layers).properties(width=560, height=300)
    return accessible(chart, title, description, subtitle)


def versions_per_source_chart(
    per_source: pd.DataFrame, *, title: str, description: str, subtitle: str | None = None, min_versions: int = 2
) -> alt.Chart:
    """How many versions of disputed points the course records from each source: one bar per source.

    ``per_source`` has one row per source of claims.csv, with ``versions`` (its
    number of rows in claims.csv) and ``topics`` (how many different points they
    cover), and the source's ``outlet``, ``kind`` and ``perspective`` from
    sources.csv. Only sources with at least ``min_versions`` versions get a bar
    (a bar for each of some seventy single versions would be a wall of equal
    bars); the subtitle says how many sources are left out and why. Bars are
    named with the short name the lesson's citations use ("Oglavnom 2023"),
    sorted from the most versions to the fewest and coloured by kind of source.
    A long bar means the course checked that source on many points, not that the
    source is reliable.
    """
    require_columns(per_source, ["source_id", "versions", "topics", "outlet", "kind", "perspective"], "versions_per_source_chart")
    if per_source.empty:
        raise ValueError("versions_per_source_chart has no sources to draw: count the claims per source first.")
    shown = per_source[per_source["versions"] >= min_versions]
    shown = shown.assign(source=source_labels(shown["source_id"]))
    left_out = len(per_source) - len(shown)
    note = (
        f"{len(shown)} sources with {min_versions} or more versions; "
        f"{left_out} more give {'one version each' if min_versions == 2 else f'fewer than {min_versions}'}"
    )
    chart = (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            x=alt.X("versions:Q", title="Versions recorded in claims.csv", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("source:N", title=None, sort=alt.EncodingSortField("versions", order="descending")),
            color=kind_colour(shown["kind"]),
            tooltip=[
                alt.Tooltip("source:N", title="Source"),
                alt.Tooltip("outlet:N", title="Outlet"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("perspective:N", title="Perspective"),
                alt.Tooltip("versions:Q", title="Versions"),
                alt.Tooltip("topics:Q", title="Topics"),
            ],
        )
        .properties(width=420)
    )
    return accessible(chart, title, description, "; ".join(part for part in (subtitle, note) if part))


def describe_versions_per_source(per_source: pd.DataFrame, *, min_versions: int = 2) -> str:
    """The description of ``versions_per_source_chart`` for the same table, written from its counts.

    It says how many bars there are, then names every bar's source and count, kind
    by kind in the order a reader meets them from the top (the kind of the longest
    bar first), most versions first, and ends with the number of sources the chart leaves out::

        Horizontal bar chart, one bar for each of the three sources that give two or
        more versions in claims.csv, longest first, coloured by kind of source. Seed:
        Oglavnom 2023, 14; Samay 2019, 9. News: TASS 2012, 2. The subtitle adds that
        40 more sources give one version each.
    """
    require_columns(per_source, ["source_id", "versions", "kind"], "describe_versions_per_source")
    shown = per_source[per_source["versions"] >= min_versions]
    shown = shown.assign(source=source_labels(shown["source_id"])).sort_values(["versions", "source"], ascending=[False, True])
    fewer = "one version each" if min_versions == 2 else f"fewer than {min_versions} versions"
    text = [
        f"Horizontal bar chart, one bar for each of the {number_word(len(shown))} sources that give "
        f"{number_word(min_versions)} or more versions in claims.csv, longest first, coloured by kind of source."
    ]
    for kind in shown["kind"].drop_duplicates():
        bars = shown[shown["kind"] == kind]
        text.append(f"{kind[:1].upper()}{kind[1:]}: " + "; ".join(f"{s}, {n}" for s, n in zip(bars["source"], bars["versions"])) + ".")
    text.append(f"The subtitle adds that {len(per_source) - len(shown)} more sources give {fewer}.")
    return " ".join(text)


def topic_dates_chart(rows: pd.DataFrame, topic: str) -> alt.LayerChart:
    """For one disputed point, when each version refers to and when it was published.

    ``rows`` are the lesson's ``versions`` for ``topic``. Each source with both
    dates gets a row: a filled dot at the date the claim refers to (``as_of``),
    an open dot at the date the source was published, and a grey line between
    them, so a long line is a source writing long after the event. Sources are
    named as the lesson's citations name them ("Sputnik 2022a"), listed by date
    of publication, and coloured by kind. Versions without one of the two dates
    cannot be placed and are left out (the lesson's table shows them). The time
    axis is padded as the timelines' is (``timeline.padded_domain``), so the first
    and last dots are drawn whole, off the axis line. The title
    and the screen-reader description name ``topic`` in words (``topic_label``);
    when no version has both dates, the chart is empty and its description says so.
    """
    require_columns(rows, TOPIC_COLUMNS, "topic_dates_chart")
    data = rows.dropna(subset=["as_of", "published"])[TOPIC_COLUMNS]
    data = data.assign(source=source_labels(data["source_id"]).astype("string"))
    name = topic_label(topic)
    base = alt.Chart(data).encode(
        y=alt.Y("source:N", title=None, sort=alt.EncodingSortField("published")),
        tooltip=[
            alt.Tooltip("source:N", title="Source"),
            alt.Tooltip("as_of_label:N", title="Refers to"),
            alt.Tooltip("published_label:N", title="Published"),
        ],
    )
    colour = kind_colour(data["kind"])
    # padded as the timelines are, so that no dot sits on the axis line or the chart's right edge
    start, end = padded_domain(pd.concat([data["as_of"], data["published"]]), TOPIC_WIDTH)
    scale = alt.Scale(domain=[start.isoformat(), end.isoformat()], nice=False)
    line = base.mark_rule(color=GREY).encode(
        x=alt.X("as_of:T", title="Date", scale=scale, axis=date_axis(data["as_of"], data["published"])), x2="published:T"
    )
    refers = base.mark_point(filled=True, size=110).encode(x=alt.X("as_of:T", scale=scale), color=colour)
    written = base.mark_point(filled=False, size=110, strokeWidth=2).encode(x=alt.X("published:T", scale=scale), color=colour)
    description = (
        f"For {name}: one row per source with both dates, named as the lesson's citations name it; a filled dot at the date the claim refers to, "
        "an open dot at the date of publication, joined by a grey line; colour shows the kind of source."
    )
    if data.empty:
        description = f"For {name}: no version gives both dates, so the chart has no rows; the table lists the versions."
    return accessible(
        (line + refers + written).properties(width=TOPIC_WIDTH),
        f"{name}: when each version refers to, and when it was published",
        description,
    )
