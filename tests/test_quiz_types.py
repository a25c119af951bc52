"""Each question type, on its own: what it accepts, what it says to a wrong or malformed answer, and the answer it shows.

The sentences are asserted word for word: they are what a student reads, in JupyterLab, on the
website and in the static fallback.
"""

from __future__ import annotations

import pytest

from csto_course.quiz.feedback import AnswerError
from csto_course.quiz.types import QUESTION_TYPES, BankError, shuffled


def make(kind: str, **spec):
    spec = {"id": "q", "prompt": "P?", "explanation": "Because.", "source": "src", **spec}
    return QUESTION_TYPES[kind].from_spec(spec, "bank.yaml")


SINGLE = dict(options=["Tashkent", "Moscow", "Minsk"], answer="Tashkent")
MULTI = dict(options=["A", "B", "C", "D"], answers=["A", "C"])
ORDER = dict(order=["first", "second", "third"])
MATCH = dict(pairs={"Council": "heads of state", "Secretariat": "staff", "Staff": "military"})


@pytest.mark.parametrize(
    "kind, spec, answer, value, correct, message",
    [
        ("single_choice", SINGLE, "Tashkent", "Tashkent", True, "Correct."),
        ("single_choice", SINGLE, 0, "Tashkent", True, "Correct."),
        ("single_choice", SINGLE, 2, "Minsk", False, "Not correct yet."),
        ("multiple_select", MULTI, ["A", "C"], {"A", "C"}, True, "Correct."),
        ("multiple_select", MULTI, ("C", "A"), {"A", "C"}, True, "Correct."),
        ("multiple_select", MULTI, ["A"], {"A"}, False, "Not correct yet. You chose 1 of the 2 correct options."),
        (
            "multiple_select",
            MULTI,
            {"A", "B", "D"},
            {"A", "B", "D"},
            False,
            "Not correct yet. You chose 1 of the 2 correct options and 2 that do not apply.",
        ),
        ("true_false", dict(answer=False), False, False, True, "Correct."),
        ("true_false", dict(answer=False), " No ", False, True, "Correct."),
        ("true_false", dict(answer=False), "t", True, False, "Not correct yet."),
        ("true_false", dict(answer=True), "YES", True, True, "Correct."),
        ("true_false", dict(answer=True), "f", False, False, "Not correct yet."),
        ("numeric", dict(answer=4200), "4,200", 4200.0, True, "Correct."),
        ("numeric", dict(answer=4200), "4 200", 4200.0, True, "Correct."),
        ("numeric", dict(answer=4200), 4201, 4201.0, False, "Not correct yet. Your number is too high."),
        ("numeric", dict(answer=4200), 4199.5, 4199.5, False, "Not correct yet. Your number is too low."),
        ("numeric", dict(answer=20, tolerance=2), 22, 22.0, True, "Correct."),
        ("numeric", dict(answer=20, tolerance=2), 17.9, 17.9, False, "Not correct yet. Your number is too low."),
        ("numeric", dict(answer=20, tolerance=2), "22.1", 22.1, False, "Not correct yet. Your number is too high."),
        ("short_text", dict(answer="Chișinău", variants=["Kishinev"]), "  chisinau! ", "chisinau", True, "Correct."),
        ("short_text", dict(answer="Chișinău", variants=["Kishinev"]), "KISHINEV", "kishinev", True, "Correct."),
        ("short_text", dict(answer="Chișinău"), "Tiraspol", "tiraspol", False, "Not correct yet."),
        (
            "short_text",
            dict(answer="Collective Security Treaty"),
            " collective  security\ttreaty ",
            "collective security treaty",
            True,
            "Correct.",
        ),
        ("short_text", dict(answer="Minsk"), "x" * 200, "x" * 200, False, "Not correct yet."),  # 200 characters is still short
        ("ordering", ORDER, ["first", "second", "third"], ["first", "second", "third"], True, "Correct."),
        (
            "ordering",
            ORDER,
            ("third", "second", "first"),
            ["third", "second", "first"],
            False,
            "Not correct yet. 1 of 3 items are in the right place.",
        ),
        ("matching", MATCH, {"Council": "heads of state", "Secretariat": "staff", "Staff": "military"}, None, True, "Correct."),
        (
            "matching",
            MATCH,
            {"Council": "heads of state", "Secretariat": "military", "Staff": "staff"},
            {"Council": "heads of state", "Secretariat": "military", "Staff": "staff"},
            False,
            "Not correct yet. 1 of 3 matches are right.",
        ),
    ],
)
def test_answers_are_read_and_judged(kind, spec, answer, value, correct, message):
    question = make(kind, **spec)
    normalised = question.normalise(answer)
    if value is not None:
        assert normalised == value and type(normalised) is type(value)
    feedback = question.check(answer)
    assert (feedback.correct, feedback.message, feedback.explanation) == (correct, message, "Because.")


