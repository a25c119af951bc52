"""Charts and helpers for Lesson 08, *The CSTO among its peers*.

The lesson compares six organisations (the CSTO, NATO, the SCO, the CIS, the
EAEU and EurAsEC) from organizations.csv, and which post-Soviet state belongs to
which from org_memberships.csv. Each table is loaded twice: with real dates
(``load("organizations")``) to sort and place them, and as written
(``load("organizations", as_text=True)``) to label them, so that "2026-01" is
not shown as "2026-01-01".

- ``founding_timeline``, ``founding_timeline_chart``: when each organisation was
  founded, and whether its founding treaty has a collective-defence clause.
- ``count_label``, ``member_counts_chart``: how many members each has, and as of when.
- ``statuses_on_1_july``: each state's status in each organisation on 1 July of
  every year, for the chart with a year slider.
- ``show_table``: what the "Pick a state" menu shows: a heading, then a table or
  a sentence saying that there is nothing to show.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.display import Markdown, display

from .accessible import accessible
from .columns import require_columns
from .dates import date_axis
from .setup import GREY, OKABE_ITO

# How the chart names the two values of the collective_defence_clause column, and their colour and mark.
CLAUSE_NAMES = {True: "collective-defence clause", False: "no collective-defence clause"}
CLAUSE_COLOURS = [OKABE_ITO[5], OKABE_ITO[0]]
CLAUSE_SHAPES = ["diamond", "circle"]
# organizations.csv has no end date. Its note for EurAsEC says it was wound up when the EAEU began (2015-01-01).
WOUND_UP = {"eurasec": pd.Timestamp("2015-01-01")}
TIMELINE_SPAN = ["1945-01-01", "2026-12-31"]
NO_DATE = "date not recorded"
NO_COUNT = "count not recorded"
YEAR_COLUMNS = ["year", "state", "organisation", "status", "undated"]


def founding_timeline(organizations: pd.DataFrame, as_written: pd.DataFrame) -> pd.DataFrame:
    """One row per organisation: ``abbreviation``, ``name``, ``founded``, ``founded_label``, ``ended``, ``clause``.

    ``organizations`` is ``load("organizations")`` (real dates) and ``as_written``
    the same table loaded with ``as_text=True``; ``founded_label`` is the founding
    date as the table writes it, matched by ``org_id``. ``ended`` is filled only for
    an organisation that no longer exists (EurAsEC, wound up when the EAEU began).
    ``clause`` says in words whether the founding treaty obliges members to defend
    one another, according to the ``collective_defence_clause`` column.
    """
    require_columns(organizations, ["org_id", "abbreviation", "name", "founded", "collective_defence_clause"], "founding_timeline")
    require_columns(as_written, ["org_id", "founded"], "founding_timeline")
    written = as_written.set_index("org_id")["founded"]
    return organizations.assign(
        founded_label=organizations["org_id"].map(written),
        ended=organizations["org_id"].map(WOUND_UP),
        clause=organizations["collective_defence_clause"].map(CLAUSE_NAMES),
    )[["abbreviation", "name", "founded", "founded_label", "ended", "clause"]]


def founding_timeline_chart(
    organizations: pd.DataFrame, as_written: pd.DataFrame, *, title: str, description: str, subtitle: str | None = None
) -> alt.LayerChart:
    """The organisations on one time line, earliest first: when each was founded, and whether it promises collective defence.

    Takes the two forms of organizations.csv described in ``founding_timeline``.
    Each organisation has a row with a point at its founding date, labelled with
    the date as written: a diamond where the founding treaty has a
    collective-defence clause, a circle where it has none. A grey line runs from
    founding to end for an organisation that was wound up. The time axis runs
    from 1945 to 2026, so that NATO (1949) and the newest organisations fit.
    """
    timeline = founding_timeline(organizations, as_written)
    founding_order = list(timeline.sort_values("founded")["abbreviation"])
    clauses = list(CLAUSE_NAMES.values())
    base = alt.Chart(timeline).encode(y=alt.Y("abbreviation:N", title=None, sort=founding_order))
    life = base.mark_rule(strokeWidth=3, color=GREY).encode(x="founded:T", x2="ended:T")
    founding = base.mark_point(filled=True, size=170, opacity=1).encode(
        x=alt.X("founded:T", title="Founded", axis=date_axis(*TIMELINE_SPAN), scale=alt.Scale(domain=TIMELINE_SPAN)),
        color=alt.Color("clause:N", title=None, scale=alt.Scale(domain=clauses, range=CLAUSE_COLOURS)),
        shape=alt.Shape("clause:N", title=None, scale=alt.Scale(domain=clauses, range=CLAUSE_SHAPES)),
        tooltip=[
            alt.Tooltip("name:N", title="Organisation"),
            alt.Tooltip("founded_label:N", title="Founded"),
            alt.Tooltip("clause:N", title="Founding treaty"),
        ],
    )
    # The date is written above the point, clear of the grey line.
    dates = base.mark_text(align="left", dx=8, dy=-11, fontSize=12).encode(x="founded:T", text="founded_label:N")
    chart = (life + founding + dates).properties(width=540, height=alt.Step(34))
    return accessible(chart, title, description, subtitle)


def count_label(count, as_of) -> str:
    """The label beside a bar: "32 members (as of 2024-03-07)", or "9 members (date not recorded)".

    ``as_of`` is the date as written, or any text that is not a date (such as
    "date not recorded"), which is then shown as it is. A missing count or date
    is said in words, never shown as "nan".
    """
    if pd.isna(as_of) or not str(as_of).strip():
        as_of = NO_DATE
    as_of = str(as_of)
    when = f"as of {as_of}" if as_of[0].isdigit() else as_of
    counted = NO_COUNT if pd.isna(count) else f"{count} members"
    return f"{counted} ({when})"


def member_counts_chart(
    sizes: pd.DataFrame, *, title: str, description: str, subtitle: str | None = None, x_max: int = 45
) -> alt.LayerChart:
    """How many member states each organisation has, and as of when: one labelled bar per organisation.

    ``sizes`` has one row per organisation with ``abbreviation``, ``name``,
    ``members_count`` and ``as_of`` (the date the count refers to, as written).
    Bars are sorted from the most members to the fewest (ties keep the table's
    order), and each is labelled by ``count_label``, because a count is valid only
    on its date. The axis runs from 0 to ``x_max``, leaving room for the labels.
    """
    require_columns(sizes, ["abbreviation", "name", "members_count", "as_of"], "member_counts_chart")
    if sizes.empty:
        raise ValueError("member_counts_chart has no organisations to draw.")
    data = sizes.assign(label=[count_label(n, d) for n, d in zip(sizes["members_count"], sizes["as_of"])])
    order = list(data.sort_values("members_count", ascending=False, kind="stable")["abbreviation"])
    largest = data["members_count"].max()
    ticks_to = min(x_max, 5 * (int(largest) // 5 + 1)) if pd.notna(largest) else x_max
    bars = (
        alt.Chart(data)
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            # Ticks and grid lines stop at the first multiple of 5 past the largest count: to x_max (room for
            # the labels) they suggested counts of 40 or 45 (screenshot pass, 08-2).
            x=alt.X(
                "members_count:Q",
                title="Member states",
                scale=alt.Scale(domain=[0, x_max]),
                axis=alt.Axis(values=list(range(0, ticks_to + 1, 5))),
            ),
            y=alt.Y("abbreviation:N", title=None, sort=order),
            tooltip=[
                alt.Tooltip("name:N", title="Organisation"),
                alt.Tooltip("members_count:Q", title="Members"),
                alt.Tooltip("as_of:N", title="As of"),
            ],
        )
    )
    counts = bars.mark_text(align="left", dx=5, color="black", fontSize=12).encode(text="label:N")
    return accessible((bars + counts).properties(width=460, height=alt.Step(32)), title, description, subtitle)


def statuses_on_1_july(
    memberships: pd.DataFrame, names: dict[str, str], abbreviations: dict[str, str], first_year: int, last_year: int
) -> pd.DataFrame:
    """Each state's status in each organisation on 1 July of every year from ``first_year`` to ``last_year``.

    ``memberships`` are rows of org_memberships.csv with real dates (``since``,
    ``until``). A membership counts from its ``since`` date; from its ``until``
    date on it is a "former member", before that a "member" (or an "associate",
    if that is its status). A row without a ``since`` date cannot be placed in any
    year and gives no rows. ``names`` turns iso3 codes into state names and
    ``abbreviations`` org_ids into abbreviations. The result has the columns
    ``year``, ``state``, ``organisation``, ``status`` and ``undated`` (always
    false), one row per membership and year, ready for ``membership_grid_chart``.
    """
    require_columns(memberships, ["org_id", "iso3", "status", "since", "until"], "statuses_on_1_july")
    unknown = sorted(set(memberships["iso3"]) - set(names)) + sorted(set(memberships["org_id"]) - set(abbreviations))
    if unknown:
        raise ValueError(f"No name or abbreviation for {', '.join(map(str, unknown))}.")
    rows = []
    for year in range(first_year, last_year + 1):
        day = pd.Timestamp(f"{year}-07-01")
        for _, m in memberships[memberships["since"] <= day].iterrows():
            left = pd.notna(m["until"]) and m["until"] <= day
            rows.append(
                {
                    "year": year,
                    "state": names[m["iso3"]],
                    "organisation": abbreviations[m["org_id"]],
                    "status": "former member" if left else ("associate" if m["status"] == "associate" else "member"),
                    "undated": False,
                }
            )
    return pd.DataFrame(rows, columns=YEAR_COLUMNS)


def show_table(heading: str, rows: pd.DataFrame, empty: str) -> None:
    """Show ``heading`` (Markdown), then ``rows`` numbered from 0 with empty cells blank, or the sentence ``empty`` if there are none.

    Used by the lesson's "Pick a state" menu: a state with no rows in a table
    gets a sentence saying so, not an empty table that looks like an error.
    """
    display(Markdown(heading))
    if rows.empty:
        print(empty)
    else:
        display(rows.fillna("").reset_index(drop=True))
