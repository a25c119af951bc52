"""Run an assembled notebook cell by cell, within time limits, surviving a dead kernel.

- Each cell has a time limit (``cell_timeout``); the whole notebook a budget
  (``notebook_timeout``). A cell that runs too long (an infinite loop) is
  stopped by restarting the kernel; the setup cells are run again and grading
  goes on with the next cell, so later tasks are still graded.
- A kernel that dies (``os._exit``, a crash) is handled the same way.
- Printed output is capped inside the kernel, so a runaway ``print`` loop
  cannot exhaust memory; outputs are discarded after each cell.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from traitlets.config import Config

OUTPUT_CAP_BYTES = 200_000
# The course's own cells (imports, loading data) are not the student's code: they
# get a generous limit of their own, so a busy machine cannot fail a student.
SETUP_TIMEOUT = 120

# Run silently in every kernel before the notebook: caps what print() can send.
_CAP_OUTPUT = f"""
import sys as _sys
# jsonschema (imported by altair) builds rfc3987-syntax's IRI parsers at import,
# about 1.4 s per kernel, for a format check grading never uses. Known upstream:
# python-jsonschema/jsonschema#1428, jupyter-server/jupyter_server#1559.
_sys.modules.setdefault("rfc3987_syntax", None)
class _CappedStream:
    def __init__(self, stream, limit):
        self._stream, self._left, self._cut = stream, limit, False
    def write(self, text):
        if self._left <= 0:
            if not self._cut:
                self._cut = True
                self._stream.write("\\n[output truncated by the grader]\\n")
            return len(text)
        self._left -= len(text)
        return self._stream.write(text if self._left >= 0 else text[: len(text) + self._left])
    def __getattr__(self, name):
        return getattr(self._stream, name)
_sys.stdout = _CappedStream(_sys.stdout, {OUTPUT_CAP_BYTES})
_sys.stderr = _CappedStream(_sys.stderr, {OUTPUT_CAP_BYTES})
del _CappedStream
"""


@dataclass
class CellResult:
    index: int
    role: str
    grade_id: str | None
    status: str  # ok, error, timeout, kernel_died, not_run
    ename: str = ""
    evalue: str = ""
    seconds: float = 0.0


def kernel_config(workdir: str) -> Config:
    """Kernels talk over IPC sockets in the submission's folder, not TCP ports.

    With TCP, a port chosen for one kernel can be taken by another starting at
    the same moment ("Address already in use"), which happens when several
    submissions are graded at once. IPC sockets have no ports to race for.
    """
    config = Config()
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = os.path.join(workdir, "kernel")
    return config


def _run_hidden(client: NotebookClient, nb, source: str) -> None:
    """Run helper code (output cap, setup again) in a scratch cell appended and then removed.

    nbclient writes each executed cell back to ``nb.cells[index]``, so helper
    code must not borrow the index of a real cell.
    """
    nb.cells.append(nbformat.v4.new_code_cell(source))
    student_limit, client.timeout = client.timeout, SETUP_TIMEOUT
    try:
        client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
    finally:
        nb.cells.pop()
        client.timeout = student_limit


def _role(cell) -> tuple[str, str | None]:
    meta = cell.metadata.get("csto", {})
    return meta.get("role", "setup"), meta.get("grade_id")


def run_notebook(nb: nbformat.NotebookNode, workdir: str, cell_timeout: float = 30, notebook_timeout: float = 300,
                 kernel_name: str = "python3") -> list[CellResult]:
    results: list[CellResult] = []
    start = time.monotonic()
    setup = [c for c in nb.cells if _role(c)[0] == "setup"]
    next_cell, restarted = 0, False
    while next_cell < len(nb.cells):
        client = NotebookClient(
            nb, timeout=math.ceil(cell_timeout), kernel_name=kernel_name, allow_errors=True,
            interrupt_on_timeout=False, startup_timeout=60, resources={"metadata": {"path": workdir}},
            config=kernel_config(workdir),
        )
        with client.setup_kernel():
            _run_hidden(client, nb, _CAP_OUTPUT)
            if restarted:  # a fresh kernel needs the setup cells (imports, data) again
                for cell in setup:
                    _run_hidden(client, nb, cell.source)
            for index in range(next_cell, len(nb.cells)):
                cell = nb.cells[index]
                role, gid = _role(cell)
                left = notebook_timeout - (time.monotonic() - start)
                if left <= 0:
                    results += [CellResult(i, *_role(nb.cells[i]), "not_run") for i in range(index, len(nb.cells))]
                    return results
                limit = SETUP_TIMEOUT if role == "setup" else cell_timeout
                client.timeout = max(1, math.ceil(min(limit, left)))
                began = time.monotonic()
                try:
                    client.execute_cell(cell, index)
                except CellTimeoutError:
                    results.append(CellResult(index, role, gid, "timeout", "Timeout", f"ran longer than {client.timeout} s", time.monotonic() - began))
                    next_cell, restarted = index + 1, True
                    break
                except DeadKernelError:
                    results.append(CellResult(index, role, gid, "kernel_died", "DeadKernel", "the kernel stopped", time.monotonic() - began))
                    next_cell, restarted = index + 1, True
                    break
                error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
                seconds = time.monotonic() - began
                if error:
                    results.append(CellResult(index, role, gid, "error", error.get("ename", ""), str(error.get("evalue", ""))[:500], seconds))
                else:
                    results.append(CellResult(index, role, gid, "ok", seconds=seconds))
                cell["outputs"] = []  # keep memory small
            else:
                next_cell = len(nb.cells)
    return results
