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

- Waits in short slices. A cell's execute reply has been seen to sit unread
  until the cell's whole timeout ran out, then the cell passed (lesson 00b took
  63 s instead of 3 s, about one run in twenty). Timed from the reply itself:
  the kernel started the cell at once, ran it in 0.06 s and replied, and the
  reply reached nbclient 59.94 s later. The client's asyncio wait on the ZeroMQ
  socket missed the socket's (edge-triggered) wake-up and only saw the message
  when its timeout ran out and it polled once more. Each wait for a message is
  therefore cut into slices of ``WAKE_EVERY`` seconds, each ending in that
  final poll: a missed wake-up costs half a second, not the cell's timeout.
"""

from __future__ import annotations

import time
from pathlib import Path
from queue import Empty

from nbclient import NotebookClient

from .grading.execute import kernel_config

HANDSHAKE_TIMEOUT = 10  # seconds for replies that belong to no cell
WAKE_EVERY = 0.5  # seconds: the longest a wait for a kernel message sleeps before it looks again


def sliced(get_msg, wake_every: float = WAKE_EVERY):
    """``get_msg(timeout)`` of a kernel client's channel, waiting at most ``wake_every`` seconds at a time.

    Raises ``queue.Empty`` only when the whole ``timeout`` has passed, as the channel itself does;
    ``timeout=None`` waits for as long as it takes, as the channel does."""

    async def get_msg_in_slices(timeout: float | None = None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = wake_every if deadline is None else min(wake_every, deadline - time.monotonic())
            try:
                return await get_msg(timeout=max(left, 0.001))  # 0 would mean "no timeout" to some clients
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    return get_msg_in_slices


class SlicedWaitsClient(NotebookClient):
    """nbclient's client, with every wait for a kernel message cut into slices (see the module's docstring)."""

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        for channel in (kc.shell_channel, kc.iopub_channel):
            channel.get_msg = sliced(channel.get_msg)
        return kc


def notebook_client(nb, *, path: Path, workdir: Path, cell_timeout: int = 30, **kwargs) -> NotebookClient:
    """A NotebookClient that runs ``nb`` with ``path`` as its working folder; sockets go in ``workdir``."""
    kwargs.setdefault("kernel_name", "python3")
    return SlicedWaitsClient(
        nb,
        timeout=HANDSHAKE_TIMEOUT,
        timeout_func=lambda cell: cell_timeout,
        resources={"metadata": {"path": str(path)}},
        config=kernel_config(str(workdir)),
        **kwargs,
    )
