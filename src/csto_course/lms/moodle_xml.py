"""Question banks as Moodle XML: all seven types, with feedback, explanation and source.

Mapping (the course's rule on the left, Moodle's question type on the right):

- single_choice -> multichoice (single); multiple_select -> multichoice
  (several answers: each right one gives an equal share, each wrong one takes
  everything away, so only the exact set scores full marks);
- true_false -> truefalse; numeric -> numerical (with the tolerance);
- short_text -> shortanswer, case-insensitive; the course also forgives
  accents, spacing and punctuation, so each accepted answer is also given in
  that simplified form;
- matching -> matching;
- ordering -> the qtype_ordering plugin's ``ordering`` question (all or
  nothing, as in the course), or, with ``ordering="matching"``, a matching
  question of each item to its position, for Moodle sites without the plugin.

Each bank becomes a category ``CSTO course/<lesson>``. The question's name is
``<lesson>: <id>``, its ID number ``csto-<lesson>-<id>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..quiz.types.short_text import simplify
from .text import feedback_html, plain, to_html

POSITIONS = ["1st", "2nd", "3rd"] + [f"{n}th" for n in range(4, 21)]
CORRECT, WRONG = "Correct.", "Not correct yet."


def _text(parent: ET.Element, tag: str, value: str, html: bool = True) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = value
    return element


def _answer(parent: ET.Element, fraction: float, text: str, feedback: str | None = None, html: bool = False) -> ET.Element:
    element = ET.SubElement(parent, "answer", {"fraction": f"{fraction:.5g}", "format": "html" if html else "plain_text"})
    ET.SubElement(element, "text").text = text
    if feedback is not None:
        _text(element, "feedback", f"<p>{feedback}</p>")
    return element


def _combined_feedback(question: ET.Element) -> None:
    _text(question, "correctfeedback", f"<p>{CORRECT}</p>")
    _text(question, "partiallycorrectfeedback", "<p>Partly correct.</p>")
    _text(question, "incorrectfeedback", f"<p>{WRONG}</p>")


def _head(quiz: ET.Element, kind: str, lesson: str, q) -> ET.Element:
    question = ET.SubElement(quiz, "question", {"type": kind})
    _text(question, "name", f"{lesson}: {q.id}", html=False)
    _text(question, "questiontext", to_html(q.prompt))
    _text(question, "generalfeedback", feedback_html(q.explanation, q.source or q.source_id))
    ET.SubElement(question, "defaultgrade").text = "1"
    ET.SubElement(question, "penalty").text = "0"
    ET.SubElement(question, "hidden").text = "0"
    ET.SubElement(question, "idnumber").text = f"csto-{lesson}-{q.id}"
    return question


def _shortanswer_text(answer: str) -> str:
    return answer.replace("*", "\\*")  # a bare * is a wildcard in Moodle's short answers


def add_question(quiz: ET.Element, lesson: str, q, ordering: str = "plugin") -> None:
    kind = q.kind
    if kind in ("single_choice", "multiple_select"):
        question = _head(quiz, "multichoice", lesson, q)
        single = kind == "single_choice"
        ET.SubElement(question, "single").text = "true" if single else "false"
        ET.SubElement(question, "shuffleanswers").text = "true"
        ET.SubElement(question, "answernumbering").text = "abc"
        _combined_feedback(question)
        right = {str(q.spec["answer"])} if single else set(q.answers)
        for option in q.options:
            if option in right:
                _answer(question, 100 / len(right), option, CORRECT)
            else:
                _answer(question, 0 if single else -100, option, WRONG)
    elif kind == "true_false":
        question = _head(quiz, "truefalse", lesson, q)
        truth = bool(q.spec["answer"])
        _answer(question, 100 if truth else 0, "true", CORRECT if truth else WRONG)
        _answer(question, 0 if truth else 100, "false", WRONG if truth else CORRECT)
    elif kind == "numeric":
        question = _head(quiz, "numerical", lesson, q)
        answer = _answer(question, 100, f"{q.answer:g}", CORRECT)
        ET.SubElement(answer, "tolerance").text = f"{q.tolerance:g}"
        _answer(question, 0, "*", WRONG)  # any other number
    elif kind == "short_text":
        question = _head(quiz, "shortanswer", lesson, q)
        ET.SubElement(question, "usecase").text = "0"
        accepted = list(dict.fromkeys(q.accepted + [simplify(a) for a in q.accepted]))
        for text in accepted:
            _answer(question, 100, _shortanswer_text(text), CORRECT)
    elif kind == "matching" or (kind == "ordering" and ordering == "matching"):
        question = _head(quiz, "matching", lesson, q)
        ET.SubElement(question, "shuffleanswers").text = "true"
        _combined_feedback(question)
        pairs = q.pairs if kind == "matching" else {item: POSITIONS[i] for i, item in enumerate(q.items)}
        for left_text, right_text in pairs.items():
            sub = _text(question, "subquestion", to_html(left_text))
            answer = ET.SubElement(sub, "answer")
            ET.SubElement(answer, "text").text = plain(right_text)
    elif kind == "ordering":
        question = _head(quiz, "ordering", lesson, q)
        for tag, value in (
            ("layouttype", "VERTICAL"),
            ("selecttype", "ALL"),
            ("selectcount", str(len(q.items))),
            ("gradingtype", "ALL_OR_NOTHING"),
            ("showgrading", "SHOW"),
        ):
            ET.SubElement(question, tag).text = value
        _combined_feedback(question)
        for item in q.items:  # in the right order
            _answer(question, 1, to_html(item), html=True)
    else:  # a new question type must say how it goes to Moodle
        raise ValueError(f"no Moodle XML form for question type {kind!r}")


def moodle_xml(banks, ordering: str = "plugin") -> str:
    """One Moodle XML document holding every question of ``banks``."""
    if ordering not in ("plugin", "matching"):
        raise ValueError("ordering must be 'plugin' or 'matching'")
    quiz = ET.Element("quiz")
    for bank in banks:
        category = ET.SubElement(quiz, "question", {"type": "category"})
        _text(category, "category", f"$course$/top/CSTO course/{bank.lesson}", html=False)
        for q in bank.questions:
            add_question(quiz, bank.lesson, q, ordering)
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
