"""Does every question type judge answers fairly and explain bad input kindly?"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from file_edits import replace_in

from csto_course.lessons import LESSONS
from csto_course.paths import lessons_dir
from csto_course.quiz import AnswerError, BankError, QuizSession, load_bank, show_quiz


@pytest.fixture
def quiz():
    return QuizSession(load_bank("01_origins"))


# (question id, a right answer, a wrong answer) covering every type in the lesson 01 bank
CASES = [
    ("treaty-city", "Tashkent", "Moscow"),  # single_choice
    ("states-in-force", 9, "6"),  # numeric
    ("did-not-renew", ["Azerbaijan", "Georgia", "Uzbekistan"], ["Azerbaijan", "Belarus"]),  # multiple_select
    ("seed-000-accessions", False, True),  # true_false
    ("charter-city", "  chișinău ", "Tashkent"),  # short_text
    (
        "order-of-steps",
        [
            "Treaty signed in Tashkent",
            "Treaty enters into force",
            "Six states sign the extension protocol",
            "Decision in Moscow to found an organisation",
            "Charter signed in Chisinau",
            "Charter enters into force",
        ],
        [
            "Treaty enters into force",
            "Treaty signed in Tashkent",
            "Six states sign the extension protocol",
            "Decision in Moscow to found an organisation",
            "Charter signed in Chisinau",
            "Charter enters into force",
        ],
    ),  # ordering
    (
        "date-to-event",
        {
            "1992-05-15": "Treaty signed",
            "1994-04-20": "Treaty in force",
            "2003-09-18": "Charter in force",
            "2004-12-02": "UN General Assembly observer status",
        },
        {
            "1992-05-15": "Treaty in force",
            "1994-04-20": "Treaty signed",
            "2003-09-18": "Charter in force",
            "2004-12-02": "UN General Assembly observer status",
        },
    ),  # matching
]


@pytest.mark.parametrize("qid, right, wrong", CASES, ids=[c[0] for c in CASES])
def test_right_and_wrong_answers_get_feedback_in_words(quiz, qid, right, wrong):
    bad = quiz.answer(qid, wrong)
    assert not bad.correct and bad.message.startswith("Not correct yet.")
    good = quiz.answer(qid, right)
    assert good.correct and good.message == "Correct."
    assert good.explanation and good.source  # every answer explains and cites


def test_wrong_answers_say_what_was_partly_right(quiz):
    assert (
        "You chose 1 of the 3 correct options and 1 that do not apply." in quiz.answer("did-not-renew", ["Azerbaijan", "Belarus"]).message
    )
    assert "Your number is too low." in quiz.answer("states-in-force", 6).message
    assert "2 of 4 matches are right." in quiz.answer("date-to-event", dict(CASES[-1][2])).message


BAD_ANSWERS = [
    ("treaty-city", None, "Please give an answer first: choose one of the options."),
    ("treaty-city", 7, "There are 4 options, numbered 0 to 3; 7 is out of range."),
    ("treaty-city", 1.5, "Choose one option by its text (for example 'Tashkent'), not a float."),
    ("treaty-city", "Paris", "'Paris' is not one of the options: Tashkent; Moscow; Minsk; Almaty."),
    ("states-in-force", "", "Please give an answer first: type a number."),
    ("states-in-force", "nine", "'nine' is not a number. Type digits only, for example 9 or 4200."),
    ("states-in-force", True, "Type a number, not True or False."),
    ("states-in-force", float("nan"), "Type a finite number, not nan."),
    ("did-not-renew", "Georgia", "Give a list of the options you choose, for example ['A', 'C']."),
    ("did-not-renew", ["Georgia", "Narnia"], "'Narnia' is not among the options."),
    ("seed-000-accessions", "maybe", "Answer True or False; 'maybe' is neither."),
    ("charter-city", 42, "Type your answer as text, not a int."),
    ("charter-city", "   ", "Please type an answer first."),
    ("order-of-steps", ["Treaty signed in Tashkent"], "Use every item exactly once; not yet placed:"),
    ("date-to-event", ["x"], "Give your matches as a dictionary: {left item: right item}."),
    ("date-to-event", {"1992-05-15": "Treaty signed"}, "Match every item; still open: 1994-04-20; 2003-09-18; 2004-12-02."),
]


@pytest.mark.parametrize("qid, answer, message", BAD_ANSWERS)
def test_unusable_answers_are_explained_and_not_counted(quiz, qid, answer, message):
    with pytest.raises(AnswerError) as err:
        quiz.answer(qid, answer)
    assert str(err.value).startswith(message)
    assert qid not in quiz.attempts
    assert quiz.try_answer(qid, answer) == str(err.value)


def test_score_counts_first_attempts_only(quiz):
    quiz.answer("treaty-city", "Moscow")
    quiz.answer("treaty-city", "Tashkent")
    quiz.answer("first-term", 5)
    score = quiz.score()
    assert (score.first_try_correct, score.answered, score.total) == (1, 2, 11)
    assert str(score) == "1 of 11 right on the first try (2 of 11 answered). The score counts first attempts only."


def test_unknown_question_id(quiz):
    with pytest.raises(KeyError, match="There is no question 'nope' in this quiz"):
        quiz.answer("nope", "x")


@pytest.mark.parametrize("lesson", [lesson.slug for lesson in LESSONS])
def test_each_lesson_bank_has_eight_questions_of_three_types(lesson):
    bank = load_bank(lesson)
    assert len(bank.questions) >= 8
    assert len({q.kind for q in bank.questions}) >= 3


# --- malformed banks: the message names the file and the question ----------------

BANK = "quizzes/01_origins.yaml"


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "type: single_choice\n    prompt: In which city",
            "type: essay\n    prompt: In which city",
            "question \"treaty-city\": field 'type': unknown type 'essay'; the types are: matching, multiple_select",
        ),
        ("    answer: Tashkent\n", "", 'question "treaty-city": the answer "None" is not among the options'),
        (
            "    answer: Tashkent\n",
            "    answer: Tashkentt\n",
            'question "treaty-city": the answer "Tashkentt" is not among the options (Tashkent; Moscow; Minsk; Almaty)',
        ),
        ("id: states-in-force", "id: treaty-city", 'question "treaty-city": the id is used twice; ids must be unique.'),
        (
            "    source: csto-un\n",
            "    source: no-such-source\n",
            'question "date-to-event": source "no-such-source" is not in data/sources.csv.',
        ),
        (
            "  - id: first-term\n    type: numeric\n    prompt: For how many years was the treaty first concluded?\n",
            "  - id: first-term\n    type: numeric\n",
            "question \"first-term\": 'prompt' is missing.",
        ),
        (
            "    tolerance: 0\n    explanation: >-\n      It was",
            "    tolerance: lots\n    explanation: >-\n      It was",
            'question "first-term": tolerance must be a number',
        ),
        ("questions:\n", "questions: [\n", "not valid YAML on line"),
    ],
    ids=[
        "unknown-type",
        "missing-answer",
        "answer-not-an-option",
        "duplicate-id",
        "unknown-source",
        "missing-prompt",
        "bad-tolerance",
        "invalid-yaml",
    ],
)
def test_malformed_bank_names_file_and_question(scratch_course, old, new, message):
    replace_in(scratch_course / BANK, old, new)
    with pytest.raises(BankError) as err:
        load_bank("01_origins")
    assert str(err.value).startswith(BANK)
    assert message in str(err.value)


def test_missing_bank(scratch_course):
    with pytest.raises(BankError, match=r"quizzes/99_nothing.yaml: there is no question bank here"):
        load_bank("99_nothing")


def test_widget_has_a_static_fallback_and_labels():
    widget = show_quiz("01_origins")
    bundle = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == "<span class='csto-quiz-live'></span>", "the HTML quiz is in show_quiz's text copy"
    assert "In which city was the Collective Security Treaty signed" in bundle["text/plain"]
    from csto_course.quiz.static import TextCopy

    assert TextCopy(widget.session.bank)._repr_mimebundle_()["text/html"].count("<details><summary>Show answer</summary>") == 11


def test_widget_check_gives_feedback_in_words():
    widget = show_quiz("01_origins", save_progress=False)
    assert widget.check("treaty-city", None) == {"ok": False, "error": "Please give an answer first: choose one of the options."}
    assert "0 of 11 answered" in widget.score
    right = widget.check("treaty-city", "Tashkent")
    assert right["ok"] and right["correct"] and right["reveal"] and right["hint"] == ""
    assert "1 of 11 answered" in widget.score


def test_a_first_wrong_answer_gets_a_hint_and_the_second_the_answer():
    widget = show_quiz("01_origins", save_progress=False)
    first = widget.check("states-in-force", "7")
    assert first["ok"] and not first["correct"] and not first["reveal"]
    assert first["hint"].startswith("Look again at the lesson's section")
    assert "Your number is too low." in first["message"]
    second = widget.check("states-in-force", "8")
    assert second["reveal"] and second["shown_answer"] == "9"
    assert widget.check("no-such-question", "x")["error"].startswith("There is no question 'no-such-question'")


def test_the_page_message_checks_the_answer_it_carries():
    """The page sends the answer with the check, so what is graded is what the student saw."""
    widget = show_quiz("01_origins", save_progress=False)
    sent = []
    widget.send = lambda content, buffers=None: sent.append(content)
    for typed in ("5", "9", "12"):
        widget._on_message(widget, {"type": "check", "question": "states-in-force", "answer": typed, "view": "v", "seq": typed}, [])
    verdicts = [(m["seq"], m["verdict"]["correct"]) for m in sent]
    assert verdicts == [("5", False), ("9", True), ("12", False)]
    assert [a.answer for a in widget.session.attempts["states-in-force"]] == ["5", "9", "12"]
    widget._on_message(widget, "not a dict", [])  # ignored, no error
    widget._on_message(widget, {"type": "reset", "view": "v", "seq": 4}, [])
    assert sent[-1] == {"view": "v", "seq": 4, "type": "reset"} and "0 of 11 answered" in widget.score


@pytest.mark.parametrize("lesson", [lesson.slug for lesson in LESSONS])
def test_every_question_sends_a_wrong_answer_back_to_a_real_section_of_its_lesson(lesson):
    nb = json.loads((lessons_dir() / f"{lesson}.ipynb").read_text(encoding="utf-8"))
    headings = {
        line.lstrip("#").strip()
        for cell in nb["cells"]
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith("#")
    }
    for q in load_bank(lesson).questions:
        assert q.spec.get("hint") or q.spec.get("section") in headings, (
            f"{lesson}/{q.id}: section {q.spec.get('section')!r} is not a heading of the lesson"
        )


def test_a_hint_is_the_authors_own_else_the_section_else_a_general_one():
    from types import SimpleNamespace

    from csto_course.quiz.view import hint_for

    assert hint_for(SimpleNamespace(spec={"hint": "Count the signatories.", "section": "Members"})) == "Count the signatories."
    assert hint_for(SimpleNamespace(spec={"section": "Members"})) == "Look again at the lesson's section “Members”, then try again."
    assert hint_for(SimpleNamespace(spec={})) == "Look again at the part of the lesson this question is about, then try again."


def test_the_verdict_carries_everything_the_page_shows():
    from csto_course.quiz.feedback import Feedback
    from csto_course.quiz.view import verdict

    question = load_bank("01_origins").questions[0]
    wrong = Feedback(False, "Not correct yet.", "Because the treaty says so.", "A source, 2023.")
    assert verdict(question, wrong, 1) == {
        "ok": True,
        "correct": False,
        "message": "Not correct yet.",
        "explanation": "Because the treaty says so.",
        "source": "A source, 2023.",
        "hint": question.spec.get("hint") or f"Look again at the lesson's section “{question.spec['section']}”, then try again.",
        "shown_answer": question.shown_answer(),
        "reveal": False,
    }
    assert verdict(question, "Please give an answer first.", 0) == {"ok": False, "error": "Please give an answer first."}


def test_an_unknown_question_is_refused_and_changes_nothing():
    widget = show_quiz("01_origins", save_progress=False)
    reply = widget.check("no-such-question", "x")
    assert reply["ok"] is False and set(reply) == {"ok", "error"}
    assert widget.session.attempts == {} and "0 of 11 answered" in widget.score


def test_a_progress_file_that_cannot_be_saved_is_said_on_the_page(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("CSTO_COURSE_PROGRESS", str(blocker / "sub" / "progress.json"))
    widget = show_quiz("01_origins")
    assert widget.notice == ""
    assert widget.check("treaty-city", "Tashkent")["correct"]
    assert widget.notice.startswith("Your quiz progress could not be saved") and widget.notice == widget.session.store.notice


def test_the_page_gets_a_verdict_message_for_each_check():
    widget = show_quiz("01_origins", save_progress=False)
    sent = []
    widget.send = lambda content, buffers=None: sent.append(content)
    widget._on_message(widget, {"type": "check", "question": "treaty-city", "answer": "Tashkent", "view": "v", "seq": 1}, [])
    (message,) = sent
    assert message["type"] == "verdict" and (message["view"], message["seq"]) == ("v", 1) and message["verdict"]["correct"]


def test_the_widget_ships_the_sites_drawing_code_then_its_adapter():
    """JupyterLab runs the same quiz-view.js as the website, read whole (its text has non-ASCII marks)."""
    from csto_course.quiz import widget as widget_module
    from csto_course.quiz.view import ASSETS, script, style

    js = (ASSETS / "quiz-view.js").read_bytes().decode("utf-8")
    assert script() == js and style() == (ASSETS / "quiz-view.css").read_bytes().decode("utf-8")
    adapter = (ASSETS / "quiz-widget.js").read_bytes().decode("utf-8")
    assert widget_module._esm() == js + "\n" + adapter == widget_module.QuizWidget._esm


_Q1 = '  - {id: q1, type: true_false, prompt: "P?", answer: true, explanation: "E.", source: s}\n'


@pytest.mark.parametrize(
    "text, message",
    [
        ("[1, 2]\n", ": a bank must be a mapping with lesson, title and questions."),
        ("lesson: x\nquestions:\n" + _Q1, ": 'title' is a required property."),
        ("lesson: x\ntitle: T\ncolour: red\nquestions:\n" + _Q1, ": Additional properties are not allowed ('colour' was unexpected)."),
        ("lesson: x\ntitle: T\nquestions: []\n", ": [] should be non-empty."),
        ("lesson: x\ntitle: T\nquestions:\n  - oops\n", ", question \"number 1\": 'oops' is not of type 'object'."),
        ("lesson: x\ntitle: T\nquestions:\n" + _Q1 + _Q1.replace("id: q1, ", ""), ", question \"number 2\": 'id' is missing."),
        (
            "lesson: x\ntitle: T\nquestions:\n" + _Q1.replace("q1", "Q 1"),
            ", question \"Q 1\": field 'id': 'Q 1' does not match '^[a-z0-9][a-z0-9-]*$'.",
        ),
        (
            "lesson: x\ntitle: T\nquestions:\n" + _Q1 + _Q1.replace("id: q1,", "id: q2, former_ids: [q1],"),
            ', question "q2": former id "q1" is still (or again) in use; a former id must be free.',
        ),
        ("lesson: x\ntitle: T\nquestions: [\n", ": not valid YAML on line 4 (expected the node content, but found '<stream end>')."),
    ],
    ids=[
        "not-a-mapping",
        "no-title",
        "unknown-key",
        "no-questions",
        "question-not-a-mapping",
        "no-id",
        "bad-id",
        "former-id-in-use",
        "yaml",
    ],
)
def test_a_bank_outside_the_course_is_named_by_its_path_in_every_message(tmp_path, text, message):
    path = tmp_path / "bank.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BankError) as err:
        load_bank(path, check_sources=False)
    assert str(err.value) == f"{path}{message}"


def test_a_bank_shuffles_unless_it_says_not_and_keeps_its_former_ids(tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text("lesson: x\ntitle: T\nquestions:\n" + _Q1.replace("id: q1,", "id: q2, former_ids: [q1, q0],"), encoding="utf-8")
    bank = load_bank(path, check_sources=False)
    assert (bank.lesson, bank.title, bank.intro, bank.shuffle, bank.where) == ("x", "T", "", True, str(path))
    assert bank.renames == {"q1": "q2", "q0": "q2"} and bank.questions[0].source == ""  # sources not looked up
    path.write_text("lesson: x\ntitle: T\nintro: Hello.\nshuffle: false\nquestions:\n" + _Q1, encoding="utf-8")
    bank = load_bank(path, check_sources=False)
    assert (bank.intro, bank.shuffle, bank.renames) == ("Hello.", False, {})


def test_the_page_gets_each_question_as_it_draws_it_shuffled_reproducibly_or_not():
    from csto_course.quiz.bank import Bank
    from csto_course.quiz.types import QUESTION_TYPES, shuffled
    from csto_course.quiz.view import bank_view

    def make(kind, qid, **spec):
        return QUESTION_TYPES[kind].from_spec({"id": qid, "prompt": f"{qid}?", "explanation": "E.", "source": "s", **spec}, "b.yaml")

    questions = [
        make("single_choice", "one", options=["A", "B", "C", "D"], answer="A"),
        make("multiple_select", "many", options=["w", "x", "y", "z"], answers=["w"]),
        make("ordering", "order", order=["c", "a", "b"]),
        make("matching", "match", pairs={"L1": "r1", "L2": "r2", "L3": "r3"}),
        make("numeric", "count", answer=6),
    ]
    bank = Bank(Path("b.yaml"), "07_test", "T", "Intro.", True, questions)
    view = bank_view(bank)
    assert (view["lesson"], view["title"], view["intro"]) == ("07_test", "T", "Intro.")
    assert view["questions"] == [
        {"id": "one", "kind": "single_choice", "prompt": "one?", "options": shuffled(["A", "B", "C", "D"], "07_test:one")},
        {"id": "many", "kind": "multiple_select", "prompt": "many?", "options": shuffled(["w", "x", "y", "z"], "07_test:many")},
        {"id": "order", "kind": "ordering", "prompt": "order?", "start_order": ["a", "b", "c"]},  # never the answer's order
        {
            "id": "match",
            "kind": "matching",
            "prompt": "match?",
            "lefts": ["L1", "L2", "L3"],
            "choices": shuffled(["r1", "r2", "r3"], "07_test:match"),
        },
        {"id": "count", "kind": "numeric", "prompt": "count?"},
    ]
    assert view["questions"][0]["options"] != ["A", "B", "C", "D"] or view["questions"][1]["options"] != ["w", "x", "y", "z"]
    bank.shuffle = False
    plain = bank_view(bank)["questions"]
    assert plain[0]["options"] == ["A", "B", "C", "D"] and plain[3]["choices"] == ["r1", "r2", "r3"]


def test_the_widget_starts_with_the_bank_the_score_and_any_notice_and_listens_to_the_page(tmp_path):
    from csto_course.quiz.progress import ProgressStore
    from csto_course.quiz.view import bank_view
    from csto_course.quiz.widget import QuizWidget

    path = tmp_path / "p.json"
    path.write_text("[]", encoding="utf-8")
    session = QuizSession(load_bank("01_origins"), store=ProgressStore(path))
    widget = QuizWidget(session)
    assert widget.bank == bank_view(session.bank) and widget.score == str(session.score())
    assert widget.notice == session.store.notice != ""
    assert QuizWidget(QuizSession(load_bank("01_origins"))).notice == ""
    sent = []
    widget.send = lambda content, buffers=None: sent.append(content)
    widget._handle_custom_msg({"type": "reset", "view": "v", "seq": 1}, [])  # as a message from the page arrives
    assert sent == [{"view": "v", "seq": 1, "type": "reset"}]


# Day-precise dates in a quiz that are not a table's value: the example the question computes or shows.
QUIZ_DATES_NOT_IN_TABLES = {
    ("00b_pandas_primer", "month-precision", "1999-04-01"),  # how the table stores a month-precise date
    ("00b_pandas_primer", "kyrgyzstan-days", "2010-06-01"),  # the same, for June 2010
    ("02_membership", "members-2010", "2010-01-01"),  # the day the question counts members on
    ("02_membership", "members-2000", "2000-01-01"),
}


def test_every_date_a_quiz_states_is_in_the_course_tables():
    """A day-precise date in a question, its options or its explanation is a fact, so it is in some table
    (an event, a term, a source's date): a mistyped or unsourced date fails here, not in a student's answer."""
    import re

    import yaml

    from csto_course.paths import data_dir, quizzes_dir

    tables = "".join(path.read_text(encoding="utf-8") for path in sorted(data_dir().glob("*.csv")))
    stray = set()
    for lesson in LESSONS:
        bank = yaml.safe_load((quizzes_dir() / f"{lesson.slug}.yaml").read_text(encoding="utf-8"))
        for question in bank["questions"]:
            text = json.dumps({k: v for k, v in question.items() if k not in ("id", "source", "section")}, default=str)
            stray |= {(lesson.slug, question["id"], d) for d in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text) if d not in tables}
    assert stray == QUIZ_DATES_NOT_IN_TABLES, f"dates in no table: {sorted(stray - QUIZ_DATES_NOT_IN_TABLES)}"
