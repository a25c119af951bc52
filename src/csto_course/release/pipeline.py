"""``csto-course release``: generate exercises/ from solutions/.

solutions/NN_topic.ipynb are the single source, in nbgrader's format. The
student version is made by nbgrader's own preprocessors, so it is the same as
``nbgrader generate_assignment`` would give, without its database. The steps
run in this order:

1. ClearSolutions: answer code between BEGIN/END SOLUTION becomes a stub.
2. ClearHiddenTests: hidden tests are removed from the check cells.
3. ClearMarkScheme: mark schemes in written-answer cells are removed.
4. ClearOutput: no outputs or execution counts.
5. TagExpectedFailures (ours): tag answer and check cells ``raises-exception``
   so nbval runs the student version. Must come after ClearSolutions, which
   creates the failing stubs.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from ..files import atomic_write_text
from ..paths import course_root
from .tag_expected_failures import TagExpectedFailures


def steps() -> list:
    from ..extras import require

    preprocessors = require("nbgrader.preprocessors", "instructor", "Releasing or grading exercises (nbgrader's preprocessors)")
    return [
        preprocessors.ClearSolutions(),
        preprocessors.ClearHiddenTests(),
        preprocessors.ClearMarkScheme(),
        preprocessors.ClearOutput(),
        TagExpectedFailures(),
    ]


def student_version(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(json.loads(json.dumps(solution)))  # a deep copy
    resources: dict = {}
    for step in steps():
        nb, resources = step.preprocess(nb, resources)
    for cell in nb.cells:  # the course commits notebooks without execution counts
        if cell.cell_type == "code":
            cell.execution_count = None
    return nb


def render(nb: nbformat.NotebookNode) -> str:
    """The notebook as committed: nbformat's JSON with one final newline."""
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def solution_paths() -> list[Path]:
    return sorted((course_root() / "solutions").glob("*.ipynb"))


def expected_exercises() -> dict[Path, str]:
    """What exercises/ should contain, generated from solutions/ (path -> file text)."""
    out = {}
    for path in solution_paths():
        nb = nbformat.read(path, as_version=4)
        out[course_root() / "exercises" / path.name] = render(student_version(nb))
    return out


def release(write: bool = True) -> list[Path]:
    """Regenerate exercises/; returns the files that changed (or would change)."""
    changed = []
    for path, text in expected_exercises().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            changed.append(path)
            if write:
                atomic_write_text(path, text)
    return changed
