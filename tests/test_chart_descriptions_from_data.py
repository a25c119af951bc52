"""Do the descriptions written from a chart's data say what the chart shows, and change when the data does?

Lessons 02 to 05 call ``*_description`` functions instead of typing a long
sentence into a cell (issue #16: cells of a few lines). Each test builds the
table as the lesson builds it, draws the chart with the written description,
and checks it the way tests/test_notebooks.py checks a lesson's charts
(chart_descriptions.py): every legend category named, every stated count of
rows, bars and panels right, with no paragraph under the chart to help.
"""

from __future__ import annotations

import pandas as pd
import pytest
from chart_descriptions import miscounted_shape, unnamed_categories
from chart_orders import SERIES

from csto_course.charts.bases import facility_map_chart, facility_map_description
from csto_course.charts.forces import claimed_figures_chart, claimed_figures_description, exercises_chart, exercises_description
from csto_course.charts.forces_lesson import (
    contributions_chart,
    contributions_description,
    exercise_sizes_chart,
    exercise_sizes_description,
)
from csto_course.charts.hierarchy import hierarchy_chart, hierarchy_description
from csto_course.charts.membership_map import membership_map_chart, membership_map_description
from csto_course.charts.wording import and_list, capital, counted, number_word, year_list
from csto_course.data import load, load_map, status_by_year

CONTEXTS = ["At creation, 2001", "As planned, 2009", "Kazakhstan deployment, January 2022"]


def _described_in_full(spec: dict) -> None:
    """The description alone (no paragraph under the chart) names every legend category and counts right."""
    assert unnamed_categories(spec, "") == {}
    assert miscounted_shape(spec, "") == []


# --- wording.py ----------------------------------------------------------------------------------


def test_numbers_are_words_up_to_twenty_and_digits_beyond():
    assert [number_word(n) for n in (0, 6, 17, 20, 21, 43)] == ["zero", "six", "seventeen", "twenty", "21", "43"]


def test_lists_read_as_a_sentence_lists_them():
    assert [and_list([]), and_list(["a"]), and_list(["a", "b"]), and_list(["a", "b", "c"])] == ["", "a", "a and b", "a, b and c"]
    assert and_list(["At creation, 2001", "As planned, 2009"], sep="; ") == "At creation, 2001; and As planned, 2009"
    assert [counted(1, "panel"), counted(3, "panel"), counted(1, "body", "bodies"), counted(10, "body", "bodies")] == [
        "one panel",
        "three panels",
        "one body",
        "ten bodies",
    ]
    assert capital("the CRRF and the KSBR") == "The CRRF and the KSBR"  # str.capitalize would write "crrf"


def test_years_in_a_run_of_three_or_more_are_written_from_first_to_last():
    assert year_list([2025, 2021, 2022, 2023, 2024, 2009, 2015, 2015]) == "2009, 2015 and 2021 to 2025"
    assert year_list([2021, 2022, 2024]) == "2021, 2022 and 2024"


# --- lesson 02: the membership map -----------------------------------------------------------------


def test_membership_map_description_names_every_state_status_and_year_of_the_slider():
    by_year = status_by_year(1992).merge(load("countries")[["iso3", "iso_numeric"]], on="iso3")
    text = membership_map_description(by_year)
    assert f"from 1992 to {by_year['year'].max()}" in text
    assert "The nine states that have been party to the treaty (Armenia, Azerbaijan, Belarus, Georgia," in text
    assert "signatory; member; member, participation frozen; suspended; and former member" in text
    assert "Caucasus enlarged, with Armenia, Azerbaijan and Georgia in it" in text
    _described_in_full(membership_map_chart(by_year, load_map(), title="T", description=text).to_dict())
    central_asia = by_year[by_year["iso3"].isin(["KAZ", "KGZ", "TJK"]) & (by_year["status"] == "member")]
    fewer = membership_map_description(central_asia)
    assert "The three states" in fewer and "Armenia" not in fewer and "inset" not in fewer and ": member." in fewer


# --- lesson 03: the organisation chart -------------------------------------------------------------


def test_hierarchy_description_follows_every_line_of_the_organs_chart():
    organs = load("organs")
    text = hierarchy_description(organs)
    assert text.startswith("Organisation chart of ten bodies")
    assert (
        "The Collective Security Council reports to no body; five bodies report to it: the Council of Foreign Ministers, "
        "the Council of Defence Ministers, the Committee of Secretaries of Security Councils, the Permanent Council and "
        "the Secretariat." in text
    )
    assert "The Joint Staff and the Military Committee report to the Council of Defence Ministers." in text
    assert "The Parliamentary Assembly stands alone, reporting to no body." in text
    _described_in_full(hierarchy_chart(organs, title="T", description=text).to_dict())


def test_hierarchy_description_of_another_table_says_what_that_table_holds():
    table = pd.DataFrame(
        {
            "organ_id": ["top", "one", "alone"],
            "name": ["Council", "Staff", "Assembly"],
            "kind": ["political", "military", "parliamentary"],
            "parent": [None, "top", None],
        }
    )
    assert hierarchy_description(table) == (
        "Organisation chart of three bodies, read from left to right. The Council reports to no body; one body reports to it: "
        "the Staff. The Assembly stands alone, reporting to no body. "
        "Colour and shape mark the kind of body: political, military and parliamentary."
    )


