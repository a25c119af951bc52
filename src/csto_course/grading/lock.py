"""One grading run at a time per --out folder: a lock file that the operating system releases.

The lock is an ``flock`` on ``OUT/.grading.lock``: it is released when the run
ends in any way (even killed), so a stale lock never blocks the next run. The
file says who holds it, for the message a second run prints.
"""

from __future__ import annotations

import fcntl
import os
import socket
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from .errors import GradingLocked

NAME = ".grading.lock"


@contextmanager
def out_folder_lock(out_dir: Path):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / NAME
    fh = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another run"
            raise GradingLocked(
                f"Another grading run is writing to {out_dir} ({holder}). Wait for it to finish, or give this run a different --out folder."
            ) from None
        fh.seek(0)
        fh.truncate()
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        fh.write(f"process {os.getpid()} on {socket.gethostname()}, started {started}\n")
        fh.flush()
        yield
    finally:
        fh.close()  # closing releases the lock
