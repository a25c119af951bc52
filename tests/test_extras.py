"""A command that needs an optional extra says which one to install, in one line."""

from __future__ import annotations

import sys

import pytest

from csto_course import __version__, cli
from csto_course.extras import MissingExtra, require


def test_require_names_the_extra_and_the_install_command():
    with pytest.raises(MissingExtra, match=r"needs the 'cluster' extra .*pip install -e \"\.\[cluster\]\""):
        require("no_such_module_for_csto", "cluster", "Grading with --engine dask")


@pytest.mark.parametrize("argv", [["grade", "01", "{tmp}", "--out", "{tmp}/out"], ["release", "--check"]])
def test_grading_and_releasing_without_nbgrader_say_what_to_install(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "nbgrader.preprocessors", None)  # as if nbgrader were not installed
    code = cli.main([a.format(tmp=tmp_path) for a in argv])
    err = capsys.readouterr().err
    assert code == 2 and "'instructor' extra" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()  # refused before anything was written


def test_the_version_comes_from_one_place(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert capsys.readouterr().out.strip() == f"csto-course {__version__}"
    from importlib.metadata import version

    assert version("csto-course") == __version__  # pyproject reads it from the package


def test_every_copy_of_the_version_matches_the_package():
    import yaml
    from submission_factory import REPO

    assert yaml.safe_load((REPO / "CITATION.cff").read_text())["version"] == __version__
    assert f"Version {__version__}." in (REPO / "README.md").read_text()
