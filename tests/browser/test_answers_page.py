"""The written-answers page in a real browser: offline, keeps typed points, downloads them."""

from __future__ import annotations

import pytest
from submission_factory import _cell, perfect, write

from csto_course.grading.batch import find_exercise
from csto_course.grading.written_answers import page as write_page

pytestmark = pytest.mark.browser


def test_points_typed_on_the_page_survive_a_reload_and_download_as_csv(page, tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name, text in (("ada", "First answer."), ("bob", 'Second, with "quotes" and <b>tags</b>.')):
        nb = perfect()
        _cell(nb, "task6-answer").source = text
        write(subs, name, nb)
    html = tmp_path / "answers.html"
    write_page(find_exercise("01"), subs, html)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(html.as_uri())
    assert page.get_by_text('Second, with "quotes" and <b>tags</b>.').is_visible()  # shown as text, not markup
    page.get_by_label("Points for ada").fill("2.5")
    page.get_by_label("Points for bob").fill("1")
    page.reload()
    assert page.get_by_label("Points for ada").input_value() == "2.5"
    with page.expect_download() as info:
        page.get_by_role("button", name="Download points").click()
    download = info.value
    assert download.suggested_filename == "points-01_origins.csv"
    text = open(download.path(), encoding="utf-8").read()
    assert text.splitlines() == ["student,task,points", '"ada","task6-answer","2.5"', '"bob","task6-answer","1"']
    assert page.get_by_role("status").inner_text() == "2 point(s) downloaded."
    assert set(requests) == {html.as_uri()}  # nothing but the page itself
