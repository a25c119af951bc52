"""The lessons' kernel tells a student to run the first cell, instead of a bare NameError."""

from __future__ import annotations

import json

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

from csto_course.lessons import LESSONS
from csto_course.paths import lessons_dir


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_new_kernel(kernel_name="csto-course")
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code: str) -> list[str]:
    """The error lines (traceback) a cell shows, or [] if it ran."""
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "error":
            lines = msg["content"]["traceback"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return locals().get("lines", [])


def test_the_course_kernel_is_installed_with_the_package():
    spec = KernelSpecManager().get_kernel_spec("csto-course")
    assert "--ext=csto_course.kernel_hints" in spec.argv and spec.display_name == "Python 3 (CSTO course)"


@pytest.mark.parametrize("lesson", [lesson.slug for lesson in LESSONS])
def test_every_lesson_runs_on_the_course_kernel(lesson):
    nb = json.loads((lessons_dir() / f"{lesson}.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "csto-course"


def test_a_cell_before_the_first_says_to_run_the_first_cell(kernel):
    lines = run(kernel, 'load("events")')  # automagic would have run %load here
    text = "\n".join(lines)
    assert text.startswith("NameError: name 'load' is not defined")
    assert "first code cell has not run in this kernel" in text and "Run All Above Selected Cell" in text
    assert "Traceback" not in text


def test_after_the_first_cell_a_missing_name_points_to_the_cells_above(kernel):
    assert run(kernel, "from csto_course.lesson_start import start_lesson") == []
    text = "\n".join(run(kernel, "members_2010"))
    assert "made in a cell above that has not run" in text
    assert run(kernel, "%load_ext csto_course.kernel_hints") == [], "magics still work with their %"
    assert "ZeroDivisionError" in "\n".join(run(kernel, "1/0")), "other errors are left as they are"
