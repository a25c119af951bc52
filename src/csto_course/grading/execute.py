"""Run an assembled notebook cell by cell, within time limits, surviving a dead kernel.

- Each cell has a time limit (``cell_timeout``); the whole notebook a budget
  (``notebook_timeout``). A cell that runs too long (an infinite loop) is
  interrupted, and grading goes on in the same kernel, with everything earlier
  cells made. If it cannot be interrupted, a fresh kernel replays the earlier
  cells (not the looping one) and grading goes on with the next cell.
- A kernel that dies (``os._exit``, a crash) is replaced in the same way.
- Printed output is capped inside the kernel, so a runaway ``print`` loop
  cannot exhaust memory; outputs are discarded after each cell.
"""

from __future__ import annotations

import math
import os
import subprocess
import time
from dataclasses import dataclass
from queue import Empty

import nbformat
from jupyter_client import KernelManager
from traitlets.config import Config

from .folder_guard import FolderGuard

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


# Run only inside a sandbox, which has a process namespace of its own: kill(-1) reaches
# every process the kernel may signal there except itself and the namespace's init.
# Never outside one, where it would reach every process of the instructor's.
_END_OTHER_PROCESSES = "__import__('os').kill(-1, 9)"


@dataclass
class CellResult:
    index: int
    role: str
    grade_id: str | None
    status: str  # ok, error, timeout, kernel_died, disk, not_run
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


class Kernel:
    """One fresh kernel for one submission, driven through jupyter_client's blocking client.

    The grader needs little from a cell: did it finish, fail (and how), run too
    long or kill its kernel. The blocking client polls its sockets in short
    steps, so a reply is read as soon as it arrives; nbclient's asyncio polling
    has been seen to leave a reply unread until the cell's timeout ran out.
    """

    POLL = 0.2  # seconds between liveness checks while a cell runs
    _last: str | None = None  # the msg_id of the cell sent last

    def __init__(self, workdir: str, kernel_name: str = "python3", startup_timeout: float = 60, sandbox=None):
        if sandbox is not None:  # a bubblewrap sandbox (sandbox.py) starts and confines the kernel
            self.km = sandbox.kernel_manager(kernel_config(workdir))
        else:
            self.km = KernelManager(kernel_name=kernel_name, config=kernel_config(workdir))
        # The kernel's own output goes nowhere: student code printing to the process's
        # stdout (os.write(1, ...)) must never reach the instructor's terminal.
        self.km.start_kernel(cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=startup_timeout)
        except RuntimeError:
            self.close()
            raise

    def run(self, source: str, timeout: float, guard=None) -> tuple[str, str, str]:
        """Run ``source``; return (status, ename, evalue), status one of ok, error, timeout, kernel_died, disk.

        ``guard`` (a FolderGuard) is asked about once a second whether the cell has written too much.
        """
        msg_id = self._last = self.kc.execute(source, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + timeout
        next_look = time.monotonic() + 1
        error = ("", "")
        while True:  # iopub: collect the error, stop when the kernel is idle again
            if time.monotonic() > deadline:  # checked per message too: a cell may flood output
                return "timeout", "Timeout", f"ran longer than {math.ceil(timeout)} s"
            if guard is not None and time.monotonic() > next_look:
                next_look = time.monotonic() + 1
                why = guard.over()
                if why:
                    return "disk", "DiskLimit", why
            try:
                msg = self.kc.get_iopub_msg(timeout=self.POLL)
            except Empty:
                if not self.km.is_alive():
                    return "kernel_died", "DeadKernel", "the kernel stopped"
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "error":
                error = (content.get("ename", ""), str(content.get("evalue", ""))[:500])
            elif kind == "status" and content.get("execution_state") == "idle":
                break
        reply_deadline = time.monotonic() + 5
        while True:  # the shell reply follows idle closely; it says whether the cell failed
            try:
                reply = self.kc.get_shell_msg(timeout=self.POLL)
            except Empty:
                if not self.km.is_alive():
                    return "kernel_died", "DeadKernel", "the kernel stopped"
                if time.monotonic() > reply_deadline:
                    break  # idle was seen, so the cell finished: go by iopub alone
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                content = reply["content"]
                if content.get("status") == "error" and not error[0]:
                    error = (content.get("ename", ""), str(content.get("evalue", ""))[:500])
                break
        return ("error", *error) if error[0] else ("ok", "", "")

    def interrupt(self, wait: float = 3.0) -> bool:
        """Interrupt the running cell; True if the kernel is idle again within ``wait`` seconds."""
        if not self.km.is_alive() or self._last is None:
            return False
        try:
            self.km.interrupt_kernel()
        except Exception:  # noqa: BLE001 - an interrupt that cannot be sent means a restart
            return False
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=self.POLL)
            except Empty:
                if not self.km.is_alive():
                    return False
                continue
            if (msg["parent_header"].get("msg_id") == self._last and msg["msg_type"] == "status"
                    and msg["content"].get("execution_state") == "idle"):
                return True
        return False

    def close(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)  # nothing to save: a graded kernel is thrown away


