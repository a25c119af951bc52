"""The notebook runner's waits for kernel messages: a missed wake-up costs half a second, not a cell's timeout."""

from __future__ import annotations

import asyncio
import time
from queue import Empty

import pytest

from csto_course.notebook_runner import sliced


def run(coroutine):
    """The coroutine's result, from an event loop in a thread of its own: a browser test earlier in this worker
    (Playwright's sync API) may have left an event loop running in the main thread, where asyncio.run refuses."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class MissedWakeUp:
    """A channel whose wait misses the socket's wake-up: a message that arrives while it waits is seen only
    when that wait's timeout runs out (what nbclient's ZeroMQ wait was seen to do)."""

    def __init__(self, arrives_after: float | None):
        self.arrives_at = None if arrives_after is None else time.monotonic() + arrives_after
        self.waits: list[float | None] = []

    async def get_msg(self, timeout=None):
        self.waits.append(timeout)
        if self.arrives_at is not None and time.monotonic() >= self.arrives_at:
            return {"msg_type": "execute_reply"}
        await asyncio.sleep(3600 if timeout is None else timeout)
        if self.arrives_at is not None and time.monotonic() >= self.arrives_at:
            return {"msg_type": "execute_reply"}
        raise Empty


def test_a_reply_whose_wake_up_was_missed_is_read_within_a_slice_not_at_the_timeout():
    channel = MissedWakeUp(arrives_after=0.1)
    started = time.monotonic()
    reply = run(sliced(channel.get_msg, wake_every=0.2)(timeout=60))
    assert reply == {"msg_type": "execute_reply"}
    assert time.monotonic() - started < 10, "read at the end of a slice, not after the 60 s timeout"
    assert all(0 < wait <= 0.2 for wait in channel.waits)


def test_no_message_is_still_a_timeout_after_the_whole_timeout():
    channel = MissedWakeUp(arrives_after=None)
    started = time.monotonic()
    with pytest.raises(Empty):
        run(sliced(channel.get_msg, wake_every=0.2)(timeout=0.7))
    assert time.monotonic() - started >= 0.7
    assert len(channel.waits) >= 4 and all(wait > 0 for wait in channel.waits), "never a zero, which means 'forever'"


def test_waiting_without_a_timeout_waits_in_slices_until_a_message_comes():
    channel = MissedWakeUp(arrives_after=0.3)
    reply = run(sliced(channel.get_msg, wake_every=0.1)(timeout=None))
    assert reply == {"msg_type": "execute_reply"} and None not in channel.waits


def test_the_runner_waits_in_slices_on_both_channels_of_a_real_kernel(tmp_path):
    import nbformat

    from csto_course.notebook_runner import notebook_client

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    client = notebook_client(nb, path=tmp_path, workdir=tmp_path, cell_timeout=60)
    seen = {}
    client.on_cell_executed = lambda **_: seen.update(
        shell=client.kc.shell_channel.get_msg.__name__, iopub=client.kc.iopub_channel.get_msg.__name__
    )
    client.execute()
    assert seen == {"shell": "get_msg_in_slices", "iopub": "get_msg_in_slices"}
    assert nb.cells[0].outputs[0]["text"] == "42\n"
