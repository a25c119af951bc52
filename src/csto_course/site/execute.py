"""Run each lesson on a fresh kernel at build time, so the site shows real outputs.

Lessons run in parallel, one kernel each, over IPC sockets (no TCP port to race
for), with the student's progress file pointed at a scratch copy: building the
site never touches a learner's own progress. A lesson that fails to run is a
build error naming the lesson and the cell, not a page with a traceback.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

CELL_TIMEOUT = 120  # seconds; lesson cells take under 2 s here


@dataclass
class LessonRun:
    slug: str
    ok: bool
    message: str = ""
    seconds: float = 0.0


class LessonFailed(Exception):
    """A lesson raised an error or timed out while the site was being built."""


def execute_lesson(source: Path, target: Path) -> LessonRun:
    """Execute the notebook at ``source`` (its folder as working folder); write it with outputs to ``target``."""
    import time

    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    from ..notebook_runner import notebook_client

    start = time.perf_counter()
    nb = nbformat.read(source, as_version=4)
    with tempfile.TemporaryDirectory(prefix="csto-site-kernel-") as scratch:
        os.environ["CSTO_COURSE_PROGRESS"] = os.path.join(scratch, "progress.json")
        client = notebook_client(nb, path=source.parent, workdir=Path(scratch), cell_timeout=CELL_TIMEOUT)
        try:
            client.execute()
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
            first_line = str(exc).strip().splitlines()[-1:] or ["no message"]
            return LessonRun(source.stem, False, first_line[0][:300], time.perf_counter() - start)
    nbformat.write(nb, target)
    return LessonRun(source.stem, True, "", time.perf_counter() - start)


def execute_all(sources: list[Path], target_dir: Path, jobs: int = 2) -> list[LessonRun]:
    target_dir.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(execute_lesson, s, target_dir / s.name) for s in sources]
        return [f.result() for f in futures]
