"""Run a notebook on a fresh kernel: nbclient, with two guards for a busy 2-core machine.

The tests and ``benchmarks/notebook_execution.py`` both run lessons through
``notebook_client``, so a benchmark figure is measured as the tests run.

- IPC sockets (the grader's ``kernel_config``): a TCP port picked for one kernel
  can be taken by a kernel nbval starts on the other worker at the same moment.
- A short wait for the kernel's first ``kernel_info`` reply. nbclient waits for
  it with the cell timeout and, when the reply never comes (seen under load:
  lesson checks taking 124 s instead of 3 s), goes on silently afterwards. The
  reply only fills in ``language_info``, so waiting long for it buys nothing;
  each cell still gets ``cell_timeout``.

Keep ``cell_timeout`` near what a cell needs, not generous: under load a cell's
execute reply has been seen to sit unread until the cell's whole timeout ran
out (the kernel had long reported idle; a lesson check took 122 s instead of
3 s, then passed). Lesson cells take under 2 s, so 30 s is ample headroom and
bounds such a stall.
"""

from __future__ import annotations

from pathlib import Path

from nbclient import NotebookClient

from .grading.execute import kernel_config

HANDSHAKE_TIMEOUT = 10  # seconds for replies that belong to no cell


def notebook_client(nb, *, path: Path, workdir: Path, cell_timeout: int = 30, **kwargs) -> NotebookClient:
    """A NotebookClient that runs ``nb`` with ``path`` as its working folder; sockets go in ``workdir``."""
    kwargs.setdefault("kernel_name", "python3")
    return NotebookClient(
        nb,
        timeout=HANDSHAKE_TIMEOUT,
        timeout_func=lambda cell: cell_timeout,
        resources={"metadata": {"path": str(path)}},
        config=kernel_config(str(workdir)),
        **kwargs,
    )
