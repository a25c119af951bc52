"""Is quiz progress saved outside the course, restored, and robust to a damaged file?"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from csto_course.quiz import ProgressStore, QuizSession, load_bank, progress_chart, progress_table, show_quiz
from csto_course.quiz.progress import default_path


def test_progress_lives_in_the_jupyter_data_dir(monkeypatch):
    monkeypatch.delenv("CSTO_COURSE_PROGRESS")
    path = default_path()
    assert path.name == "quiz-progress.json" and path.parent.name == "csto_course"
    assert "jupyter" in str(path).lower()


def test_first_and_latest_attempts_are_saved(private_progress_file):
    quiz = QuizSession(load_bank("01_origins"), store=ProgressStore())
    quiz.answer("treaty-city", "Moscow")
    quiz.answer("treaty-city", "Tashkent")
    saved = json.loads(private_progress_file.read_text())["lessons"]["01_origins"]["questions"]["treaty-city"]
    assert saved["first"]["answer"] == "Moscow" and saved["first"]["correct"] is False
    assert saved["latest"]["answer"] == "Tashkent" and saved["latest"]["correct"] is True
    assert saved["attempts"] == 2 and saved["first"]["at"]


def test_score_carries_over_to_a_new_session():
    first = QuizSession(load_bank("01_origins"), store=ProgressStore())
    first.answer("treaty-city", "Tashkent")
    first.answer("first-term", 4)
    again = QuizSession(load_bank("01_origins"), store=ProgressStore())
    score = again.score()
    assert (score.first_try_correct, score.answered) == (1, 2)
    again.answer("first-term", 5)  # a later right answer does not change the first attempt
    assert again.score().first_try_correct == 1


def test_corrupt_progress_file_is_set_aside_and_the_student_told(private_progress_file):
    private_progress_file.parent.mkdir(parents=True)
    private_progress_file.write_text("{ this is not json", encoding="utf-8")
    widget = show_quiz("01_origins")
    notice = widget.session.store.notice
    assert "could not be read, so a fresh record was started" in notice
    assert widget.notice == notice  # the page shows it above the questions
    aside = list(private_progress_file.parent.glob("quiz-progress.unreadable-*.json"))
    assert len(aside) == 1 and aside[0].read_text() == "{ this is not json"  # nothing lost
    widget.session.answer("treaty-city", "Tashkent")  # and the quiz still saves
    assert json.loads(private_progress_file.read_text())["lessons"]["01_origins"]


def test_wrong_shaped_progress_file_is_set_aside(private_progress_file):
    private_progress_file.parent.mkdir(parents=True)
    private_progress_file.write_text(json.dumps({"lessons": {"01_origins": ["oops"]}}), encoding="utf-8")
    store = ProgressStore()
    assert store.notice and store.questions("01_origins") == {}


def test_unwritable_location_does_not_break_the_quiz(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("CSTO_COURSE_PROGRESS", str(blocker / "sub" / "progress.json"))
    quiz = QuizSession(load_bank("01_origins"), store=ProgressStore())
    assert quiz.answer("treaty-city", "Tashkent").correct
    assert "could not be saved" in quiz.store.notice


def test_progress_view_across_lessons():
    quiz = QuizSession(load_bank("01_origins"), store=ProgressStore())
    quiz.answer("treaty-city", "Tashkent")
    table = progress_table().set_index("lesson")
    assert table.loc["01_origins", "answered"] == 1 and table.loc["01_origins", "first_try_correct"] == 1
    assert table.loc["00_start_here", "answered"] == 0
    spec = progress_chart().to_dict()
    assert spec["title"] == "Your quiz progress by lesson" and spec["description"]


def test_two_lessons_open_at_once_keep_each_others_answers(private_progress_file):
    """Each kernel holds its own store; a write must not bring back an older copy of the file."""
    one = QuizSession(load_bank("01_origins"), store=ProgressStore())
    two = QuizSession(load_bank("02_membership"), store=ProgressStore())
    one.answer("treaty-city", "Tashkent")
    q2 = two.bank.questions[0].id
    two.store.record("02_membership", q2, "an answer", False)
    one.answer("first-term", 5)
    saved = json.loads(private_progress_file.read_text())["lessons"]
    assert set(saved["01_origins"]["questions"]) == {"treaty-city", "first-term"}
    assert q2 in saved["02_membership"]["questions"]


def test_starting_a_quiz_again_keeps_the_old_answers_aside(private_progress_file):
    session = QuizSession(load_bank("01_origins"), store=ProgressStore())
    session.answer("treaty-city", "Moscow")
    session.reset()
    assert session.score().answered == 0
    data = json.loads(private_progress_file.read_text())
    assert "01_origins" not in data["lessons"]
    assert data["earlier"][0]["lesson"] == "01_origins" and "treaty-city" in data["earlier"][0]["questions"]
    again = QuizSession(load_bank("01_origins"), store=ProgressStore())
    assert again.score().answered == 0, "a reopened lesson starts from the reset"


def test_progress_chart_draws_the_students_own_counts_with_readable_labels(tmp_path):
    """The chart a student sees under lesson 00: their store's counts, one row per lesson named by number and title."""
    from csto_course.lessons import LESSONS

    store = ProgressStore(tmp_path / "mine.json")  # not the default store: the chart must read the one it is given
    store.record("01_origins", "treaty-city", "Tashkent", True)
    store.record("01_origins", "first-term", 4, False)
    spec = progress_chart(store).to_dict()
    rows = spec["datasets"][next(iter(spec["datasets"]))]
    ours = {r["measure"]: r["count"] for r in rows if r["lesson"] == "01_origins"}
    total = len(load_bank("01_origins").questions)
    assert ours == {"right on first try": 1, "answered": 2, "questions in quiz": total}
    assert len(rows) == 3 * len(progress_table(store)) and {"lesson", "label", "measure", "count"} <= set(rows[0])
    labels = [f"{lesson.number} {lesson.title.split(':')[0]}" for lesson in LESSONS]
    assert {r["lesson"]: r["label"] for r in rows}["01_origins"] == "01 Origins"
    order = ["questions in quiz", "answered", "right on first try"]  # drawn in this order: the widest bar at the back
    enc = spec["layer"][0]["encoding"]
    assert all(layer["encoding"] == enc for layer in spec["layer"])
    assert enc["y"]["field"] == "label" and enc["y"]["sort"] == labels and "yOffset" not in enc
    assert enc["x"]["field"] == "count" and enc["x"]["title"] == "Questions" and enc["x"]["axis"]["format"] == "d"
    assert enc["color"]["scale"]["domain"] == order
    assert [layer["transform"] for layer in spec["layer"]] == [[{"filter": f"(datum.measure === '{m}')"}] for m in order]
    sizes = [layer["mark"]["size"] for layer in spec["layer"]]
    assert sizes == sorted(sizes, reverse=True)
    assert spec["title"] == "Your quiz progress by lesson" and all(label in spec["description"] for label in order)


