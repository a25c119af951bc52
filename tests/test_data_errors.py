"""Does every kind of bad data give one clear message naming the file, row and column?"""

from __future__ import annotations

import pytest
from file_edits import replace_in

from csto_course.data import (
    BrokenReferenceError,
    CourseDataError,
    InvalidDataError,
    MissingFileError,
    UnknownTableError,
    load,
)

FIRST_EVENT = "1992-treaty-signed,1992-05-15,day,"


def test_unknown_table_suggests_the_closest_name():
    """Is a misspelt table name answered with a suggestion and the list of tables?"""
    with pytest.raises(UnknownTableError) as err:
        load("event")
    msg = str(err.value)
    assert 'there is no table called "event". Did you mean "events"?' in msg
    assert "Tables: sources, countries, events, membership" in msg
    assert err.value.code == "unknown-table"


def test_table_name_of_the_wrong_type():
    """Does a non-text table name say what is wrong instead of a pandas traceback?"""
    with pytest.raises(UnknownTableError, match=r"a table name must be text, not int \(3\)"):
        load(3)


def test_missing_file(scratch_course):
    """Is a deleted CSV reported with its path and how to restore it?"""
    (scratch_course / "data" / "events.csv").unlink()
    with pytest.raises(MissingFileError) as err:
        load("events")
    assert str(err.value).startswith("data/events.csv: the file is missing. Restore the file")
    assert err.value.code == "missing-file"


def test_missing_datapackage(scratch_course):
    """Without datapackage.json the loader says which file is missing and where it looked."""
    (scratch_course / "data" / "datapackage.json").unlink()
    with pytest.raises(MissingFileError, match=r"data/datapackage.json: the file is missing \(looked in "):
        load("events")


def test_broken_datapackage_json(scratch_course):
    """Is invalid JSON in the schema reported with its line number?"""
    replace_in(scratch_course / "data" / "datapackage.json", '"name": "csto-course-data",', '"name": "csto-course-data"')
    with pytest.raises(CourseDataError) as err:
        load("events")
    assert err.value.code == "broken-package"
    assert str(err.value).startswith("data/datapackage.json, row 3: invalid JSON")


def test_malformed_date_names_row_and_column(scratch_course):
    """A date with month 13 is reported at row 2 (the header is row 1), column "date"."""
    replace_in(scratch_course / "data" / "events.csv", FIRST_EVENT, "1992-treaty-signed,1992-13-15,day,")
    with pytest.raises(InvalidDataError) as err:
        load("events")
    e = err.value
    assert (e.file, e.row, e.column, e.code) == ("data/events.csv", 2, "date", "constraint-error")
    assert str(e).startswith('data/events.csv, row 2, column "date": "1992-13-15" does not have the expected form')


def test_impossible_day_is_caught(scratch_course):
    """1999-02-30 has the right shape but is not a real date."""
    replace_in(scratch_course / "data" / "events.csv", FIRST_EVENT, "1992-treaty-signed,1999-02-30,day,")
    with pytest.raises(InvalidDataError) as err:
        load("events")
    assert (err.value.row, err.value.column, err.value.code) == (2, "date", "invalid-date")
    assert "Write the date as YYYY, YYYY-MM or YYYY-MM-DD" in str(err.value)


def test_value_not_allowed(scratch_course):
    """A category outside the allowed list is named, with the allowed values."""
    replace_in(
        scratch_course / "data" / "events.csv",
        "1992-05-15,day,Collective Security Treaty signed in Tashkent,treaty,",
        "1992-05-15,day,Collective Security Treaty signed in Tashkent,war,",
    )
    with pytest.raises(InvalidDataError) as err:
        load("events")
    assert '"war" is not one of the allowed values (treaty, membership, institution, forces, crisis, summit, external)' in str(err.value)


def test_row_with_an_extra_cell(scratch_course):
    """An unquoted comma gives an extra cell; the message says how to fix it."""
    path = scratch_course / "data" / "countries.csv"
    path.write_text(path.read_text(encoding="utf-8") + "UKR,Ukraine,804,Eastern Europe,iso-3166,oops\n", encoding="utf-8")
    last_row = len(path.read_text(encoding="utf-8").splitlines())  # the header is row 1
    with pytest.raises(InvalidDataError) as err:
        load("countries")
    assert err.value.code == "extra-cell"
    assert err.value.row == last_row
    assert "quote a cell that contains a comma" in str(err.value)