def _role(cell) -> tuple[str, str | None]:
    meta = cell.metadata.get("csto", {})
    return meta.get("role", "setup"), meta.get("grade_id")


class SandboxFailed(Exception):
    """The kernel started, but the sandbox check failed inside it: nothing of the student's ran."""


def _start(kernel_factory, first_cell: str | None) -> Kernel:
    kernel = kernel_factory()
    if first_cell:
        status, ename, evalue = kernel.run(first_cell, SETUP_TIMEOUT)
        if status != "ok":
            kernel.close()
            raise SandboxFailed(evalue or status)
    kernel.run(_CAP_OUTPUT, SETUP_TIMEOUT)
    return kernel


def run_notebook(nb: nbformat.NotebookNode, workdir: str, cell_timeout: float = 30, notebook_timeout: float = 300,
                 kernel_name: str = "python3", sandbox=None, guard: FolderGuard | None = None) -> list[CellResult]:
    """Run every cell in order; a cell that runs too long is interrupted, a dead kernel replaced.

    After a timeout the kernel is interrupted, so what earlier cells made is
    still there for later tasks. If the interrupt does not stop the cell (the
    code catches KeyboardInterrupt, or sits in C code), or the kernel died, a
    fresh kernel replays every earlier cell except the one that failed.
    """
    factory = lambda: Kernel(workdir, kernel_name, sandbox=sandbox)  # noqa: E731
    guard = guard or FolderGuard(workdir)
    first = sandbox.check_cell() if sandbox is not None else None
    results: list[CellResult] = []
    start = time.monotonic()
    ran: list[int] = []  # cells whose effects a replacement kernel must rebuild
    kernel = _start(factory, first)
    try:
        for index, cell in enumerate(nb.cells):
            role, gid = _role(cell)
            left = notebook_timeout - (time.monotonic() - start)
            if left <= 0:
                results += [CellResult(i, *_role(nb.cells[i]), "not_run") for i in range(index, len(nb.cells))]
                break
            limit = max(1, math.ceil(min(SETUP_TIMEOUT if role == "setup" else cell_timeout, left)))
            began = time.monotonic()
            status, ename, evalue = kernel.run(cell.source, limit, guard)
            if status != "disk" and guard.over():  # a cell quicker than the guard's look
                status, ename, evalue = "disk", "DiskLimit", guard.over() or ""
            results.append(CellResult(index, role, gid, status, ename, evalue, time.monotonic() - began))
            if status == "timeout" and kernel.interrupt():
                if sandbox is not None:  # end whatever the cell started (a fork bomb): the sandbox's processes only
                    kernel.run(_END_OTHER_PROCESSES, cell_timeout)
                continue  # stopped; the kernel and its variables live on
            if status in ("timeout", "kernel_died", "disk"):
                kernel.close()
                if status == "disk":
                    guard.clear()
                kernel = _start(factory, first)
                for earlier in ran:
                    role_before = _role(nb.cells[earlier])[0]
                    kernel.run(nb.cells[earlier].source, SETUP_TIMEOUT if role_before == "setup" else cell_timeout)
                continue
            if role != "export":
                ran.append(index)
    finally:
        kernel.close()
    return results
