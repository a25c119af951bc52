"""Unit tests of the data layer: what a student or an author reads when a table is loaded, checked or cited.

Each test starts without the in-memory caches of loaded and checked tables (as a new
kernel does), so that it exercises the code that reads and checks the files.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from file_edits import replace_in

from csto_course.data import (
    BrokenReferenceError,
    InvalidDataError,
    MissingFileError,
    checks,
    citation_labels,
    citations,
    dictionary,
    load,
    load_map,
    loader,
    maps,
    membership_periods,
    package,
    split_list,
    status_on,
    validate_all,
)
from csto_course.data.checks import check_table, parse_partial_date


@pytest.fixture(autouse=True)
def as_in_a_new_kernel():
    """Nothing loaded, parsed or checked yet."""
    for cached in (loader._read, checks._check_table_cached, package._read_package_cached, maps._read):
        cached.cache_clear()
    yield
    for cached in (loader._read, checks._check_table_cached, package._read_package_cached, maps._read):
        cached.cache_clear()


def _edit_schema(root: Path, table: str, change) -> None:
    """Apply change(resource) to one table's descriptor in the scratch datapackage.json."""
    path = root / "data" / "datapackage.json"
    pkg = json.loads(path.read_text(encoding="utf-8"))
    change(next(r for r in pkg["resources"] if r["name"] == table))
    path.write_text(json.dumps(pkg, indent=2), encoding="utf-8")


def _field(resource: dict, name: str) -> dict:
    return next(f for f in resource["schema"]["fields"] if f["name"] == name)


def _messages(table: str) -> list[str]:
    return [p.message for p in check_table(table)]


# --- partial dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1999", pd.Timestamp("1999-01-01")),
        ("1999-04", pd.Timestamp("1999-04-01")),
        ("1999-04-02", pd.Timestamp("1999-04-02")),
        ("1999-13", None),
        ("1999-02-30", None),
        ("99", None),
        ("", None),
    ],
)
def test_a_partial_date_is_the_first_day_of_its_period(text, expected):
    assert parse_partial_date(text) == expected


# --- types after loading -----------------------------------------------------------------------


def test_loaded_columns_have_the_types_the_schema_names():
    orgs = load("organizations").set_index("org_id")
    assert str(orgs["members_count"].dtype) == "Int64" and orgs.loc["csto", "members_count"] == 6
    assert str(orgs["collective_defence_clause"].dtype) == "boolean"
    assert bool(orgs.loc["csto", "collective_defence_clause"])
    assert not bool(orgs.loc["sco", "collective_defence_clause"])
    assert orgs.loc["csto", "founded"] == pd.Timestamp("2002-10-07")
    assert orgs.loc["csto", "members_as_of"] == pd.Timestamp("2026-01-01"), "a partial date is the first day of its month"
    assert str(orgs["headquarters"].dtype) == "string"
    assert orgs.loc["csto", "headquarters"] == "Moscow" and orgs.loc["nato", "headquarters"] is pd.NA, "an empty cell is missing"
    claims = load("claims")
    assert str(claims["value"].dtype) == "Float64" and claims["value"].isna().any() and claims["value"].max() >= 2000
    bases = load("bases")
    assert str(bases["agreement_until"].dtype) == "Int64" and bases["agreement_until"].isna().any()
    assert 2042 in set(bases["agreement_until"].dropna())
    organs = load("organs").set_index("organ_id")
    assert pd.isna(organs.loc["military-committee", "established"]), "an empty partial date is missing, not an error"


def test_as_text_keeps_the_cells_as_written():
    orgs = load("organizations", as_text=True).set_index("org_id")
    assert orgs.loc["csto", "members_count"] == "6" and orgs.loc["nato", "headquarters"] == ""


def test_summit_dates_are_read_as_four_digit_years():
    summits = load("summits")
    assert pd.api.types.is_datetime64_any_dtype(summits["date"])
    assert summits["date"].dt.year.min() >= 1992


def test_booleans_accept_1_and_any_case(scratch_course):
    replace_in(scratch_course / "data" / "crises.csv", ",true,2010-06-12,RUS,", ",1,2010-06-12,RUS,")
    replace_in(scratch_course / "data" / "crises.csv", 'ceasefire.",false,', 'ceasefire.",FALSE,')
    crises = load("crises").set_index("crisis_id")
    assert crises.loc["kyrgyzstan-2010", "request_made"] == True  # noqa: E712 (a pandas boolean)
    assert crises.loc["karabakh-2020", "request_made"] == False  # noqa: E712
    assert bool(crises.loc["kazakhstan-2022", "troops_deployed"])


