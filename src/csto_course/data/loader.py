"""``load(name)``: one table of the course data as a typed pandas DataFrame.

The table is checked against data/datapackage.json first; the first problem is
raised as one clear error (see errors.py). Types follow the schema: integers
become ``Int64``, numbers ``Float64``, dates ``datetime64``, booleans
``boolean``, and partial ISO dates (``1999-04``) the first day of their period.
Empty cells become missing values (``<NA>``). List fields such as
``source_ids`` stay text; ``split_list`` turns them into Python lists.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import pandas as pd

from . import package
from .checks import check_table, parse_partial_date
from .errors import CourseDataError, error_for


def load(name: str, *, as_text: bool = False) -> pd.DataFrame:
    """Load a course table by name, for example ``load("events")``.

    ``as_text=True`` skips the type conversion and returns every cell as it is
    written in the file (after the same checks).

    >>> load("membership").columns[:3].tolist()
    ['iso3', 'date', 'date_precision']
    """
    problems = check_table(name)
    if problems:
        first = problems[0]
        more = len(problems) - 1
        if more:  # a copy: the checks' records are cached, and must not grow with every retry
            first = dataclasses.replace(
                first,
                detail=first.detail
                + f" ({more} more problem{'s' if more > 1 else ''} in this file: run csto-course validate to list them)",
            )
        raise error_for(first)
    path = package.table_path(name)
    stat = path.stat()
    # Each caller gets its own copy, so changing it never changes what others load.
    return _read(name, str(path), stat.st_mtime_ns, stat.st_size, as_text).copy()


@lru_cache(maxsize=64)
def _read(name: str, path: str, _mtime: int, _size: int, as_text: bool) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if as_text:
        return frame
    for field in package.fields(name):
        col = field["name"]
        if col in frame.columns:
            frame[col] = _convert(frame[col], field)
    return frame


def _convert(values: pd.Series, field: dict) -> pd.Series:
    kind = field.get("type", "string")
    blank = values.str.strip() == ""
    if field.get("csto:partialDate"):
        return pd.to_datetime(values.map(lambda v: parse_partial_date(v.strip()) if v.strip() else pd.NaT))
    if kind == "integer":
        return pd.to_numeric(values.mask(blank)).astype("Int64")
    if kind == "number":
        return pd.to_numeric(values.mask(blank)).astype("Float64")
    if kind == "date":
        return pd.to_datetime(values.mask(blank), format="%Y-%m-%d")
    if kind == "boolean":
        truthy = {t.lower() for t in field.get("trueValues", ["true", "True", "TRUE", "1"])}
        return values.mask(blank).map(lambda v: v.lower() in truthy if isinstance(v, str) else pd.NA).astype("boolean")
    return values.mask(blank).astype("string")


def split_list(values: pd.Series, delimiter: str = ";") -> pd.Series:
    """Turn a list column ("RUS;KAZ") into Python lists (["RUS", "KAZ"])."""
    return values.fillna("").map(lambda v: [x.strip() for x in v.split(delimiter) if x.strip()])


def tables() -> list[str]:
    """The names of every table in the course data."""
    return package.table_names()


__all__ = ["load", "split_list", "tables", "CourseDataError"]
