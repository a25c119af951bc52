"""Files the course writes are replaced in one step: a failure leaves the old file and no leftovers."""

from __future__ import annotations

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
