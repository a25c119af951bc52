"""Does the crisis timeline show what the crises table dates, and only that?"""

from __future__ import annotations

import pandas as pd
import pytest

from csto_course.charts import OKABE_ITO, crisis_marks, crisis_timeline_chart
from csto_course.data import load


def test_marks_follow_the_table_and_its_precision():
    marks = crisis_marks(load("crises")).set_index(["crisis_id", "marker"])
    kazakhstan = marks.loc["kazakhstan-2022", "date_label"]
    assert kazakhstan.to_dict() == {"crisis begins": "2022-01-02", "help requested": "2022-01-05", "crisis ends": "2022-01-19"}
    assert marks.loc[("kyrgyzstan-2010", "crisis begins"), "date_label"] == "2010-06"  # known only to the month
    assert ("afghanistan-2021", "help requested") not in marks.index  # no request: no marker
    assert ("armenia-2022", "crisis ends") not in marks.index  # no end date: no marker
    assert set(marks.loc["kazakhstan-2022", "deployment"]) == {"collective troops deployed"}
    assert (marks["deployment"] == "collective troops deployed").sum() == 3


def test_chart_is_titled_described_and_draws_month_precise_ends_to_the_month_end():
    spec = crisis_timeline_chart(load("crises"), title="T", description="D").to_dict()
    assert spec["title"] == "T" and spec["description"] == "D"
    assert spec["config"]["range"]["category"] == OKABE_ITO
    bars = spec["datasets"][spec["layer"][0]["data"]["name"]]
    ends = {row["crisis_id"]: row["end"][:10] for row in bars}
    assert ends == {"kyrgyzstan-2010": "2010-06-30", "karabakh-2020": "2020-11-10", "kazakhstan-2022": "2022-01-19"}
    notes = spec["datasets"][spec["layer"][-1]["data"]["name"]]
    assert {row["crisis_id"] for row in notes} == {"armenia-2021", "afghanistan-2021", "armenia-2022"}
    assert spec["layer"][0]["encoding"]["y"]["sort"][0] == "Kyrgyzstan 2010"  # earliest first, by name, not id


def test_highlight_fades_the_other_crises_and_unknown_ids_are_named():
    crises = load("crises")
    spec = crisis_timeline_chart(crises, title="T", description="D", highlight="armenia-2022").to_dict()
    rows = [row for layer in spec["layer"] for row in spec["datasets"][layer["data"]["name"]]]
    assert {row["emphasis"] for row in rows if row["crisis_id"] == "armenia-2022"} == {1.0}
    assert {row["emphasis"] for row in rows if row["crisis_id"] != "armenia-2022"} == {0.2}
    with pytest.raises(ValueError, match="There is no crisis 'nope' to highlight"):
        crisis_timeline_chart(crises, title="T", description="D", highlight="nope")


def test_one_crisis_gets_a_close_up_in_days():
    crises = load("crises")
    spec = crisis_timeline_chart(crises[crises["crisis_id"] == "kazakhstan-2022"], title="T", description="D").to_dict()
    x = spec["layer"][0]["encoding"]["x"]
    assert x["axis"]["format"] == "%Y-%m-%d"
    start, end = (pd.Timestamp(d) for d in x["scale"]["domain"])
    assert start <= pd.Timestamp("2022-01-02") and end >= pd.Timestamp("2022-01-19") and (end - start).days < 90


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match=r"a crisis chart \(it reads crises.csv\) needs the column\(s\) end_date"):
        crisis_marks(pd.DataFrame({"crisis_id": ["x"]}))


def test_the_explorer_menu_names_each_crisis_by_place_and_month():
    from csto_course.charts.crises_lesson import crisis_choices

    choices = crisis_choices(load("crises"))
    assert choices[0] == ("Kyrgyzstan, June 2010", "kyrgyzstan-2010")  # earliest first
    assert dict(choices)["Armenia, September 2022"] == "armenia-2022"
    assert [value for _, value in choices] == list(load("crises").sort_values("start_date")["crisis_id"])
    assert len({label for label, _ in choices}) == len(choices)


def test_a_crisis_is_named_alike_in_the_menu_and_above_its_row():
    from csto_course.charts.crises_lesson import crisis_choices, crisis_names

    crises = load("crises")
    names = crisis_names(crises)
    assert names["armenia-2022"] == "Armenia, September 2022" and set(names) == set(crises["crisis_id"])
    assert crisis_choices(crises) == [(name, crisis_id) for crisis_id, name in names.items()]
