"""Where no widget front end exists, is the quiz still readable, with answers behind a reveal?"""

from __future__ import annotations

import nbformat
from nbconvert import HTMLExporter

from csto_course.notebook_runner import notebook_client
from csto_course.quiz import load_bank, show_quiz


def test_exported_html_without_widget_state_shows_the_static_quiz_once(tmp_path):
    """A notebook saved without widget state: nbconvert/nbviewer show the text copy, and the widget adds nothing."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('from csto_course.quiz import show_quiz\nshow_quiz("01_origins")')])
    notebook_client(nb, path=tmp_path, workdir=tmp_path, cell_timeout=60).execute()
    nb.metadata.pop("widgets", None)  # as JupyterLab saves it by default
    html, _ = HTMLExporter().from_notebook_node(nb)
    questions = len(load_bank("01_origins").questions)
    assert html.count("<summary>Show answer</summary>") == questions
    assert "In which city was the Collective Security Treaty signed on 1992-05-15?" in html


def test_plain_terminal_gets_readable_text():
    text = show_quiz("01_origins")._repr_mimebundle_()["text/plain"]
    assert text.startswith("Check your understanding: origins, 1992 to 2004\n=====")
    assert "   - Tashkent" in text and "Open this notebook in JupyterLab to answer" in text


def test_html_of_a_lesson_run_by_nbconvert_shows_the_quiz_as_text(tmp_path):
    """`jupyter nbconvert --to html --execute` stores the widget's state and so prefers its view, which it cannot
    draw offline; the folded text copy that show_quiz puts above the widget is what the reader gets."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('from csto_course.quiz import show_quiz\nshow_quiz("01_origins")')])
    notebook_client(nb, path=tmp_path, workdir=tmp_path, cell_timeout=60).execute()
    assert "widgets" in nb.metadata, "nbclient stored the widget state, as nbconvert --execute does"
    html, _ = HTMLExporter().from_notebook_node(nb)
    questions = len(load_bank("01_origins").questions)
    assert html.count("<summary>Show answer</summary>") == questions
    assert "csto-quiz-text-copy" in html and "In which city was the Collective Security Treaty signed on 1992-05-15?" in html


def test_outside_a_notebook_show_quiz_prints_nothing_extra(capsys):
    show_quiz("01_origins", save_progress=False)
    assert capsys.readouterr().out == ""


def test_the_site_replaces_the_quiz_and_drops_its_text_copy():
    from csto_course.quiz.static import TextCopy
    from csto_course.site.quiz import replace_quiz_outputs

    bank = load_bank("01_origins")
    widget = show_quiz("01_origins", save_progress=False)._repr_mimebundle_()
    copy = TextCopy(bank)._repr_mimebundle_()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("show_quiz('01_origins')")])
    nb.cells[0].outputs = [nbformat.v4.new_output("display_data", data=copy), nbformat.v4.new_output("execute_result", data=widget)]
    assert replace_quiz_outputs(nb, bank) == 1
    assert len(nb.cells[0].outputs) == 1 and "csto-site-quiz" in nb.cells[0].outputs[0]["data"]["text/html"]


def small_bank():
    from pathlib import Path

    from csto_course.quiz.bank import Bank
    from csto_course.quiz.types import QUESTION_TYPES

    def make(kind, qid, prompt, **spec):
        spec = {"id": qid, "type": kind, "prompt": prompt, "explanation": f"Why {qid}.", "source": "src", **spec}
        question = QUESTION_TYPES[kind].from_spec(spec, "bank.yaml")
        question.source = "A source, 2023."
        return question

    questions = [
        make("single_choice", "pick", "Which <city>?", options=["Tashkent", "Moscow"], answer="Tashkent"),
        make("true_false", "tf", "True?", answer=False),
        make("ordering", "order", "Order them.", order=["b-second", "c-third", "a-first"]),
        make("matching", "match", "Match them.", pairs={"Council": "heads", "Staff": "military"}),
        make("numeric", "count", "How many?", answer=6),
    ]
    return Bank(Path("bank.yaml"), "99_test", "Quiz & more", "", True, questions)


def test_the_text_copy_numbers_the_questions_and_lists_what_can_be_chosen():
    from csto_course.quiz.static import static_text

    assert static_text(small_bank()).splitlines() == [
        "Quiz & more",
        "===========",
        "1. Which <city>?",
        "   - Tashkent",
        "   - Moscow",
        "2. True?",
        "   - True",
        "   - False",
        "3. Order them.",
        "   - a-first",  # in alphabetical order, not the answer's
        "   - b-second",
        "   - c-third",
        "4. Match them.",
        "   - Council → ?",
        "   - Staff → ?",
        "5. How many?",
        "(Open this notebook in JupyterLab to answer; answers are in the HTML version behind 'Show answer'.)",
    ]


def test_the_html_copy_puts_each_answer_behind_a_reveal():
    from csto_course.quiz.static import TextCopy, static_html, text_copy_html

    bank = small_bank()
    page = static_html(bank)
    lines = page.splitlines()
    assert lines[:4] == [
        "<section class='csto-quiz-static' aria-label='Quiz &amp; more'>",
        "<h3>Quiz &amp; more</h3>",
        "<p><strong>1. Which &lt;city&gt;?</strong></p>",
        "<ul><li>Tashkent</li><li>Moscow</li></ul>",
    ]
    assert lines[4] == (
        "<details><summary>Show answer</summary><p><strong>Answer:</strong> Tashkent</p>"
        "<p>Why pick.</p><p><em>Source:</em> A source, 2023.</p></details>"
    )
    assert lines[5:7] == ["<p><strong>2. True?</strong></p>", "<ul><li>True</li><li>False</li></ul>"]
    assert lines[-3:] == [
        "<p><strong>5. How many?</strong></p>",  # a number to type: no list
        "<details><summary>Show answer</summary><p><strong>Answer:</strong> 6</p>"
        "<p>Why count.</p><p><em>Source:</em> A source, 2023.</p></details>",
        "</section>",
    ]
    folded = text_copy_html(bank)
    assert folded == (
        "<details class='csto-quiz-text-copy'><summary>Quiz &amp; more: the quiz as text "
        f"(open the lesson in JupyterLab and run it to answer)</summary>{page}</details>"
    )
    assert TextCopy(bank)._repr_mimebundle_() == {"text/html": folded, "text/plain": ""}  # a terminal shows the widget's own text


def test_in_a_notebook_show_quiz_puts_the_folded_copy_above_the_quiz(monkeypatch):
    """In a kernel the text copy is displayed first; a plain IPython shell (no kernel) or Python gets none."""
    from types import SimpleNamespace

    import IPython
    import IPython.display

    from csto_course.quiz.static import TextCopy, text_copy_html

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    monkeypatch.setattr(IPython, "get_ipython", lambda: SimpleNamespace(kernel=object()))
    widget = show_quiz("01_origins", save_progress=False)
    (copy,) = shown
    assert isinstance(copy, TextCopy) and copy._repr_mimebundle_()["text/html"] == text_copy_html(widget.session.bank)
    assert widget.session.store is None
    for shell in (SimpleNamespace(kernel=None), SimpleNamespace()):  # a terminal IPython has no kernel
        monkeypatch.setattr(IPython, "get_ipython", lambda shell=shell: shell)
        show_quiz("01_origins", save_progress=False)
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    show_quiz("01_origins", save_progress=False)
    assert len(shown) == 1
