"""The class's quiz report: the figures it gives, and the files it cannot read, each with a line."""

from __future__ import annotations

import pytest

from csto_course.quiz.class_report import STYLE, analyse, report_command
from csto_course.quiz.progress_files import write_csv
from csto_course.quiz.progress_rows import EXPORT_COLUMNS


def answers(student: str, right: dict[str, bool], wrong_answer: str = "1999") -> list[dict]:
    return [
        {
            "student": student,
            "lesson": "02_membership",
            "question_id": q,
            "first_correct": str(ok).lower(),
            "attempts": "1",
            "first_at": "2026-11-01T10:00:00",
            "latest_at": "2026-11-01T10:00:00",
            "latest_correct": "true",
            "first_answer": "" if ok else wrong_answer,
            "latest_answer": "",
        }
        for q, ok in right.items()
    ]


def a_class() -> list[dict]:
    """Ten students; s0..s9 know more and more. 'easy' everyone gets; 'sharp' only the top three; 'upside' only the bottom three."""
    rows = []
    for i in range(10):
        known = {f"k{n}": n < i for n in range(9)}
        rows += answers(f"s{i}", {**known, "easy": True, "sharp": i >= 7, "upside": i <= 2}, wrong_answer="2012" if i % 2 else "1999")
    return rows


def test_share_discrimination_and_wrong_answers():
    stats = {s.question_id: s for s in analyse(a_class())}
    assert stats["easy"].share == 1 and stats["easy"].discrimination == 0
    assert stats["sharp"].answered == 10 and stats["sharp"].share == pytest.approx(0.3)
    assert stats["sharp"].discrimination == pytest.approx(1.0)  # top 3 right, bottom 3 wrong
    assert stats["upside"].discrimination == pytest.approx(-1.0)  # a question to check
    assert stats["sharp"].wrong_answers == [("1999", 4), ("2012", 3)]


def test_too_few_students_gives_no_index():
    rows = [r for r in a_class() if r["student"] in ("s1", "s2", "s3", "s4")]
    assert all(s.discrimination is None for s in analyse(rows))


def test_the_report_page_and_the_files_it_could_not_read(tmp_path):
    folder = tmp_path / "handed-in"
    folder.mkdir()
    rows = a_class()
    for i in range(10):
        write_csv(folder / f"s{i}.csv", [r for r in rows if r["student"] == f"s{i}"], EXPORT_COLUMNS)
    write_csv(folder / "s3-again.csv", [r for r in rows if r["student"] == "s3"], EXPORT_COLUMNS)  # handed in twice
    (folder / "corrupt.json").write_text("{ not json")
    (folder / "empty.csv").write_text("")
    out = tmp_path / "report.html"
    result = report_command(folder, out)
    stdout, stderr = result.out, result.err
    assert result.ok and result.exit_code == 0 and "10 student(s)" in stdout
    assert "Skipped corrupt.json" in stderr and "Skipped empty.csv" in stderr and "s3" in stderr and "several files" in stderr
    page = out.read_text()
    assert "default-src 'none'" in page and "<script" not in page
    assert page.count('role="img"') == 2 and page.count("<desc id=") == 2 and page.count("Show the data as a table") == 2
    assert "from 10% (k8) to 100% (easy)" in page
    assert "-1.00" in page and "Skipped corrupt.json" in page


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda tmp: tmp / "nowhere", "is not a folder"),
        (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", "No quiz progress could be read"),
    ],
)
def test_nothing_to_report_writes_nothing(tmp_path, make, words):
    folder = make(tmp_path)
    result = report_command(folder, tmp_path / "report.html")
    assert not result.ok and result.exit_code == 1 and words in result.err and not (tmp_path / "report.html").exists()


def test_the_report_draws_with_the_vega_lite_that_vl_convert_bundles(tmp_path, monkeypatch):
    """A newer vl-convert drops old Vega-Lite versions: the report must ask for one the bundle has, not a fixed one."""
    import vl_convert

    drawn_with = []
    real = vl_convert.vegalite_to_svg

    def recording(spec, vl_version=None, **kwargs):
        drawn_with.append(vl_version)
        return real(spec, vl_version="5.20", **kwargs)

    monkeypatch.setattr(vl_convert, "get_vegalite_versions", lambda: ["5.8", "5.21", "5.22"])
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", recording)
    folder = tmp_path / "handed-in"
    folder.mkdir()
    write_csv(folder / "s0.csv", answers("s0", {"k0": True}), EXPORT_COLUMNS)
    assert report_command(folder, tmp_path / "report.html").ok
    assert drawn_with and set(drawn_with) == {"5.22"}, "the newest of Altair's major version that the bundle has"


