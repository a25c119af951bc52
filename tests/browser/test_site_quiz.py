"""The quiz on the website: the Python engine's verdicts, the keyboard, and progress kept in the browser."""

from __future__ import annotations

import json

import pytest
from test_lessons_in_browser import PROBE
from test_site import open_blocking_the_rest

from csto_course.lessons import LESSONS
from csto_course.quiz import load_bank
from csto_course.quiz.feedback import AnswerError
from csto_course.site.quiz import question_payload

pytestmark = pytest.mark.browser


def answers_to_try(q) -> list:
    """Right, wrong and malformed answers for one question, as a student could give them."""
    spec = q.spec
    kind = q.kind
    if kind == "single_choice":
        options = [str(o) for o in spec["options"]]
        return options + list(range(len(options) + 1)) + ["not an option", "", None, True]
    if kind == "true_false":
        return [True, False, "true", "No", " yes ", "maybe", "", None]
    if kind == "multiple_select":
        options = [str(o) for o in spec["options"]]
        right = sorted(str(a) for a in spec["answers"])
        wrong = [o for o in options if o not in right]
        return [right, right[::-1], right + wrong[:1], wrong[:1], right[:-1] or wrong[:1], ["bogus"], [], "A"]
    if kind == "numeric":
        answer, tol = float(spec["answer"]), float(spec.get("tolerance", 0))
        return [
            answer,
            answer + tol,
            answer - tol,
            answer + tol + 1,
            answer - tol - 1,
            f"{answer:,.0f}",
            f" {answer:g} ",
            "1_000",
            "abc",
            "",
            "inf",
            "nan",
            True,
            None,
        ]
    if kind == "short_text":
        accepted = [str(spec["answer"])] + [str(v) for v in spec.get("variants", [])]
        return accepted + [a.upper() + "!" for a in accepted] + ["  " + accepted[0] + "  ", "wrong answer", "", "   ", "x" * 201, 5]
    if kind == "ordering":
        items = [str(i) for i in spec["order"]]
        return [items, items[::-1], items[1:], items[:1] + items[:-1], items[1:] + items[:1], "A", []]
    if kind == "matching":
        pairs = {str(k): str(v) for k, v in spec["pairs"].items()}
        keys = list(pairs)
        swapped = dict(pairs)
        swapped[keys[0]], swapped[keys[1]] = pairs[keys[1]], pairs[keys[0]]
        return [
            pairs,
            swapped,
            {**pairs, keys[0]: None},
            {**pairs, "nobody": pairs[keys[0]]},
            {**pairs, keys[0]: "no such choice"},
            {},
            ["list"],
        ]
    raise AssertionError(f"no cases for {kind}")


def python_verdict(q, answer) -> dict:
    try:
        feedback = q.check(answer)
    except AnswerError:
        return {"ok": False}
    return {"ok": True, "correct": feedback.correct, "message": feedback.message}


def test_every_question_gets_the_same_verdict_in_the_browser_as_in_python(page, site):
    open_blocking_the_rest(page, site.resolve().as_uri(), "01_origins")
    page.wait_for_function("() => window.CSTOQuiz")
    cases, expected, kinds = [], [], set()
    for lesson in LESSONS:
        for q in load_bank(lesson.slug).questions:
            kinds.add(q.kind)
            for answer in answers_to_try(q):
                cases.append({"q": question_payload(q), "answer": answer, "where": f"{lesson.slug}/{q.id}: {answer!r}"})
                expected.append(python_verdict(q, answer))
    assert kinds == {"single_choice", "true_false", "multiple_select", "numeric", "short_text", "ordering", "matching"}
    got = page.evaluate(
        """cases => cases.map(c => {
        const v = window.CSTOQuiz.check(c.q, c.answer);
        return v.ok ? {ok: true, correct: v.correct, message: v.message} : {ok: false};
    })""",
        json.loads(json.dumps(cases)),
    )
    differ = [f"{c['where']}: python {e}, browser {g}" for c, e, g in zip(cases, expected, got) if e != g]
    assert differ == [], f"{len(differ)} of {len(cases)} verdicts differ:\n" + "\n".join(differ[:15])
    assert sum(e["ok"] and e["correct"] for e in expected) > len(LESSONS), "the cases include right answers"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_a_wrong_then_a_right_answer_with_the_keyboard_alone(page, site, lesson):
    answer_wrong_then_right(page, site, lesson)


