"""Tables in a lesson show a missing value as "—", not as pandas' NaN, <NA>, NaT or None, and text flush left.

Those markers read like errors to a student who has not met them, and a lesson's tables
have many gaps on purpose (a term still running, an author not named, a figure no
source gives). Text set flush right, as pandas and JupyterLab set every cell, is ragged
on the left, where a reader starts: hard to read exactly where a lesson asks students to
compare the wording of claims. ``start_lesson`` registers ``frame_html`` as IPython's
HTML view of a DataFrame, except in the pandas primer, which teaches the markers and
shows tables as pandas does. Only the view changes: the frame a student computes on
keeps its missing values, and its text form (``print(frame)``) still shows pandas' own
markers.
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
        return _text_flush_left(frame, _frame_html(frame))
    except Exception:  # noqa: BLE001 - a nicer view is a courtesy; the table itself must always show
        return frame._repr_html_()


def _is_text(column: pd.Series) -> bool:
    """A column of strings: pandas' string dtypes, or an object column whose values are all ``str``."""
    if pd.api.types.is_string_dtype(column):
        return True
    values = column.dropna()
    return column.dtype == object and len(values) > 0 and all(isinstance(v, str) for v in values)


def _text_flush_left(frame: pd.DataFrame, page: str | None) -> str | None:
    """``page``, the frame's table, in a <div> whose style sets the text columns' cells and headings flush left.

    The style names each text column by its place among a row's data cells (``td:nth-of-type``)
    and in the first heading row, after one heading per index level. Its class is made of those
    places, so two tables that share a class share the same rule. A table whose columns pandas may
    cut down (more than ``display.max_columns``, or that option at 0, "fit the terminal", as outside
    IPython) or whose columns have several levels is left as it is.
    """
    max_cols = pd.get_option("display.max_columns")
    if page is None or isinstance(frame.columns, pd.MultiIndex) or (max_cols is not None and not 0 < frame.shape[1] <= max_cols):
        return page
    places = [k + 1 for k in range(frame.shape[1]) if _is_text(frame.iloc[:, k])]
    if not places:
        return page
    levels = frame.index.nlevels
    name = f"csto-text-left-{levels}-" + "-".join(map(str, places))
    rules = ", ".join(f".{name} tbody td:nth-of-type({k}), .{name} thead tr:first-child th:nth-of-type({levels + k})" for k in places)
    return f'<div class="{name}"><style>{rules} {{ text-align: left; }}</style>{page}</div>'


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
