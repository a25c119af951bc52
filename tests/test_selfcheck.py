"""The visible checks in the exercises: what a student reads when an answer is not yet right."""

from __future__ import annotations

import pandas as pd
import pytest

from csto_course.selfcheck import (
    SelfCheckFailed,
    expect,
    expect_columns,
    expect_defined,
    expect_frame,
    expect_rows,
    passed,
)


def message(check, *args) -> str:
    with pytest.raises(SelfCheckFailed) as err:
        check(*args)
    assert isinstance(err.value, AssertionError)  # nbgrader and the course's grader count it as a failed check
    return str(err.value)


def test_a_failed_check_shows_as_one_plain_line_in_a_notebook():
    err = SelfCheckFailed("members is missing the column(s) year")
    assert err._render_traceback_() == ["Not yet: members is missing the column(s) year"]


def test_expect_passes_silently_and_fails_with_the_message():
    assert expect(True, "never shown") is None
    assert message(expect, False, "say why") == "say why"


def test_a_missing_variable_is_named():
    assert expect_defined({"members": 1}, "members") is None
    assert message(expect_defined, {"member": 1}, "members") == (
        "there is no variable called 'members' yet. Run your answer cell, and check the spelling."
    )


@pytest.mark.parametrize("value, kind", [([1, 2], "list"), (pd.Series([1]), "Series"), (None, "NoneType")])
def test_something_other_than_a_table_is_named_by_its_type(value, kind):
    assert message(expect_frame, value, "members") == f"members should be a pandas DataFrame, but it is a {kind}."


def test_missing_columns_are_listed_with_the_ones_there_are():
    frame = pd.DataFrame({"country": ["Armenia"], 1992: [True]})
    assert expect_columns(frame, ["country"], "members") is None
    assert message(expect_columns, frame, ["country", "joined", "left"], "members") == (
        "members is missing the column(s) joined, left; it has country, 1992."
    )
    assert message(expect_columns, [1], ["country"], "members") == "members should be a pandas DataFrame, but it is a list."


def test_row_counts_must_be_exact_neither_more_nor_fewer():
    frame = pd.DataFrame({"year": range(1992, 2026)})
    assert expect_rows(frame, 34, "one row per year") is None
    assert message(expect_rows, frame.head(33), 34, "one row per year") == (
        "expected one row per year (34 rows) in your table; found 33 rows."
    )
    too_many = pd.concat([frame, frame.tail(1)])
    assert message(expect_rows, too_many, 34, "one row per year", "per_year") == (
        "expected one row per year (34 rows) in per_year; found 35 rows."
    )
    assert message(expect_rows, {"year": [1]}, 1, "one row", "per_year") == "per_year should be a pandas DataFrame, but it is a dict."


def test_passing_says_the_hidden_tests_may_check_more(capsys):
    passed("Task 2")
    assert capsys.readouterr().out == "✔ Task 2: your answer passes the visible checks. The instructor's hidden tests may check more.\n"
