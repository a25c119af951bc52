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
