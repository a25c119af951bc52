"""Dates written at the precision the sources give them: 2010-06-12, 2010-06 or 2010.

The tables store a month- or year-precise date as the first day of that period
and say which in a ``*_precision`` column (day, month, year); a label must not
turn "June 2010" into "2010-06-01".
"""

from __future__ import annotations

import pandas as pd

FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def date_label(value, precision=None) -> str:
    """``value`` written at ``precision``; an unknown or missing precision is read as a day."""
    fmt = FORMATS.get(precision if isinstance(precision, str) else "day", FORMATS["day"])
    return pd.Timestamp(value).strftime(fmt)