def test_duplicate_key(scratch_course):
    """Two countries with the same code are reported as a duplicate key."""
    path = scratch_course / "data" / "countries.csv"
    path.write_text(path.read_text(encoding="utf-8") + "ARM,Armenia again,051,South Caucasus,iso-3166\n", encoding="utf-8")
    last_row = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(InvalidDataError) as err:
        load("countries")
    assert err.value.code in ("primary-key", "unique-error")
    assert err.value.row == last_row
    assert "another row already uses this one" in str(err.value)


def test_empty_required_cell(scratch_course):
    """A row without sources is refused: every row must be traceable."""
    replace_in(scratch_course / "data" / "countries.csv", "ARM,Armenia,051,South Caucasus,iso-3166", "ARM,Armenia,051,South Caucasus,")
    with pytest.raises(InvalidDataError) as err:
        load("countries")
    assert (err.value.row, err.value.column) == (2, "source_ids")
    assert "the cell is empty (is required)" in str(err.value)


def test_broken_source_reference(scratch_course):
    """A source id that is not in sources.csv is named with its row and column."""
    replace_in(scratch_course / "data" / "events.csv", "seed-poletaev-2015;seed-oglavnom-2023", "seed-poletaev-2015;no-such-source")
    with pytest.raises(BrokenReferenceError) as err:
        load("events")
    assert str(err.value).startswith(
        'data/events.csv, row 2, column "source_ids": "no-such-source" is not a source_id in data/sources.csv.'
    )


def test_broken_country_reference(scratch_course):
    """A country code that is not in countries.csv is a broken reference (frictionless foreign key)."""
    replace_in(scratch_course / "data" / "membership.csv", "ARM,1992-05-15", "XYZ,1992-05-15")
    with pytest.raises(BrokenReferenceError) as err:
        load("membership")
    assert (err.value.row, err.value.code) == (2, "foreign-key")
    assert "Use a value that exists in the referenced table" in str(err.value)


def test_file_that_is_not_csv(scratch_course):
    """A binary or non-UTF-8 file is reported, not a UnicodeDecodeError."""
    (scratch_course / "data" / "countries.csv").write_bytes(b"\xff\xfe\x00\x01garbage\x00\n")
    with pytest.raises(CourseDataError) as err:
        load("countries")
    assert str(err.value).startswith("data/countries.csv")


def test_several_problems_are_counted(scratch_course):
    """The first problem is raised, and the message says how many more there are."""
    replace_in(scratch_course / "data" / "events.csv", "seed-poletaev-2015;seed-oglavnom-2023", "bad-one")
    replace_in(scratch_course / "data" / "events.csv", "wikipedia-csto-2006;seed-oglavnom-2023", "bad-two")
    with pytest.raises(BrokenReferenceError, match=r"\(\d+ more problems? in this file: run csto-course validate"):
        load("events")


def test_loading_a_broken_table_again_gives_the_same_message(scratch_course):
    """The count of other problems was appended to the cached record, so each retry grew the message."""
    replace_in(scratch_course / "data" / "events.csv", "seed-poletaev-2015;seed-oglavnom-2023", "bad-one")
    replace_in(scratch_course / "data" / "events.csv", "wikipedia-csto-2006;seed-oglavnom-2023", "bad-two")
    messages = []
    for _ in range(3):
        with pytest.raises(BrokenReferenceError) as err:
            load("events")
        messages.append(str(err.value))
    assert messages[0] == messages[1] == messages[2]
    assert messages[0].count("more problem") == 1


def test_notebook_shows_the_message_without_a_traceback():
    """IPython shows _render_traceback_ instead of a traceback: one line, the message."""
    with pytest.raises(UnknownTableError) as err:
        load("evnets")
    lines = err.value._render_traceback_()
    assert lines == [f"UnknownTableError: {err.value.problem.message}"]


def test_broken_reference_within_a_table(scratch_course):
    """An organ whose parent is not an organ (a self-referencing foreign key)."""
    replace_in(
        scratch_course / "data" / "organs.csv", ",csc,Established under the 2002 Charter.", ",nobody,Established under the 2002 Charter."
    )
    with pytest.raises(BrokenReferenceError) as err:
        load("organs")
    assert err.value.code == "foreign-key" and err.value.row == 3


def test_validation_is_remembered_only_for_unchanged_content(scratch_course, private_validation_cache):
    """A table that passed is not re-validated in a new kernel, but any edit is checked again."""
    load("countries")
    assert list((private_validation_cache / "validated").glob("countries-*"))
    from csto_course.data import checks

    checks._check_table_cached.cache_clear()  # as in a new kernel
    replace_in(scratch_course / "data" / "countries.csv", "ARM,Armenia,051", "ARM,Armenia,5x1")
    with pytest.raises(InvalidDataError, match='"5x1" does not have the expected form'):
        load("countries")