def test_each_chart_is_labelled_for_screen_readers_with_its_data_as_a_table(monkeypatch):
    """The figure's SVG is an image named by its own title and description, ids unique per title; the data is beside it."""
    import hashlib

    from csto_course.quiz import class_report

    drawn = '<svg width="10"><g><svg x="1"></svg></g></svg>'  # a chart with a nested svg: only the outer one is the image
    monkeypatch.setattr(class_report, "_svg", lambda chart: drawn)
    title = "Lesson 02: spread & scores"
    ident = hashlib.sha256(title.encode()).hexdigest()[:10]
    figure = class_report._figure(None, title, "Columns <per> band.", [["0-10%", "2"], ["10-20%", "0"]], ["score band", "students"])
    assert figure == (
        f'<figure><svg role="img" aria-labelledby="t{ident}" aria-describedby="d{ident}" width="10">'
        f'<title id="t{ident}">Lesson 02: spread &amp; scores</title><desc id="d{ident}">Columns &lt;per&gt; band.</desc>'
        '<g><svg x="1"></svg></g></svg><figcaption>Columns &lt;per&gt; band.</figcaption>'
        "<details><summary>Show the data as a table</summary><table><thead><tr>"
        '<th scope="col">score band</th><th scope="col">students</th></tr></thead>'
        "<tbody><tr><td>0-10%</td><td>2</td></tr><tr><td>10-20%</td><td>0</td></tr></tbody></table></details></figure>"
    )


def test_the_question_chart_draws_each_questions_first_try_share(monkeypatch):
    from csto_course.quiz import class_report

    charts = []
    monkeypatch.setattr(class_report, "_svg", lambda chart: charts.append(chart.to_dict()) or "<svg ></svg>")
    stats = [s for s in analyse(a_class()) if s.question_id in ("easy", "sharp")]
    figure = class_report._question_chart("02_membership", stats)
    (spec,) = charts
    assert spec["datasets"][spec["data"]["name"]] == [
        {"question": "easy", "share": 100, "answered": 10},
        {"question": "sharp", "share": 30, "answered": 10},
    ]
    assert "<tr><td>sharp</td><td>30</td><td>10</td></tr>" in figure


@pytest.fixture
def drawn(monkeypatch):
    """The charts' specifications, in the order the page draws them (drawing itself is vl-convert's job)."""
    from csto_course.quiz import class_report

    specs: list[dict] = []
    monkeypatch.setattr(class_report, "_svg", lambda chart: specs.append(chart.to_dict()) or "<svg ></svg>")
    return specs


def test_the_score_chart_counts_students_per_band_of_ten_points_and_gives_the_median(drawn):
    from csto_course.quiz.class_report import _score_chart

    figure = _score_chart("02_membership", {"a": 0.0, "b": 0.95, "c": 1.0, "d": 0.5})
    (spec,) = drawn
    assert [(r["band"], r["students"]) for r in spec["datasets"][spec["data"]["name"]]] == [
        ("0-10%", 1),
        ("10-20%", 0),
        ("20-30%", 0),
        ("30-40%", 0),
        ("40-50%", 0),
        ("50-60%", 1),
        ("60-70%", 0),
        ("70-80%", 0),
        ("80-90%", 0),
        ("90-100%", 2),  # a full score is in the top band
    ]
    assert spec["encoding"] == {
        "tooltip": [{"field": "band", "type": "ordinal"}, {"field": "students", "type": "quantitative"}],
        "x": {"field": "band", "sort": None, "title": "First-try score on the lesson", "type": "ordinal"},
        "y": {"axis": {"format": "d", "tickMinStep": 1}, "field": "students", "title": "Students", "type": "quantitative"},
    }
    assert (spec["mark"], spec["width"], spec["height"]) == ({"type": "bar"}, 420, 160)
    description = (
        "Columns counting the 4 students of lesson 02_membership by their first-try score, in bands of ten "
        "percentage points; the median score is 72%."  # (0.5 + 0.95) / 2
    )
    assert f"<figcaption>{description}</figcaption>" in figure
    assert '<th scope="col">score band</th><th scope="col">students</th>' in figure and "<tr><td>90-100%</td><td>2</td></tr>" in figure
    assert "the median score is 40%." in _score_chart("02_membership", {"a": 0.2, "b": 0.4, "c": 0.9})
    five = _score_chart("02_membership", {"a": 0.19, "b": 0.3, "c": 0.5, "d": 0.6, "e": 0.9})
    assert "the median score is 50%." in five and "<tr><td>10-20%</td><td>1</td></tr>" in five  # 19% is in 10-20%


