"""Run an assembled notebook cell by cell, within time limits, surviving a dead kernel.

- Each cell has a time limit (``cell_timeout``); the whole notebook a budget
  (``notebook_timeout``). A cell that runs too long (an infinite loop) is
  interrupted, and grading goes on in the same kernel, with everything earlier
  cells made. If it cannot be interrupted, a fresh kernel replays the earlier
  cells (not the looping one) and grading goes on with the next cell.
- A kernel that dies (``os._exit``, a crash) is replaced in the same way.
- Printed output is capped inside the kernel, and the grader never reads the
  kernel's output at all (only each cell's reply, of bounded size), so a
  runaway ``print`` or ``display`` loop cannot exhaust the grader's memory.
"""

from __future__ import annotations

import math
import os
import subprocess
import time
from dataclasses import dataclass
from queue import Empty

import nbformat
import zmq
from jupyter_client import KernelManager
from traitlets.config import Config

from .errors import CellStatus
from .folder_guard import FolderGuard
from .leftovers import end_leftovers

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
    status: CellStatus
    ename: str = ""
    evalue: str = ""
    seconds: float = 0.0

    def __post_init__(self) -> None:
        self.status = CellStatus(self.status)  # a plain word read back becomes the member


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
    long or kill its kernel. The cell's reply on the shell channel says all of
    that, so the grader reads nothing else: once the kernel is ready it stops
    listening to the kernel's output (iopub), which then goes nowhere, and no
    message larger than ``MAX_MESSAGE_BYTES`` is accepted. However much a
    submission prints or displays, and however it gets around the in-kernel
    cap, the grader's memory stays small. The blocking client polls in short
    steps, so a reply is read as soon as it arrives; nbclient's asyncio polling
    has been seen to leave a reply unread until the cell's timeout ran out.
    """

    POLL = 0.2  # seconds between liveness checks while a cell runs
    MAX_MESSAGE_BYTES = 16 * 1024**2  # far above any honest reply; a larger one is dropped, and the cell times out
    _last: str | None = None  # the msg_id of the cell sent last

    def __init__(self, workdir: str, kernel_name: str = "python3", startup_timeout: float = 60, sandbox=None):
        if sandbox is not None:  # a bubblewrap sandbox (sandbox.py) starts and confines the kernel
            self.km = sandbox.kernel_manager(kernel_config(workdir))
        else:
            self.km = KernelManager(kernel_name=kernel_name, config=kernel_config(workdir))
        self.sandbox = sandbox
        # The kernel's own output goes nowhere: student code printing to the process's
        # stdout (os.write(1, ...)) must never reach the instructor's terminal.
        self.km.start_kernel(cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.context = zmq.Context()
        self.context.setsockopt(zmq.MAXMSGSIZE, self.MAX_MESSAGE_BYTES)  # for every socket the client opens
        # A kernel that sent too large a reply is cut off; sending to it then fails rather than waiting forever.
        self.context.setsockopt(zmq.SNDTIMEO, 5000)
        self.kc = self.km.client(context=self.context)
        self.kc.start_channels(stdin=False)
        try:
            self.kc.wait_for_ready(timeout=startup_timeout)  # needs iopub, once
        except RuntimeError:
            self.close()
            raise
        self.kc.iopub_channel.stop()  # from now on the kernel publishes to no one

    def _reply(self, msg_id: str, deadline: float, guard=None) -> dict | tuple[CellStatus, str, str]:
        """The shell reply to ``msg_id``, or why there is none (timeout, kernel_died, disk) by ``deadline``."""
        next_look = time.monotonic() + 1
        while True:
            now = time.monotonic()
            if now > deadline:
                return CellStatus.TIMEOUT, "Timeout", "no reply in time"
            if guard is not None and now > next_look:
                next_look = now + 1
                why = guard.over()
                if why:
                    return CellStatus.DISK, "DiskLimit", why
            try:
                reply = self.kc.get_shell_msg(timeout=self.POLL)
            except Empty:
                if not self.km.is_alive():
                    return CellStatus.KERNEL_DIED, "DeadKernel", "the kernel stopped"
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]

    def run(self, source: str, timeout: float, guard=None) -> tuple[CellStatus, str, str]:
        """Run ``source``; return (status, ename, evalue), status one of ok, error, timeout, kernel_died, disk.

        ``guard`` (a FolderGuard) is asked about once a second whether the cell has written too much.
        """
        try:
            msg_id = self._last = self.kc.execute(source, store_history=False, allow_stdin=False, stop_on_error=False)
        except zmq.Again:  # cut off after an oversized reply: as good as dead, so it is replaced
            return CellStatus.KERNEL_DIED, "DeadKernel", "the kernel stopped answering"
        got = self._reply(msg_id, time.monotonic() + timeout, guard)
        if isinstance(got, tuple):
            if got[0] == CellStatus.TIMEOUT:
                return CellStatus.TIMEOUT, "Timeout", f"ran longer than {math.ceil(timeout)} s"
            return got
        if got.get("status") == "ok":
            return CellStatus.OK, "", ""
        return CellStatus.ERROR, str(got.get("ename", "Error"))[:200], str(got.get("evalue", ""))[:500]

    def interrupt(self, wait: float = 3.0) -> bool:
        """Interrupt the running cell; True if the kernel answers for it within ``wait`` seconds."""
        if not self.km.is_alive() or self._last is None:
            return False
        try:
            self.km.interrupt_kernel()
        except Exception:  # noqa: BLE001 - an interrupt that cannot be sent means a restart
            return False
        return isinstance(self._reply(self._last, time.monotonic() + wait), dict)

    def end_leftovers(self) -> int:
        """End every process the cells started, from outside the kernel (sandboxed kernels only)."""
        if self.sandbox is None:
            return 0
        return end_leftovers(self.km.provisioner.process.pid)

    def close(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)  # nothing to save: a graded kernel is thrown away
        self.context.destroy(linger=0)


def _role(cell) -> tuple[str, str | None]:
    meta = cell.metadata.get("csto", {})
    return meta.get("role", "setup"), meta.get("grade_id")


class SandboxFailed(Exception):
    """The kernel started, but the sandbox check failed inside it: nothing of the student's ran."""