def answer_wrong_then_right(page, site, lesson) -> dict:
    """Answer the lesson's probe question wrong, then right, by keyboard; return the progress the browser kept."""
    qid, wrong, right = PROBE[lesson.slug]
    open_blocking_the_rest(page, site.resolve().as_uri(), lesson.slug)
    form = page.locator(f"section.csto-site-quiz form[data-question='{qid}']")
    form.wait_for()
    feedback = form.locator(".csto-quiz-feedback")
    for option, verdict in ((wrong, "Not correct yet."), (right, "Correct.")):
        radio = form.locator(f"input[type=radio][value={json.dumps(option)}]")
        radio.focus()
        page.keyboard.press("Space")
        assert radio.is_checked()
        page.keyboard.press("Tab")  # one tab stop for the radio group: on to Check
        assert page.evaluate("() => document.activeElement.classList.contains('csto-quiz-check')")
        page.keyboard.press("Enter")
        assert verdict in feedback.locator(".csto-verdict").inner_text()
        assert f"You answered: {option}" in feedback.inner_text(), "the feedback repeats the answer it checked"
        if verdict == "Correct.":
            assert "Source:" in feedback.inner_text()
        else:  # a first wrong answer: a hint, with the explanation and the answer one click away
            assert "Hint: Look again at the lesson's section" in feedback.inner_text()
            assert "Source:" not in feedback.inner_text()
            feedback.locator("summary").click()
            assert "Source:" in feedback.inner_text() and "The answer:" in feedback.inner_text()
    saved = page.evaluate("() => JSON.parse(localStorage.getItem(window.CSTOQuiz.STORE))")
    entry = saved["lessons"][lesson.slug]["questions"][qid]
    assert entry["attempts"] == 2 and entry["first"]["correct"] is False and entry["latest"]["correct"] is True
    assert page.locator(".csto-quiz-static").first.is_hidden(), "the static copy gives way to the live quiz"
    return saved


def test_the_saved_progress_file_is_one_the_instructor_can_collect(page, site, tmp_path):
    """The file a student saves from the site is read by `csto-course progress --collect`."""
    from csto_course.quiz.progress_files import read_progress_json

    lesson = LESSONS[1]
    saved = answer_wrong_then_right(page, site, lesson)
    path = tmp_path / "amira.json"
    path.write_text(json.dumps(saved), encoding="utf-8")
    rows = read_progress_json(path, "amira.json")
    qid = PROBE[lesson.slug][0]
    row = next(r for r in rows if r["question_id"] == qid)
    assert row["lesson"] == lesson.slug and row["attempts"] in (2, "2")
    assert str(row["first_correct"]).lower() in ("false", "no", "0") and str(row["latest_correct"]).lower() in ("true", "yes", "1")


def test_ordering_works_from_the_keyboard(page, site):
    for lesson in LESSONS:
        bank = load_bank(lesson.slug)
        ordering = next((q for q in bank.questions if q.kind == "ordering"), None)
        if ordering:
            break
    assert ordering is not None
    open_blocking_the_rest(page, site.resolve().as_uri(), lesson.slug)
    form = page.locator(f"form[data-question='{ordering.id}']")
    target = [str(i) for i in ordering.spec["order"]]
    for position, item in enumerate(target):  # move each item up into its place, by keyboard
        while True:
            items = form.locator("ol.csto-quiz-order > li").evaluate_all("els => els.map(e => e.dataset.item)")
            if items.index(item) == position:
                break
            form.locator(f"li[data-item='{item}'] button").first.focus()
            page.keyboard.press("Enter")
    form.locator(".csto-quiz-check").focus()
    page.keyboard.press("Enter")
    assert form.locator(".csto-verdict").inner_text() == "✔ Correct."