def test_the_question_chart_sorts_bars_by_share_on_a_0_to_100_axis(drawn):
    from csto_course.quiz.class_report import QuestionStats, _question_chart

    stats = [QuestionStats("02_membership", "hard", 4, 1, None), QuestionStats("02_membership", "easy", 3, 3, None)]
    figure = _question_chart("02_membership", stats)
    (spec,) = drawn
    assert spec["datasets"][spec["data"]["name"]] == [
        {"question": "hard", "share": 25, "answered": 4},
        {"question": "easy", "share": 100, "answered": 3},
    ]
    assert spec["encoding"] == {
        "tooltip": [
            {"field": "question", "type": "nominal"},
            {"field": "share", "type": "quantitative"},
            {"field": "answered", "type": "quantitative"},
        ],
        "x": {"field": "share", "scale": {"domain": [0, 100]}, "title": "Right at the first try (%)", "type": "quantitative"},
        "y": {"field": "question", "sort": "-x", "title": None, "type": "nominal"},
    }
    assert (spec["mark"], spec["width"], spec["height"]) == ({"type": "bar"}, 420, {"step": 18})
    assert (
        "<figcaption>Bars for the 2 questions of lesson 02_membership: the share of students right at their first try, "
        "from 25% (hard) to 100% (easy).</figcaption>"
    ) in figure
    thirds = [QuestionStats("02_membership", "hard", 3, 1, None), QuestionStats("02_membership", "fair", 3, 2, None)]
    assert "from 33% (hard) to 67% (fair)." in _question_chart("02_membership", thirds)
    assert '<th scope="col">question</th><th scope="col">right first (%)</th><th scope="col">answered</th>' in figure


def test_the_page_head_and_the_files_to_look_at(drawn):
    from csto_course.quiz.class_progress import Collected
    from csto_course.quiz.class_report import render

    rows = answers("s0", {"easy": True})
    page = render(Collected(rows=rows, read=["s0.csv"], notes=['Student "s0" is in several files (a.csv, b.csv).']), analyse(rows))
    assert page.startswith(
        "\n".join(
            [
                "<!doctype html>",
                '<html lang="en"><head><meta charset="utf-8">',
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
                f"<title>Quiz report: 1 students</title><style>{STYLE}</style></head><body><main>",
            ]
        )
    )
    assert '<h2>Files to look at</h2><ul>\n<li class="note">Student &quot;s0&quot; is in several files (a.csv, b.csv).</li>\n</ul>' in page


def test_a_students_lesson_score_is_their_share_right_at_the_first_try():
    from csto_course.quiz.class_report import lesson_scores

    rows = answers("ana", {"a": True, "b": False, "c": True, "d": True}) + answers("bo", {"a": False})
    assert lesson_scores(rows) == {"02_membership": {"ana": 0.75, "bo": 0.0}}


def test_five_students_are_enough_for_an_index_of_one_against_one():
    """Five students: the top and bottom 27% are one student each; ties in score go by name."""
    from csto_course.quiz.class_report import _discrimination

    rows = answers("s1", {"q": False}) + answers("s2", {"q": True}) + answers("s3", {"q": True})
    rows += answers("s4", {"q": False}) + answers("s5", {"q": True})
    scores = {"s1": 0.1, "s2": 0.5, "s3": 0.5, "s4": 0.5}  # s5 has no score: counted as 0, so the bottom
    assert _discrimination(rows, scores) == pytest.approx(-1.0)  # top: s4 (wrong); bottom: s5 (right)
    assert _discrimination(rows[:4], scores) is None


def test_the_lesson_table_of_the_page(drawn):
    from csto_course.quiz.class_progress import Collected
    from csto_course.quiz.class_report import render

    rows = answers("s0", {"easy": True, "hard": False}) + answers("s1", {"easy": True, "hard": False}, wrong_answer="2012")
    rows += answers("s2", {"hard": False})
    page = render(Collected(rows=rows, read=["a.csv"]), analyse(rows))
    assert "Files to look at" not in page
    assert (
        "<p>The discrimination index compares the top and bottom 27% of students on each lesson "
        "(it needs 5 students): near 0 or below, check the question's key and wording.</p>\n<section><h2>Lesson 02_membership</h2>\n"
    ) in page
    assert '<title id="t' in page and "Lesson 02_membership: spread of first-try scores</title>" in page
    assert "Lesson 02_membership: first-try share per question</title>" in page
    table = page[page.index('<table><thead><tr><th scope="col">question</th><th scope="col">answered</th>') :]
    assert table == (
        '<table><thead><tr><th scope="col">question</th><th scope="col">answered</th>'
        '<th scope="col">right at first try</th><th scope="col">discrimination</th>'
        '<th scope="col">most chosen wrong first answers</th></tr></thead><tbody>\n'
        "<tr><td>easy</td><td>2</td><td>100%</td><td>too few students</td><td>–</td></tr>\n"
        "<tr><td>hard</td><td>3</td><td>0%</td><td>too few students</td><td>1999 (2); 2012 (1)</td></tr>\n"
        "</tbody></table></section>\n</main></body></html>\n"
    )
    stats = analyse(rows)
    stats[0].discrimination = 0.5
    assert "<td>easy</td><td>2</td><td>100%</td><td>+0.50</td>" in render(Collected(rows=rows, read=["a.csv"]), stats)


