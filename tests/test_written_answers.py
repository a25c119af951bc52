"""The written answers of a class on one page, and the points typed there back into the gradebook."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys

import pytest
from submission_factory import _cell, exercise, perfect, write

from csto_course.grading import Limits, grade_batch, gradebook
from csto_course.grading.assemble import Task
from csto_course.grading.batch import find_exercise
from csto_course.grading.errors import Status
from csto_course.grading.written_answers import PointsError, WrittenAnswer, collect, import_points, page, render

ESSAY = "task6-answer"


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory):
    subs = tmp_path_factory.mktemp("written") / "subs"
    subs.mkdir()
    ada = perfect()
    _cell(ada, ESSAY).source = "The claim fails: <script>alert(1)</script> the table shows 1993 accessions.\n# not a heading"
    write(subs, "ada", ada)
    write(subs, "bob", exercise())  # never answered
    deleted = perfect()
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != ESSAY]
    write(subs, "cyd", deleted)
    colab = perfect()
    _cell(colab, ESSAY).source = "Lost metadata but still my answer."
    for c in colab.cells:
        c.metadata = {}
    write(subs, "dee", colab)
    return subs


def test_every_written_answer_is_collected_as_the_grader_matches_it(class_folder):
    tasks, answers = collect(find_exercise("01"), class_folder)
    assert [t.grade_id for t in tasks] == [ESSAY]
    got = {a.student: (a.state, a.words) for a in answers}
    assert got == {"ada": ("answered", 13), "bob": ("not_answered", 0), "cyd": ("missing", 0), "dee": ("answered", 6)}


def test_the_page_escapes_student_text_and_loads_nothing(class_folder, tmp_path):
    out = tmp_path / "answers.html"
    assert page(find_exercise("01"), class_folder, out) == 4
    text = out.read_text()
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "default-src 'none'" in text and "http://" not in text.replace("http://www.w3.org", "") and "https://" not in text
    assert text.count('type="number"') == 4 and 'max="3"' in text
    assert "(the answer cell was deleted)" in text and "(not answered)" in text and "13 words" in text


def test_points_from_the_page_go_into_the_gradebook_and_survive_regrading(class_folder, graded, tmp_path):
    out = tmp_path / "grades"
    shutil.copytree(graded, out)
    points = tmp_path / "points.csv"
    points.write_text("student,task,points\nada,task6-answer,2.5\ndee,task6-answer,3\n", encoding="utf-8")
    assert import_points(points, out / "gradebook.csv", "01_origins") == 2
    rows = {gradebook.key(r): r for r in gradebook.read(out / "gradebook.csv")}
    assert (rows[("01_origins", "ada", ESSAY)]["points"], rows[("01_origins", "ada", ESSAY)]["status"]) == ("2.5", Status.MANUAL)
    page(find_exercise("01"), class_folder, tmp_path / "again.html", out / "gradebook.csv")
    assert 'value="2.5"' in (tmp_path / "again.html").read_text()  # the boxes show what is in the gradebook
    grade_batch("01", class_folder, out, jobs=2, limits=Limits(5, 60), force=True, stream=io.StringIO())
    rows = {gradebook.key(r): r for r in gradebook.read(out / "gradebook.csv")}
    assert rows[("01_origins", "dee", ESSAY)]["points"] == "3" and rows[("01_origins", "dee", ESSAY)]["status"] == Status.MANUAL


@pytest.fixture(scope="module")
def graded(class_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("graded") / "grades"
    grade_batch("01", class_folder, out, jobs=2, limits=Limits(5, 60), stream=io.StringIO())
    return out


@pytest.mark.parametrize(
    "line, words",
    [
        ("ada,task6-answer,4", "outside 0 to 3"),
        ("ada,task6-answer,two", "is not a number"),
        ("zoe,task6-answer,1", "no row for 'zoe'"),
    ],
)
def test_a_bad_points_file_writes_nothing_and_names_the_line(graded, tmp_path, line, words):
    out = tmp_path / "grades"
    shutil.copytree(graded, out)
    before = (out / "gradebook.csv").read_bytes()
    points = tmp_path / "points.csv"
    points.write_text(f"student,task,points\ndee,task6-answer,1\n{line}\n", encoding="utf-8")
    with pytest.raises(PointsError, match=words) as err:
        import_points(points, out / "gradebook.csv", "01_origins")
    assert "line 3" in str(err.value) and (out / "gradebook.csv").read_bytes() == before


def test_the_command_line_writes_the_page_and_imports(class_folder, tmp_path):
    html_out = tmp_path / "a.html"

    def run(*args):
        return subprocess.run([sys.executable, "-m", "csto_course.cli", "answers", *args], capture_output=True, text=True, timeout=120)

    result = run("01", str(class_folder), "--out", str(html_out))
    assert result.returncode == 0 and "Wrote 4 written answer(s)" in result.stdout and html_out.exists()
    result = run("01", "--import", str(tmp_path / "missing.csv"))
    assert result.returncode == 2 and "--gradebook" in result.stderr and "Traceback" not in result.stderr
    result = run("99", str(class_folder), "--out", str(html_out))
    assert result.returncode == 2 and "There is no exercise '99'" in result.stderr


# --- fast: the page and the import, on a gradebook written here ---------------------------------


def _book(tmp_path):
    path = tmp_path / "grades" / "gradebook.csv"
    rows = [
        {"exercise": "01_origins", "student": s, "task": t, "points": "", "max_points": m, "status": Status.NEEDS_MANUAL, "message": "m"}
        for s in ("ada", "bob")
        for t, m in (("essay", "4"), ("short", "2"))
    ]
    rows.append({"exercise": "02_membership", "student": "ada", "task": "essay", "points": "", "max_points": "4", "status": "needs_manual"})
    path.parent.mkdir()
    gradebook.write(path, rows)
    return path


def test_imported_points_become_the_instructors_grades(tmp_path):
    book = _book(tmp_path)
    points = tmp_path / "points.csv"
    points.write_text("\ufeffstudent,task,points\r\nada,essay,3.5\r\n bob , short , 2 \r\nbob,essay,0\r\n", encoding="utf-8")
    assert import_points(points, book, "01_origins") == 3
    rows = {(r["exercise"], r["student"], r["task"]): r for r in gradebook.read(book)}
    ada = rows[("01_origins", "ada", "essay")]
    assert (ada["points"], ada["status"], ada["message"]) == ("3.5", "manual", "Graded by the instructor (answers page).")
    assert rows[("01_origins", "bob", "short")]["points"] == "2" and rows[("01_origins", "bob", "essay")]["points"] == "0"
    assert rows[("01_origins", "ada", "short")]["status"] == "needs_manual"
    assert rows[("02_membership", "ada", "essay")]["points"] == ""
    assert gradebook.instructor_rows(book, list(rows.values())).keys() == {
        ("01_origins", "ada", "essay"),
        ("01_origins", "bob", "short"),
        ("01_origins", "bob", "essay"),
    }


def test_a_points_file_with_any_bad_line_writes_nothing_and_names_every_line(tmp_path):
    book = _book(tmp_path)
    before = book.read_bytes()
    points = tmp_path / "points.csv"
    points.write_text("student,task,points\nada,essay,3\ncy,essay,1\nada,short,lots\nbob,short,2.5\nbob,essay,-1\n", encoding="utf-8")
    with pytest.raises(PointsError) as err:
        import_points(points, book, "01_origins")
    assert str(err.value) == (
        "Nothing was written. Fix these lines and import again:\n"
        "  line 3: no row for 'cy', 'essay' in gradebook.csv (grade the class first)\n"
        "  line 4: 'lots' is not a number\n"
        "  line 5: 2.5 is outside 0 to 2 for short\n"
        "  line 6: -1 is outside 0 to 4 for essay"
    )
    assert book.read_bytes() == before


def test_an_unreadable_points_file_is_named(tmp_path):
    book = _book(tmp_path)
    with pytest.raises(PointsError, match=r"nowhere\.csv could not be read"):
        import_points(tmp_path / "nowhere.csv", book, "01_origins")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"student,task,points\n\xff\xfe\n")
    with pytest.raises(PointsError, match=r"bad\.csv could not be read"):
        import_points(bad, book, "01_origins")


def test_the_page_shows_each_answer_escaped_with_its_box_and_the_points_already_typed():
    tasks = [Task("essay", 4.0, "manual", ["essay"]), Task("short", 2.5, "manual", ["short"])]
    answers = [
        WrittenAnswer("ada", "essay", "Russia <b>stayed</b> out.", "answered", 4.0),
        WrittenAnswer("bob", "essay", "", "not_answered", 4.0),
        WrittenAnswer("ada", "short", "", "missing", 2.5),
        WrittenAnswer("bob", "short", "(the file could not be read: <x>)", "unreadable", 2.5),
    ]
    book = [
        {"exercise": "01_origins", "student": "ada", "task": "essay", "points": "3"},
        {"exercise": "02_membership", "student": "bob", "task": "essay", "points": "1"},
    ]
    text = render("01_origins", tasks, answers, {"essay": "Was the claim <true>?"}, book)
    assert text.startswith("<!doctype html>\n") and text.endswith("</body></html>\n")
    assert "<title>Written answers: 01_origins</title>" in text and '<body data-exercise="01_origins">' in text
    assert "<p>2 students. Type the points" in text
    assert "<code>csto-course answers 01 --import points-01_origins.csv --gradebook GRADEBOOK.csv</code>" in text
    assert '<h2 id="h-essay">essay (up to 4 points)</h2>' in text and '<h2 id="h-short">short (up to 2.5 points)</h2>' in text
    assert '<div class="prompt">Was the claim &lt;true&gt;?</div>' in text and '<div class="prompt"></div>' in text
    assert '<div class="text">Russia &lt;b&gt;stayed&lt;/b&gt; out.</div>' in text and '<p class="meta">3 words</p>' in text
    assert '<div class="text"><em>(not answered)</em></div>' in text
    assert '<div class="text"><em>(the answer cell was deleted)</em></div>' in text
    assert '<div class="text">(the file could not be read: &lt;x&gt;)</div>' in text
    assert (
        '<p><label for="p-essay-0">Points for ada</label> <input id="p-essay-0" type="number" min="0" max="4" step="0.5" '
        'data-student="ada" data-task="essay" value="3"> of 4</p>'
    ) in text
    assert 'id="p-essay-1" type="number" min="0" max="4" step="0.5" data-student="bob" data-task="essay" value=""> of 4' in text
    assert 'id="p-short-1" type="number" min="0" max="2.5"' in text
    assert "default-src 'none'" in text and "connect-src 'none'" in text


def test_an_unreadable_notebook_is_shown_as_such_for_every_written_task(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write(subs, "ada", perfect())
    (subs / "bob.ipynb").write_text('{"cells": [', encoding="utf-8")
    write(subs, "cid", perfect())  # after the unreadable one: still collected
    tasks, answers = collect(find_exercise("01"), subs)
    bob = [a for a in answers if a.student == "bob"]
    assert [a.task for a in bob] == [t.grade_id for t in tasks] and all(a.state == "unreadable" for a in bob)
    assert bob[0].text.startswith("(the file could not be read: the file is not a complete notebook")
    assert bob[0].max_points == tasks[0].points
    assert [a.student for a in answers].count("ada") == len(tasks)
    assert [a.state for a in answers if a.student == "cid"] == ["answered"] * len(tasks)


def test_the_page_shows_no_text_outside_its_headings_answers_and_boxes():
    """Each answer in its own article within its task's section, and nothing stray between them for the instructor to read."""
    from html.parser import HTMLParser

    class Stray(HTMLParser):
        def __init__(self):
            super().__init__()
            self.open, self.stray, self.articles = [], [], 0

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "input"):
                self.open.append(tag)
            self.articles += tag == "article"

        def handle_endtag(self, tag):
            assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing open"

        def handle_data(self, data):
            if data.strip() and self.open and self.open[-1] in ("html", "body", "main", "section", "article"):
                self.stray.append(data.strip())

    tasks = [Task("essay", 4.0, "manual", ["essay"]), Task("short", 2.5, "manual", ["short"])]
    answers = [WrittenAnswer(s, t.grade_id, "Russia stayed out.", "answered", t.points) for t in tasks for s in ("ada", "bob")]
    parsed = Stray()
    parsed.feed(render("01_origins", tasks, answers, {}, []))
    assert parsed.stray == [] and parsed.open == [] and parsed.articles == 4


