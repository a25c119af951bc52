"""Does the facilities map count the table's rows per host and say what its colours mean?"""

from __future__ import annotations

import pandas as pd
import pytest

from csto_course.charts.bases import COUNT_RAMP, OPERATOR_COLOUR, count_label, facility_counts, facility_map_chart
from csto_course.data import load, load_map


@pytest.fixture(scope="module")
def tables():
    return load("bases"), load("countries")


def test_counts_have_one_row_per_host_and_add_up_to_the_table(tables):
    bases, countries = tables
    counts = facility_counts(bases, countries)
    assert list(counts.columns) == ["iso3", "name", "iso_numeric", "facilities"]
    assert counts["iso3"].is_unique and set(counts["iso3"]) == set(bases["host"])
    assert counts["facilities"].sum() == len(bases)
    assert counts["name"].notna().all() and counts["iso_numeric"].str.fullmatch(r"\d{3}").all()
    assert counts["facilities"].is_monotonic_decreasing
    assert list(counts.index) == list(range(len(counts)))


def test_ties_are_ordered_by_code():
    bases = pd.DataFrame({"host": ["TJK", "ARM", "KGZ", "KGZ"]})
    counts = facility_counts(bases, load("countries"))
    assert counts["iso3"].tolist() == ["KGZ", "ARM", "TJK"]


@pytest.mark.parametrize("count, label", [(1, "1 facility"), (2, "2 facilities"), (11, "11 facilities")])
def test_count_labels_are_words(count, label):
    assert count_label(count) == label


def test_map_is_titled_and_its_legend_runs_from_few_to_many(tables):
    bases, countries = tables
    spec = facility_map_chart(bases, countries, load_map(), title="T", description="D", subtitle="S").to_dict()
    assert spec["title"] == {"text": "T", "subtitle": "S"} and spec["description"] == "D"
    colour = spec["layer"][1]["encoding"]["color"]
    levels = sorted(facility_counts(bases, countries)["facilities"].unique())
    assert colour["scale"]["domain"] == [count_label(n) for n in levels] + ["Russia (runs the facilities)"]
    ramp = colour["scale"]["range"][:-1]
    assert [COUNT_RAMP.index(c) for c in ramp] == sorted(COUNT_RAMP.index(c) for c in ramp)  # lighter to darker
    assert len(set(ramp)) == len(ramp) and colour["scale"]["range"][-1] == OPERATOR_COLOUR
    assert colour["title"] == "Russian facilities"


def test_tooltip_speaks_of_facilities_not_status(tables):
    bases, countries = tables
    spec = facility_map_chart(bases, countries, load_map(), title="T", description="D").to_dict()
    titles = [t["title"] for t in spec["layer"][1]["encoding"]["tooltip"]]
    assert titles == ["Country", "Russian facilities in the table"]
    lookup = spec["layer"][1]["transform"][0]
    assert lookup["lookup"] == "id" and lookup["from"]["key"] == "iso_numeric"


def test_one_host_and_no_operator(tables):
    bases, countries = tables
    spec = facility_map_chart(bases[bases["host"] == "TJK"], countries, load_map(), title="T", description="D", operator=None).to_dict()
    scale = spec["layer"][1]["encoding"]["color"]["scale"]
    assert scale["domain"] == ["1 facility"] and len(scale["range"]) == 1
    rows = spec["datasets"][spec["layer"][1]["transform"][0]["from"]["data"]["name"]]
    assert [r["name"] for r in rows] == ["Tajikistan"]
