"""The first code that runs inside the sandbox: limits, a user of its own, then the kernel.

``python -m csto_course.grading.confine LIMITS.json -- COMMAND...`` sets the
resource limits and a lower CPU priority, drops to the sandbox's own user when started as root (so the
process limit counts only this submission's processes, and no capability is
left), forbids gaining privileges again, and replaces itself with COMMAND.
It imports nothing heavy, so it costs a few milliseconds.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import sys

LIMIT_NAMES = {
    "memory_bytes": resource.RLIMIT_AS,
    "cpu_seconds": resource.RLIMIT_CPU,
    "processes": resource.RLIMIT_NPROC,
    "file_bytes": resource.RLIMIT_FSIZE,
    "open_files": resource.RLIMIT_NOFILE,
}
PR_SET_NO_NEW_PRIVS = 38


def apply(settings: dict) -> None:
    for name, which in LIMIT_NAMES.items():
        value = settings.get(name)
        if value:
            resource.setrlimit(which, (int(value), int(value)))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    priority = settings.get("priority")
    if priority:  # a niceness: only ever raised here (lower priority), never lowered below what the grader has
        os.setpriority(os.PRIO_PROCESS, 0, max(int(priority), os.getpriority(os.PRIO_PROCESS, 0)))
    uid = settings.get("uid")
    if uid is not None and os.geteuid() == 0:
        os.setgroups([])
        os.setgid(int(uid))
        os.setuid(int(uid))  # from root to another user: every capability goes
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        sys.stderr.write("usage: python -m csto_course.grading.confine LIMITS_JSON -- COMMAND...\n")
        return 2
    apply(json.loads(argv[0]))
    os.execv(argv[2], argv[2:])
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