def test_a_code_answer_graded_by_hand_is_shown_with_its_code(tmp_path):
    """nbgrader's "manually graded answer" may be code: the page shows what the student wrote, not "(not answered)"."""
    import nbformat
    from submission_factory import solution

    sol = solution()
    sol.cells.append(
        nbformat.v4.new_code_cell(
            "### BEGIN SOLUTION\nchart = members_chart(members)\n### END SOLUTION",
            metadata={"nbgrader": {"grade_id": "own_chart", "solution": True, "grade": True, "points": 2, "locked": False}},
        )
    )
    solution_path = tmp_path / "01_origins.ipynb"
    nbformat.write(sol, solution_path)
    subs = tmp_path / "subs"
    subs.mkdir()
    ada, bob = perfect(), perfect()
    ada.cells.append(nbformat.v4.new_code_cell("chart = my_chart()  # the bars by year", metadata=sol.cells[-1].metadata))
    bob.cells.append(nbformat.v4.new_code_cell("# YOUR CODE HERE\nraise NotImplementedError()", metadata=sol.cells[-1].metadata))
    write(subs, "ada", ada)
    write(subs, "bob", bob)
    tasks, answers = collect(solution_path, subs)
    assert tasks[-1].grade_id == "own_chart"
    mine = {a.student: a for a in answers if a.task == "own_chart"}
    assert (mine["ada"].state, mine["ada"].text, mine["ada"].max_points) == ("answered", "chart = my_chart()  # the bars by year", 2.0)
    assert (mine["bob"].state, mine["bob"].words) == ("not_answered", 0), "nbgrader's stub is not an answer"
    text = render("01_origins", tasks, answers, {}, [])
    assert "chart = my_chart()  # the bars by year" in text


