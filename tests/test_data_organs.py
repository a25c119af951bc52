"""The CSTO's bodies one at a time (data/organs.py): the answers lesson 03's "one body at a time" menu shows.

Moved from test_chart_structure.py, so that the mutation test of the data area runs them.
"""

from __future__ import annotations

import pandas as pd
import pytest

from csto_course.data import load
from csto_course.data.organs import NO_DATE, chain_of_command, established_label, organ_card, reporting_bodies


@pytest.fixture(scope="module")
def organs() -> pd.DataFrame:
    return load("organs")


def test_chain_of_command_follows_the_parent_column_to_the_top(organs):
    assert chain_of_command(organs, "joint-staff") == ["Joint Staff", "Council of Defence Ministers", "Collective Security Council"]
    assert chain_of_command(organs, "pa") == ["Parliamentary Assembly"]  # reports to none
    names = organs.set_index("name")
    for organ_id in organs["organ_id"]:
        chain = chain_of_command(organs, organ_id)
        for lower, upper in zip(chain, chain[1:]):  # each step is the body's parent
            assert organs.loc[organs["organ_id"] == names.loc[lower, "parent"], "name"].item() == upper
        assert pd.isna(names.loc[chain[-1], "parent"])  # and it ends at a body that reports to none


def test_a_circle_or_an_unknown_body_is_refused_in_plain_words(organs):
    circle = pd.DataFrame({"organ_id": ["a", "b"], "name": ["A", "B"], "parent": ["b", "a"]})
    with pytest.raises(ValueError, match="goes round in a circle: a -> b -> a"):
        chain_of_command(circle, "a")
    with pytest.raises(ValueError, match="There is no body 'nato' in the organs table. Its organ_id values are: csc, cfm"):
        chain_of_command(organs, "nato")
    with pytest.raises(ValueError, match="'a' reports to 'nowhere', which is not a body"):
        chain_of_command(pd.DataFrame({"organ_id": ["a"], "name": ["A"], "parent": ["nowhere"]}), "a")


def test_reporting_bodies_are_the_rows_whose_parent_is_the_body(organs):
    assert reporting_bodies(organs, "csc") == [
        "Council of Foreign Ministers",
        "Council of Defence Ministers",
        "Committee of Secretaries of Security Councils",
        "Permanent Council",
        "Secretariat",
    ]
    assert reporting_bodies(organs, "joint-staff") == []


def test_established_is_written_at_its_precision_or_says_there_is_no_date(organs):
    assert established_label(organs, "joint-staff") == "2003-04-28"
    assert established_label(organs, "military-committee") == NO_DATE
    by_month = organs.assign(established_precision=organs["established_precision"].where(organs["organ_id"] != "pa", "month"))
    assert established_label(by_month, "pa") == "2006-11"


def test_organ_card_says_what_the_table_records(organs):
    card = organ_card(organs, "joint-staff")
    row = organs.set_index("organ_id").loc["joint-staff"]
    assert card.startswith("**Joint Staff** (military)\n\n")
    assert f"- **Composition:** {row['composition']}\n" in card and f"- **Role:** {row['role']}\n" in card
    assert "- **Line of reporting:** Joint Staff → Council of Defence Ministers → Collective Security Council\n" in card
    assert "- **Bodies reporting to it:** none in the table\n" in card
    assert card.endswith("- **Sources:** " + row["source_ids"].replace(";", ", "))
    assert "- **Bodies reporting to it:** Working group on Afghanistan\n" in organ_card(organs, "cfm")
    assert f"- **Established:** {NO_DATE}\n" in organ_card(organs, "military-committee")


def test_a_blank_parent_cell_means_the_body_reports_to_none():
    table = pd.DataFrame({"organ_id": ["a", "b"], "name": ["A", "B"], "parent": ["  ", "a"]})
    assert chain_of_command(table, "b") == ["B", "A"]


def test_a_date_without_a_precision_is_written_in_full(organs):
    no_precision = organs.assign(established_precision=pd.NA)
    assert established_label(no_precision, "joint-staff") == "2003-04-28"


def test_a_card_lists_every_body_reporting_to_it_and_says_when_no_source_is_listed(organs):
    card = organ_card(organs, "csc")
    assert "- **Bodies reporting to it:** " + ", ".join(reporting_bodies(organs, "csc")) + "\n" in card
    unsourced = organs.assign(source_ids=pd.NA)
    assert organ_card(unsourced, "csc").endswith("- **Sources:** none listed")
