"""Where no widget front end exists, is the quiz still readable, with answers behind a reveal?"""

from __future__ import annotations

import nbformat
from nbconvert import HTMLExporter

from csto_course.notebook_runner import notebook_client
from csto_course.quiz import load_bank, show_quiz


def test_exported_html_without_widget_state_shows_the_static_quiz(tmp_path):
    """A notebook saved from JupyterLab keeps no widget state; nbconvert/nbviewer then use our text/html."""
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
