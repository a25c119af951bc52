"""Does `csto-course progress` show, export and collect quiz progress as documented?

Every test writes progress to the private file from tests/conftest.py
(``private_progress_file``), never to the tester's Jupyter data directory.
"""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from csto_course.cli import main
from csto_course.quiz import ProgressStore, QuizSession, load_bank

EXPORT_HEADER = [
    "student",
    "lesson",
    "question_id",
    "first_correct",
    "attempts",
    "first_at",
    "latest_at",
    "latest_correct",
    "first_answer",
    "latest_answer",
]


def answer_some_questions():
    """Wrong then right on treaty-city, right at once on first-term (lesson 01)."""
    quiz = QuizSession(load_bank("01_origins"), store=ProgressStore())
    quiz.answer("treaty-city", "Moscow")
    quiz.answer("treaty-city", "Tashkent")
    quiz.answer("first-term", 5)
    return quiz


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def export_as(student, path, capsys):
    assert main(["progress", "--export", str(path), "--student", student]) == 0
    capsys.readouterr()


# --- the student's side ---------------------------------------------------------------
def test_help_lists_the_progress_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "progress" in capsys.readouterr().out


def test_table_shows_answered_first_try_correct_and_score(capsys):
    answer_some_questions()
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    total = len(load_bank("01_origins").questions)
    row = next(line.split() for line in out.splitlines() if line.startswith("01_origins"))
    assert row[:5] == ["01_origins", str(total), "2", "1", f"{round(100 / total)}%"]
    assert row[5].startswith("20")  # last activity, an ISO date
    untouched = next(line.split() for line in out.splitlines() if line.startswith("00_start_here"))
    assert untouched[2:5] == ["0", "0", "0%"]
    assert "nothing is sent anywhere" in out and "--export" in out


def test_export_has_one_row_per_question_with_the_saved_fields(private_progress_file, tmp_path, capsys):
    answer_some_questions()
    target = tmp_path / "hand-in" / "alice.csv"
    assert main(["progress", "--export", str(target), "--student", "alice"]) == 0
    assert f"Wrote {target}: 2 answered question(s)" in capsys.readouterr().out
    header, rows = read_csv(target)
    assert header == EXPORT_HEADER
    by_id = {r["question_id"]: r for r in rows}
    assert list(by_id) == ["treaty-city", "first-term"]  # the quiz's own order
    saved = json.loads(private_progress_file.read_text())["lessons"]["01_origins"]["questions"]["treaty-city"]
    assert by_id["treaty-city"] == {
        "student": "alice",
        "lesson": "01_origins",
        "question_id": "treaty-city",
        "first_correct": "false",
        "attempts": "2",
        "first_at": saved["first"]["at"],
        "latest_at": saved["latest"]["at"],
        "latest_correct": "true",
        "first_answer": "Moscow",
        "latest_answer": "Tashkent",
    }
    assert (by_id["first-term"]["first_correct"], by_id["first-term"]["attempts"], by_id["first-term"]["first_answer"]) == (
        "true",
        "1",
        "5",
    )