# --- lesson 04: forces and exercises -----------------------------------------------------------------


@pytest.fixture
def sizes() -> pd.DataFrame:
    """The lesson 04 claims about the size of each force, with the dates as the sources give them."""
    as_given = load("claims", as_text=True)[["claim_id", "as_of"]].rename(columns={"as_of": "as_of_label"})
    claims = load("claims").merge(as_given, on="claim_id").merge(load("sources")[["source_id", "outlet", "kind"]], on="source_id")
    return claims[claims["topic"].isin(["crrf-size", "peacekeepers-size", "ksbr-size"])]


def test_claimed_figures_description_gives_every_figure_the_panels_draw(sizes):
    text = claimed_figures_description(sizes)
    assert text.startswith("Three panels of points")
    assert "Rapid Reaction Force (CRRF): 19,000 in 2011, 20,000 in 2013, 22,000 in 2015 (all collective forces), 18,000" in text
    assert "3,500 in 2013 (troops only)" in text  # what a figure counts, where it is not the panel's usual unit
    assert "counts (personnel; personnel (all collective forces); and personnel (troops only))" in text
    assert "Eleven of the fifteen figures are given as approximate" in text  # "about 18,000" is not "18,000"
    figures = sizes["value"].notna().sum()
    assert text.count(" in 20") == figures == 15  # the count of 11 battalions of 2008 has no point and no mention
    _described_in_full(claimed_figures_chart(sizes, title="T", description=text).to_dict())
    assert claimed_figures_description(sizes[sizes["topic"] == "ksbr-size"]).startswith("One panel of points")


def test_exercises_description_names_every_series_with_its_years():
    exercises = load("exercises")
    text = exercises_description(exercises, SERIES)
    assert "in nine rows, one per series." in text
    assert "Rubezh: 2004, 2006, 2008, 2014, 2021, 2022, 2024 and 2025;" in text
    assert "Echelon: 2020 to 2025;" in text and "Barrier: 2023 and 2025; and other: 2011, 2015 and 2017." in text
    _described_in_full(exercises_chart(exercises, series_order=SERIES, title="T", description=text).to_dict())
    rubezh = exercises_description(exercises[exercises["series"] == "Rubezh"], SERIES)
    assert "in one row, one per series. Rubezh: 2004," in rubezh and "Echelon" not in rubezh


def test_contributions_description_reads_the_grid_column_by_column():
    contributions = load("force_contributions").merge(load("countries")[["iso3", "name"]], on="iso3")
    per_state = contributions.groupby(["context", "name"]).agg(units=("unit", "size"), listed=("unit", "; ".join)).reset_index()
    text = contributions_description(per_state, CONTEXTS)
    assert text.startswith("A grid with six states as rows (Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia and Tajikistan)")
    assert "three moments as columns: At creation, 2001; As planned, 2009; and Kazakhstan deployment, January 2022." in text
    assert "At creation, 2001: Kazakhstan 1, Kyrgyzstan 1, Russia 1 and Tajikistan 1." in text
    assert "As planned, 2009: Armenia 1, Belarus 1, Kazakhstan 2, Kyrgyzstan 1, Russia 2 and Tajikistan 1." in text
    _described_in_full(contributions_chart(per_state, contexts=CONTEXTS, title="T", description=text).to_dict())


def test_exercise_sizes_description_names_every_bar_with_its_figure_and_every_series():
    exercises = load("exercises")
    sized = exercises.dropna(subset=["personnel"]).sort_values("year", kind="stable")
    text = exercise_sizes_description(sized, SERIES)
    assert text.startswith(f"Horizontal bars for the {number_word(len(sized))} exercises")
    assert "Rubezh-2006 2,500; Rubezh-2008 4,000; Vzaimodeistvie-2009 7,000;" in text
    assert all(f"{name} {n:,.0f}" in text for name, n in zip(sized["name"], sized["personnel"]))
    _described_in_full(exercise_sizes_chart(sized, series_order=SERIES, title="T", description=text).to_dict())


# --- lesson 05: the facility map ---------------------------------------------------------------------


def test_facility_map_description_names_every_host_with_its_count():
    bases, countries = load("bases"), load("countries")
    text = facility_map_description(bases, countries)
    assert (
        "Kazakhstan and Kyrgyzstan darkest, for 4 facilities each; Armenia and Belarus for 2 facilities each; "
        "Tajikistan lightest, for 1 facility." in text
    )
    assert "Russia (runs the facilities) is grey" in text and "with Armenia in it" in text
    _described_in_full(facility_map_chart(bases, countries, load_map(), title="T", description=text).to_dict())
    without_armenia = facility_map_description(bases[bases["host"] != "ARM"], countries)
    assert "Armenia" not in without_armenia and "inset" not in without_armenia
