"""Files the course writes are replaced in one step: a failure leaves the old file and no leftovers."""

from __future__ import annotations

from collections import Counter

import pytest

from csto_course import files


def test_a_file_is_replaced_whole(tmp_path):
    path = tmp_path / "deep" / "gradebook.csv"
    files.atomic_write_text(path, "a\r\nb\n")
    assert path.read_bytes() == b"a\r\nb\n", "line endings are written as given (Excel gradebooks keep CRLF)"
    files.atomic_write_text(path, "new")
    assert path.read_text() == "new" and [p.name for p in path.parent.iterdir()] == ["gradebook.csv"]


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    path.write_text("old", encoding="utf-8")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(OSError):
        files.atomic_write_text(path, "new")
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["progress.json"]


# The one place a file is renamed over another that is not a write: the quiz's store moves an
# unreadable progress file aside under a new name, so that the student's answers are kept.
RENAMES_THAT_ARE_NOT_WRITES = {"quiz/progress.py": 1}


def test_every_replacing_write_in_the_course_goes_through_the_one_atomic_writer():
    """files.atomic_write_text is the one writer that puts a temporary file in place of another (#19):
    a hand-written temporary file and rename elsewhere is a copy that forgets fsync or its leftovers."""
    import source_scan
    from submission_factory import REPO

    renames = r"\bos\.replace\(|\bos\.rename\(|\.with_suffix\(\"\.(?:part|tmp)\"\)|\btmp\w*\.(?:replace|rename)\("
    hits = source_scan.per_file(REPO / "src" / "csto_course", renames, recursive=True, skip={"files.py"})
    found = {
        name: n
        for name, n in (hits | Counter(RENAMES_THAT_ARE_NOT_WRITES)).items()
        if hits[name] != RENAMES_THAT_ARE_NOT_WRITES.get(name, 0)
    }
    assert found == {}, f"write through files.atomic_write_text instead (module: renames found): {found}"


def test_bytes_are_replaced_whole_too(tmp_path):
    path = tmp_path / "csto-quizzes.qti.zip"
    files.atomic_write_bytes(path, b"PK\x03\x04 old")
    files.atomic_write_bytes(path, b"PK\x03\x04 new")
    assert path.read_bytes() == b"PK\x03\x04 new" and [p.name for p in tmp_path.iterdir()] == [path.name]


# Files the package writes for itself, never read by a user: the site's build folder (a temporary
# folder that Sphinx reads), the grader's scratch copy and kernel spec (in the submission's own temporary
# folder), and the checker's pipes.
SCRATCH_WRITERS = {"site/build.py", "site/pages.py", "site/vendor.py", "grading/batch.py", "grading/sandbox.py", "grading/checker.py"}


def test_every_file_written_for_a_user_is_written_in_one_step():
    """A half-written gradebook, class report or LMS export must never be left behind: outside the
    package's scratch folders, every write goes through csto_course.files."""
    from pathlib import Path

    import source_scan

    plain = r"\.write_(?:text|bytes)\(|\bopen\([^)]*['\"][wa]b?['\"]"
    offenders = source_scan.lines(Path(files.__file__).parent, plain, recursive=True, skip=SCRATCH_WRITERS | {"files.py"})
    assert offenders == [], f"write these through csto_course.files.atomic_write_text/bytes: {offenders}"
