"""`csto-course open` works on a copy of the lessons: outputs never land in the course's files,
and a new version of the course never overwrites or conflicts with a student's work."""

from __future__ import annotations

import json
import shutil

import pytest

from csto_course import cli
from csto_course.lessons import LESSONS, get_lesson
from csto_course.workspace import MANIFEST, prepare

FIRST = get_lesson("01").filename  # the tests edit its text ("Origins") and open it by number


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A scratch course whose lessons the test can change, as a new version of the course would."""
    from csto_course.paths import lessons_dir

    root = tmp_path / "course"
    shutil.copytree(lessons_dir(), root / "lessons")
    for name in ("data", "quizzes"):
        (root / name).symlink_to(lessons_dir().parent / name)
    monkeypatch.setenv("CSTO_COURSE_ROOT", str(root))
    return root


def _new_version(course, filename: str) -> None:
    path = course / "lessons" / filename
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = ["# A new version of this lesson\n"]
    path.write_text(json.dumps(nb), encoding="utf-8")


def test_first_open_copies_every_lesson(course, tmp_path):
    report = prepare(tmp_path / "work")
    assert sorted(report.copied) == sorted(lesson.filename for lesson in LESSONS)
    assert (tmp_path / "work" / FIRST).read_bytes() == (course / "lessons" / FIRST).read_bytes()
    again = prepare(tmp_path / "work")
    assert again.copied == again.updated == again.kept_beside == [] and again.lines() == []


def test_an_untouched_lesson_takes_the_new_version(course, tmp_path):
    prepare(tmp_path / "work")
    _new_version(course, FIRST)
    report = prepare(tmp_path / "work")
    assert report.updated == [FIRST]
    assert "A new version" in (tmp_path / "work" / FIRST).read_text(encoding="utf-8")


def test_a_lesson_the_student_worked_in_is_kept_and_the_new_version_put_beside_it(course, tmp_path):
    work = tmp_path / "work"
    prepare(work)
    mine = work / FIRST
    mine.write_text(mine.read_text(encoding="utf-8").replace("Origins", "Origins (my notes)"), encoding="utf-8")
    before = mine.read_bytes()
    _new_version(course, FIRST)
    report = prepare(work)
    assert mine.read_bytes() == before, "the student's work is never overwritten"
    ((_, beside),) = report.kept_beside
    assert "A new version" in (work / beside).read_text(encoding="utf-8")
    assert "your copy is kept" in report.lines()[0]
    assert prepare(work).kept_beside == [], "said once, not at every start"


def test_an_unreadable_record_keeps_every_copy_as_the_students(course, tmp_path):
    work = tmp_path / "work"
    prepare(work)
    (work / FIRST).write_text("{}", encoding="utf-8")  # the student's (odd) work
    (work / MANIFEST).write_text("{ not json", encoding="utf-8")
    _new_version(course, FIRST)
    report = prepare(work)
    assert (work / FIRST).read_text(encoding="utf-8") == "{}"
    assert report.notice and [mine for mine, _ in report.kept_beside] == [FIRST]


def test_open_passes_jupyterlab_options_through_and_allows_root(course, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd: calls.append(cmd) or 0)
    monkeypatch.setattr(cli.os, "geteuid", lambda: 0)
    assert cli.main(["open", "01", "--workdir", str(tmp_path / "work"), "--port=8899", "--no-browser"]) == 0
    (cmd,) = calls
    assert "--port=8899" in cmd and "--no-browser" in cmd and "--allow-root" in cmd
    assert f"--ServerApp.root_dir={tmp_path / 'work'}" in cmd
    assert cmd[-1] == str(tmp_path / "work" / FIRST), "the student's copy opens, not the course's file"


def test_other_commands_still_reject_unknown_options(capsys):
    with pytest.raises(SystemExit):
        cli.main(["lessons", "--port=8899"])
    assert "unrecognized arguments: --port=8899" in capsys.readouterr().err
