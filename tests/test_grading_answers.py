"""Answers leave the student's kernel as data only, and come back exactly as they were."""

from __future__ import annotations

import json

import nbformat
import numpy as np
import pandas as pd
import pytest
from submission_factory import REPO

from csto_course.grading import answers
from csto_course.grading.assemble import grade_meta, is_answer, is_test, tasks_of
from csto_course.grading.checker import run_checks
from csto_course.release.answer_names import declared, free_names

SOLUTIONS = sorted((REPO / "solutions").glob("*.ipynb"))


def roundtrip(value, tmp_path):
    answers.export({"x": value}, ["x"], str(tmp_path / "a.json"))
    values, problems = answers.load(tmp_path / "a.json")
    assert not problems, problems
    return values["x"]


FRAMES = {
    "dates and text": pd.DataFrame({"date": pd.to_datetime(["1992-05-15", None]), "title": ["Tashkent", None]}),
    "categories": pd.DataFrame({"c": pd.Categorical(["b", "a", "b"], categories=["b", "a"], ordered=True)}),
    "time zones and spans": pd.DataFrame(
        {"t": pd.to_datetime(["2022-01-06 10:00"]).tz_localize("Asia/Almaty"), "d": pd.to_timedelta(["705 days"])}
    ),
    "nullable ints": pd.DataFrame({"n": pd.array([1, None], dtype="Int64"), "f": [1.5, np.nan], "b": [True, False]}),
    "named index": pd.DataFrame({"v": [1, 2]}, index=pd.Index(["ARM", "BLR"], name="iso3")),
    "multi index": pd.DataFrame({"v": [1, 2]}, index=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["k", "n"])),
    "sliced range index": pd.DataFrame({"v": range(5)}).iloc[1:4],
    "duplicate column names": pd.DataFrame([[1, 2]], columns=["a", "a"]),
    "no rows": pd.DataFrame({"a": pd.Series([], dtype="int64")}),
    "object column": pd.DataFrame({"o": pd.Series(["x", 1, None], dtype=object)}),
}


@pytest.mark.parametrize("name", FRAMES)
def test_tables_come_back_exactly(name, tmp_path):
    frame = FRAMES[name]
    back = roundtrip(frame, tmp_path)
    pd.testing.assert_frame_equal(back, frame, check_exact=True, check_index_type=True, check_column_type=True)


@pytest.mark.parametrize(
    "value",
    [
        705,
        True,
        2.5,
        float("nan"),
        "ARM",
        None,
        [1, "a"],
        (1, 2),
        {"ARM", "BLR"},
        {"a": [1, {"b": None}]},
        np.int64(705),
        np.float64(0.5),
        np.bool_(True),
        pd.Timestamp("2024-02-22"),
        pd.Timedelta(days=527),
        np.datetime64("2024-02-22", "D"),
        10**40,
    ],
    ids=lambda v: f"{type(v).__name__}",
)
def test_plain_values_keep_their_type_and_value(value, tmp_path):
    back = roundtrip(value, tmp_path)
    assert type(back) is type(value)
    assert back == value or (back != back and value != value)


def test_series_keep_name_index_and_dtype(tmp_path):
    series = pd.Series([3, 1], index=pd.Index(["KAZ", "RUS"], name="iso3"), name="count")
    pd.testing.assert_series_equal(roundtrip(series, tmp_path), series, check_exact=True)


def test_a_cheating_value_is_refused_not_carried(tmp_path):
    class AlwaysEqual:
        def __eq__(self, other):
            return True

    class SneakyInt(int):
        def __eq__(self, other):
            return True

    answers.export({"a": AlwaysEqual(), "b": SneakyInt(3), "c": lambda: 1}, ["a", "b", "c", "absent"], str(tmp_path / "a.json"))
    values, problems = answers.load(tmp_path / "a.json")
    assert values == {} and set(problems) == {"a", "b", "c"}
    assert "AlwaysEqual" in problems["a"] and "SneakyInt" in problems["b"]