def test_booleans_follow_the_true_values_the_schema_declares(scratch_course):
    def yes_no(resource):
        _field(resource, "collective_defence_clause").update(trueValues=["true", "yes"], falseValues=["false", "no"])

    _edit_schema(scratch_course, "organizations", yes_no)
    replace_in(scratch_course / "data" / "organizations.csv", ",CSTO,2002-10-07,6,2026-01,true,", ",CSTO,2002-10-07,6,2026-01,yes,")
    assert bool(load("organizations").set_index("org_id").loc["csto", "collective_defence_clause"])


def test_split_list_gives_an_empty_list_for_a_missing_cell():
    assert split_list(pd.Series(["RUS; KAZ", None, ""])).tolist() == [["RUS", "KAZ"], [], []]
    assert split_list(pd.Series(["a|b"]), delimiter="|").tolist() == [["a", "b"]]


# --- the messages a broken table gives ---------------------------------------------------------


def test_a_cell_of_the_wrong_type_names_the_type(scratch_course):
    replace_in(scratch_course / "data" / "organizations.csv", ",CSTO,2002-10-07,6,", ",CSTO,2002-10-07,six,")
    with pytest.raises(InvalidDataError) as err:
        load("organizations")
    assert str(err.value) == (
        'data/organizations.csv, row 2, column "members_count": "six" is not a valid integer. '
        "Fix the cell so that it has the type the column needs; see data/README.md. [type-error]"
    )


def test_a_number_below_its_minimum_says_which_rule(scratch_course):
    replace_in(scratch_course / "data" / "organizations.csv", ",CSTO,2002-10-07,6,", ",CSTO,2002-10-07,-1,")
    with pytest.raises(InvalidDataError, match=r'"-1" breaks a rule \(constraint "minimum" is "1"\)'):
        load("organizations")


def test_a_value_of_the_wrong_form_quotes_the_column_description(scratch_course):
    replace_in(scratch_course / "data" / "countries.csv", "ARM,Armenia,051", "ARM,Armenia,5x1")
    with pytest.raises(InvalidDataError) as err:
        load("countries")
    assert str(err.value).startswith(
        'data/countries.csv, row 2, column "iso_numeric": "5x1" does not have the expected form '
        "(ISO 3166-1 numeric code as three digits with leading zeros (the id used in the map file).). Fix the cell"
    )


def test_a_value_of_the_wrong_form_without_a_description(scratch_course):
    _edit_schema(scratch_course, "countries", lambda res: _field(res, "iso_numeric").pop("description"))
    replace_in(scratch_course / "data" / "countries.csv", "ARM,Armenia,051", "ARM,Armenia,5x1")
    with pytest.raises(InvalidDataError) as err:
        load("countries")
    assert str(err.value).startswith('data/countries.csv, row 2, column "iso_numeric": "5x1" does not have the expected form. Fix')


def test_an_empty_required_cell_with_allowed_values_says_it_is_required(scratch_course):
    replace_in(
        scratch_course / "data" / "events.csv",
        "Collective Security Treaty signed in Tashkent,treaty,",
        "Collective Security Treaty signed in Tashkent,,",
    )
    with pytest.raises(InvalidDataError) as err:
        load("events")
    assert str(err.value).startswith('data/events.csv, row 2, column "category": the cell is empty (is required). Fix the cell')


def test_a_blank_row_is_named_by_its_row(scratch_course):
    path = scratch_course / "data" / "countries.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + lines[1] + "\n" + "".join(lines[2:]), encoding="utf-8")
    assert _messages("countries")[0] == "data/countries.csv, row 3: blank row. Delete the empty row. [blank-row]"


def test_a_duplicate_key_and_a_missing_reference_say_what_the_rule_is(scratch_course):
    path = scratch_course / "data" / "countries.csv"
    path.write_text(path.read_text(encoding="utf-8") + "ARM,Armenia again,051,South Caucasus,iso-3166\n", encoding="utf-8")
    found = {p.code: p.message for p in check_table("countries")}
    assert "is a duplicate key (the same as in the row at position 2)" in found["primary-key"]
    replace_in(scratch_course / "data" / "membership.csv", "ARM,1992-05-15", "XYZ,1992-05-15")
    (problem,) = check_table("membership")
    assert problem.message.startswith('data/membership.csv, row 2: refers to a row that does not exist (for "iso3": values "XYZ"')


def test_an_extra_column_is_named(scratch_course):
    path = scratch_course / "data" / "countries.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",extra"] + [line + ",x" for line in lines[1:]]) + "\n", encoding="utf-8")
    (problem,) = check_table("countries")
    assert (problem.code, problem.column) == ("extra-label", "extra")
    assert problem.message == (
        'data/countries.csv, column "extra": extra label. '
        "Remove the column, or add it to the table's schema in data/datapackage.json. [extra-label]"
    )