def test_each_lessons_bars_sit_on_its_label(tmp_path):
    """Grouped bars (yOffset) put a lesson's one drawn bar at the bottom of its band, next to the next lesson's name."""
    import re

    from scenegraph import drawing
    from scenegraph import nodes as scene_nodes

    store = ProgressStore(tmp_path / "mine.json")
    store.record("01_origins", "treaty-city", "Tashkent", True)

    nodes = [n for n, _ in scene_nodes(drawing(progress_chart(store))) if n.get("marktype")]  # the bars and the axis labels
    labels = [n for n in nodes if n.get("role") == "axis-label" and n["marktype"] == "text"]
    names = {item["text"]: item["y"] for node in labels for item in node["items"] if not str(item["text"]).isdigit()}
    bars = [item for node in nodes if node.get("role") == "mark" and node["marktype"] == "rect" for item in node["items"]]
    assert len(bars) == 3 * len(progress_table(store)) and len(names) == len(progress_table(store))
    for bar in bars:
        label = re.search(r"\b[Ll]esson: ([^;]+);", bar["description"])[1]
        assert abs(bar["y"] + bar["height"] / 2 - names[label]) <= 1, (label, bar["y"], bar["height"], names[label])
    assert max(bar["height"] for bar in bars) <= 16, "a row is a bar, not three bars side by side"


def test_progress_table_counts_first_tries_and_the_last_activity(tmp_path):
    store = ProgressStore(tmp_path / "mine.json")
    store.record("01_origins", "treaty-city", "Moscow", False, at="2026-01-01T10:00:00+00:00")
    store.record("01_origins", "treaty-city", "Tashkent", True, at="2026-01-02T10:00:00+00:00")
    store.record("01_origins", "first-term", 5, True, at="2026-01-01T09:00:00+00:00")
    table = progress_table(store).set_index("lesson")
    row = table.loc["01_origins"]
    assert (row["answered"], row["first_try_correct"]) == (2, 1)  # a later right answer is not a first try
    assert row["last_activity"] == "2026-01-02T10:00:00+00:00" and row["questions"] == len(load_bank("01_origins").questions)
    assert pd.isna(table.loc["02_membership", "last_activity"]) and table.loc["02_membership", "answered"] == 0
    assert list(table.columns) == ["questions", "answered", "first_try_correct", "last_activity"]


