"""Does the csto-course command answer as documented?"""

from __future__ import annotations

import re
import subprocess
import sys

from csto_course.cli import main


def test_help_lists_the_subcommands():
    out = subprocess.run([sys.executable, "-m", "csto_course.cli", "--help"], capture_output=True, text=True, check=True).stdout
    for word in ("lessons", "validate", "sources", "open"):
        assert word in out


def test_validate_reports_valid_data(capsys):
    assert main(["validate"]) == 0
    assert re.match(r"All \d+ tables are valid", capsys.readouterr().out)


def test_validate_fails_on_bad_data(scratch_course, capsys):
    (scratch_course / "data" / "events.csv").unlink()
    assert main(["validate"]) == 1
    assert "data/events.csv: the file is missing." in capsys.readouterr().out


def test_lessons_in_order(capsys):
    main(["lessons"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("00  00_start_here") and lines[1].startswith("00b  00b_pandas_primer")
    assert lines[2].startswith("01  01_origins")


def test_unknown_lesson_is_explained(capsys):
    assert main(["open", "42"]) == 2
    assert "There is no lesson '42'" in capsys.readouterr().err


def test_site_with_a_hub_but_no_repository_says_what_is_missing(tmp_path, capsys, monkeypatch):
    """An nbgitpuller link needs the hub and the repository: --hub alone built a site without the link, silently."""
    import csto_course.site.build

    def must_not_build(*args, **kwargs):
        raise AssertionError("the site was built without the hub link it was asked for")

    monkeypatch.setattr(csto_course.site.build, "build_site", must_not_build)
    assert main(["site", "--out", str(tmp_path / "site"), "--hub", "https://hub.example.edu"]) == 2
    err = capsys.readouterr().err
    assert "--hub needs --repository" in err
