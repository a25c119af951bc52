"""Lesson 06, tested by crisis: the Kazakhstan charts and the crisis explorer's helpers.

The lesson selects and merges the tables in the notebook; these functions draw
what it hands them and keep the explorer's cell short.

- ``contingents_chart``: the national contingents sent to Kazakhstan in January
  2022, from ``force_contributions.csv``, with a label where no number was reported.
- ``troop_claims_chart``: every source's figure for the size of that force, from
  ``claims.csv``, with a dashed line at the figure ``crises.csv`` carries.
- ``crisis_names``, ``crisis_choices``: each crisis named in words ("Kyrgyzstan, June
  2010"), for the explorer's menu and the heading of the chosen crisis's row.
- ``closeup_chart``: one crisis's dated points on a time line in days, through
  the course's ``crisis_timeline_chart``.
- ``topic_claims`` and ``show_claims``: every version of a disputed point, or a
  sentence saying the ``claims`` table records none. ``show_claims`` is the one
  function here that displays something itself; the charts are returned, never
  displayed.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.display import display

from .accessible import accessible
from .columns import require_columns
from .crises import NEEDED, crisis_label, crisis_timeline_chart
from .setup import OKABE_ITO

# The explorer shows a crisis's row in these columns, and a claim in these.
CRISIS_COLUMNS = [
    "country",
    "start_date",
    "end_date",
    "summary",
    "request_made",
    "request_date",
    "request_to",
    "response",
    "troops_deployed",
    "note",
    "source_ids",
]
CLAIM_COLUMNS = ["source_id", "outlet", "kind", "as_of", "claim"]
NO_REPORTED_SIZE = "no number reported"
NO_DISAGREEMENT = "The claims table records no disagreement about this crisis."


def size_label(size) -> str:
    """How a contingent's size reads on the chart: ``about 200``, or ``no number reported`` when the cell is empty."""
    return NO_REPORTED_SIZE if pd.isna(size) else f"about {size:,}"


def contingents_chart(contingents: pd.DataFrame, *, title: str, description: str, subtitle: str | None = None) -> alt.LayerChart:
    """One horizontal bar per state that sent troops, with its size written beside the bar.

    ``contingents`` has rows of ``force_contributions.csv`` with each state's
    ``name`` merged in from ``countries.csv``; it needs ``name``, ``unit`` and
    ``size``. A state whose ``size`` is empty gets no bar, only the words "no
    number reported": an empty cell is not a zero. The largest contingent comes
    first, the states without a number last (in alphabetical order). The axis
    runs to twice the largest number, to leave room for the labels.
    """
    require_columns(contingents, ["name", "unit", "size"], "contingents_chart", rows=True)
    data = contingents.assign(label=contingents["size"].map(size_label))
    order = data.sort_values(["size", "name"], ascending=[False, True], na_position="last")["name"]
    largest = data["size"].max()
    axis_end = 100 if pd.isna(largest) else 2 * int(largest)
    base = alt.Chart(data).encode(y=alt.Y("name:N", title=None, sort=[str(n) for n in order]))
    bars = base.mark_bar(color=OKABE_ITO[0]).encode(
        x=alt.X("size:Q", title="Personnel reported (approximate)", scale=alt.Scale(domain=[0, axis_end])),
        tooltip=[alt.Tooltip("name:N", title="State"), alt.Tooltip("unit:N", title="Unit"), alt.Tooltip("label:N", title="Size")],
    )
    # A label sits just right of its bar; where there is no bar, at zero.
    labels = (
        base.mark_text(align="left", dx=5, fontSize=12)
        .transform_calculate(shown="isValid(datum.size) ? datum.size : 0")
        .encode(x="shown:Q", text="label:N")
    )
    chart = (bars + labels).properties(width=480, height=alt.Step(30))
    return accessible(chart, title, description, subtitle)