def test_an_nbgrader_task_cell_is_graded_by_hand_from_the_whole_notebook(tmp_path):
    """nbgrader's "manually graded task" (Markdown with points, no answer cell): its points count, the page asks for them."""
    import nbformat
    from submission_factory import solution

    from csto_course.grading.written_answers import _task_prompts

    sol = solution()
    task_cell = nbformat.v4.new_markdown_cell(
        "Overall: is the notebook's argument clear and sourced? (3 points)",
        metadata={"nbgrader": {"grade_id": "overall", "task": True, "grade": False, "solution": False, "points": 3, "locked": True}},
    )
    sol.cells.append(task_cell)
    solution_path = tmp_path / "01_origins.ipynb"
    nbformat.write(sol, solution_path)
    subs = tmp_path / "subs"
    subs.mkdir()
    ada = perfect()
    ada.cells.append(nbformat.v4.new_markdown_cell(task_cell.source, metadata=task_cell.metadata))
    write(subs, "ada", ada)
    tasks, answers = collect(solution_path, subs)
    assert (tasks[-1].grade_id, tasks[-1].points, tasks[-1].whole_notebook) == ("overall", 3.0, True)
    (overall,) = [a for a in answers if a.task == "overall"]
    assert (overall.student, overall.state, overall.max_points) == ("ada", "whole_notebook", 3.0)
    assert _task_prompts(solution_path, tasks)["overall"] == task_cell.source, "the task cell is its own question"
    text = render("01_origins", tasks, answers, _task_prompts(solution_path, tasks), [])
    assert "(graded from the whole notebook: open ada's submission)" in text
    assert 'data-student="ada" data-task="overall"' in text and 'max="3"' in text


def test_the_answers_command_names_a_solution_cell_with_broken_points(tmp_path, capsys):
    import nbformat
    from submission_factory import solution

    from csto_course.cli import main

    solutions = tmp_path / "solutions"
    solutions.mkdir()
    sol = solution()
    sol.cells.append(
        nbformat.v4.new_markdown_cell("Overall.", metadata={"nbgrader": {"grade_id": "overall", "task": True, "points": None}})
    )
    nbformat.write(sol, solutions / "01_origins.ipynb")
    subs = tmp_path / "subs"
    subs.mkdir()
    write(subs, "ada", perfect())
    code = main(["answers", "01", str(subs), "--out", str(tmp_path / "page.html"), "--solutions", str(solutions)])
    assert code == 2 and not (tmp_path / "page.html").exists()
    assert "The solution's cell 'overall' gives its points as None" in capsys.readouterr().err