def choose_by_keyboard(page, select, value: str) -> None:
    """Set a closed menu to ``value`` with Home and the arrow keys only (its first entry is "Choose…")."""
    select.focus()
    values = select.locator("option").evaluate_all("els => els.map(e => e.value)")
    page.keyboard.press("Home")
    for _ in range(values.index(value)):
        page.keyboard.press("ArrowDown")
    assert select.input_value() == value


def test_a_matching_question_is_answered_wrong_then_right_from_the_keyboard(page, site):
    """The ordering test above was once named for matching too, but no test chose a match by keyboard."""
    from playwright.sync_api import expect

    lesson, question = next((lesson, q) for lesson in LESSONS for q in load_bank(lesson.slug).questions if q.kind == "matching")
    pairs = {str(k): str(v) for k, v in question.spec["pairs"].items()}
    first, second = list(pairs)[:2]
    swapped = {**pairs, first: pairs[second], second: pairs[first]}
    assert swapped != pairs
    open_blocking_the_rest(page, site.resolve().as_uri(), lesson.slug)
    form = page.locator(f"section.csto-site-quiz form[data-question='{question.id}']")
    form.wait_for()
    menus = form.locator("select")
    lefts = menus.evaluate_all("els => els.map(e => e.dataset.left)")
    assert sorted(lefts) == sorted(pairs)
    for answer, verdict in ((swapped, "Not correct yet."), (pairs, "Correct.")):
        for n, left in enumerate(lefts):  # in page order, so that Tab from the last menu reaches Check
            choose_by_keyboard(page, menus.nth(n), answer[left])
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.classList.contains('csto-quiz-check')")
        page.keyboard.press("Enter")
        expect(form.locator(".csto-verdict")).to_contain_text(verdict)
    saved = page.evaluate("() => JSON.parse(localStorage.getItem(window.CSTOQuiz.STORE))")
    entry = saved["lessons"][lesson.slug]["questions"][question.id]
    assert entry["first"]["correct"] is False and entry["latest"]["correct"] is True


def test_an_answer_saved_under_a_former_question_id_counts_on_the_site(page, site):
    """Quiz 05 renamed 'seed-002-sites': a right answer the browser kept under the old id still scores."""
    base = site.resolve().as_uri()
    open_blocking_the_rest(page, base, "05_russias_footprint")
    attempt = {"answer": {}, "correct": True, "at": "2026-11-01T10:00:00+00:00"}
    old = {
        "version": 1,
        "lessons": {"05_russias_footprint": {"questions": {"seed-002-sites": {"first": attempt, "latest": attempt, "attempts": 1}}}},
    }
    page.evaluate("(data) => localStorage.setItem(window.CSTOQuiz.STORE, JSON.stringify(data))", old)
    page.reload(wait_until="load")
    score = page.locator("section.csto-site-quiz .csto-quiz-score").first
    score.wait_for()
    assert "1 of " in score.inner_text() and "(1 of " in score.inner_text()
    saved = page.evaluate("() => JSON.parse(localStorage.getItem(window.CSTOQuiz.STORE))")
    assert list(saved["lessons"]["05_russias_footprint"]["questions"]) == ["oglavnom-sites"]


def test_quiz_text_shows_code_marks_as_code_not_as_backticks(page, site):
    """Quiz 07 asks about "the `perspective` column": the backticks showed as they were typed (screenshot pass)."""
    open_blocking_the_rest(page, site.resolve().as_uri(), "07_reading_sources")
    page.locator("section.csto-site-quiz form").first.wait_for()
    rendered = page.evaluate(
        """() => { const d = document.createElement('div');
                   d.append(cstoRichText('the `perspective` column, **kept**, and `<b>x</b>`')); return d.innerHTML; }"""
    )
    assert rendered == "the <code>perspective</code> column, <strong>kept</strong>, and <code>&lt;b&gt;x&lt;/b&gt;</code>"
    legend = page.locator("section.csto-site-quiz form[data-question='outlet-perspective'] legend")
    assert legend.locator("code").inner_text() == "perspective" and "`" not in legend.inner_text()
