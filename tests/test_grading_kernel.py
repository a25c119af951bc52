"""The grader's hold on one kernel: bounded memory whatever the cell sends, and leftovers ended from outside."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
import uuid

import nbformat
import pytest
from submission_factory import processes_with

from csto_course.grading import sandbox
from csto_course.grading.execute import Kernel, run_notebook
from csto_course.paths import data_dir

needs_sandbox = pytest.mark.skipif(sandbox.probe() is not None, reason=f"no sandbox here: {sandbox.probe()}")

# Runs in a fresh process, so its peak memory is the grader's alone.
MEASURE = textwrap.dedent("""
    import json, resource, sys, tempfile
    import nbformat
    from csto_course.grading.execute import run_notebook
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in json.loads(sys.argv[1])])
    for cell in nb.cells:
        cell.metadata["csto"] = {"role": "answer", "grade_id": "t"}
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = run_notebook(nb, tempfile.mkdtemp(), cell_timeout=4, notebook_timeout=120)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
    print(json.dumps({"statuses": [r.status for r in results], "grown_mb": grown}))
""")

# Each gets around the in-kernel output cap and sends 100 MB messages as fast as it can.
FLOODS = {
    "display": "from IPython.display import display\nbig = 'x' * 100_000_000\nwhile True:\n    display({'text/plain': big}, raw=True)",
    "raw_stream": "import sys\nout = sys.stdout._stream\nbig = 'x' * 100_000_000\nwhile True:\n    out.write(big); out.flush()",
    "huge_error": "raise ValueError('x' * 200_000_000)",
}


def wait_for(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def measure(cells: list[str]) -> dict:
    import json

    done = subprocess.run([sys.executable, "-c", MEASURE, json.dumps(cells)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("flood", sorted(FLOODS))
def test_a_flooding_cell_cannot_grow_the_graders_memory_and_later_cells_still_run(flood):
    """Before: a 200 MB message cost the grader about 800 MB; a kernel may send many."""
    got = measure(["x = 41", FLOODS[flood], "assert x + 1 == 42"])
    assert got["statuses"][0] == "ok" and got["statuses"][2] == "ok", got
    assert got["statuses"][1] in ("timeout", "kernel_died"), got
    assert got["grown_mb"] < 150, got


def test_an_ordinary_error_is_still_reported_with_its_name():
    kernel = Kernel(str(__import__("tempfile").mkdtemp()))
    try:
        assert kernel.run("raise KeyError('year')", 30) == ("error", "KeyError", "'year'")
        assert kernel.run("y = 1", 30) == ("ok", "", "")
    finally:
        kernel.close()


@needs_sandbox
def test_leftovers_end_from_outside_even_when_the_student_disabled_os_kill(tmp_path):
    marker = f"csto-left-{uuid.uuid4().hex[:8]}"
    box = sandbox.Sandbox(sandbox.SandboxSettings(data_dir=data_dir()), str(tmp_path))
    kernel = Kernel(str(tmp_path), sandbox=box)
    try:
        assert kernel.run(box.check_cell(), 60)[0] == "ok"
        spawn = (
            f"import os, subprocess\nkept = 7\nos.kill = lambda *a: None\nos.killpg = os.kill\n"
            f"for _ in range(3):\n    subprocess.Popen(['{marker}', '600'], executable='/bin/sleep', start_new_session=True)\n"
            f"if os.fork() == 0:\n    os.setsid()\n    os.execv('/bin/sh', ['{marker}', '-c', 'while :; do :; done'])\n"
        )
        assert kernel.run(spawn, 30)[0] == "ok"
        assert wait_for(lambda: len(processes_with(marker)) == 4)
        assert kernel.end_leftovers() == 4
        assert processes_with(marker) == []
        assert kernel.run("assert kept == 7", 30) == ("ok", "", ""), "the kernel itself lives on, with its variables"
    finally:
        kernel.close()
        box.close()


@needs_sandbox
def test_a_notebook_with_a_runaway_process_gets_on_with_the_next_task(tmp_path):
    marker = f"csto-bomb-{uuid.uuid4().hex[:8]}"
    cells = [
        "base = 10",
        f"import subprocess\nfor _ in range(20):\n    subprocess.Popen(['{marker}', '-c', 'while :; do :; done'], executable='/bin/sh')\nwhile True:\n    pass",
        "assert base == 10",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in cells])
    for cell in nb.cells:
        cell.metadata["csto"] = {"role": "answer", "grade_id": "t"}
    box = sandbox.Sandbox(sandbox.SandboxSettings(data_dir=data_dir()), str(tmp_path))
    try:
        results = run_notebook(nb, str(tmp_path), cell_timeout=3, notebook_timeout=120, sandbox=box)
        assert [r.status for r in results] == ["ok", "timeout", "ok"]
    finally:
        box.close()
    assert processes_with(marker) == []
