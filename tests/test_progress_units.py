"""The pieces behind `csto-course progress`, one at a time: rows from a record, the files, the student's table, the class table.

tests/test_progress_export.py runs the same paths through the command line; these tests pin
what each piece returns, word for word where a student or an instructor reads it.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta, timezone

import pytest

from csto_course.command_output import CommandOutput
from csto_course.quiz import progress as progress_module
from csto_course.quiz.class_progress import class_summary, collect, collect_command
from csto_course.quiz.progress import ProgressStore
from csto_course.quiz.progress_files import read_export_csv, read_progress_json, write_csv
from csto_course.quiz.progress_rows import EXPORT_COLUMNS, ProgressFileError, check_record, row_order_key, rows_from_record
from csto_course.quiz.progress_student import default_student, export, format_table, no_progress_message, show, summary_rows


def record(**lessons):
    return {"version": 1, "lessons": {lesson: {"questions": questions} for lesson, questions in lessons.items()}}


FIRST_WRONG = {
    "first": {"answer": "Moscow", "correct": False, "at": "2026-01-01T10:00:00+00:00"},
    "latest": {"answer": "Tashkent", "correct": True, "at": "2026-01-02T10:00:00+00:00"},
    "attempts": 2,
}


def test_a_record_becomes_one_row_per_question_in_course_order():
    data = record(
        **{
            "02_membership": {"zz-unknown": {"first": {"answer": ["a", "é"], "correct": True, "at": "t1"}}},
            "01_origins": {"first-term": {"first": {"answer": 5, "correct": True, "at": "t0"}}, "treaty-city": FIRST_WRONG},
        }
    )
    rows = rows_from_record(data, "ana")
    assert [(r["lesson"], r["question_id"]) for r in rows] == [
        ("01_origins", "treaty-city"),  # the bank's order: treaty-city comes before first-term in quiz 01
        ("01_origins", "first-term"),
        ("02_membership", "zz-unknown"),  # a question not in the bank goes last
    ]
    assert rows[0] == {
        "student": "ana",
        "lesson": "01_origins",
        "question_id": "treaty-city",
        "first_correct": "false",
        "attempts": 2,
        "first_at": "2026-01-01T10:00:00+00:00",
        "latest_at": "2026-01-02T10:00:00+00:00",
        "latest_correct": "true",
        "first_answer": "Moscow",
        "latest_answer": "Tashkent",
    }
    # no "latest" and no "attempts": the first attempt is also the latest, and it was one attempt
    assert (rows[1]["attempts"], rows[1]["latest_at"], rows[1]["latest_correct"], rows[1]["latest_answer"]) == (1, "t0", "true", "5")
    assert rows[2]["first_answer"] == '["a", "é"]'  # JSON, not escaped


def test_a_damaged_question_entry_is_read_as_far_as_it_goes():
    data = record(
        **{
            "01_origins": {
                "treaty-city": {"first": {}, "attempts": "many"},
                "first-term": "not an entry",
                "members-1992": {"first": {"answer": None, "correct": True}, "latest": None, "attempts": None},
            }
        }
    )
    rows = {r["question_id"]: r for r in rows_from_record(data, "ana")}
    assert set(rows) == {"treaty-city", "members-1992"}  # the string entry is skipped, the next one still read
    assert (
        rows["treaty-city"]["attempts"] == 1 and rows["treaty-city"]["first_at"] == "" and rows["treaty-city"]["first_correct"] == "false"
    )
    assert rows["members-1992"]["first_answer"] == "" and rows["members-1992"]["attempts"] == 1
    assert rows_from_record({"lessons": {}}, "ana") == [] and rows_from_record({}, "ana") == []


def test_students_sort_first_then_lessons_in_course_order():
    rows = [
        {"student": "bo", "lesson": "01_origins", "question_id": "treaty-city"},
        {"student": "ana", "lesson": "zz_extra", "question_id": "a"},
        {"student": "ana", "lesson": "02_membership", "question_id": "b"},
        {"lesson": "09_where_next", "question_id": "c"},
    ]
    assert [(r.get("student"), r["lesson"]) for r in sorted(rows, key=row_order_key)] == [
        (None, "09_where_next"),
        ("ana", "02_membership"),
        ("ana", "zz_extra"),
        ("bo", "01_origins"),
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        ([], 'it is not a quiz progress record (no "lessons" in it)'),
        ({"lessons": []}, 'it is not a quiz progress record (no "lessons" in it)'),
        ({"lessons": {"01_origins": {"questions": []}}}, 'lesson "01_origins" has no list of questions'),
        ({"lessons": {"01_origins": []}}, 'lesson "01_origins" has no list of questions'),
        ({"lessons": {"01_origins": {"questions": {"q": {"latest": {}}}}}}, 'question "q" in lesson "01_origins" has no first attempt'),
        ({"lessons": {"01_origins": {"questions": {"q": "x"}}}}, 'question "q" in lesson "01_origins" has no first attempt'),
    ],
)
def test_a_record_of_the_wrong_shape_is_refused_with_where(data, message):
    with pytest.raises(ProgressFileError) as err:
        check_record(data)
    assert str(err.value) == message


def test_check_record_returns_a_good_record_unchanged():
    data = record(**{"01_origins": {"treaty-city": FIRST_WRONG}})
    assert check_record(data) is data


def test_csv_cells_that_a_spreadsheet_would_run_are_defused(tmp_path):
    path = tmp_path / "out.csv"
    rows = [{"a": "=1+1", "b": "-3.5", "c": "+cmd", "d": "@SUM(A1)", "e": "plain", "f": 7, "g": "", "h": "-x"}]
    write_csv(path, rows, list("abcdefgh"))
    assert path.read_text() == "a,b,c,d,e,f,g,h\n'=1+1,-3.5,'+cmd,'@SUM(A1),plain,7,,'-x\n"


def write_rows(path, header, *lines):
    path.write_text("\n".join([",".join(header), *lines]) + "\n", encoding="utf-8")
    return path


HEADER = EXPORT_COLUMNS


def test_an_exported_csv_is_read_back_with_its_types(tmp_path):
    path = write_rows(tmp_path / "x.csv", HEADER, ",01_origins,treaty-city, Yes ,2,t1,t2,0,Moscow,Tashkent")
    (row,) = read_export_csv(path, "from-folder")
    assert row["student"] == "from-folder" and row["first_correct"] == "true" and row["latest_correct"] == "false"
    assert row["attempts"] == 2 and row["first_answer"] == "Moscow"


@pytest.mark.parametrize(
    "header, line, message",
    [
        (["student", "lesson"], "a,b", "it is not a quiz progress export (missing column(s): question_id, first_correct, attempts)"),
        (HEADER, "ana,,q,true,1,,,,,", "row 2: lesson or question_id is empty"),
        (HEADER, "ana,01_origins,,true,1,,,,,", "row 2: lesson or question_id is empty"),
        (HEADER, "ana,01_origins,q,maybe,1,,,,,", 'row 2, column first_correct: "maybe" is not true or false'),
        (HEADER, "ana,01_origins,q,true,1,,,perhaps,,", 'row 2, column latest_correct: "perhaps" is not true or false'),
        (HEADER, "ana,01_origins,q,true,two,,,,,", 'row 2, column attempts: "two" is not a whole number'),
        (HEADER, "ana,01_origins,q,true,1,,,,,,extra", "row 2 has more values than there are columns"),
    ],
)
def test_a_broken_csv_is_refused_naming_the_row_and_column(tmp_path, header, line, message):
    path = write_rows(tmp_path / "x.csv", header, line)
    with pytest.raises(ProgressFileError) as err:
        read_export_csv(path, "ana")
    assert str(err.value) == message


def test_a_csv_in_another_encoding_or_a_json_that_is_not_json_says_so(tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(",".join(HEADER).encode() + "\nana,01_origins,q,true,1,,,,Chi\xfeinau,\n".encode("latin-1"))
    with pytest.raises(ProgressFileError, match=r'^it is not UTF-8 text \(save it again as "CSV UTF-8"\)$'):
        read_export_csv(latin, "ana")
    broken = tmp_path / "p.json"
    broken.write_text('{"lessons":\n {')
    with pytest.raises(ProgressFileError) as err:
        read_progress_json(broken, "ana")
    assert str(err.value) == "it is not valid JSON (line 2, column 3)"
    binary = tmp_path / "b.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ProgressFileError, match="^it is not UTF-8 text$"):
        read_progress_json(binary, "ana")


def test_the_students_table_in_the_terminal(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    store.record("01_origins", "treaty-city", "Moscow", False, at="2026-01-01T10:00:00+00:00")
    store.record("01_origins", "treaty-city", "Tashkent", True, at="2026-01-02T10:00:00+00:00")
    store.record("01_origins", "first-term", 5, True, at="2026-01-01T09:00:00+00:00")
    rows = {r["lesson"]: r for r in summary_rows(store)}
    total = rows["01_origins"]["questions"]
    assert rows["01_origins"] == {
        "lesson": "01_origins",
        "questions": total,
        "answered": 2,
        "first_try_correct": 1,
        "score": f"{round(100 / total)}%",
        "last_activity": "2026-01-02T10:00:00+00:00",
    }
    assert rows["02_membership"]["last_activity"] == "–" and rows["02_membership"]["score"] == "0%"
    output = show(store)
    assert output.ok and output.err == ""
    lines = output.out.splitlines()
    assert lines[:2] == ["Your quiz progress", ""]
    assert lines[2].split() == ["lesson", "questions", "answered", "first-try", "correct", "score", "last", "activity", "(UTC)"]
    assert set(lines[3]) == {"-", " "}
    assert lines[-4:] == [
        "",
        "score: questions right on the first try, out of all the questions in the lesson's quiz.",
        f"Saved only on your account, in {store.path}; nothing is sent anywhere.",
        "To hand it in: csto-course progress --export my-progress.csv",
    ]
    assert any(line.split()[:5] == ["01_origins", str(total), "2", "1", rows["01_origins"]["score"]] for line in lines)


def test_the_score_is_a_whole_percentage_and_a_lesson_without_questions_has_none(tmp_path, monkeypatch):
    import pandas as pd

    from csto_course.quiz import progress_view

    table = [
        {"lesson": "01_origins", "questions": 3, "answered": 3, "first_try_correct": 3, "last_activity": "2026-01-02T10:00:00+00:00"},
        {"lesson": "02_membership", "questions": 3, "answered": 1, "first_try_correct": 1, "last_activity": "2026-01-01T10:00:00+00:00"},
        {"lesson": "99_empty", "questions": 0, "answered": 0, "first_try_correct": 0, "last_activity": None},
    ]
    monkeypatch.setattr(progress_view, "progress_table", lambda store: pd.DataFrame(table))
    assert [(r["lesson"], r["score"]) for r in summary_rows(ProgressStore(tmp_path / "p.json"))] == [
        ("01_origins", "100%"),
        ("02_membership", "33%"),
        ("99_empty", "–"),
    ]


def test_the_table_comes_with_the_warning_about_the_progress_file(tmp_path):
    path = tmp_path / "p.json"
    path.write_text("[]", encoding="utf-8")
    store = ProgressStore(path)
    store.record("01_origins", "treaty-city", "Tashkent", True)
    output = show(store)
    assert output.ok and output.out.startswith("Your quiz progress\n") and output.err == store.notice != ""


def test_a_lesson_without_questions_or_times_gives_rows_without_made_up_times():
    data = {
        "lessons": {
            "00_start_here": {},
            "01_origins": {"questions": {"treaty-city": {"first": {"answer": "Tashkent", "correct": True}}}},
        }
    }
    (only,) = rows_from_record(data, "ana")
    assert (only["question_id"], only["first_at"], only["latest_at"], only["attempts"], only["latest_answer"]) == (
        "treaty-city",
        "",
        "",
        1,
        "Tashkent",
    )


def test_no_progress_yet_is_said_plainly_and_export_writes_nothing(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    expected = (
        f"No quiz progress is saved yet (looked in {store.path}). Answer the quiz at the end of a "
        "lesson in JupyterLab and your answers are saved there automatically."
    )
    assert show(store).out == expected and show(store).ok
    output = export(tmp_path / "x.csv", "ana", store)
    assert not output.ok and output.out == expected + f" Nothing was written to {tmp_path / 'x.csv'}." and not (tmp_path / "x.csv").exists()


def test_export_names_the_student_and_what_it_wrote(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    store.record("01_origins", "treaty-city", "Tashkent", True)
    store.record("02_membership", store_question := "any", "x", False)
    output = export(tmp_path / "x.csv", "  ", store)  # a blank name falls back to the login name
    assert output.ok and output.out == (
        f'Wrote {tmp_path / "x.csv"}: 2 answered question(s) in 2 lesson(s), as student "{default_student()}". '
        "Hand this file in; your saved progress is unchanged."
    )
    assert store_question == "any"
    output = export(tmp_path / "no-such-folder" / "deeper" / "x.csv", "ana", store)
    assert output.ok  # the folders are made
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    output = export(blocked / "x.csv", "ana", store)
    assert (
        not output.ok
        and output.out.startswith(f"Could not write {blocked / 'x.csv'}: ")
        and output.out.endswith("Try another folder or file name.")
    )


def test_export_passes_on_a_warning_about_the_progress_file_whatever_happens(tmp_path):
    path = tmp_path / "p.json"
    path.write_text("{ not json", encoding="utf-8")
    store = ProgressStore(path)
    assert store.notice.startswith("Your saved quiz progress")
    nothing = export(tmp_path / "x.csv", "ana", store)
    assert nothing == CommandOutput(False, no_progress_message(store) + f" Nothing was written to {tmp_path / 'x.csv'}.", store.notice)
    store.record("01_origins", "treaty-city", "Tashkent", True)
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    assert export(blocked / "x.csv", "ana", store) == CommandOutput(
        False, f"Could not write {blocked / 'x.csv'}: File exists. Try another folder or file name.", store.notice
    )
    written = export(tmp_path / "x.csv", "ana", store)
    assert written.ok is True and written.err == store.notice


def test_a_plain_text_table_pads_columns_to_their_widest_cell():
    text = format_table([{"a": "x", "b": 12345}, {"a": "longer", "b": 1}], [("a", "A"), ("b", "Bee")])
    assert text.splitlines() == ["A       Bee", "------  -----", "x       12345", "longer  1"]


def test_the_class_summary_counts_each_students_lessons_and_first_tries():
    rows = [
        {"student": "ana", "lesson": "01_origins", "first_correct": "true"},
        {"student": "ana", "lesson": "01_origins", "first_correct": "false"},
        {"student": "ana", "lesson": "02_membership", "first_correct": "true"},
        {"student": "bo", "lesson": "02_membership", "first_correct": "false"},
    ]
    assert class_summary(rows) == [
        {"student": "ana", "lessons": 2, "answered": 3, "first_try_correct": 2},
        {"student": "bo", "lessons": 1, "answered": 1, "first_try_correct": 0},
    ]


def exported(path, student, lesson, question, latest_at, attempts, first_correct="true"):
    write_csv(
        path,
        [
            {
                "student": student,
                "lesson": lesson,
                "question_id": question,
                "first_correct": first_correct,
                "attempts": attempts,
                "latest_at": latest_at,
            }
        ],
        EXPORT_COLUMNS,
    )


def test_collecting_keeps_the_most_recent_answer_of_a_student_in_several_files(tmp_path):
    folder = tmp_path / "in"
    (folder / "ana").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    exported(folder / "ana" / "monday.csv", "", "01_origins", "treaty-city", "2026-01-05T09:00:00", 4)  # more tries, but older
    exported(folder / "ana" / "friday.csv", "", "01_origins", "treaty-city", "2026-01-09T09:00:00", 1, first_correct="false")
    exported(folder / ".hidden" / "x.csv", "eve", "01_origins", "treaty-city", "2026-01-09", 1)
    exported(folder / "bo.csv", "", "01_origins", "treaty-city", "2026-01-01", 3)
    (folder / "notes.txt").write_text("not progress")
    result = collect(folder, folder / "class.csv")
    assert result.read == ["ana/friday.csv", "ana/monday.csv", "bo.csv"] and result.skipped == []
    by_student = {r["student"]: r for r in result.rows}
    assert set(by_student) == {"ana", "bo"}  # the folder names the student; hidden folders are not read
    assert by_student["ana"]["source_file"] == "ana/friday.csv" and by_student["ana"]["first_correct"] == "false"
    assert result.notes == [
        'Student "ana" is in several files (ana/friday.csv, ana/monday.csv); for each question the most recent answer was kept.'
    ]


def test_collect_command_reports_what_it_wrote_and_skipped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    exported(folder / "ana.csv", "ana", "01_origins", "treaty-city", "t", 1)
    (folder / "bad.json").write_text("{")
    (folder / "empty.csv").write_text(",".join(EXPORT_COLUMNS) + "\n")
    out = tmp_path / "class.csv"
    result = collect_command(folder, out)
    assert result.ok is True and result.out.splitlines()[-3:] == [
        "",
        f"Wrote {out}: 1 row(s) for 1 student(s) from 1 file(s).",
        "2 file(s) skipped; see the messages above.",
    ]
    assert result.out.splitlines()[0].split() == ["student", "lessons", "answered", "first-try", "correct"]
    assert result.err.splitlines() == [
        "Skipped bad.json: it is not valid JSON (line 1, column 2).",
        "Skipped empty.csv: it has no quiz answers in it.",
    ]
    with open(out, newline="") as fh:
        assert [r["student"] for r in csv.DictReader(fh)] == ["ana"]


def test_collect_command_with_nothing_readable_writes_nothing(tmp_path):
    out = tmp_path / "class.csv"
    assert collect_command(tmp_path / "missing", out) == CommandOutput(
        False, "", f"{tmp_path / 'missing'} is not a folder. Put the files the students handed in into one folder and pass it to --collect."
    )
    (tmp_path / "empty").mkdir()
    assert collect_command(tmp_path / "empty", out) == CommandOutput(
        False,
        "",
        f"No .csv or .json files were found in {tmp_path / 'empty'}.\n"
        f"No quiz progress could be read from {tmp_path / 'empty'}; {out} was not written.",
    )
    (tmp_path / "empty" / "bad.csv").write_text("x\n1\n")
    result = collect_command(tmp_path / "empty", out)
    assert not result.ok and result.err.splitlines()[0].startswith("Skipped bad.csv: it is not a quiz progress export")
    assert "No .csv or .json files" not in result.err and not out.exists()


def test_collect_command_says_when_the_class_table_cannot_be_written(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    exported(folder / "ana.csv", "ana", "01_origins", "treaty-city", "t", 1)
    (folder / "bad.json").write_text("{")
    out = tmp_path / "taken"
    out.mkdir()  # a folder where the file should go
    assert collect_command(folder, out) == CommandOutput(
        False,
        "",
        "Skipped bad.json: it is not valid JSON (line 1, column 2).\n"
        f"Could not write {out}: Is a directory. Try another folder or file name.",
    )


# --- the progress file itself (quiz/progress.py) -------------------------------------
class _ClockFiveHoursAheadOfUTC(datetime):
    """03:04:05 UTC on 2 January 2026, on a machine whose local clock reads 08:04:05."""

    @classmethod
    def now(cls, tz=None):
        utc = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
        return utc.astimezone(tz) if tz is not None else utc.replace(tzinfo=None) + timedelta(hours=5)


@pytest.fixture
def fixed_clock(monkeypatch):
    monkeypatch.setattr(progress_module, "datetime", _ClockFiveHoursAheadOfUTC)


def test_an_unreadable_progress_file_is_kept_under_a_utc_stamp_and_the_student_told(tmp_path, fixed_clock):
    path = tmp_path / "quiz-progress.json"
    path.write_text("{ not json", encoding="utf-8")
    store = ProgressStore(path)
    aside = tmp_path / "quiz-progress.unreadable-20260102T030405.json"
    assert aside.read_text(encoding="utf-8") == "{ not json" and not path.exists()
    assert store.notice == (
        f"Your saved quiz progress ({path}) could not be read, so a fresh record was started. "
        "It was kept as quiz-progress.unreadable-20260102T030405.json next to it. Your answers from now on are saved as usual."
    )
    assert store.data == {"version": 1, "lessons": {}}
    store.record("01_origins", "treaty-city", "Tashkent", True)
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1


def test_a_progress_file_that_cannot_be_moved_aside_is_said_so(tmp_path, monkeypatch):
    path = tmp_path / "quiz-progress.json"
    path.write_text("[]", encoding="utf-8")

    def refuse(*args):
        raise PermissionError("read-only")

    monkeypatch.setattr(progress_module.os, "replace", refuse)
    store = ProgressStore(path)
    assert store.notice == (
        f"Your saved quiz progress ({path}) could not be read, so a fresh record was started. "
        "It could not be moved aside. Your answers from now on are saved as usual."
    )
    assert store.data == {"version": 1, "lessons": {}} and path.read_text() == "[]"


def test_starting_again_keeps_the_old_answers_with_the_utc_time_of_the_reset(tmp_path, fixed_clock):
    store = ProgressStore(tmp_path / "p.json")
    store.record("01_origins", "treaty-city", "Moscow", False, at="2026-01-01T10:00:00+00:00")
    store.reset("01_origins")
    saved = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert saved["lessons"] == {}
    assert saved["earlier"] == [
        {
            "lesson": "01_origins",
            "reset_at": "2026-01-02T03:04:05+00:00",
            "questions": {
                "treaty-city": {
                    "first": {"answer": "Moscow", "correct": False, "at": "2026-01-01T10:00:00+00:00"},
                    "latest": {"answer": "Moscow", "correct": False, "at": "2026-01-01T10:00:00+00:00"},
                    "attempts": 1,
                }
            },
        }
    ]


def test_starting_again_with_nothing_answered_keeps_nothing_aside(tmp_path):
    (tmp_path / "p.json").write_text(json.dumps(record(**{"02_membership": {}})), encoding="utf-8")
    store = ProgressStore(tmp_path / "p.json")
    store.reset("01_origins")  # never opened: no error
    store.reset("02_membership")  # opened, nothing answered
    saved = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert saved == {"version": 1, "lessons": {}}


def test_without_a_login_name_the_export_says_student(monkeypatch):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "amina")
    assert default_student() == "amina"
    monkeypatch.setattr(getpass, "getuser", lambda: "")
    assert default_student() == "student"

    def no_name():
        raise OSError("no login name")

    monkeypatch.setattr(getpass, "getuser", no_name)
    assert default_student() == "student"


def test_an_attempt_is_saved_as_json_with_the_utc_time_and_counted(tmp_path, fixed_clock):
    from fractions import Fraction

    path = tmp_path / "p.json"
    store = ProgressStore(path)
    store.record("01_origins", "members", {"Georgia", "Armenia"}, 1)
    store.record("01_origins", "members", ("Armenia", 2), 0)
    store.record("01_origins", "members", Fraction(1, 3), False, at="2026-03-01T00:00:00+00:00")
    saved = json.loads(path.read_text(encoding="utf-8"))
    entry = saved["lessons"]["01_origins"]["questions"]["members"]
    assert entry == {
        "first": {"answer": ["Armenia", "Georgia"], "correct": True, "at": "2026-01-02T03:04:05+00:00"},
        "latest": {"answer": "Fraction(1, 3)", "correct": False, "at": "2026-03-01T00:00:00+00:00"},
        "attempts": 3,
    }
    assert saved["version"] == 1 and ProgressStore(path).questions("01_origins") == {"members": entry}
    assert ProgressStore(path).questions("02_membership") == {}
    store.record("01_origins", "order", ("Armenia", 2), True)
    store.record("01_origins", "blank", None, False)
    answers = {q: e["first"]["answer"] for q, e in ProgressStore(path).questions("01_origins").items()}
    assert answers == {"members": ["Armenia", "Georgia"], "order": ["Armenia", 2], "blank": None}