def test_export_names_the_student_by_login_by_default(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr("getpass.getuser", lambda: "student-login-42")
    answer_some_questions()
    target = tmp_path / "mine.csv"
    assert main(["progress", "--export", str(target)]) == 0
    _, rows = read_csv(target)
    assert {r["student"] for r in rows} == {"student-login-42"}


def test_export_leaves_formulas_harmless_for_spreadsheets(tmp_path, capsys):
    quiz = QuizSession(load_bank("01_origins"), store=ProgressStore())
    quiz.answer("charter-city", '=HYPERLINK("http://example.invalid")')
    export_as("alice", tmp_path / "a.csv", capsys)
    _, rows = read_csv(tmp_path / "a.csv")
    assert rows[0]["first_answer"] == '\'=HYPERLINK("http://example.invalid")'


def test_empty_progress_gives_a_clear_message_and_no_file(private_progress_file, tmp_path, capsys):
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "No quiz progress is saved yet" in out and str(private_progress_file) in out
    target = tmp_path / "empty.csv"
    assert main(["progress", "--export", str(target)]) == 1
    assert "Nothing was written" in capsys.readouterr().out
    assert not target.exists()


def test_damaged_own_progress_file_is_explained_not_a_traceback(private_progress_file, capsys):
    private_progress_file.parent.mkdir(parents=True)
    private_progress_file.write_text("{ not json", encoding="utf-8")
    assert main(["progress"]) == 0
    captured = capsys.readouterr()
    assert "could not be read, so a fresh record was started" in captured.err
    assert "No quiz progress is saved yet" in captured.out
    assert "Traceback" not in captured.out + captured.err


# --- the instructor's side --------------------------------------------------------------
def test_collect_merges_two_students_from_csv_and_json(private_progress_file, tmp_path, capsys):
    handed_in = tmp_path / "handed-in"
    answer_some_questions()
    export_as("alice", handed_in / "alice.csv", capsys)
    (handed_in / "bob").mkdir()
    shutil.copy(private_progress_file, handed_in / "bob" / "quiz-progress.json")  # a raw progress file
    out = tmp_path / "class.csv"
    assert main(["progress", "--collect", str(handed_in), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"Wrote {out}: 4 row(s) for 2 student(s) from 2 file(s)." in captured.out
    header, rows = read_csv(out)
    assert header == EXPORT_HEADER + ["source_file"]
    assert [(r["student"], r["question_id"]) for r in rows] == [
        ("alice", "treaty-city"),
        ("alice", "first-term"),
        ("bob", "treaty-city"),
        ("bob", "first-term"),
    ]
    assert {r["student"]: r["source_file"] for r in rows} == {"alice": "alice.csv", "bob": "bob/quiz-progress.json"}
    assert rows[2]["first_answer"] == "Moscow" and rows[2]["attempts"] == "2"


def test_malformed_files_are_named_and_the_rest_still_merged(tmp_path, capsys):
    handed_in = tmp_path / "handed-in"
    answer_some_questions()
    export_as("alice", handed_in / "alice.csv", capsys)
    (handed_in / "broken.json").write_text("{ this is not json", encoding="utf-8")
    (handed_in / "notes.csv").write_text("name,mark\nx,1\n", encoding="utf-8")
    good_header = ",".join(EXPORT_HEADER)
    (handed_in / "bad-row.csv").write_text(f"{good_header}\ncarol,01_origins,treaty-city,true,many,,,,,\n", encoding="utf-8")
    (handed_in / "latin1.csv").write_bytes(f"{good_header}\nd\xe9nis,01_origins,treaty-city,true,1,,,,,\n".encode("latin-1"))
    out = tmp_path / "class.csv"
    assert main(["progress", "--collect", str(handed_in), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "Skipped broken.json: it is not valid JSON" in captured.err
    assert "Skipped notes.csv: it is not a quiz progress export" in captured.err
    assert 'Skipped bad-row.csv: row 2, column attempts: "many" is not a whole number' in captured.err
    assert "Skipped latin1.csv: it is not UTF-8 text" in captured.err
    assert "Traceback" not in captured.out + captured.err
    assert "4 file(s) skipped" in captured.out
    _, rows = read_csv(out)
    assert {r["student"] for r in rows} == {"alice"} and len(rows) == 2


def test_a_student_in_two_files_keeps_the_latest_answers(tmp_path, capsys):
    handed_in = tmp_path / "handed-in"
    quiz = QuizSession(load_bank("01_origins"), store=ProgressStore())
    quiz.store.record("01_origins", "treaty-city", "Moscow", False, at="2026-01-01T10:00:00+00:00")
    export_as("alice", handed_in / "early.csv", capsys)
    quiz.store.record("01_origins", "treaty-city", "Tashkent", True, at="2026-02-01T10:00:00+00:00")
    export_as("alice", handed_in / "late.csv", capsys)
    out = tmp_path / "class.csv"
    assert main(["progress", "--collect", str(handed_in), "--out", str(out)]) == 0
    assert 'Student "alice" is in several files (early.csv, late.csv)' in capsys.readouterr().err
    _, rows = read_csv(out)
    assert len(rows) == 1 and rows[0]["latest_answer"] == "Tashkent" and rows[0]["attempts"] == "2"


def test_collect_with_nothing_readable_fails_and_writes_nothing(tmp_path, capsys):
    handed_in = tmp_path / "handed-in"
    handed_in.mkdir()
    (handed_in / "empty.json").write_text(json.dumps({"version": 1, "lessons": {}}), encoding="utf-8")
    out = tmp_path / "class.csv"
    assert main(["progress", "--collect", str(handed_in), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Skipped empty.json: it has no quiz answers in it" in err
    assert "No quiz progress could be read" in err and not out.exists()
    assert main(["progress", "--collect", str(tmp_path / "no-such-folder"), "--out", str(out)]) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_collect_needs_an_output_file(tmp_path, capsys):
    assert main(["progress", "--collect", str(tmp_path)]) == 2
    assert "--collect needs --out" in capsys.readouterr().err


def test_class_table_inside_the_folder_is_not_read_back(tmp_path, capsys):
    handed_in = tmp_path / "handed-in"
    answer_some_questions()
    export_as("alice", handed_in / "alice.csv", capsys)
    out = handed_in / "class.csv"
    for _ in range(2):  # a re-run must not merge its own earlier output
        assert main(["progress", "--collect", str(handed_in), "--out", str(out)]) == 0
        captured = capsys.readouterr()
        assert "from 1 file(s)" in captured.out and "several files" not in captured.err
