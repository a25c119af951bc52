"""The CSTO's bodies, one at a time: what organs.csv records about a body and whom it reports to.

Each row of organs.csv is one body; its ``parent`` column names (by ``organ_id``)
the body it reports to, and is empty for a body that reports to none. Lesson 03
draws the whole table as an organisation chart; these helpers answer the
questions its "one body at a time" menu asks about a single row:

- ``chain_of_command``: the body and every body above it, up to the top.
- ``reporting_bodies``: the bodies that report directly to it.
- ``established_label``: its founding date, written as precisely as the sources give it.
- ``organ_card``: all of that as a short Markdown text, ready for ``display(Markdown(...))``.

Each takes the table as loaded (``load("organs")``) and an ``organ_id`` such as
``"joint-staff"``; an id the table does not have is refused with the list of ids
it does have.
"""

from __future__ import annotations

import pandas as pd

from ..charts.dates import date_label

NO_DATE = "no reliable date in the sources read"


def _by_id(organs: pd.DataFrame, organ_id: str) -> pd.DataFrame:
    """The table indexed by ``organ_id``, after checking that ``organ_id`` is one of its rows."""
    by_id = organs.set_index("organ_id")
    if organ_id not in by_id.index:
        known = ", ".join(map(str, by_id.index))
        raise ValueError(f"There is no body {organ_id!r} in the organs table. Its organ_id values are: {known}.")
    return by_id


def chain_of_command(organs: pd.DataFrame, organ_id: str) -> list[str]:
    """The names of the body and of every body above it, from the body itself up to one that reports to none.

    It follows the ``parent`` column one step at a time: the Joint Staff reports
    to the Council of Defence Ministers, which reports to the Collective Security
    Council, which reports to none, so the chain has three names. A ``parent``
    column that leads round in a circle is refused rather than followed for ever.
    """
    by_id = _by_id(organs, organ_id)
    names: list[str] = []
    seen: list[str] = []
    current: str | None = organ_id
    while isinstance(current, str):
        if current in seen:
            loop = " -> ".join(seen[seen.index(current) :] + [current])
            raise ValueError(f"The parent column goes round in a circle: {loop}.")
        if current not in by_id.index:
            raise ValueError(f"{seen[-1]!r} reports to {current!r}, which is not a body in the organs table.")
        seen.append(current)
        names.append(str(by_id.loc[current, "name"]))
        parent = by_id.loc[current, "parent"]
        current = parent if isinstance(parent, str) and parent.strip() else None
    return names


def reporting_bodies(organs: pd.DataFrame, organ_id: str) -> list[str]:
    """The names of the bodies whose ``parent`` is ``organ_id``, in the table's order (an empty list if none)."""
    _by_id(organs, organ_id)
    return [str(name) for name in organs.loc[organs["parent"] == organ_id, "name"]]


def established_label(organs: pd.DataFrame, organ_id: str) -> str:
    """The body's ``established`` date at its ``established_precision`` ("2003-04-28", "2011-04" or "2006").

    A body whose founding the sources do not date reliably (an empty
    ``established`` cell, like the Military Committee's) gets a sentence that
    says so instead of a date.
    """
    row = _by_id(organs, organ_id).loc[organ_id]
    if pd.isna(row["established"]):
        return NO_DATE
    precision = row.get("established_precision")
    return date_label(row["established"], None if pd.isna(precision) else str(precision))


def organ_card(organs: pd.DataFrame, organ_id: str) -> str:
    """What the table records about one body, as Markdown: kind, composition, role, founding, line of reporting, sources.

    The "line of reporting" is ``chain_of_command`` joined by arrows; "bodies
    reporting to it" is ``reporting_bodies``, or "none in the table". The source
    ids are the rows of sources.csv behind this row, listed at the end of the lesson.
    """
    row = _by_id(organs, organ_id).loc[organ_id]
    below = reporting_bodies(organs, organ_id)
    sources = "none listed" if pd.isna(row["source_ids"]) else str(row["source_ids"]).replace(";", ", ")
    return (
        f"**{row['name']}** ({row['kind']})\n\n"
        f"- **Composition:** {row['composition']}\n"
        f"- **Role:** {row['role']}\n"
        f"- **Established:** {established_label(organs, organ_id)}\n"
        f"- **Line of reporting:** {' → '.join(chain_of_command(organs, organ_id))}\n"
        f"- **Bodies reporting to it:** {', '.join(below) if below else 'none in the table'}\n"
        f"- **Sources:** {sources}"
    )