def test_problems_are_listed_header_first_then_by_row(scratch_course):
    replace_in(scratch_course / "data" / "countries.csv", "iso3,name,iso_numeric,region,source_ids", "iso3,name,iso_numeric,source_ids")
    problems = check_table("countries")
    assert [p.code for p in problems[:4]] == ["missing-label", "incorrect-label", "extra-cell", "broken-reference"]
    rows = [p.row for p in problems[2:]]
    assert rows == sorted(rows) and rows[0] == 2


def test_an_impossible_partial_date_is_quoted(scratch_course):
    replace_in(scratch_course / "data" / "events.csv", "1992-treaty-signed,1992-05-15,day,", "1992-treaty-signed,1999-02-30,day,")
    (problem,) = check_table("events")
    assert problem.message == (
        'data/events.csv, row 2, column "date": "1999-02-30" is not a date. '
        "Write the date as YYYY, YYYY-MM or YYYY-MM-DD (ISO 8601), with a real month and day. [invalid-date]"
    )


def test_a_file_that_is_not_csv_gives_one_problem(scratch_course):
    """A spreadsheet saved under the table's name: one problem, not a cascade of decoding errors."""
    _edit_schema(scratch_course, "countries", lambda res: res.update(path="countries.xlsx"))
    (scratch_course / "data" / "countries.xlsx").write_bytes(b"\xff\xfe\x00\x01 not a spreadsheet \x00\n")
    (problem,) = check_table("countries")
    assert problem.code == "source-error"
    assert problem.message.startswith("data/countries.xlsx: ")
    assert problem.message.endswith("The file could not be read as CSV: check it opens in a text editor and is UTF-8. [source-error]")


# --- references to other tables ----------------------------------------------------------------


def test_a_missing_referenced_table_is_reported_by_its_own_check(scratch_course):
    (scratch_course / "data" / "sources.csv").unlink()
    assert len(load("events")) > 0
    with pytest.raises(MissingFileError):
        load("sources")


def test_references_are_still_checked_after_a_referenced_table_is_missing(scratch_course):
    """events.csv lists countries first and sources second: a missing countries.csv must not hide a bad source."""
    (scratch_course / "data" / "countries.csv").unlink()
    replace_in(scratch_course / "data" / "events.csv", "seed-poletaev-2015;seed-oglavnom-2023", "seed-poletaev-2015;no-such-source")
    problems = check_table("events")
    assert [(p.code, p.column, p.value) for p in problems] == [("broken-reference", "source_ids", "no-such-source")]


def test_a_list_of_references_without_a_delimiter_is_split_on_semicolons(scratch_course):
    _edit_schema(scratch_course, "events", lambda res: _field(res, "source_ids")["csto:listOf"].pop("delimiter"))
    assert check_table("events") == []


def test_a_list_of_references_is_split_on_the_delimiter_the_schema_names(scratch_course):
    def pipes(res):
        field = _field(res, "source_ids")
        field["csto:listOf"]["delimiter"] = "|"
        field["constraints"].pop("pattern")

    _edit_schema(scratch_course, "events", pipes)
    path = scratch_course / "data" / "events.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["source_ids"] = row["source_ids"].replace(";", "|")
    rows[0]["source_ids"] += "|no-such-source"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    problems = check_table("events")
    assert [(p.row, p.value) for p in problems] == [(2, "no-such-source")]


# --- the validation report ---------------------------------------------------------------------


def test_the_report_of_valid_data_names_every_table():
    report = validate_all()
    assert report.ok
    assert str(report) == f"All {len(report.tables)} tables are valid: {', '.join(report.tables)}."
    assert report.tables[:4] == ["sources", "countries", "events", "membership"]
    assert report.counts().empty


