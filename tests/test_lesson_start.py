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


def test_a_table_without_gaps_is_pandas_own_table():
    from csto_course.data import load
    from csto_course.tables_display import frame_html

    with pd.option_context("display.max_columns", 20):  # as in a lesson's kernel (pandas sets 0 outside IPython)
        # no gap, no whole number stored as a float, no flag or source id to put in words
        for frame in (
            _with_gaps().dropna(),
            load("summits").drop(columns="source_ids").dropna(),
            load("claims").head(3)[["claim_id", "claim"]],
        ):
            assert not frame.isna().any().any()
            assert frame._repr_html_() in frame_html(frame), "pandas' table, in a <div> that styles its text columns"
        with pd.option_context("display.max_rows", 6, "display.min_rows", 4):
            big = load("sources")
            assert big.isna().any().any()
            rows = re.compile(r"<tr>|\d+ rows × \d+ columns")
            found = rows.findall(frame_html(big))
            assert found == rows.findall(big._repr_html_()) and found[-1] == f"{len(big)} rows × 9 columns", "truncated as pandas does"


def _flush_left(page: str) -> tuple[list[int], list[int]]:
    """The places a table's own style sets flush left: among a row's data cells, and in its first heading row."""
    return _styled(page, "text-align: left")


def _styled(page: str, declaration: str) -> tuple[list[int], list[int]]:
    """The places (data cells, first heading row) the table's own style gives ``declaration``."""
    style = re.search(r'<div class="csto-table-\w+"><style>(.*?)</style>', page)
    rules = "".join(m[0] for m in re.findall(r"([^{}]*)\{ ([^}]*) \}", style[1] if style else "") if declaration in m[1])
    return [int(n) for n in re.findall(r"td:nth-of-type\((\d+)\)", rules)], [int(n) for n in re.findall(r"th:nth-of-type\((\d+)\)", rules)]


def test_text_columns_are_set_flush_left_and_numbers_dates_and_flags_flush_right():
    """The review: claims and titles set flush right are ragged where a reader starts each line (03, 04, 07)."""
    from csto_course.tables_display import frame_html

    frame = _with_gaps()  # holder (string), author (str), note (object of str); then Int64, float, date, boolean
    with pd.option_context("display.max_columns", 20):
        assert _flush_left(frame_html(frame)) == ([1, 2, 3], [2, 3, 4]), "after the index's one heading"
        by_two = frame.set_index(["holder", "personnel"])  # two index levels: two headings before the columns
        assert _flush_left(frame_html(by_two)) == ([1, 2], [3, 4])
        assert _flush_left(frame_html(frame[["value", "end"]])) == ([], [])
        wide = pd.DataFrame({f"c{i}": ["text"] for i in range(21)})  # pandas cuts it to 20 columns and a "..."
        assert _flush_left(frame_html(wide)) == ([], []) and frame_html(wide) == wide._repr_html_()
    assert frame_html(frame).count("<td>") == frame._repr_html_().count("<td>"), "only a style is added"


def test_whole_numbers_read_as_whole_numbers_and_a_missing_one_as_a_dash():
    """Screenshot pass, 04-3, 05-4 and 07: ``value`` showed 19000.0 and 3000.0 (a float column, because some figures are
    missing), and 04's table showed ``<NA>`` for a missing figure beside "—" for a missing unit."""
    from csto_course.data import load
    from csto_course.tables_display import MISSING, frame_html

    claims = load("claims")
    assert str(claims["value"].dtype) == "Float64" and claims["value"].isna().any()
    figures = pd.DataFrame(
        {
            "value": claims["value"].iloc[:0].tolist() + [19000.0, None, 2.0],  # as claims.csv's nullable floats
            "plain": [3000.0, np.nan, 5000.0],
            "share": [0.5, np.nan, 1.0],
        }
    ).astype({"value": "Float64"})
    with pd.option_context("display.max_columns", 20):
        shown = _cells(frame_html(figures))
    assert shown == ["19000", "3000", "0.5", MISSING, MISSING, MISSING, "2", "5000", "1.0"]
    assert "&lt;NA&gt;" not in frame_html(claims.head(40)) and "19000.0" not in frame_html(claims.head(40))
    assert figures["value"].isna().sum() == 1 and str(figures["plain"].dtype) == "float64", "only the view changes"


def test_dates_never_break_and_long_prose_keeps_a_readable_width():
    """Screenshot pass: dates wrapped onto two lines ("2019-" above "09-30") in 00, 02, 03, 04, 06, 08 and 09, and in 00's
    explorer of ``events.head(8)`` the ``description`` wrapped at about ten characters a line."""
    from csto_course.data import load
    from csto_course.tables_display import frame_html

    events = load("events").head(8)
    as_written = load("sources", as_text=True)[["source_id", "published", "perspective"]].head(5)
    with pd.option_context("display.max_columns", 20):
        page = frame_html(events)
        assert _styled(page, "white-space: nowrap")[0] == [2], "the date column (typed)"
        assert _styled(frame_html(as_written), "white-space: nowrap")[0] == [2], "a date column as written (text)"
        widths = dict(re.findall(r"td:nth-of-type\((\d+)\)[^{]*\{ min-width: (\w+);", page))
        assert widths == {"4": "12em", "7": "26em"}, "the title: a sentence; the description: a paragraph"
        assert _styled(frame_html(events[["event_id", "category"]]), "min-width")[0] == [], "short words wrap as they must"
        cells = _cells(frame_html(events[["countries"]]))
        assert cells[0] == "ARM; KAZ; KGZ; RUS; TJK; UZB", "a list of codes can wrap"
        assert events["countries"].iloc[0] == "ARM;KAZ;KGZ;RUS;TJK;UZB", "only the view changes"


def test_flags_and_source_ids_read_in_words_not_as_the_files_write_them():
    """Screenshot pass, 06-3 and 08-1: the crisis explorer's row and 08's tables showed ``true``/``false`` and raw
    ``;``-joined ``source_ids``; the lessons cite sources by short name ("Oglavnom 2023")."""
    from csto_course.data import load
    from csto_course.tables_display import frame_html

    crises = load("crises", as_text=True).set_index("crisis_id")
    row = crises.loc["armenia-2022", ["summary", "request_made", "troops_deployed", "source_ids"]].to_frame("Armenia, September 2022")
    with pd.option_context("display.max_columns", 20, "display.max_colwidth", None):
        cells = _cells(frame_html(row))
        table = _cells(frame_html(load("organizations", as_text=True)[["abbreviation", "collective_defence_clause", "source_ids"]]))
    assert cells[1:3] == ["yes", "no"] and "Oglavnom 2023" in cells[3] and "seed-oglavnom-2023" not in cells[3]
    assert {"yes", "no"} <= set(table) and not {"true", "false"} & set(table)
    assert not [c for c in table if re.fullmatch(r"[a-z0-9-]+(;[a-z0-9-]+)*", c) and "-" in c], "no raw source id"
    assert row.loc["request_made"].item() == "true", "only the view changes"


def test_if_setting_text_flush_left_fails_the_table_still_shows_as_pandas_shows_it(monkeypatch):
    from csto_course import tables_display

    def broken(frame, page):
        raise AttributeError("'Index' object has no attribute 'nlevels'")

    monkeypatch.setattr(tables_display, "_column_styles", broken)
    frame = _with_gaps()
    with pd.option_context("display.max_columns", 20):
        assert tables_display.frame_html(frame) == frame._repr_html_()


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
    assert _flush_left(history) == ([2], [3]) and _flush_left(primer) == ([], []), "the author's name flush left, in lessons"
