"""In a real JupyterLab: can every question type be answered with the keyboard alone?

Each input is found by its accessible role and name (what a screen reader
announces), focused, and answered with key presses; "Check answer" is pressed
with Enter. Lesson 03's bank uses all seven question types.
"""

from __future__ import annotations

import json
import urllib.request

import pytest
from notebook_keys import press_keys_on_every_control

from csto_course.quiz import QUESTION_TYPES, load_bank

pytestmark = pytest.mark.browser

LESSON = "03_structure"
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def _put_notebook(url: str, name: str, code: str) -> None:
    """Create a one-cell notebook through Jupyter's contents API."""
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "cells": [{"cell_type": "code", "id": "quiz", "metadata": {}, "execution_count": None, "outputs": [], "source": code}],
    }
    body = json.dumps({"type": "notebook", "format": "json", "content": nb}).encode()
    req = urllib.request.Request(f"{url}/api/contents/{name}", data=body, method="PUT", headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=10).read()


def _answer_with_keyboard(page, card, q) -> None:
    spec = q.spec
    if q.kind in ("single_choice", "true_false"):
        right = q.shown_answer()
        radio = card.get_by_role("radio", name=right, exact=True)
        radio.focus()
        page.keyboard.press("Space")
        assert radio.is_checked()
    elif q.kind == "multiple_select":
        for option in spec["answers"]:
            box = card.get_by_role("checkbox", name=str(option), exact=True)
            box.focus()
            page.keyboard.press("Space")
            assert box.is_checked()
    elif q.kind in ("numeric", "short_text"):
        card.get_by_role("textbox", name="Your answer:").focus()
        page.keyboard.type(str(spec["answer"]))
    elif q.kind == "ordering":
        target = [str(i) for i in spec["order"]]
        for position, item in enumerate(target):  # move each item up into its place
            while card.locator("ol > li").evaluate_all("els => els.map(e => e.dataset.item)").index(item) > position:
                card.get_by_role("button", name=f"Move up: {item}", exact=True).focus()
                page.keyboard.press("Enter")
    elif q.kind == "matching":
        for left, right in spec["pairs"].items():
            menu = card.get_by_role("combobox", name=str(left), exact=True)
            menu.focus()
            for _ in range(len(spec["pairs"]) + 2):  # arrow down through the menu to the match
                if menu.evaluate("s => s.options[s.selectedIndex].text") == str(right):
                    break
                page.keyboard.press("ArrowDown")
            assert menu.input_value() == str(right)
    else:  # a new type needs a way to answer it here
        raise AssertionError(f"no keyboard recipe for question type {q.kind}")
    card.get_by_role("button", name="Check answer").focus()
    page.keyboard.press("Enter")


