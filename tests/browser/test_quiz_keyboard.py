"""In a real JupyterLab: can every question type be answered with the keyboard alone?

Each input is found by its accessible role and name (what a screen reader
announces), focused, and answered with key presses; "Check answer" is pressed
with Enter. Lesson 03's bank uses all seven question types.
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from csto_course.quiz import QUESTION_TYPES, load_bank

pytestmark = pytest.mark.browser

LESSON = "03_structure"
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def _put_notebook(url: str, name: str, code: str) -> None:
    """Create a one-cell notebook through Jupyter's contents API."""
    nb = {
        "nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
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
            box = card.get_by_role("checkbox", name=option, exact=True)
            box.focus()
            page.keyboard.press("Space")
            assert box.is_checked()
    elif q.kind in ("numeric", "short_text"):
        field = card.get_by_role("textbox", name="Answer:")
        field.focus()
        page.keyboard.type(str(spec["answer"]))
    elif q.kind == "ordering":
        for n, item in enumerate(spec["order"], start=1):
            _choose(page, card.get_by_role("combobox", name=f"{n}.", exact=True), item)
    elif q.kind == "matching":
        for left, right in spec["pairs"].items():
            _choose(page, card.get_by_role("combobox", name=left, exact=True), right)
    else:  # a new type needs a way to answer it here
        raise AssertionError(f"no keyboard recipe for question type {q.kind}")
    page.keyboard.press("Tab")  # leave the last field, as a student does before pressing the button
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=10_000)
    card.get_by_role("button", name="Check answer").focus()
    page.keyboard.press("Enter")


def _choose(page, box, wanted: str) -> None:
    """Type the wanted option into a picker, as a keyboard user would."""
    box.focus()
    page.keyboard.type(wanted)
    page.keyboard.press("Tab")  # leaving the box commits the value


def test_every_question_type_answered_with_the_keyboard(page, lab_server):
    bank = load_bank(LESSON)
    assert {q.kind for q in bank.questions} == set(QUESTION_TYPES), "lesson 03's bank should use every question type"
    _put_notebook(lab_server, "keyboard_quiz.ipynb", f"from csto_course.quiz import show_quiz\nshow_quiz({LESSON!r}, save_progress=False)")

    page.goto(f"{lab_server}/lab/tree/keyboard_quiz.ipynb?reset", wait_until="domcontentloaded")
    page.wait_for_selector(f"{NOTEBOOK} .jp-Notebook", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    page.click(f"{NOTEBOOK} .jp-Cell")
    for _ in range(3):  # Shift+Enter runs the cell; retry while the kernel settles
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_selector(f"{NOTEBOOK} .csto-quiz", timeout=20_000)
            break
        except Exception:
            page.click(f"{NOTEBOOK} .jp-Cell")
    panel = page.locator(NOTEBOOK)

    for q in bank.questions:
        card = panel.locator(f".csto-q-{q.id}")
        card.scroll_into_view_if_needed()
        _answer_with_keyboard(page, card, q)
        feedback = card.locator("[role=status]")
        feedback.get_by_text("✔ Correct.").wait_for(timeout=10_000)
        assert feedback.get_attribute("aria-live") == "polite", "feedback is announced to screen readers"
    assert "you have answered every question" in panel.locator(".csto-quiz").inner_text()
