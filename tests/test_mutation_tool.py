"""tools/mutation.py reads mutmut's results and scores each area as issue #19 asks."""

from __future__ import annotations

import importlib.util

import pytest
from submission_factory import REPO

spec = importlib.util.spec_from_file_location("mutation_tool", REPO / "tools" / "mutation.py")
mutation = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mutation)

LISTING = """\
    csto_course.quiz.bank.x_load__mutmut_1: killed
    csto_course.quiz.bank.x_load__mutmut_2: survived
    csto_course.quiz.bank.xǁBankǁcheck__mutmut_3: timeout
    csto_course.quiz.bank.x_load__mutmut_4: survived
    csto_course.selfcheck.x_expect_rows__mutmut_1: no tests
    csto_course.charts.setup.x_theme__mutmut_1: survived
"""


def test_results_are_scored_per_area_with_equivalent_survivors_set_aside():
    results = mutation.parse_results(LISTING)
    assert len(results) == 6 and results["csto_course.quiz.bank.xǁBankǁcheck__mutmut_3"] == "timeout"
    report = mutation.score(results, {"csto_course.quiz.bank.x_load__mutmut_4": "a default that is always overwritten"})
    # quiz: killed 1 + timeout 1 caught, of 4 - 1 equivalent = 3 considered
    assert report["quiz"]["counts"] == {"killed": 1, "survived": 1, "timeout": 1, "equivalent": 1}
    assert abs(report["quiz"]["score"] - 2 / 3) < 1e-9
    assert report["selfcheck"]["score"] == 0.0  # a mutant no test runs is not caught
    assert "charts" not in report  # outside the areas issue #19 names
    unfinished = mutation.score({"csto_course.release.pipeline.x_release__mutmut_1": "not checked"}, {})
    assert unfinished["release"]["score"] is None  # nothing checked is no score, not 100%


def test_every_area_names_files_that_exist_and_pyproject_mutates_them_all():
    for area, glob in mutation.AREAS.items():
        assert list(REPO.glob(glob.replace("/*", "/*.py"))), area
    pyproject = (REPO / "pyproject.toml").read_text()
    for glob in mutation.AREAS.values():
        assert f'"{glob}"' in pyproject


def test_equivalent_list_reads_names_and_reasons(tmp_path):
    path = tmp_path / "eq.txt"
    path.write_text("# comment\n\ncsto_course.quiz.a__mutmut_1  # the value is overwritten\n")
    assert mutation.read_equivalent(path) == {"csto_course.quiz.a__mutmut_1": "the value is overwritten"}


def test_only_a_caught_mutant_is_reported_as_listed_equivalent_by_mistake():
    """A run stopped early left listed mutants unchecked; they were reported as "now killed"."""
    results = {"a__mutmut_1": "killed", "a__mutmut_2": "not checked", "a__mutmut_3": "survived", "a__mutmut_4": "timeout"}
    listed = {name: "reason" for name in ("a__mutmut_1", "a__mutmut_2", "a__mutmut_3", "a__mutmut_4", "a__mutmut_5")}
    assert mutation.killed_after_all(results, listed) == ["a__mutmut_1", "a__mutmut_4"]


