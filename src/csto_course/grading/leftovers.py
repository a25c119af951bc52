"""End, from outside, every process a sandboxed kernel's cells started.

A cell that ran too long and was interrupted may have left processes behind (a
fork bomb, a daemon). They must not eat the CPU while later cells are graded.
The grader cannot ask the student's kernel to end them (the student's code may
have replaced ``os.kill``), so it does it itself: the sandbox has a process
namespace of its own, in which bubblewrap's init is pid 1 and the kernel pid 2
(bwrap starts ``confine.py``, which becomes the kernel). Every other process in
that namespace is a leftover.

Each process is opened as a pidfd and checked again before the signal, so a
process id reused by an unrelated process in between is never signalled.
"""

from __future__ import annotations

import os
import signal
import time

KEEP = {1, 2}  # the namespace's init (bwrap) and the kernel


def _namespace(pid: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/ns/pid")
    except OSError:
        return None


def _inner_pid(pid: int) -> int | None:
    """The process's id in its innermost pid namespace (the last NSpid field); None once it has ended.

    An ended process not yet reaped (a zombie) counts as ended: it runs nothing.
    """
    inner = None
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("State:") and line.split()[1] in ("Z", "X"):
                    return None
                if line.startswith("NSpid:"):
                    inner = int(line.split()[-1])
    except (OSError, ValueError):
        return None
    return inner


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def sandbox_namespace(bwrap_pid: int) -> str | None:
    """The pid namespace of the sandbox that the bwrap process ``bwrap_pid`` made (its child's)."""
    own = _namespace(bwrap_pid)
    for child in _children(bwrap_pid):
        namespace = _namespace(child)
        if namespace is not None and namespace != own:
            return namespace
    return None


def leftovers(namespace: str) -> list[int]:
    """Host pids of the processes in ``namespace`` other than its init and the kernel."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _namespace(int(entry)) == namespace and _inner_pid(int(entry)) not in KEEP | {None}:
            found.append(int(entry))
    return found


def _kill(pid: int, namespace: str) -> None:
    try:
        fd = os.pidfd_open(pid)
    except OSError:
        return  # gone already
    try:
        if _namespace(pid) == namespace and _inner_pid(pid) not in KEEP | {None}:  # still the same process
            signal.pidfd_send_signal(fd, signal.SIGKILL)
    except OSError:
        pass
    finally:
        os.close(fd)


def end_leftovers(bwrap_pid: int, patience: float = 5.0) -> int:
    """Kill every leftover in the sandbox of ``bwrap_pid`` until none is left; return how many were killed.

    A fork bomb forks while it is being ended, so this looks again until a look
    finds nothing (or ``patience`` seconds have passed: whatever is left then
    ends with the kernel's sandbox).
    """
    namespace = sandbox_namespace(bwrap_pid)
    if namespace is None:
        return 0
    killed: set[int] = set()
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        found = leftovers(namespace)
        if not found:
            break
        for pid in found:
            _kill(pid, namespace)
        killed.update(found)
        time.sleep(0.05)
    return len(killed)