def _open_quiz(page, lab_server, name: str, code: str):
    _put_notebook(lab_server, name, code)
    page.goto(f"{lab_server}/lab/tree/{name}?reset", wait_until="domcontentloaded")
    page.wait_for_selector(f"{NOTEBOOK} .jp-Notebook", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    page.click(f"{NOTEBOOK} .jp-Cell")
    for _ in range(3):  # Shift+Enter runs the cell; retry while the kernel settles
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_selector(f"{NOTEBOOK} .csto-quiz-live", timeout=20_000)
            break
        except Exception:
            page.click(f"{NOTEBOOK} .jp-Cell")
    return page.locator(NOTEBOOK)


def test_every_question_type_answered_with_the_keyboard(page, lab_server):
    bank = load_bank(LESSON)
    assert {q.kind for q in bank.questions} == set(QUESTION_TYPES), "lesson 03's bank should use every question type"
    panel = _open_quiz(
        page, lab_server, "keyboard_quiz.ipynb", f"from csto_course.quiz import show_quiz\nshow_quiz({LESSON!r}, save_progress=False)"
    )
    for q in bank.questions:
        card = panel.locator(f".csto-q-{q.id}")
        card.scroll_into_view_if_needed()
        _answer_with_keyboard(page, card, q)
        feedback = card.locator(".csto-quiz-feedback")
        feedback.get_by_text("✔ Correct.").wait_for(timeout=10_000)
        assert feedback.get_attribute("aria-live") == "polite", "feedback is announced to screen readers"
    assert f"{len(bank.questions)} of {len(bank.questions)} answered" in panel.locator(".csto-quiz-score").inner_text()


def test_the_quiz_grades_what_the_student_sees_however_fast_they_retype(page, lab_server):
    """Retype a number and press Check at once, many times: each verdict is for the number in the box."""
    q = next(q for q in load_bank("01_origins").questions if q.id == "states-in-force")
    right = int(q.spec["answer"])
    panel = _open_quiz(
        page, lab_server, "fast_quiz.ipynb", "from csto_course.quiz import show_quiz\nshow_quiz('01_origins', save_progress=False)"
    )
    card = panel.locator(f".csto-q-{q.id}")
    box = card.get_by_role("textbox", name="Your answer:")
    feedback = card.locator(".csto-quiz-feedback")
    for n, typed in enumerate([right - 2, right, right + 3, right, right - 1] * 4):
        box.fill(str(typed))
        card.get_by_role("button", name="Check answer").click()
        if n % 3 == 2:  # sometimes wait for the verdict, sometimes go straight on to the next answer
            feedback.get_by_text(f"You answered: {typed}", exact=False).wait_for(timeout=10_000)
    last = right - 1
    feedback.get_by_text(f"You answered: {last}").wait_for(timeout=10_000)
    assert "Your number is too low." in feedback.inner_text()
    assert box.input_value() == str(last)


def test_keys_pressed_in_the_quiz_never_reach_the_notebook(page, lab_server):
    panel = _open_quiz(
        page, lab_server, "keys_quiz.ipynb", f"from csto_course.quiz import show_quiz\nshow_quiz({LESSON!r}, save_progress=False)"
    )
    assert press_keys_on_every_control(page, panel.locator(".csto-quiz-live")) > 20


def test_the_score_so_far_counts_each_answer_and_the_reset_clears_it(page, lab_server):
    """Each quiz shows the score so far; "Start this quiz again", once confirmed, clears the answers and the score (#16)."""
    q = next(q for q in load_bank("01_origins").questions if q.id == "treaty-city")
    total = len(load_bank("01_origins").questions)
    panel = _open_quiz(
        page, lab_server, "reset_quiz.ipynb", "from csto_course.quiz import show_quiz\nshow_quiz('01_origins', save_progress=False)"
    )
    score = panel.locator(".csto-quiz-score")
    assert f"0 of {total} answered" in score.inner_text()
    card = panel.locator(f".csto-q-{q.id}")
    card.get_by_role("radio", name=q.shown_answer(), exact=True).check()
    card.get_by_role("button", name="Check answer").click()
    card.locator(".csto-quiz-feedback").get_by_text("✔ Correct.").wait_for(timeout=10_000)
    page.wait_for_function(
        "([s, t]) => document.querySelector(s).textContent.includes(t)", arg=[f"{NOTEBOOK} .csto-quiz-score", f"1 of {total} answered"]
    )
    panel.get_by_role("button", name="Start this quiz again").click()
    assert f"1 of {total} answered" in score.inner_text(), "nothing is cleared before the student confirms"
    panel.get_by_role("button", name="Yes, clear my answers to this quiz").click()
    page.wait_for_function(
        "([s, t]) => document.querySelector(s).textContent.includes(t)", arg=[f"{NOTEBOOK} .csto-quiz-score", f"0 of {total} answered"]
    )
    assert card.locator(".csto-quiz-feedback").inner_text().strip() == ""
    assert not card.get_by_role("radio", name=q.shown_answer(), exact=True).is_checked()
    # A student who waited is back on the button; one who went elsewhere meanwhile keeps the focus there
    # (quiz-view.js: the reset waits for the kernel, and must not pull the focus back into the quiz).
    page.wait_for_function("() => document.activeElement && document.activeElement.textContent === 'Start this quiz again'")