def _start(kernel_factory, first_cell: str | None) -> Kernel:
    kernel = kernel_factory()
    if first_cell:
        status, ename, evalue = kernel.run(first_cell, SETUP_TIMEOUT)
        if status != CellStatus.OK:
            kernel.close()
            raise SandboxFailed(evalue or status)
    kernel.run(_CAP_OUTPUT, SETUP_TIMEOUT)
    return kernel


def run_notebook(
    nb: nbformat.NotebookNode,
    workdir: str,
    cell_timeout: float = 30,
    notebook_timeout: float = 300,
    kernel_name: str = "python3",
    sandbox=None,
    guard: FolderGuard | None = None,
) -> list[CellResult]:
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
                results += [CellResult(i, *_role(nb.cells[i]), CellStatus.NOT_RUN) for i in range(index, len(nb.cells))]
                break
            limit = max(1, math.ceil(min(SETUP_TIMEOUT if role == "setup" else cell_timeout, left)))
            began = time.monotonic()
            status, ename, evalue = kernel.run(cell.source, limit, guard)
            if status != CellStatus.DISK and guard.over():  # a cell quicker than the guard's look
                status, ename, evalue = CellStatus.DISK, "DiskLimit", guard.over() or ""
            results.append(CellResult(index, role, gid, status, ename, evalue, time.monotonic() - began))
            if status == CellStatus.TIMEOUT and kernel.interrupt():
                kernel.end_leftovers()  # whatever the cell started (a fork bomb) ends too
                continue  # stopped; the kernel and its variables live on
            if status in (CellStatus.TIMEOUT, CellStatus.KERNEL_DIED, CellStatus.DISK):
                kernel.close()
                if status == CellStatus.DISK:
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