@pytest.mark.parametrize(
    "kind, spec, answer, message",
    [
        ("single_choice", SINGLE, None, "Please give an answer first: choose one of the options."),
        ("single_choice", SINGLE, "", "Please give an answer first: choose one of the options."),
        ("single_choice", SINGLE, True, "Choose one option by its text (for example 'Tashkent'), not a bool."),
        ("single_choice", SINGLE, 1.0, "Choose one option by its text (for example 'Tashkent'), not a float."),
        ("single_choice", SINGLE, 3, "There are 3 options, numbered 0 to 2; 3 is out of range."),
        ("single_choice", SINGLE, -1, "There are 3 options, numbered 0 to 2; -1 is out of range."),
        ("single_choice", SINGLE, "Paris", "'Paris' is not one of the options: Tashkent; Moscow; Minsk."),
        ("multiple_select", MULTI, [], "Please give an answer first: tick every option that applies."),
        ("multiple_select", MULTI, "A", "Give a list of the options you choose, for example ['A', 'C']."),
        ("multiple_select", MULTI, 3, "Give a list of the options you choose, for example ['A', 'C']."),
        ("multiple_select", MULTI, ["A", "E"], "'E' is not among the options."),
        ("multiple_select", MULTI, ["F", "E"], "'E', 'F' are not among the options."),
        ("true_false", dict(answer=True), None, "Please give an answer first: choose True or False."),
        ("true_false", dict(answer=True), "maybe", "Answer True or False; 'maybe' is neither."),
        ("true_false", dict(answer=True), 1, "Answer True or False; 1 is neither."),
        ("numeric", dict(answer=9), "", "Please give an answer first: type a number."),
        ("numeric", dict(answer=9), True, "Type a number, not True or False."),
        ("numeric", dict(answer=9), "nine", "'nine' is not a number. Type digits only, for example 9 or 4200."),
        ("numeric", dict(answer=9), "inf", "Type a finite number, not inf."),
        ("numeric", dict(answer=9), float("nan"), "Type a finite number, not nan."),
        ("numeric", dict(answer=9), [9], "Type a finite number, not [9]."),
        ("short_text", dict(answer="Minsk"), None, "Please give an answer first: type a word or a short phrase."),
        ("short_text", dict(answer="Minsk"), 5, "Type your answer as text, not a int."),
        ("short_text", dict(answer="Minsk"), "   ", "Please type an answer first."),
        ("short_text", dict(answer="Minsk"), "x" * 201, "A short answer is enough: a word or a short phrase."),
        ("ordering", ORDER, [], "Please give an answer first: put every item in a position."),
        ("ordering", ORDER, "first second third", "Give the items as a list, first to last."),
        ("ordering", ORDER, {"first": 1}, "Give the items as a list, first to last."),
        ("ordering", ORDER, ["first", "third"], "Use every item exactly once; not yet placed: second."),
        ("ordering", ORDER, ["second"], "Use every item exactly once; not yet placed: first; third."),
        ("ordering", ORDER, ["first", "first", "third"], "Use every item exactly once; not yet placed: second."),
        ("ordering", ORDER, ["first", "second", "third", "third"], "Use every item exactly once."),
        ("matching", MATCH, {}, "Please give an answer first: match every item."),
        ("matching", MATCH, [("Council", "staff")], "Give your matches as a dictionary: {left item: right item}."),
        ("matching", MATCH, {"Cabinet": "staff"}, "'Cabinet' is not an item to match."),
        ("matching", MATCH, {"Cabinet": "staff", "Army": "x"}, "'Army', 'Cabinet' are not items to match."),
        ("matching", MATCH, {"Council": "staff", "Secretariat": None}, "Match every item; still open: Secretariat; Staff."),
        ("matching", MATCH, {"Council": "staff", "Secretariat": "staff", "Staff": "navy"}, "'navy' is not one of the choices."),
        ("matching", MATCH, {"Council": "army", "Secretariat": "staff", "Staff": "navy"}, "'army', 'navy' are not among the choices."),
    ],
)
def test_malformed_answers_are_refused_in_plain_words(kind, spec, answer, message):
    question = make(kind, **spec)
    with pytest.raises(AnswerError) as err:
        question.normalise(answer)
    assert str(err.value) == message