def troop_claims_chart(
    troop_claims: pd.DataFrame, table_figure: float | None, *, title: str, description: str, subtitle: str | None = None
) -> alt.LayerChart:
    """One bar per source's figure, longest first, labelled with it, and a dashed line at the figure the crises table carries.

    ``troop_claims`` has rows of ``claims.csv`` with the source's ``outlet``
    merged in from ``sources.csv``; it needs ``outlet``, ``claim``, ``value`` and
    ``unit``. Colour says what each figure counts (the whole contingent, or one
    nation's part of it), so bars that count different things are not read as
    rivals. ``table_figure`` is the number in ``crises.csv``; ``None`` draws no line.
    """
    require_columns(troop_claims, ["outlet", "claim", "value", "unit"], "troop_claims_chart", rows=True)
    # The axis ends on a round 500 with room for the labels, so the longest bar (3,000) ends before the
    # last tick instead of past it, and every bar is labelled with its figure: four bars end at or near
    # the dashed 2,000 line, and only the numbers tell AFP's 2,030 from the others.
    end = int(-(-float(troop_claims["value"].max()) * 1.15 // 500) * 500)
    base = alt.Chart(troop_claims).encode(y=alt.Y("outlet:N", title=None, sort="-x"))
    x = alt.X(
        "value:Q",
        title="Personnel claimed",
        scale=alt.Scale(domain=[0, end], nice=False),
        axis=alt.Axis(values=list(range(0, end + 1, 500)), format=",d"),
    )
    claimed = base.mark_bar().encode(
        x=x,
        color=alt.Color("unit:N", title="What the figure counts", legend=alt.Legend(columns=1, labelLimit=320)),
        tooltip=[
            alt.Tooltip("outlet:N", title="Outlet"),
            alt.Tooltip("claim:N", title="Claim"),
            alt.Tooltip("value:Q", title="Figure", format=","),
        ],
    )
    figures = base.mark_text(align="left", dx=5, fontSize=12).encode(x=x, text=alt.Text("value:Q", format=",d"))
    layers = [claimed, figures]
    if table_figure is not None and not pd.isna(table_figure):
        line = pd.DataFrame({"personnel": [table_figure]})
        layers.append(alt.Chart(line).mark_rule(strokeDash=[5, 4], color="black").encode(x="personnel:Q"))
    chart = alt.layer(*layers).properties(width=480, height=alt.Step(32))
    return accessible(chart, title, description, subtitle)


def crisis_names(crises: pd.DataFrame) -> dict[str, str]:
    """Each crisis's name in words, by ``crisis_id``, earliest first: "Kyrgyzstan, June 2010" for ``kyrgyzstan-2010``.

    ``crises`` is ``load("crises")``. The name is the place in the id and the
    month the crisis began, or only the year when the sources give only the year.
    The explorer's menu offers these names and heads the chosen crisis's row with
    its name, so the two read the same.
    """
    require_columns(crises, ["crisis_id", "start_date", "start_precision"], "crisis_names (it reads crises.csv)")
    names = {}
    for _, c in crises.sort_values("start_date").iterrows():
        place = crisis_label(c["crisis_id"]).rsplit(" ", 1)[0] if str(c["crisis_id"])[-4:].isdigit() else crisis_label(c["crisis_id"])
        start = pd.Timestamp(c["start_date"])
        when = str(start.year) if c["start_precision"] == "year" else f"{start:%B} {start.year}"
        names[str(c["crisis_id"])] = f"{place}, {when}"
    return names


def crisis_choices(crises: pd.DataFrame) -> list[tuple[str, str]]:
    """(name, crisis_id) pairs for the explorer's menu, earliest first, named as ``crisis_names`` names them."""
    return [(name, crisis_id) for crisis_id, name in crisis_names(crises).items()]


def closeup_chart(crisis: pd.DataFrame) -> alt.LayerChart:
    """A close-up time line of one crisis: its start, its request for help and its end, in days.

    ``crisis`` is the one row of ``load("crises")`` for the chosen crisis (the
    explorer selects it). The title and the screen-reader description name the
    crisis, so every choice in the menu gets its own.
    """
    if len(crisis) != 1:
        raise ValueError(f"closeup_chart draws one crisis; the selection has {len(crisis)} rows. Select one crisis_id.")
    require_columns(crisis, sorted(NEEDED), "closeup_chart (it reads a row of crises.csv)")
    name = crisis_label(crisis["crisis_id"].iloc[0])
    return crisis_timeline_chart(
        crisis,
        title=f"{name}: the dated points",
        subtitle="Close-up from crises.csv; circle: begins, diamond: help requested, square: ends",
        description=(
            f"Close-up time line of the crisis {name}: a circle at its start, a diamond at the date of a formal request "
            "if one was made, and a square and a bar to its end if the sources date the end."
        ),
    )


def topic_claims(claims: pd.DataFrame, topic: str | None) -> pd.DataFrame:
    """The rows of ``claims`` about ``topic``, in ``CLAIM_COLUMNS``; empty when ``topic`` is missing.

    ``claims`` is ``claims.csv`` with each source's ``outlet`` and ``kind``
    merged in. A crisis's note names its topic; a crisis without one gives
    ``None`` (or pandas' empty value), and then nothing is disputed.
    """
    if topic is None or pd.isna(topic):
        return claims.loc[[], CLAIM_COLUMNS]
    return claims.loc[claims["topic"] == topic, CLAIM_COLUMNS]


def show_claims(claims: pd.DataFrame, topic: str | None) -> None:
    """Display every version of the disputed point ``topic``, or say that the claims table records none."""
    rows = topic_claims(claims, topic)
    if topic is None or pd.isna(topic):
        print(NO_DISAGREEMENT)
    elif rows.empty:
        print(f"The claims table has no rows for the topic {topic!r}.")
    else:
        display(rows)
