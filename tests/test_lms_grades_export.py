"""Grades into Canvas and Moodle: the documented headers, and every student matched, missing or listed."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pandas as pd
import pytest
from submission_factory import perfect, with_answer, write

from csto_course.lms import grades_export
from csto_course.lms.roster import RosterError

CANVAS_ROSTER = """Student,ID,SIS User ID,SIS Login ID,Section,Essay 1 (5501),Current Score,Final Score
    Points Possible,,,,,10,(read only),(read only)
"Smith, Ada",101,S101,ada.smith,Sec A,9,90,90
"Lee, Bob",102,S102,blee,Sec A,7,70,70
"Nobody, Carl",103,S103,cnobody,Sec B,8,80,80
"Twin, Dee",104,S104,dtwin1,Sec B,,,
"Twin, Dee",105,S105,dtwin2,Sec B,,,
"Student, Test",106,,,Sec A,,,
"""

MOODLE_ROSTER = """First name,Last name,ID number,Institution,Department,Email address,Course total (Real)
Ada,Smith,S101,Uni,History,ada@example.edu,-
Bob,Lee,S102,Uni,History,bob@example.edu,-
Carl,Nobody,S103,Uni,History,carl@example.edu,-
"""


def row(student, task, points, maximum, status="passed", exercise="01_origins"):
    return {"exercise": exercise, "student": student, "task": task, "points": points, "max_points": maximum, "status": status}


BOOK = [
    row("ada.smith", "t1", "2.0", "2"),
    row("ada.smith", "t2", "3", "3"),
    row("ada.smith", "essay", "2.5", "3", "manual"),
    row("Bob Lee", "t1", "0.0", "2", "failed"),
    row("Bob Lee", "t2", "3", "3"),
    row("Bob Lee", "essay", "", "3", "needs_manual"),
    row("zed", "t1", "2", "2"),
    row("zed", "t2", "3", "3"),
    row("zed", "essay", "1", "3", "manual"),
    row("Dee Twin", "t1", "2", "2"),
    row("Dee Twin", "t2", "3", "3"),
    row("Dee Twin", "essay", "3", "3", "manual"),
    row("ada.smith", "t1", "1", "1", exercise="02_membership"),
]


def read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_canvas_import_keeps_canvas_columns_and_rows_and_adds_the_exercise(tmp_path):
    roster = tmp_path / "canvas.csv"
    roster.write_text(CANVAS_ROSTER, encoding="utf-8")
    report = grades_export.canvas(BOOK, roster, tmp_path / "out.csv")
    rows = read(tmp_path / "out.csv")
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]  # Canvas's leading columns
    assert rows[0][5:7] == ["CSTO 01_origins", "CSTO 02_membership"] and "Essay 1 (5501)" in rows[0]
    assert rows[1][0].strip() == "Points Possible"
    table = pd.read_csv(tmp_path / "out.csv", dtype=str).set_index("SIS Login ID")
    assert table.loc["ada.smith", "CSTO 01_origins"] == "7.5" and table.loc["ada.smith", "CSTO 02_membership"] == "1"
    assert table.loc["ada.smith", "Essay 1 (5501)"] == "9"  # the instructor's other grades untouched
    assert pd.isna(table.loc["blee", "CSTO 01_origins"])  # an essay still to grade: left empty
    assert table["CSTO 01_origins"].iloc[0] == "8"  # the Points Possible row
    assert report.exported == 2
    assert set(report.unmatched) == {"zed", "Dee Twin"}
    assert "fits 2 students" in report.unmatched["Dee Twin"] and "fits no student" in report.unmatched["zed"]
    assert report.without_submission == ["Nobody, Carl", "Twin, Dee", "Twin, Dee"]
    assert report.incomplete == {"Bob Lee, 01_origins": ["essay"]}
    assert any("zed" in line for line in report.lines())


def test_a_mapping_file_matches_what_names_cannot(tmp_path):
    roster = tmp_path / "canvas.csv"
    roster.write_text(CANVAS_ROSTER, encoding="utf-8")
    mapping = tmp_path / "map.csv"
    mapping.write_text("submission,login\nzed,cnobody\nDee Twin,dtwin2\n", encoding="utf-8")
    report = grades_export.canvas(BOOK, roster, tmp_path / "out.csv", mapping)
    table = pd.read_csv(tmp_path / "out.csv", dtype=str).set_index("SIS Login ID")
    assert table.loc["cnobody", "CSTO 01_origins"] == "6" and table.loc["dtwin2", "CSTO 01_origins"] == "8"
    assert pd.isna(table.loc["dtwin1", "CSTO 01_origins"])
    assert report.unmatched == {}


def test_moodle_import_has_an_identifier_and_a_grade_column_per_exercise(tmp_path):
    roster = tmp_path / "moodle.csv"
    roster.write_text(MOODLE_ROSTER, encoding="utf-8")
    report = grades_export.moodle(BOOK, tmp_path / "out.csv", roster)
    rows = read(tmp_path / "out.csv")
    assert rows[0] == ["Email address", "CSTO 01_origins", "CSTO 02_membership"]
    grades = {r[0]: r[1:] for r in rows[1:]}
    assert grades["ada@example.edu"] == ["7.5", "1"] and grades["bob@example.edu"][0] == "" and grades["carl@example.edu"] == ["", ""]
    assert report.without_submission == ["Carl Nobody"]
    assert set(report.unmatched) == {"zed", "Dee Twin"}


def test_moodle_import_without_a_roster_uses_the_mapping_or_the_submission_name(tmp_path):
    mapping = tmp_path / "map.csv"
    mapping.write_text("submission,login\nada.smith,asmith\n", encoding="utf-8")
    grades_export.moodle(BOOK, tmp_path / "out.csv", None, mapping)
    rows = {r[0]: r[1:] for r in read(tmp_path / "out.csv")[1:]}
    assert rows["asmith"] == ["7.5", "1"] and rows["zed"][0] == "6" and rows["Bob Lee"][0] == ""


@pytest.mark.parametrize("text, words", [("", "empty"), ("a,b\n1,2\n", "none of the columns"), (b"\xff\xfe\x00bad", "not UTF-8")])
def test_a_bad_roster_says_what_to_fix(tmp_path, text, words):
    path = tmp_path / "roster.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(RosterError, match=words):
        grades_export.canvas(BOOK, path, tmp_path / "out.csv")


def test_grade_then_export_to_canvas_from_the_command_line(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write(subs, "ada.smith", perfect())
    write(subs, "Bob Lee", with_answer("task2-answer", "days_to_force = 700"))
    roster = tmp_path / "canvas.csv"
    roster.write_text(CANVAS_ROSTER, encoding="utf-8")
    out = tmp_path / "grades"
    result = subprocess.run(
        [sys.executable, "-m", "csto_course.cli", "grade", "01", str(subs), "--out", str(out), "--export", "canvas", str(roster)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert f"wrote {out / 'canvas-import.csv'}" in result.stdout
    assert "left empty, not fully graded: ada.smith, 01_origins (waiting: task6-answer)" in result.stdout
    assert "in the roster, no submission: Nobody, Carl" in result.stdout
    table = pd.read_csv(out / "canvas-import.csv", dtype=str)
    assert table.loc[0, "CSTO 01_origins"] == "14"  # the Points Possible row: 11 automatic + 3 by hand
    assert io.StringIO(result.stderr).read().count("Traceback") == 0