@pytest.mark.parametrize(
    "kind, spec, shown",
    [
        ("single_choice", SINGLE, "Tashkent"),
        ("multiple_select", dict(options=["D", "C", "B", "A"], answers=["A", "C"]), "C; A"),  # in the options' order
        ("true_false", dict(answer=True), "True"),
        ("true_false", dict(answer=False), "False"),
        ("numeric", dict(answer=4200), "4200"),
        ("numeric", dict(answer=2.5, tolerance=0.5), "2.5 (± 0.5)"),
        ("short_text", dict(answer="Chișinău", variants=["Kishinev", "Chisinau"]), "Chișinău / Kishinev / Chisinau"),
        ("ordering", ORDER, "first → second → third"),
        ("matching", MATCH, "Council → heads of state; Secretariat → staff; Staff → military"),
    ],
)
def test_the_shown_answer(kind, spec, shown):
    assert make(kind, **spec).shown_answer() == shown


@pytest.mark.parametrize(
    "kind, spec, problem",
    [
        ("single_choice", dict(options=["A"], answer="A"), "needs at least two options"),
        ("single_choice", dict(options=["A", "A"], answer="A"), "has the same option twice"),
        ("single_choice", dict(options=["A", "B"], answer="C"), 'the answer "C" is not among the options (A; B)'),
        ("multiple_select", dict(options=["A"], answers=["A"]), "needs at least two options"),
        ("multiple_select", dict(options=["A", "B"], answers=[]), "needs a list of answers"),
        ("multiple_select", dict(options=["A", "B"], answers=["A", "Z", "Y"]), "the answer(s) 'Y', 'Z' are not among the options"),
        ("true_false", dict(answer="true"), "the answer must be true or false (without quotes)"),
        ("numeric", dict(answer="9"), "answer must be a number"),
        ("numeric", dict(answer=True), "answer must be a number"),
        ("numeric", dict(answer=9, tolerance="1"), "tolerance must be a number"),
        ("numeric", dict(answer=9, tolerance=-1), "tolerance cannot be negative"),
        ("short_text", dict(answer="  "), "needs an answer"),
        ("short_text", dict(), "needs an answer"),
        ("ordering", dict(order=["a", "b"]), "needs at least three items to order"),
        ("ordering", dict(order=["a", "b", "a"]), "has the same item twice"),
        ("matching", dict(pairs={"a": "b"}), "needs at least two pairs (left: right)"),
        ("matching", dict(pairs=["a", "b"]), "needs at least two pairs (left: right)"),
    ],
)
def test_inconsistent_questions_are_refused_naming_file_and_question(kind, spec, problem):
    with pytest.raises(BankError) as err:
        make(kind, **spec)
    assert str(err.value) == f'bank.yaml, question "q": {problem}'


def test_numeric_tolerance_is_inclusive_at_both_edges():
    question = make("numeric", answer=1.1, tolerance=0.2)
    assert question.is_correct(0.9) and question.is_correct(1.3)  # 1.1 ± 0.2, despite floating-point error
    assert not question.is_correct(0.89) and not question.is_correct(1.31)
    assert make("numeric", answer=3).tolerance == 0.0 and not make("numeric", answer=3).is_correct(3.001)


def test_matching_offers_each_right_hand_choice_once_in_order():
    question = make("matching", pairs={"x": "b", "y": "a", "z": "b"})
    assert question.choices == ["a", "b"]


def test_shuffling_is_the_same_for_the_same_seed_and_leaves_the_input_alone():
    items = list(range(20))
    once, again = shuffled(items, "seed"), shuffled(items, "seed")
    assert once == again and sorted(once) == items and once != items and items == list(range(20))
    assert shuffled(items, "other") != once