def test_loaded_tables_are_independent_copies():
    first = load("events")
    first.loc[0, "title"] = "changed by a student"
    assert load("events").loc[0, "title"] != "changed by a student"


def test_every_kind_of_problem_raises_its_own_class():
    """A caller can catch a kind of problem: every code has a declared class, and a fix to show."""
    from csto_course.data.errors import ERROR_CLASSES, FIXES, Problem, error_for

    assert set(ERROR_CLASSES) == set(FIXES)
    assert isinstance(error_for(Problem("missing-file", "data/x.csv")), MissingFileError)
    assert isinstance(error_for(Problem("foreign-key", "data/x.csv", 3, "iso3", "XXX")), BrokenReferenceError)
    assert isinstance(error_for(Problem("type-error", "data/x.csv", 3, "year", "abc")), InvalidDataError)
    assert isinstance(error_for(Problem("no-such-code", "data/x.csv")), InvalidDataError)
    assert isinstance(error_for(Problem("unknown-table", "data/datapackage.json")), UnknownTableError)
    assert all(issubclass(kind, CourseDataError) for kind in ERROR_CLASSES.values())


def test_a_table_saved_as_latin_1_is_an_encoding_error_not_a_traceback(scratch_course):
    """Excel on Windows saves as Windows-1252: frictionless guessed the encoding, then the UTF-8 reader crashed."""
    path = scratch_course / "data" / "countries.csv"
    path.write_bytes(path.read_bytes().replace(b"ARM,Armenia,", "ARM,Arménia,".encode("latin-1")))
    with pytest.raises(InvalidDataError) as err:
        load("countries")
    assert err.value.code == "encoding-error"
    assert str(err.value) == (
        "data/countries.csv: the file is not UTF-8 text (line 2 has the first byte that is not). Save the file as UTF-8. [encoding-error]"
    )


def test_a_table_that_refers_to_a_latin_1_table_still_loads(scratch_course):
    path = scratch_course / "data" / "sources.csv"
    path.write_bytes(path.read_bytes().replace(b"Dmitry Bokarev", "Dmitry Bokarév".encode("latin-1")))
    assert len(load("events")) > 0, "the broken table is reported when it is loaded itself"
    with pytest.raises(InvalidDataError, match="not UTF-8"):
        load("sources")


def test_a_binary_file_gives_one_encoding_error_that_names_the_decoding_problem(scratch_course):
    """frictionless's own reason is kept; the line-by-line UTF-8 check does not repeat it."""
    from csto_course.data.checks import check_table

    (scratch_course / "data" / "countries.csv").write_bytes(b"\xff\xfe\x00\x01garbage\x00\n")
    (problem,) = check_table("countries")
    assert problem.code == "encoding-error" and "codec can't decode" in problem.message


@pytest.mark.parametrize(
    ("file", "old", "new", "words"),
    [
        ("events.csv", FIRST_EVENT, "1992-treaty-signed,1992-13-15,day,", '"1992-13-15" does not have the expected form'),
        ("events.csv", "Tashkent,treaty,", "Tashkent,war,", '"war" is not one of the allowed values (treaty, membership'),
        ("countries.csv", "ARM,Armenia,051,South Caucasus,iso-3166", "ARM,Armenia,051,South Caucasus,", "(is required)"),
    ],
)
def test_which_rule_a_cell_breaks_comes_from_the_schema_not_from_frictionless_wording(scratch_course, monkeypatch, file, old, new, words):
    """#19: data/checks.py read the rule (required, enum, pattern) out of frictionless's message text, so
    a reworded message in a new frictionless release would have lost it. The rule comes from the
    schema and the cell; frictionless's note is only shown when no rule of the schema explains it."""
    import frictionless

    validate = frictionless.Resource.validate

    def reworded(self, *args, **kwargs):
        report = validate(self, *args, **kwargs)
        for task in report.tasks:
            for err in task.errors:
                err.note = "the value breaks a rule of the field"
        return report

    monkeypatch.setattr(frictionless.Resource, "validate", reworded)
    replace_in(scratch_course / "data" / file, old, new)
    with pytest.raises(InvalidDataError) as err:
        load(file.removesuffix(".csv"))
    assert words in str(err.value)