def test_the_report_lists_every_problem_in_every_table_and_undescribed_files(scratch_course):
    replace_in(scratch_course / "data" / "countries.csv", "ARM,Armenia,051", "ARM,Armenia,5x1")
    replace_in(scratch_course / "data" / "events.csv", "1992-treaty-signed,1992-05-15,day,", "1992-treaty-signed,1999-02-30,day,")
    (scratch_course / "data" / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    report = validate_all()
    assert not report.ok
    problems = report.problems
    assert list(problems.columns) == ["code", "file", "row", "column", "value", "detail", "message"]
    assert problems["code"].tolist() == ["constraint-error", "invalid-date", "undescribed-file"]
    assert problems["file"].tolist() == ["data/countries.csv", "data/events.csv", "data/notes.csv"]
    last = problems.iloc[-1]
    assert last["message"] == (
        "data/notes.csv: this CSV has no schema in data/datapackage.json. "
        "Describe the table in data/datapackage.json (fields and types), or move the file out of data/. [undescribed-file]"
    )
    assert report.counts().to_dict() == {"constraint-error": 1, "invalid-date": 1, "undescribed-file": 1}
    text = str(report)
    assert text.splitlines()[0] == "3 problem(s) in the course data:"
    assert text.splitlines()[1:] == [f"- {m}" for m in problems["message"]]
    assert report._repr_markdown_() == text.replace("\n- ", "\n\n- ")
    assert "\n\n- data/events.csv" in report._repr_markdown_()


# --- the record of validated content -----------------------------------------------------------


def test_validated_content_is_remembered_under_the_home_cache_by_default(scratch_course, monkeypatch, tmp_path):
    home = tmp_path / "home"
    monkeypatch.delenv("CSTO_COURSE_CACHE")
    monkeypatch.setenv("HOME", str(home))
    load("countries")
    assert len(list((home / ".cache" / "csto-course" / "validated").glob("countries-*"))) == 1


# --- the map -----------------------------------------------------------------------------------


def test_the_map_has_the_countries_and_a_missing_map_says_where_it_belongs(scratch_course):
    topo = load_map()
    assert topo["type"] == "Topology" and "countries" in topo["objects"]
    (scratch_course / "data" / "maps" / "region-110m.topojson").unlink()
    with pytest.raises(MissingFileError) as err:
        load_map()
    assert err.value.code == "missing-file"
    assert str(err.value).startswith("data/maps/region-110m.topojson: the map file is missing. Restore the file")


# --- membership --------------------------------------------------------------------------------


def test_status_on_gives_one_row_per_state_with_its_name_and_since():
    table = status_on("2010-01-01")
    assert list(table.columns) == ["iso3", "name", "status", "since"]
    assert table.index.tolist() == list(range(len(table)))
    assert table["iso3"].tolist() == sorted(table["iso3"])
    rus = table.set_index("iso3").loc["RUS"]
    assert rus["name"] == "Russia" and rus["status"] == "member"


def test_a_change_counts_from_its_own_day():
    status = status_on("1994-04-20").set_index("iso3")
    assert status.loc["RUS", "status"] == "member" and status.loc["RUS", "since"] == pd.Timestamp("1994-04-20")
    assert status_on("1994-04-19").set_index("iso3").loc["RUS", "status"] == "signatory"


def test_membership_periods_carry_names_precisions_and_end_at_until():
    periods = membership_periods(until="2026-01-01")
    assert list(periods.columns) == ["iso3", "name", "status", "start", "start_precision", "end", "end_precision"]
    assert periods["iso3"].tolist() == sorted(periods["iso3"])
    geo = periods[periods["iso3"] == "GEO"].reset_index(drop=True)
    assert set(geo["name"]) == {"Georgia"}
    assert geo["status"].tolist() == ["signatory", "member", "former member"]
    assert geo.loc[1, "end"] == pd.Timestamp("1999-04-01") and geo.loc[1, "end_precision"] == "month"
    assert geo.loc[2, "start_precision"] == "month"
    assert geo.loc[2, "end"] == pd.Timestamp("2026-01-01") and geo.loc[2, "end_precision"] == "day"


def test_membership_periods_end_today_by_default_and_explain_a_bad_until():
    periods = membership_periods()
    last = periods.groupby("iso3")["end"].max()
    assert (last == pd.Timestamp.today().normalize()).all()
    with pytest.raises(ValueError, match=r"^until should be a date such as '2010-01-01' \(year-month-day\); got 'soon'\.$"):
        membership_periods(until="soon")


# --- citations ---------------------------------------------------------------------------------


def _source(**cells) -> dict:
    row = {"source_id": "x", "author": "", "outlet": "", "published": "", "title": "T", "url": "", "kind": "news", "note": ""}
    return {**row, **cells}


@pytest.mark.parametrize(
    "cells, label",
    [
        ({"author": "Eduard Poletaev", "outlet": "CABAR.asia", "kind": "seed", "published": "2015"}, "Poletaev 2015"),
        ({"author": "Anna Smith", "outlet": "Journal", "kind": "scholarly", "published": "2020-05"}, "Smith 2020"),
        ({"author": "CSTO Press Service", "outlet": "", "kind": "official"}, "CSTO Press Service n.d."),
        ({"author": "CSTO Press Service", "outlet": "Outlet not named in the text", "kind": "official"}, "CSTO Press Service n.d."),
        ({"author": "Reuters staff", "outlet": "Asia-Plus (Tajik news agency)", "published": "2021"}, "Asia-Plus 2021"),
        ({"outlet": "Eurasia Daily Monitor, vol. 8, issue 1", "published": "2011-01-03"}, "Eurasia Daily Monitor 2011"),
        ({"outlet": "CSTO official website"}, "CSTO n.d."),
        ({"outlet": "Kremlin website"}, "Kremlin n.d."),
        ({"outlet": "Official website of the President of Russia", "published": "2022"}, "President of Russia 2022"),
        ({"outlet": "Official website of Armenia", "published": "2022"}, "Armenia 2022"),
        ({"author": "Someone", "outlet": ", vol. 8"}, "Someone n.d."),
        ({"outlet": "Official website"}, "Official n.d."),
        ({}, "Unknown source n.d."),
    ],
)
def test_a_label_names_the_person_or_the_outlet(cells, label):
    assert citation_labels.citation_labels(pd.DataFrame([_source(**cells)])) == {"x": label}


def test_labels_that_would_be_the_same_get_letters_in_date_order():
    frame = pd.DataFrame(
        [
            _source(source_id="c", outlet="TASS", published="2022-03-01"),
            _source(source_id="a", outlet="TASS", published="2022-01-10"),
            _source(source_id="b", outlet="TASS", published="2022-02-01"),
            _source(source_id="u1", outlet="CSTO official website"),
            _source(source_id="u2", outlet="CSTO official website"),
            _source(source_id="one", outlet="RIA", published="2022"),
        ]
    )
    assert citation_labels.citation_labels(frame) == {
        "a": "TASS 2022a",
        "b": "TASS 2022b",
        "c": "TASS 2022c",
        "u1": "CSTO n.d.-a",
        "u2": "CSTO n.d.-b",
        "one": "RIA 2022",
    }


def test_missing_cells_count_as_empty():
    frame = pd.DataFrame([{"source_id": "x", "author": None, "outlet": "TASS", "published": None, "kind": None}])
    assert citation_labels.citation_labels(frame) == {"x": "TASS n.d."}


def test_source_labels_gives_the_label_of_each_id_and_keeps_an_unknown_one():
    labels = citation_labels.source_labels(pd.Series(["seed-poletaev-2015", "not-a-source"]))
    assert labels.tolist() == ["Poletaev 2015", "not-a-source"]


def test_a_rendered_citation_links_each_label_to_its_entry():
    assert citation_labels.render_citation(["a", "b"], {"a": "A 2001", "b": "B 2002"}) == "([A 2001](#src-a); [B 2002](#src-b))"


def test_written_ids_skip_empty_parts_and_keep_capitals():
    assert citation_labels.written_ids("@Xinhua-2022; @ ; @b;") == ["Xinhua-2022", "b"]


def test_cited_ids_keep_the_order_of_the_text_and_within_a_citation():
    text = "[@b; @a] then ([C 2001](#src-c)) and ([D 2002](#src-d); [A 2001](#src-a)) and [@e]"
    assert citations.cited_ids(text) == ["b", "a", "c", "d", "e"]


def test_a_citation_broken_over_two_lines_of_a_cell_is_read(scratch_course):
    cells = [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["Signed [@seed-poletaev-2015;\n", " @seed-samay-2019]."]},
        {"cell_type": "code", "id": "b", "metadata": {}, "source": ["x = '[@not-cited]'"], "outputs": [], "execution_count": None},
        {"cell_type": "markdown", "id": "c", "metadata": {}, "source": ["Also [@seed-bokarev-2019]."]},
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (scratch_course / "lessons" / "zz_test.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    assert citations.lesson_citations("zz_test") == ["seed-poletaev-2015", "seed-samay-2019", "seed-bokarev-2019"]
    listing = citations.sources_list(ids=["seed-edm-2011"], lesson="zz_test")
    assert listing.frame["source_id"].tolist() == ["seed-edm-2011", "seed-poletaev-2015", "seed-samay-2019", "seed-bokarev-2019"]
    assert listing.heading == "4 sources"


def test_the_sources_of_a_table_are_listed_once_in_order_of_first_use():
    listing = citations.sources_list(tables="membership")
    ids = citations.table_source_ids("membership")
    assert ids[:2] == ["seed-poletaev-2015", "seed-oglavnom-2023"] and len(ids) == len(set(ids))
    assert listing.frame["source_id"].tolist() == ids
    assert listing.heading == f"{len(ids)} sources for membership"
    both = citations.sources_list(tables=["countries", "membership"])
    assert both.heading.endswith(" sources for countries, membership")
    assert len(both) == len(dict.fromkeys(citations.table_source_ids("countries") + ids))


def test_a_source_list_shows_a_heading_and_one_entry_per_source():
    listing = citations.sources_list(ids=["seed-bokarev-2019"])
    text = listing._repr_markdown_()
    assert text.startswith("**1 sources**\n\n- **Bokarev 2019.** Dmitry Bokarev (2019-12-10). ")
    assert text.endswith(" Source id: `seed-bokarev-2019`.")
    assert "<a id=" not in text, "the anchors belong to a lesson's own list"
    assert len(text.splitlines()) == 3
    bare = citations.SourceList(listing.frame)
    assert str(bare).startswith("- **Bokarev 2019.** ")


def test_a_reference_entry_keeps_one_full_stop_after_the_label_and_can_carry_an_anchor():
    row = pd.Series(_source(source_id="csto-x", author="", outlet="CSTO official website", title="Structure"))
    entry = citations.reference_entry(row, "CSTO n.d.")
    assert entry.startswith("- **CSTO n.d.** No named author (undated). *Structure*. CSTO official website.")
    assert entry.endswith("Source id: `csto-x`.")
    anchored = citations.reference_entry(row, "CSTO n.d.", with_anchor=True)
    assert anchored.startswith('- <a id="src-csto-x"></a>**CSTO n.d.** ')


def test_unknown_ids_are_all_named():
    with pytest.raises(ValueError, match=r"not in data/sources.csv: nope, nada\. Add a row for each, or fix the spelling\."):
        citations.sources_list(ids=["nope", "nada", "nope"])


# --- the data dictionary -----------------------------------------------------------------------

TINY = {
    "resources": [
        {
            "name": "things",
            "path": "things.csv",
            "schema": {
                "fields": [
                    {"name": "a", "constraints": {"required": True, "unique": True}},
                    {"name": "b", "type": "integer", "description": "A count."},
                ],
                "foreignKeys": [{"fields": ["a", "b"], "reference": {"resource": "other", "fields": ["x", "y"]}}],
            },
        },
        {
            "name": "other",
            "path": "other.csv",
            "title": "Other things",
            "description": "Others.",
            "schema": {"fields": [], "primaryKey": ["x", "y"]},
        },
    ]
}


def test_the_dictionary_renders_each_table_from_the_schema(monkeypatch, scratch_course):
    monkeypatch.setattr(package, "read_package", lambda: TINY)
    (scratch_course / "data" / "other.csv").write_text("x,y\n", encoding="utf-8")
    text = dictionary.render()
    assert text == "\n".join(
        [
            dictionary.START,
            "",
            "### `things.csv`: things",
            "",
            "",
            "",
            "Foreign key: `a, b` → `other.x, y`.",
            "",
            "| column | type | rules | meaning |",
            "|---|---|---|---|",
            "| `a` | string | required; unique |  |",
            "| `b` | integer |  | A count. |",
            "",
            "### `other.csv`: Other things",
            "",
            "Others.",
            "",
            "Rows: 0.",
            "",
            "Primary key: `x`, `y`.",
            "",
            "| column | type | rules | meaning |",
            "|---|---|---|---|",
            "",
            dictionary.END,
        ]
    )


def test_refreshing_the_dictionary_keeps_the_text_around_it(monkeypatch):
    monkeypatch.setattr(dictionary, "render", lambda: "NEW")
    text = f"intro\n{dictionary.START}\nold\n{dictionary.END}\nmiddle, then the marker {dictionary.END} again\n"
    assert dictionary.refresh(text) == f"intro\nNEW\nmiddle, then the marker {dictionary.END} again\n"


# --- a machine whose default text encoding is not UTF-8 (Windows, a C locale) --------------------


@pytest.fixture
def ascii_locale():
    """Files opened without an encoding would be read as ASCII here, as they are read as cp1252 on Windows."""
    import locale

    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    yield
    locale.setlocale(locale.LC_CTYPE, before)


def test_the_course_reads_its_files_as_utf_8_whatever_the_locale(ascii_locale, scratch_course):
    assert check_table("sources") == [], "the checks read the CSV files as UTF-8"
    assert check_table("events") == []
    assert "seed-poletaev-2015" in citations.lesson_citations("01_origins")
    assert "Rows: " in dictionary.render()


# --- more edge cases a reader meets --------------------------------------------------------------


def test_an_edited_map_is_read_again(scratch_course):
    import os

    path = scratch_course / "data" / "maps" / "region-110m.topojson"
    first = load_map()
    topo = json.loads(path.read_text(encoding="utf-8"))
    topo["edited"] = True
    path.write_text(json.dumps(topo), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert "edited" not in first and load_map()["edited"] is True


def test_a_period_that_starts_on_the_until_day_is_kept():
    periods = membership_periods(until="1994-04-20")
    rus = periods[periods["iso3"] == "RUS"]
    assert rus["status"].tolist() == ["signatory", "member"]
    assert rus["start"].iloc[-1] == rus["end"].iloc[-1] == pd.Timestamp("1994-04-20")


def test_an_empty_membership_table_gives_no_periods_but_the_usual_columns(scratch_course):
    path = scratch_course / "data" / "membership.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    periods = membership_periods(until="2026-01-01")
    assert periods.empty and list(periods.columns) == ["iso3", "name", "status", "start", "start_precision", "end", "end_precision"]


def test_status_by_year_has_one_row_per_state_and_year_from_1992():
    from csto_course.data import status_by_year

    table = status_by_year(last=1994)
    assert list(table.columns) == ["year", "iso3", "name", "status"]
    assert sorted(set(table["year"])) == [1992, 1993, 1994]
    assert table.index.tolist() == list(range(len(table)))
    assert set(table.loc[table["year"] == 1992, "iso3"]) == {"ARM", "KAZ", "KGZ", "RUS", "TJK", "UZB"}
    assert set(status_by_year(2000, 2001)["year"]) == {2000, 2001}
    assert status_by_year(2024)["year"].max() == pd.Timestamp.today().year


def test_written_ids_keep_an_id_made_of_capitals():
    assert citation_labels.written_ids("@X; @XX") == ["X", "XX"]


def test_refreshing_the_dictionary_replaces_only_the_first_generated_section(monkeypatch):
    monkeypatch.setattr(dictionary, "render", lambda: "NEW")
    text = f"intro\n{dictionary.START}\nold\n{dictionary.END}\nthe section starts with {dictionary.START}\n"
    assert dictionary.refresh(text) == f"intro\nNEW\nthe section starts with {dictionary.START}\n"


# --- one reference-list entry ----------------------------------------------------------------------


def test_a_citation_names_author_date_title_outlet_and_link():
    row = pd.Series(_source(author="Dmitry Bokarev", published="2019-12-10", title="Plans", outlet="NEO", url="https://x.org/a"))
    assert citations.format_citation(row) == "Dmitry Bokarev (2019-12-10). *Plans*. NEO. <https://x.org/a>"


def test_a_citation_without_author_date_or_link_says_so_and_gives_the_note():
    row = pd.Series(_source(title="Charter", note="Read in the printed edition."))
    assert citations.format_citation(row) == "No named author (undated). *Charter*. (Read in the printed edition.)"
    bare = pd.Series({"title": "T", "author": None, "published": None, "outlet": None, "url": None, "kind": None, "note": None})
    assert citations.format_citation(bare) == "No named author (undated). *T*."


def test_a_seed_article_is_described_without_the_file_it_was_filed_under():
    note = "Course seed article 003_0123456789abcdef.txt (in the course's commissioned material). Written for the course."
    row = pd.Series(_source(author="A B", published="2019", title="T", kind="seed", note=note))
    assert citations.format_citation(row) == (
        "A B (2019). *T*. (One of the five articles this course was commissioned from. Written for the course.)"
    )
    plain = pd.Series(_source(author="A B", published="2019", title="T", kind="seed", note=""))
    assert citations.format_citation(plain).endswith("*T*. (One of the five articles this course was commissioned from.)")
    with_link = pd.Series(_source(author="A B", published="2019", title="T", kind="seed", note=note, url="https://x.org"))
    assert citations.format_citation(with_link).endswith("*T*. <https://x.org>")


# --- a table is checked again when a table it refers to changes -----------------------------------


def _drop_line(path: Path, start: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(start)]
    assert len(kept) == len(lines) - 1, start
    path.write_text("".join(kept), encoding="utf-8")


@pytest.mark.parametrize("new_kernel", [False, True])
def test_removing_a_referenced_row_is_noticed_in_the_same_and_in_a_new_kernel(scratch_course, new_kernel):
    load("membership")
    load("events")
    _drop_line(scratch_course / "data" / "countries.csv", "ARM,")
    _drop_line(scratch_course / "data" / "sources.csv", "seed-poletaev-2015,")
    if new_kernel:
        checks._check_table_cached.cache_clear()
    with pytest.raises(BrokenReferenceError) as err:
        load("membership")
    assert err.value.code == "foreign-key"
    with pytest.raises(BrokenReferenceError) as err:
        load("events")
    assert err.value.code == "broken-reference"
    assert {p.value for p in check_table("events")} == {"ARM", "seed-poletaev-2015"}


def test_a_self_reference_is_checked_within_the_table(scratch_course):
    assert package.referenced_tables("organs") == {"sources"}, "its parent column refers to organs.csv itself"
    assert package.referenced_tables("membership") == {"countries", "sources"}
    assert package.referenced_tables("events") == {"countries", "sources"}
    assert [name for name, _ in package.list_references("events")] == ["countries", "source_ids"]


def test_the_count_of_further_problems_is_in_words(scratch_course):
    events = scratch_course / "data" / "events.csv"
    replace_in(events, "seed-poletaev-2015;seed-oglavnom-2023", "bad-one")
    with pytest.raises(BrokenReferenceError) as one:
        load("events")
    assert str(one.value) == (
        'data/events.csv, row 2, column "source_ids": "bad-one" is not a source_id in data/sources.csv. '
        "Use an identifier that exists in the referenced table, or add that row first. [broken-reference]"
    )
    replace_in(events, "wikipedia-csto-2006;seed-oglavnom-2023", "bad-two")
    with pytest.raises(
        BrokenReferenceError, match=r"sources\.csv \(1 more problem in this file: run csto-course validate to list them\)\. Use"
    ):
        load("events")
    replace_in(events, "1993-azerbaijan-accedes,1993-09-24", "1993-azerbaijan-accedes,1993-02-30")
    with pytest.raises(BrokenReferenceError, match=r"\(2 more problems in this file: run csto-course validate to list them\)"):
        load("events")


def test_a_valid_table_loads_each_time_as_a_fresh_copy():
    first = load("countries")
    first.loc[0, "name"] = "changed"
    assert load("countries").loc[0, "name"] == "Armenia"
    assert loader.tables() == package.table_names() and "organs" in loader.tables()


def test_a_seed_article_without_a_note_is_still_described():
    row = pd.Series(_source(author="A B", published="2019", title="T", kind="seed", note=None))
    assert citations.format_citation(row) == "A B (2019). *T*. (One of the five articles this course was commissioned from.)"


def test_an_empty_boolean_cell_is_missing_not_false(scratch_course):
    _edit_schema(scratch_course, "organizations", lambda res: _field(res, "collective_defence_clause")["constraints"].pop("required"))
    replace_in(scratch_course / "data" / "organizations.csv", ",CSTO,2002-10-07,6,2026-01,true,", ",CSTO,2002-10-07,6,2026-01,,")
    orgs = load("organizations").set_index("org_id")
    assert orgs.loc["csto", "collective_defence_clause"] is pd.NA and bool(orgs.loc["nato", "collective_defence_clause"])


# --- "Behind the tables": the sources of a lesson's tables, folded away (#16) -------------------


def _shown(listing) -> dict:
    """What a notebook stores for the listing as a cell's last value: IPython's formats of it."""
    from IPython.core.formatters import DisplayFormatter

    return DisplayFormatter().format(listing)[0]


def test_the_sources_behind_tables_show_folded_under_a_count_in_a_notebook():
    """The review: 98 to 287 entries in full after the lesson's own Sources, 10-13 screens in 00b, 06 and 09."""
    listing = citations.sources_list(tables=["events", "membership"])
    shown = _shown(listing)
    page = shown["text/html"]
    assert page.startswith("<details") and "<details open" not in page, "closed until the student opens it"
    summary = page[page.index("<summary>") : page.index("</summary>")]
    assert f"{len(listing)} sources behind the tables used here" in summary
    assert "events, membership" in summary and "open to list them" in summary
    assert page.count("<li>") == len(listing), "every source is inside, only folded"
    assert "Source id: <code>seed-poletaev-2015</code>." in page


def test_without_a_kernel_the_sources_behind_tables_are_listed_in_full():
    """nbconvert's Markdown/text exports and a print() keep the whole list; only the HTML view folds it."""
    listing = citations.sources_list(tables=["events"])
    shown = _shown(listing)
    for kind in ("text/markdown", "text/plain"):
        assert shown[kind] == str(listing), kind
    assert len(str(listing).splitlines()) == len(listing) + 2


def test_a_short_list_of_chosen_sources_stays_open():
    """The capstone's sources_list(ids=[...]) is the student's own short list: nothing to fold."""
    shown = _shown(citations.sources_list(ids=["seed-bokarev-2019", "seed-edm-2011"]))
    assert "text/html" not in shown
    assert shown["text/markdown"].startswith("**2 sources**")


def test_a_folded_entry_reads_as_its_markdown_entry_does():
    row = pd.Series(_source(source_id="a-b", author="A & B", title="<Title>", outlet="Outlet", url="https://x.org/?a=1&b=2"))
    entry = citations.reference_entry_html(row, "A & B n.d.")
    assert entry == (
        "<li><strong>A &amp; B n.d.</strong> A &amp; B (undated). <em>&lt;Title&gt;</em>. Outlet. "
        '<a href="https://x.org/?a=1&amp;b=2">https://x.org/?a=1&amp;b=2</a> Source id: <code>a-b</code>.</li>'
    )
    seed = pd.Series(_source(kind="seed", note="Course seed article 0_x.txt (in the course's commissioned material). Undated."))
    assert "(One of the five articles this course was commissioned from. Undated.)" in citations.reference_entry_html(seed, "X")
