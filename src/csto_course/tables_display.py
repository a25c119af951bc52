"""Tables in a lesson show a missing value as "—", not as pandas' NaN, <NA>, NaT or None.

Those markers read like errors to a student who has not met them, and a lesson's tables
have many gaps on purpose (a term still running, an author not named, a figure no
source gives). ``start_lesson`` registers ``frame_html`` as IPython's HTML view of a
DataFrame, except in the pandas primer, which teaches the markers. Only the view
changes: the frame a student computes on keeps its missing values, and its text form
(``print(frame)``) still shows pandas' own markers.
"""

from __future__ import annotations

import pandas as pd

MISSING = "—"


def _dash_in_place_of_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy in which the columns pandas would show as <NA> or None hold MISSING instead.

    Float, datetime and plain string columns are left to ``to_html(na_rep=...)``, which
    keeps pandas' formatting of their other values (one number of decimals, dates
    without a time).
    """
    shown = frame
    for position, dtype in enumerate(frame.dtypes):
        column = frame.iloc[:, position]
        if pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_float_dtype(dtype):
            continue
        if not column.isna().any():
            continue
        if shown is frame:
            shown = frame.copy()
        shown.isetitem(position, column.astype(object).where(column.notna(), MISSING))
    return shown


def frame_html(frame: pd.DataFrame) -> str | None:
    """``frame._repr_html_()`` with MISSING where a value is missing (the same options decide rows and columns).

    It leans on pandas' own formatter classes, which are not public API: should a later pandas change
    them, the table is shown as pandas shows it, never as a traceback in place of the student's table.
    """
    try:
        return _frame_html(frame)
    except Exception:  # noqa: BLE001 - a nicer view is a courtesy; the table itself must always show
        return frame._repr_html_()


def _frame_html(frame: pd.DataFrame) -> str | None:
    if not pd.get_option("display.notebook_repr_html"):
        return None
    if frame._info_repr():  # too large, shown as .info(): nothing to fill
        return frame._repr_html_()
    if not frame.isna().to_numpy().any():
        return frame._repr_html_()
    # What DataFrame._repr_html_ does, with MISSING for its na_rep="NaN" (to_html has no min_rows).
    from pandas.io.formats import format as fmt

    formatter = fmt.DataFrameFormatter(
        _dash_in_place_of_missing(frame),
        na_rep=MISSING,
        float_format=pd.get_option("display.float_format"),
        index_names=True,
        header=True,
        index=True,
        bold_rows=True,
        escape=True,
        max_rows=pd.get_option("display.max_rows"),
        min_rows=pd.get_option("display.min_rows"),
        max_cols=pd.get_option("display.max_columns"),
        show_dimensions=pd.get_option("display.show_dimensions"),
        decimal=".",
    )
    return fmt.DataFrameRenderer(formatter).to_html(notebook=True)


def show_missing_as_dash(on: bool) -> None:
    """Register (or remove) ``frame_html`` as the running IPython's HTML view of DataFrames; outside IPython, nothing."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["text/html"]
    if on:
        formatter.for_type(pd.DataFrame, frame_html)
    elif formatter.type_printers.get(pd.DataFrame) is frame_html:
        formatter.pop(pd.DataFrame)
