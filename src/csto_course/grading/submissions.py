"""Finding the submitted notebooks in a folder.

Two layouts are accepted (and may be mixed): ``<student>.ipynb`` directly in the
folder (learning-management exports), or ``<student>/<any path>/<name>.ipynb``
(nbgrader's ``submitted/<student>/<assignment>/`` tree). Checkpoint folders are
ignored. A student with several notebooks gets the one whose name matches the
exercise, else the most recently modified.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Submission:
    student: str
    path: Path


def find_submissions(folder: Path, exercise_slug: str) -> list[Submission]:
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of submissions.")
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.rglob("*.ipynb")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):  # .ipynb_checkpoints, hidden files
            continue
        student = rel.parts[0] if len(rel.parts) > 1 else path.stem
        found.setdefault(student, []).append(path)
    out = []
    for student, paths in sorted(found.items()):
        named = [p for p in paths if p.stem == exercise_slug or p.stem.startswith(exercise_slug.split("_")[0])]
        pool = named or paths
        out.append(Submission(student, max(pool, key=lambda p: p.stat().st_mtime)))
    return out
