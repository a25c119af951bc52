"""What start_lesson() changes in how a lesson's tables look, and what it leaves alone (#16)."""

from __future__ import annotations

import re

import nbformat
import numpy as np
import pandas as pd

from csto_course.notebook_runner import notebook_client


def _with_gaps() -> pd.DataFrame:
    """One missing value of each kind a course table holds once loaded (and a nullable integer)."""
    return pd.DataFrame(
        {
            "holder": pd.Series(["Nikolai Bordyuzha", "Taalatbek Masadykov"], dtype="string"),
            "author": pd.Series(["Eduard Poletaev", None], dtype="str"),
            "note": pd.Series(["acting", None], dtype=object),
            "personnel": pd.Series([19000, None], dtype="Int64"),
            "value": [19000.5, np.nan],
            "end": pd.to_datetime(["2016-12-31", None]),
            "deployed": pd.Series([True, None], dtype="boolean"),
        }
    )


def _cells(page: str) -> list[str]:
    return re.findall(r"<td>(.*?)</td>", page)


def test_missing_values_show_as_a_dash_and_everything_else_as_pandas_shows_it():
    from csto_course.tables_display import MISSING, frame_html

    frame = _with_gaps()
    shown = _cells(frame_html(frame))
    assert shown[7:] == ["Taalatbek Masadykov"] + [MISSING] * 6, "NaN, <NA>, None and NaT all read as an empty cell"
    assert MISSING == "—"
    assert (
        shown[:7]
        == _cells(frame._repr_html_())[:7]
        == ["Nikolai Bordyuzha", "Eduard Poletaev", "acting", "19000", "19000.5", "2016-12-31", "True"]
    )
    assert frame["end"].isna().sum() == 1 and frame["personnel"].isna().sum() == 1, "the data a student computes on keeps its NA"


def test_a_table_without_gaps_is_shown_exactly_as_pandas_shows_it():
    from csto_course.data import load
    from csto_course.tables_display import frame_html

    for frame in (_with_gaps().dropna(), load("summits"), load("claims").head(3)):
        if not frame.isna().any().any():
            assert frame_html(frame) == frame._repr_html_()
    with pd.option_context("display.max_rows", 6, "display.min_rows", 4):
        big = load("sources")
        assert big.isna().any().any()
        rows = re.compile(r"<tr>|\d+ rows × \d+ columns")
        found = rows.findall(frame_html(big))
        assert found == rows.findall(big._repr_html_()) and found[-1] == f"{len(big)} rows × 9 columns", "truncated as pandas does"


def test_if_pandas_formatter_changes_the_table_still_shows_as_pandas_shows_it(monkeypatch):
    """The dash view leans on pandas' formatter classes, which are not public: a later pandas must not
    turn a student's table into a traceback."""
    from csto_course import tables_display

    def changed(frame):
        raise TypeError("DataFrameFormatter() got an unexpected keyword argument 'min_rows'")

    monkeypatch.setattr(tables_display, "_frame_html", changed)
    frame = _with_gaps()
    assert tables_display.frame_html(frame) == frame._repr_html_()


def _run(code: str, tmp_path) -> list[str]:
    cells = [nbformat.v4.new_code_cell(c) for c in code.split("\n# --\n")]
    nb = nbformat.v4.new_notebook(cells=cells)
    notebook_client(nb, path=tmp_path, workdir=tmp_path, cell_timeout=60).execute()
    return [next((o["data"].get("text/html", "") for o in cell.outputs if "data" in o), "") for cell in nb.cells]


def test_a_history_lesson_shows_missing_values_as_a_dash_and_the_primer_shows_them_raw(tmp_path):
    """The review: <NA>, NaT and NaN read as errors in 00, 03, 04 and 05; the pandas primer teaches them."""
    setup = (
        "import pandas as pd\nfrom csto_course.lesson_start import start_lesson\n"
        "frame = pd.DataFrame({'end': pd.to_datetime(['2016-12-31', None]), 'author': pd.Series(['A', None], dtype='string')})"
    )
    code = "\n# --\n".join(
        [
            setup,
            'start_lesson("03_structure")',
            "frame",
            "int(frame.isna().sum().sum())",
            'start_lesson("00b_pandas_primer")',
            "frame",
        ]
    )
    _, _, history, _, _, primer = _run(code, tmp_path)
    assert _cells(history) == ["2016-12-31", "A", "—", "—"]
    assert _cells(primer) == ["2016-12-31", "A", "NaT", "&lt;NA&gt;"]