def test_only_chosen_files_of_an_area_are_mutated_and_scored(tmp_path):
    """--only: an area too large for one sitting is measured a module at a time."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mutmut]\nonly_mutate = [\n    "src/csto_course/quiz/*",\n    "src/csto_course/grading/*",\n]\nx = 1\n'
    )
    mutation.restrict_to(tmp_path, ["grading"], ["src/csto_course/grading/answers.py", "src/csto_course/grading/score.py"])
    assert (tmp_path / "pyproject.toml").read_text() == (
        '[tool.mutmut]\nonly_mutate = ["src/csto_course/grading/answers.py", "src/csto_course/grading/score.py"]\nx = 1\n'
    )
    mutation.restrict_to(tmp_path, ["quiz", "selfcheck"])
    assert 'only_mutate = ["src/csto_course/quiz/*", "src/csto_course/selfcheck.py"]\n' in (tmp_path / "pyproject.toml").read_text()
    # a mutant's name leads back to its file, so a work folder's other files are left out of the score
    assert mutation.file_of("csto_course.grading.answers.x__encode__mutmut_3") == "src/csto_course/grading/answers.py"
    assert mutation.file_of("csto_course.grading.sandbox.xǁSandboxǁcommand__mutmut_67") == "src/csto_course/grading/sandbox.py"
    assert mutation.file_of("csto_course.grading.x_f__mutmut_1") == "src/csto_course/grading/__init__.py"
    assert mutation.file_of("csto_course.selfcheck.x_expect_rows__mutmut_1") == "src/csto_course/selfcheck.py"
    assert mutation.area_of_file("src/csto_course/grading/answers.py") == "grading"
    assert mutation.area_of_file("src/csto_course/selfcheck.py") == "selfcheck"
    assert mutation.area_of_file("src/csto_course/charts/setup.py") is None
    assert mutation.repo_path("src/csto_course/grading/answers.py") == "src/csto_course/grading/answers.py"
    assert mutation.repo_path(str(REPO / "src/csto_course/grading/score.py")) == "src/csto_course/grading/score.py"
    assert mutation.repo_path("src/csto_course/grading/nothing.py") is None


def test_tests_runs_only_the_chosen_test_files_on_each_mutant(tmp_path):
    """--tests: a module's own fast tests, for a quicker run whose score is a lower bound."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mutmut]\npytest_add_cli_args_test_selection = [\n    "tests/test_quiz.py", "tests/test_release.py",\n]\nx = 1\n'
    )
    mutation.restrict_tests(tmp_path, ["tests/test_grading_answers.py", "tests/test_grading_units.py"])
    assert (tmp_path / "pyproject.toml").read_text() == (
        '[tool.mutmut]\npytest_add_cli_args_test_selection = ["tests/test_grading_answers.py", "tests/test_grading_units.py"]\nx = 1\n'
    )
    (tmp_path / "pyproject.toml").write_text("[tool.mutmut]\nx = 1\n")
    with pytest.raises(SystemExit):
        mutation.restrict_tests(tmp_path, ["tests/test_quiz.py"])


def test_only_refuses_a_file_outside_every_area(capsys):
    with pytest.raises(SystemExit):
        mutation.main(["--only", "src/csto_course/charts/setup.py", "--report-only"])
    assert "not a file of an area" in capsys.readouterr().err


def test_slow_tests_are_left_out_and_remembered_when_the_run_resumes(tmp_path):
    """--skip-slower-than: the tests that start kernels are deselected; a resumed run (whose stats no longer time
    them) leaves them out too."""
    (tmp_path / "mutants").mkdir()
    stats = tmp_path / "mutants" / "mutmut-stats.json"
    stats.write_text('{"duration_by_test": {"tests/a.py::quick": 0.2, "tests/a.py::kernel[01]": 35.4, "tests/b.py::pool": 2.5}}')
    assert mutation.slower_tests(tmp_path, 2) == ["tests/a.py::kernel[01]", "tests/b.py::pool"]
    stats.write_text('{"duration_by_test": {"tests/a.py::quick": 0.2, "tests/c.py::slow_now": 3.0}}')
    assert mutation.slower_tests(tmp_path, 2) == ["tests/a.py::kernel[01]", "tests/b.py::pool", "tests/c.py::slow_now"]
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.mutmut]\npytest_add_cli_args = [\n    "-n", "0",\n    "--deselect", "tests/b.py::pool",\n]\nx = 1\n')
    mutation.deselect(tmp_path, ["tests/a.py::kernel[01]", "tests/b.py::pool"])
    assert pyproject.read_text() == (
        '[tool.mutmut]\npytest_add_cli_args = [\n    "-n", "0",\n    "--deselect", "tests/b.py::pool",\n'
        '    "--deselect", "tests/a.py::kernel[01]",\n]\nx = 1\n'
    )
    (tmp_path / "mutants" / "mutmut-stats.json").unlink()
    (tmp_path / mutation.SKIPPED).unlink()
    with pytest.raises(SystemExit):
        mutation.slower_tests(tmp_path, 2)