def test_the_report_command_says_exactly_what_it_did_and_did_not(tmp_path, drawn):
    from csto_course.command_output import CommandOutput

    folder = tmp_path / "handed-in"
    assert report_command(folder, tmp_path / "r.html") == CommandOutput(
        False, "", f"{folder} is not a folder. Put the progress files the students handed in into one folder."
    )
    folder.mkdir()
    (folder / "bad.json").write_text("{")
    (folder / "empty.csv").write_text("")
    assert report_command(folder, tmp_path / "r.html") == CommandOutput(
        False,
        "",
        "Skipped bad.json: it is not valid JSON (line 1, column 2).\n"
        "Skipped empty.csv: it is not a quiz progress export (missing column(s): lesson, question_id, first_correct, attempts).\n"
        f"No quiz progress could be read from {folder}; {tmp_path / 'r.html'} was not written.",
    )
    (folder / "empty.csv").unlink()
    write_csv(folder / "s0.csv", answers("s0", {"easy": True}), EXPORT_COLUMNS)
    out = folder / "reports" / "week 1" / "report.json"  # a new folder inside the one read, an odd name
    result = report_command(folder, out)
    assert result == CommandOutput(
        True, f"Wrote {out}: 1 student(s), 1 answer(s) from 1 file(s).", "Skipped bad.json: it is not valid JSON (line 1, column 2)."
    )
    assert out.read_bytes().decode("utf-8").startswith("<!doctype html>")
    (folder / "more.json").write_text("{")
    again = report_command(folder, out)  # the report it wrote last time is not read as a progress file
    assert again.err.splitlines() == [
        "Skipped bad.json: it is not valid JSON (line 1, column 2).",
        "Skipped more.json: it is not valid JSON (line 1, column 2).",
    ]


def test_questions_come_in_course_order_then_other_lessons_by_name():
    def row(lesson, qid, ok=True, answer=""):
        return {**answers("ana", {qid: ok})[0], "lesson": lesson, "first_answer": answer}

    rows = [row("99_extra", "a"), row("02_membership", "b"), row("98_more", "z"), row("02_membership", "a"), row("01_origins", "z")]
    rows.append(row("00_extra", "a"))  # not a lesson of the course: after them all, though its name sorts first
    assert [(s.lesson, s.question_id) for s in analyse(rows)] == [
        ("01_origins", "z"),
        ("02_membership", "a"),
        ("02_membership", "b"),
        ("00_extra", "a"),
        ("98_more", "z"),
        ("99_extra", "a"),
    ]


def test_only_wrong_first_answers_that_were_given_are_listed():
    rows = answers("ana", {"q": True}) + answers("bo", {"q": False}) + answers("cy", {"q": False}, wrong_answer="2012")
    rows[0]["first_answer"] = "1992"  # right, with the answer kept: not a wrong answer
    del rows[2]["first_answer"]  # an export without the answers column
    (stats,) = analyse(rows)
    assert stats.wrong_answers == [("1999", 1)]


def test_the_index_ranks_students_by_their_score_not_their_name():
    """The m-students know the lesson, the a- and z-students do not: the question only the m's get right discriminates."""
    rows = []
    for name in ["a1", "a2", "m1", "m2", "m3", "z1", "z2"]:
        knows = name.startswith("m")
        rows += answers(name, {"k1": knows, "k2": knows, "k3": knows, "q": knows})
    stats = {s.question_id: s for s in analyse(rows)}
    assert stats["q"].discrimination == pytest.approx(1.0)


def test_the_three_most_chosen_wrong_answers_are_listed():
    rows = []
    for n, answer in enumerate(["1999", "1999", "1999", "2012", "2012", "1994", "1994", "2002"]):
        rows += answers(f"s{n}", {"q": False}, wrong_answer=answer)
    (stats,) = analyse(rows)
    assert [answer for answer, _ in stats.wrong_answers] == ["1999", "2012", "1994"]  # 2002, chosen once, is left out
