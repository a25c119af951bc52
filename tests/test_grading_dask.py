"""Grading on a Dask cluster (a LocalCluster on loopback): the same grades, sandboxed, resumable."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hostile_submissions import STEAL, Paths
from submission_factory import REPO, exercise, perfect, with_answer, write

from csto_course.grading import Limits, grade_batch, gradebook
from csto_course.grading.sandbox import probe

distributed = pytest.importorskip("distributed", reason="Dask's distributed package is in the test extra")
LIMITS = Limits(cell_timeout=5, notebook_timeout=60)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None, silence_logs=50
    ) as local:
        yield local


def grades(out: Path) -> dict:
    return {gradebook.key(r): (r["points"], r["status"]) for r in gradebook.read(out / "gradebook.csv")}


def test_dask_gives_the_local_grades_and_resumes_where_the_local_run_stopped(cluster, tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write(subs, "ada", perfect())
    write(subs, "bob", with_answer("task2-answer", "days_to_force = 700"))
    local_out, dask_out = tmp_path / "local", tmp_path / "dask"
    grade_batch("01", subs, local_out, jobs=2, limits=LIMITS, stream=io.StringIO())

    # A class graded halfway on one engine goes on where it stopped on the other.
    grade_batch("01", subs, dask_out, jobs=2, limits=LIMITS, stream=io.StringIO())
    write(subs, "cyd", exercise())
    summary = grade_batch("01", subs, dask_out, limits=LIMITS, stream=io.StringIO(), engine="dask", scheduler=cluster.scheduler_address)
    assert (summary["graded"], summary["skipped"], summary["sandboxed"]) == (1, 2, probe() is None)
    got = grades(dask_out)
    assert {k: v for k, v in got.items() if k[1] != "cyd"} == grades(local_out)
    assert got[("01_origins", "cyd", "task1-tests")] == ("0.0", "not_answered")

    summary = grade_batch(
        "01", subs, tmp_path / "all-dask", limits=LIMITS, stream=io.StringIO(), engine="dask", scheduler=cluster.scheduler_address
    )
    assert summary["graded"] == 3 and grades(tmp_path / "all-dask") == got


@pytest.mark.skipif(probe() is not None, reason="no sandbox here")
def test_dask_workers_sandbox_student_code(cluster, tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    paths = Paths(subs, out, REPO / "solutions", REPO / "solutions", tmp_path, "m", 1)
    write(
        subs,
        "thief",
        with_answer("task1-answer", STEAL.format(solutions=str(paths.solutions), repo_solutions=str(paths.repo_solutions)), exercise()),
    )
    grade_batch("01", subs, out, limits=LIMITS, stream=io.StringIO(), engine="dask", scheduler=cluster.scheduler_address)
    assert sum(float(p or 0) for (_, student, _), (p, _) in grades(out).items() if student == "thief") == 0


def test_dask_needs_a_scheduler_address(tmp_path):
    with pytest.raises(ValueError, match="--engine dask needs --scheduler"):
        grade_batch("01", tmp_path, tmp_path / "out", stream=io.StringIO(), engine="dask")
