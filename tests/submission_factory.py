"""Real submission files for every failure mode, made from the exercise and its solution.

Each function writes one ``<student>.ipynb`` (or a broken file) the way a student
or an LMS export would produce it.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import nbformat

from csto_course.release import student_version

REPO = Path(__file__).resolve().parents[1]


def solution(slug: str = "01_origins") -> nbformat.NotebookNode:
    return nbformat.read(REPO / "solutions" / f"{slug}.ipynb", as_version=4)


def exercise(slug: str = "01_origins") -> nbformat.NotebookNode:
    return student_version(solution(slug))


def perfect(slug="01_origins") -> nbformat.NotebookNode:
    """The student's answers are the model answers (their test cells are the released ones)."""
    ex, sol = exercise(slug), solution(slug)
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in sol.cells if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in ex.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid].replace("### BEGIN SOLUTION\n", "").replace("\n### END SOLUTION", "")
    return ex


def _cell(nb, gid):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid)


def with_answer(gid: str, source: str, base=None) -> nbformat.NotebookNode:
    nb = copy.deepcopy(base or perfect())
    _cell(nb, gid).source = source
    return nb


def write(folder: Path, student: str, nb) -> Path:
    path = folder / f"{student}.ipynb"
    nbformat.write(nb, path)
    return path


def make_class(folder: Path) -> dict[str, Path]:
    """A class of submissions, one per failure mode."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    out["perfect"] = write(folder, "perfect", perfect())
    out["untouched"] = write(folder, "untouched", exercise())
    out["syntax"] = write(folder, "syntax", with_answer("task1-answer", "early = events[events['date'] <= '2004-12-31'"))
    out["exception"] = write(folder, "exception", with_answer("task2-answer", "days_to_force = 1 / 0"))
    out["wrong"] = write(folder, "wrong", with_answer("task2-answer", "days_to_force = 700"))
    out["loop"] = write(folder, "loop", with_answer("task1-answer", "while True:\n    pass"))
    out["sysexit"] = write(folder, "sysexit", with_answer("task2-answer", "import sys\nsys.exit(1)"))
    out["osexit"] = write(folder, "osexit", with_answer("task2-answer", "import os\nos._exit(1)"))
    out["spam"] = write(
        folder, "spam", with_answer("task1-answer", "for i in range(10**7):\n    print('spam', i)\n" + perfect().cells[3].source)
    )
    # Rich output is not capped by the print cap: an endless stream of it must still time out.
    out["flood"] = write(
        folder, "flood", with_answer("task1-answer", "from IPython.display import display\nwhile True:\n    display('flood')")
    )

    deleted = perfect()
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in ("task3-answer", "task3-tests")]
    out["deleted"] = write(folder, "deleted", deleted)

    dup = perfect()
    idx = dup.cells.index(_cell(dup, "task4-answer"))
    first = copy.deepcopy(dup.cells[idx])
    first.source = "# YOUR CODE HERE\nraise NotImplementedError()"
    first.id = "duplicate-stub"
    dup.cells.insert(idx, first)  # the stub copy above, the edited copy below
    out["duplicated"] = write(folder, "duplicated", dup)

    reordered = perfect()
    reordered.cells = list(reversed(reordered.cells))
    out["reordered"] = write(folder, "reordered", reordered)

    md = perfect()
    cell = _cell(md, "task4-answer")
    md.cells[md.cells.index(cell)] = nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata)
    out["markdown"] = write(folder, "markdown", md)

    bare = perfect()
    for c in bare.cells:
        c.metadata = {}
    out["nometadata"] = write(folder, "nometadata", bare)

    (folder / "notanotebook.ipynb").write_bytes(b"%PDF-1.4 \xff\xfe binary")
    out["notanotebook"] = folder / "notanotebook.ipynb"
    text = json.dumps(nbformat.from_dict(perfect()))
    (folder / "truncated.ipynb").write_text(text[: len(text) // 2], encoding="utf-8")
    out["truncated"] = folder / "truncated.ipynb"

    nested = folder / "nested" / "01_origins"
    nested.mkdir(parents=True)
    nbformat.write(perfect(), nested / "01_origins.ipynb")  # nbgrader's submitted/<student>/<assignment>/ shape
    out["nested"] = nested / "01_origins.ipynb"
    return out


def processes_with(text: str) -> list[str]:
    """Processes other than this one whose command line contains ``text`` (for "nothing outlives the run")."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline:
            found.append(f"{entry}: {cmdline[:200]}")
    return found
