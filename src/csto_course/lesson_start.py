"""The last line of every lesson's first cell: ``start_lesson("03_structure")``.

It shows one line saying the lesson is ready, and, in JupyterLab, keeps the
keys a student presses on the lesson's controls (menus, sliders, quiz answers,
the menus and sliders inside charts) on those controls, so that pressing d
twice on a menu never deletes a cell (``assets/lesson-start.js`` says
how). Outside JupyterLab it is just the line of text.
"""

from __future__ import annotations

import html

import anywidget
import traitlets

from .edition import EDITION, latest_report
from .lessons import LESSONS
from .paths import PACKAGE_ASSETS
from .tables_display import show_missing_as_dash

PANDAS_PRIMER = "00b_pandas_primer"
READY_MARK = "csto-lesson-ready"  # the class of its text; the website leaves these lines out


def _ready_text(slug: str) -> str:
    lesson = next((x for x in LESSONS if x.slug == slug), None)
    name = f"Lesson {lesson.number}, “{lesson.title}”," if lesson else "This lesson"
    return (
        f"✔ {name} is ready. Run the cells below in order, top to bottom (Shift+Enter runs a cell). "
        f"Course edition {EDITION}: its newest dated report is of {latest_report()}, so whatever the lesson says "
        "about the present is as of that date."
    )


class LessonStart(anywidget.AnyWidget):
    _esm = (PACKAGE_ASSETS / "lesson-start.js").read_text(encoding="utf-8")
    text = traitlets.Unicode("").tag(sync=True)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        return {**bundle, "text/plain": self.text, "text/html": f"<p class='{READY_MARK}'>{html.escape(self.text)}</p>"}


def start_lesson(slug: str) -> LessonStart:
    """The line that says the lesson is ready (and the keyboard guard); the cell's last value.

    It also lets tables show their text in full: pandas cuts a cell at 50 characters by default, which hid the
    claims, titles and notes that lessons ask students to compare word for word."""
    import pandas as pd

    pd.set_option("display.max_colwidth", None)
    # Missing values read "—" in a lesson's tables; the pandas primer shows NaN, <NA> and NaT, which it teaches.
    show_missing_as_dash(slug != PANDAS_PRIMER)
    return LessonStart(text=_ready_text(slug))
