"""A command that needs an optional extra says which one to install, in one line."""

from __future__ import annotations

import sys

import pytest

from csto_course import __version__, cli
from csto_course.extras import MissingExtra, require


def test_require_names_the_extra_and_the_install_command():
    with pytest.raises(MissingExtra, match=r"needs the 'cluster' extra .*pip install -e \"\.\[cluster\]\""):
        require("no_such_module_for_csto", "cluster", "Grading with --engine dask")


@pytest.mark.parametrize(
    ("argv", "missing", "extra"),
    [
        (["grade", "01", "{tmp}", "--out", "{tmp}/out"], "nbgrader.preprocessors", "instructor"),
        (["release", "--check"], "nbgrader.preprocessors", "instructor"),
        (["grade", "01", "{tmp}", "--out", "{tmp}/out", "--engine", "dask"], "distributed", "cluster"),
        (["site", "--out", "{tmp}/out"], "myst_nb", "site"),
    ],
)
def test_a_command_without_its_extra_says_what_to_install(argv, missing, extra, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, missing, None)  # as if the extra were not installed
    code = cli.main([a.format(tmp=tmp_path) for a in argv])
    err = capsys.readouterr().err
    assert code == 2 and f"'{extra}' extra" in err and f'pip install -e ".[{extra}]"' in err and "Traceback" not in err
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


def _distribution_names(requirements: list[str]) -> set[str]:
    import re

    return {re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_every_third_party_module_the_code_imports_is_declared():
    """A module that src/ imports must come from a distribution pyproject.toml names, in the core
    dependencies or an extra: one that arrives only through another package (IPython through ipykernel,
    zmq through jupyter_client) breaks the day that package stops bringing it (#19)."""
    import ast
    from importlib.metadata import packages_distributions

    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")

    from submission_factory import REPO

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _distribution_names(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared |= _distribution_names(extra)
    providers = packages_distributions()
    undeclared = {}
    for path in sorted((REPO / "src").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top == "csto_course":
                    continue
                dists = {d.lower().replace("_", "-") for d in providers.get(top, [top])}
                if not dists & declared:
                    undeclared.setdefault(top, path.relative_to(REPO).as_posix())
    assert undeclared == {}, f"imported but not declared in pyproject.toml (module: first file): {undeclared}"


def test_no_command_asks_for_an_extra_to_install_a_core_dependency():
    """require() is for optional modules: its install hint for a core dependency could never show, and
    would name the wrong extra if it did (vl-convert moved to the core dependencies, #19)."""
    import ast
    from importlib.metadata import packages_distributions

    from submission_factory import REPO

    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")
    core = _distribution_names(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"])
    providers = packages_distributions()
    wrong = []
    for path in sorted((REPO / "src").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "require" and isinstance(node.args[0], ast.Constant):
                top = str(node.args[0].value).split(".")[0]
                if {d.lower().replace("_", "-") for d in providers.get(top, [top])} & core:
                    wrong.append(f"{path.relative_to(REPO).as_posix()}:{node.lineno} {node.args[0].value}")
    assert wrong == [], f"import these directly: {wrong}"


def test_the_readme_says_which_install_every_command_needs():
    """README's "Which install each command needs" table names every subcommand of csto-course (#19)."""
    import argparse

    from submission_factory import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("**Which install each command needs.**")[1].split("\n\n**")[0]
    listed = "\n".join(line.split("|")[1] for line in table.splitlines() if line.startswith("| `"))
    sub = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    missing = [name for name in sub.choices if f"`{name}" not in listed and f"`csto-course {name}" not in listed]
    assert missing == [], f"add these commands to the README's install table: {missing}"
