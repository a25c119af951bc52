"""The one check every chart helper makes before drawing: are the columns it reads there?

A helper given the wrong table would otherwise draw an empty chart, or fail
deep inside Altair; instead it stops with a sentence that names what is
missing and what the table has.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def require_columns(frame: pd.DataFrame, columns: Iterable[str], what: str, *, rows: bool = False) -> None:
    """Raise ValueError naming the columns ``what`` needs that ``frame`` lacks; with ``rows``, an empty table too."""
    if rows and frame.empty:  # first: an empty selection often has no columns either, and rows are what is missing
        raise ValueError(f"{what} was given a table with no rows: there is nothing to draw. Check the selection that made it.")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} needs the column(s) {', '.join(sorted(missing))}; the table has {', '.join(map(str, frame.columns))}.")
