"""Execution cost of the course notebooks, against the floor of a bare kernel.

Executes every lesson and solution on a fresh kernel (as nbval and students do)
and, for each, a "floor" notebook: a fresh kernel that only imports the same
libraries. Each notebook runs twice, as a student's does: first with an empty
course cache (no table validated yet, no chart still drawn: a student's very
first run), then again with what the first run kept (every later run; see
charts/still_cache.py and data/checks.py). Prints the time per notebook, the
totals, and the ratio of each total to the floor (target: at most 1.5 for the
runs again; the first run is reported beside it). Machines are noisy: read the ratios.

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
    os.environ["CSTO_COURSE_CACHE"] = tempfile.mkdtemp(prefix="csto-bench-cache-")  # empty: the first run is a first run
    notebooks = sorted((ROOT / "lessons").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb"))
    floor_nb = lambda: nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_IMPORTS)])  # noqa: E731
    rows = []
    for path in notebooks:
        first = run(nbformat.read(path, as_version=4), path.parent)
        again = run(nbformat.read(path, as_version=4), path.parent)
        base = run(floor_nb(), path.parent)
        rows.append((path.relative_to(ROOT), first, again, base))
    first, again, floor = (sum(row[i] for row in rows) for i in (1, 2, 3))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, load average {os.getloadavg()[0]:.1f}")
    print(f"{'notebook':<40} {'first':>8} {'again':>8} {'floor':>8} {'ratio 1st':>9} {'ratio':>6}")
    for name, one, two, base in rows:
        print(f"{str(name):<40} {one:8.2f} {two:8.2f} {base:8.2f} {one / base:9.2f} {two / base:6.2f}")
    print(f"{'total':<40} {first:8.2f} {again:8.2f} {floor:8.2f} {first / floor:9.2f} {again / floor:6.2f}")
    print(f"ratio of total to floor: {again / floor:.2f} when run again (target <= 1.5); {first / floor:.2f} on the first run")


if __name__ == "__main__":
    main()
