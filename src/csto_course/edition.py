"""Which edition of the course this is, and how current its facts are.

``EDITION`` is the month the text and data were last released. How current
the facts are is not the edition date: it is the date of the latest news or
official report among the sources (``latest_report``), computed from
``data/sources.csv`` so it can never drift from the data. Each lesson's first
cell shows both (``lesson_start.py``), so a student reads "as of" before any
statement about the present.
"""

from __future__ import annotations

EDITION = "2026-12"
# Tables whose rows describe a present that moves on: each carries "csto:lastReviewed" in
# data/datapackage.json, the day it was last checked against the sources for new developments.
TIME_SENSITIVE = ("events", "membership", "summits", "exercises", "leaders", "claims", "bases", "org_memberships", "organizations")
REPORT_KINDS = ("news", "official")  # dated reports of events; seeds, reference works and the course's own docs are not


def latest_report() -> str:
    """The publication date of the newest news or official source, as sources.csv writes it."""
    from .data import load

    sources = load("sources", as_text=True)
    dated = sources.loc[sources["kind"].isin(REPORT_KINDS), "published"].dropna().astype(str)
    dated = dated[dated.str.len() > 0]
    # A report dated only "2026" may be from any day of 2026: it counts as its earliest possible day,
    # so a vague date never makes the facts look more current than a precise one shows.
    return max(dated, key=lambda text: (text + "-00-00")[:10]) if len(dated) else "undated"


def last_reviewed(table: str) -> str | None:
    """The day ``table`` was last checked for new developments (ISO date), as data/datapackage.json records it."""
    from .data import package

    return package.resource(table).get("csto:lastReviewed")