@pytest.mark.parametrize(
    "record, words",
    [
        ({"values": {"x": {"t": "pickle", "v": "gASV"}}, "problems": {}}, "unknown value tag"),
        ({"values": {"x": {"t": "altair", "class": "os.system", "spec": {}}}, "problems": {}}, "unknown chart class"),
        ({"values": {"x": {"t": "int", "v": "9" * 6000}}, "problems": {}}, "too long"),
        ({"values": {"x": {"t": "list", "items": [{"t": "none"}] * 3}}}, "no 'problems'"),
        ({"values": {"x": {"t": "numpy", "dtype": "O; import os", "v": {"t": "none"}}}, "problems": {}}, "unreadable dtype"),
    ],
)
def test_forged_answer_files_are_refused(record, words, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(record))
    with pytest.raises(answers.AnswerFileError, match=words):
        answers.load(tmp_path / "a.json")


def test_deeply_nested_or_missing_files_are_refused(tmp_path):
    node = {"t": "none"}
    for _ in range(200):
        node = {"t": "list", "items": [node]}
    (tmp_path / "deep.json").write_text(json.dumps({"values": {"x": node}, "problems": {}}))
    with pytest.raises(answers.AnswerFileError):
        answers.load(tmp_path / "deep.json")
    with pytest.raises(answers.AnswerFileError, match="wrote no answers"):
        answers.load(tmp_path / "none.json")


def test_links_and_pipes_in_the_answers_folder_are_refused_at_once(tmp_path):
    """The folder is the student's; the grader may be root outside the sandbox."""
    import os

    folder = tmp_path / "answers"
    folder.mkdir()
    secret = tmp_path / "secret.json"
    secret.write_text('{"values": {}, "problems": {"x": "SECRET"}}')
    os.symlink(secret, folder / "linked.json")
    os.mkfifo(folder / "pipe.json")  # opening it for reading would wait for a writer forever
    for name in ("linked.json", "pipe.json"):
        with pytest.raises(answers.AnswerFileError):
            answers.read_text(folder / name)
    os.symlink(tmp_path, tmp_path / "linked-folder")
    with pytest.raises(answers.AnswerFileError):
        answers.read_text(tmp_path / "linked-folder" / "secret.json")


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_test_cell_declares_what_it_reads(path):
    solution = nbformat.read(path, as_version=4)
    setup = [c.source for c in solution.cells if c.cell_type == "code" and not is_answer(c) and not is_test(c)]
    for cell in solution.cells:
        if is_test(cell):
            assert declared(cell) is not None, f"{grade_meta(cell)['grade_id']} declares no answers (metadata csto.answers)"
            assert set(free_names(cell.source, setup)) <= set(declared(cell)), grade_meta(cell)["grade_id"]


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_model_answers_pass_every_hidden_test_after_export(path, tmp_path):
    """The model answers, carried out as data, pass their tests in the clean checker."""
    solution = nbformat.read(path, as_version=4)
    namespace: dict = {}
    tests = []
    for cell in solution.cells:
        if cell.cell_type != "code":
            continue
        if is_test(cell):
            gid = grade_meta(cell)["grade_id"]
            answers.export(namespace, declared(cell), str(tmp_path / f"{gid}.json"))
            tests.append({"task": gid, "source": cell.source, "answers": declared(cell), "file": str(tmp_path / f"{gid}.json")})
        else:
            exec(compile(cell.source, "<cell>", "exec"), namespace)  # noqa: S102 - the course's own solution
    setup = [c.source for c in solution.cells if c.cell_type == "code" and not is_answer(c) and not is_test(c)]
    results = run_checks(setup, tests)
    assert [(r.task, r.status, r.evalue) for r in results if r.status != "ok"] == []
    assert len(results) == len([t for t in tasks_of(solution) if t.kind == "auto"])
