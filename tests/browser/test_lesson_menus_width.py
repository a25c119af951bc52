"""In a real JupyterLab in Chromium: does a lesson's menu show its longest choice whole?

Screenshot pass, 2026-12-03: lesson 07's Topic menu, at ipywidgets' fixed 300 px, read
"Troops sent to Kazakhstan, Jan…". The lesson's first cell (lesson-start.js) gives every
menu in an output the width of its longest choice.
"""

from __future__ import annotations

import pytest
from test_lessons_in_browser import NOTEBOOK, run_all

from csto_course.lessons import LESSONS

pytestmark = pytest.mark.browser


def test_lesson_07_topic_menu_shows_its_longest_choice_whole(page, lab_server):
    lesson = next(x for x in LESSONS if x.slug == "07_reading_sources")
    run_all(page, lab_server, lesson)
    page.wait_for_selector(f"{NOTEBOOK} .widget-dropdown select", timeout=30_000)
    sizes = page.evaluate(
        f"""() => {{
            const menu = [...document.querySelectorAll("{NOTEBOOK} .widget-dropdown")]
                .find(m => m.querySelector("label") && m.querySelector("label").textContent.trim() === "Topic");
            const select = menu.querySelector("select");
            const pen = document.createElement("canvas").getContext("2d");
            pen.font = getComputedStyle(select).font;
            const longest = Math.max(...[...select.options].map(o => pen.measureText(o.text).width));
            return {{select: select.getBoundingClientRect().width, longest, choices: select.options.length,
                     panel: menu.closest(".jp-OutputArea-output").getBoundingClientRect().width}};
        }}"""
    )
    assert sizes["choices"] > 10
    assert sizes["select"] >= sizes["longest"] + 16, sizes  # the text and the menu's arrow
    assert sizes["select"] <= sizes["panel"], sizes
