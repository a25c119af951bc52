"""Execution cost of the course notebooks, against the floor of a bare kernel.

Executes every lesson and solution on a fresh kernel (as nbval and students do)
and, for each, a "floor" notebook: a fresh kernel that only imports the same
libraries. Prints the time per notebook, the totals, and the ratio of the total
to the floor (target: at most 1.5). Machines are noisy: read the ratio.

    python benchmarks/notebook_execution.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from csto_course.notebook_runner import notebook_client

ROOT = Path(__file__).resolve().parents[1]
FLOOR_IMPORTS = "import csto_course.data, csto_course.charts, csto_course.quiz, altair, ipywidgets, pandas"


def run(nb, path: Path) -> float:
    """Seconds to run ``nb`` on a fresh kernel, with the same stall-proof client the tests use."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="csto-bench-") as sockets:
        notebook_client(nb, path=path, workdir=Path(sockets), cell_timeout=60).execute()
    return time.perf_counter() - start


def main() -> None:
    os.environ.setdefault("CSTO_COURSE_PROGRESS", str(Path(tempfile.mkdtemp()) / "progress.json"))
    notebooks = sorted((ROOT / "lessons").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb"))
    floor_nb = lambda: nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_IMPORTS)])  # noqa: E731
    rows, total, floor = [], 0.0, 0.0
    for path in notebooks:
        seconds = run(nbformat.read(path, as_version=4), path.parent)
        base = run(floor_nb(), path.parent)
        rows.append((path.relative_to(ROOT), seconds, base))
        total += seconds
        floor += base
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus")
    print(f"{'notebook':<32} {'seconds':>8} {'floor':>8} {'ratio':>6}")
    for name, seconds, base in rows:
        print(f"{str(name):<32} {seconds:8.2f} {base:8.2f} {seconds / base:6.2f}")
    print(f"{'total':<32} {total:8.2f} {floor:8.2f} {total / floor:6.2f}")
    print(f"ratio of total to floor: {total / floor:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