def _saved_under_the_old_id(path, *, correct: bool, also_new: bool = False) -> None:
    attempt = {"answer": {"x": "y"}, "correct": correct, "at": "2026-11-01T10:00:00+00:00"}
    questions = {"seed-002-sites": {"first": attempt, "latest": attempt, "attempts": 1}}
    if also_new:
        later = {"answer": {"x": "z"}, "correct": False, "at": "2026-12-01T10:00:00+00:00"}
        questions["oglavnom-sites"] = {"first": later, "latest": later, "attempts": 1}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "lessons": {"05_russias_footprint": {"questions": questions}}}), encoding="utf-8")


def test_an_answer_saved_before_a_question_was_renamed_still_counts(private_progress_file):
    _saved_under_the_old_id(private_progress_file, correct=True)
    quiz = QuizSession(load_bank("05_russias_footprint"), store=ProgressStore())
    assert (quiz.score().first_try_correct, quiz.score().answered) == (1, 1)
    saved = json.loads(private_progress_file.read_text())["lessons"]["05_russias_footprint"]["questions"]
    assert list(saved) == ["oglavnom-sites"] and saved["oglavnom-sites"]["first"]["correct"] is True


def test_an_answer_under_the_new_id_is_kept_over_one_under_the_old(private_progress_file):
    _saved_under_the_old_id(private_progress_file, correct=True, also_new=True)
    quiz = QuizSession(load_bank("05_russias_footprint"), store=ProgressStore())
    assert (quiz.score().first_try_correct, quiz.score().answered) == (0, 1)


def test_the_export_names_a_renamed_question_by_its_current_id(private_progress_file):
    from csto_course.quiz.progress_rows import rows_from_record

    _saved_under_the_old_id(private_progress_file, correct=True)
    rows = rows_from_record(json.loads(private_progress_file.read_text()), "ana")
    assert [(r["question_id"], r["first_correct"]) for r in rows] == [("oglavnom-sites", "true")]
    _saved_under_the_old_id(private_progress_file, correct=True, also_new=True)
    rows = rows_from_record(json.loads(private_progress_file.read_text()), "ana")
    assert [(r["question_id"], r["first_correct"]) for r in rows] == [("oglavnom-sites", "false")]


def test_a_former_id_cannot_be_reused_in_the_same_bank(tmp_path):
    import pytest

    from csto_course.quiz.types import BankError

    bank = tmp_path / "x.yaml"
    bank.write_text(
        "lesson: 01_origins\ntitle: t\nquestions:\n"
        "  - {id: a, former_ids: [b], type: true_false, prompt: p, answer: true, explanation: e, source: seed-oglavnom-2023}\n"
        "  - {id: b, type: true_false, prompt: p, answer: true, explanation: e, source: seed-oglavnom-2023}\n",
        encoding="utf-8",
    )
    with pytest.raises(BankError, match='former id "b"'):
        load_bank(bank)


def test_a_session_restores_each_first_attempt_and_ignores_what_is_not_in_the_bank(tmp_path):
    from csto_course.quiz.session import Attempt

    store = ProgressStore(tmp_path / "p.json")
    store.record("01_origins", "treaty-city", "Moscow", False, at="2026-01-01T10:00:00+00:00")
    store.record("01_origins", "treaty-city", "Tashkent", True, at="2026-01-02T10:00:00+00:00")
    store.record("01_origins", "gone-question", "x", True)  # removed from the bank since
    store.data["lessons"]["01_origins"]["questions"]["first-term"] = {"first": "damaged", "attempts": 1}
    quiz = QuizSession(load_bank("01_origins"), store=store)
    assert quiz.attempts == {"treaty-city": [Attempt("Moscow", False, "2026-01-01T10:00:00+00:00")]}
    feedback = quiz.answer("first-term", 5)
    assert quiz.attempts["first-term"][0].correct is feedback.correct and quiz.attempts["first-term"][0].at.endswith("+00:00")
    saved = store.questions("01_origins")["first-term"]
    assert saved["first"]["answer"] == 5 and saved["first"]["at"] == quiz.attempts["first-term"][0].at


def test_an_unknown_question_is_refused_with_the_ids_there_are():
    quiz = QuizSession(load_bank("01_origins"))
    ids = ", ".join(q.id for q in quiz.bank.questions)
    with pytest.raises(KeyError) as err:
        quiz.question("nope")
    assert err.value.args[0] == f"There is no question 'nope' in this quiz. Questions: {ids}."
    assert quiz.question(quiz.bank.questions[2].id) is quiz.bank.questions[2]
