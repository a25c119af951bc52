"""A student's working copy of the lessons, outside the course's own folder.

``csto-course open`` runs JupyterLab on this copy (by default ``~/csto-course-work``),
so running a lesson never writes outputs into the course's tracked files and
``git pull`` (or a new version of the package) never conflicts with a
student's work. What was copied is remembered in ``.csto-course-copies.json``
(the hash of the course's version and of the copy as made):

- a lesson not yet in the working copy is copied;
- a lesson the course has changed since, whose copy the student has not
  touched, is replaced by the new version;
- a lesson the course has changed since, whose copy the student has worked
  in, is kept as it is; the new version is put beside it as
  ``NN_slug.new-YYYY-MM-DD.ipynb`` and the report says so.

Nothing a student wrote is ever overwritten or deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .files import atomic_write_text
from .lessons import LESSONS
from .paths import lessons_dir

MANIFEST = ".csto-course-copies.json"


def default_workdir() -> Path:
    override = os.environ.get("CSTO_COURSE_WORKDIR")
    return Path(override).expanduser() if override else Path.home() / "csto-course-work"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class WorkspaceReport:
    folder: Path
    copied: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept_beside: list[tuple[str, str]] = field(default_factory=list)  # (the student's file, the new version's file)
    notice: str = ""

    def lines(self) -> list[str]:
        out = []
        if self.copied:
            out.append(f"Copied {len(self.copied)} lesson(s) into {self.folder}.")
        if self.updated:
            out.append(f"Updated to the course's new version (you had not changed them): {', '.join(self.updated)}.")
        for mine, new in self.kept_beside:
            out.append(f"The course changed {mine}, which you have worked in: your copy is kept; the new version is {new}.")
        if self.notice:
            out.append(self.notice)
        return out


def _read_manifest(folder: Path) -> tuple[dict, str]:
    path = folder / MANIFEST
    if not path.exists():
        return {}, ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()):
            return data, ""
    except (OSError, ValueError):
        pass
    return {}, (f"{MANIFEST} in {folder} could not be read; lessons already there are kept as they are and treated as your own work.")


def prepare(folder: Path | None = None) -> WorkspaceReport:
    """Bring the working copy up to date with the course's lessons, never losing a student's work."""
    folder = Path(folder) if folder else default_workdir()
    folder.mkdir(parents=True, exist_ok=True)
    manifest, notice = _read_manifest(folder)
    report = WorkspaceReport(folder, notice=notice)
    for lesson in LESSONS:
        source = lessons_dir() / lesson.filename
        copy = folder / lesson.filename
        course_now = _digest(source)
        known = manifest.get(lesson.filename, {})
        if not copy.exists():
            shutil.copyfile(source, copy)
            report.copied.append(lesson.filename)
        elif known.get("course") == course_now:
            continue  # the course has not changed this lesson
        elif _digest(copy) == course_now:
            pass  # the copy already is the course's version
        elif known and known.get("copy") == _digest(copy):
            shutil.copyfile(source, copy)  # untouched by the student: take the new version
            report.updated.append(lesson.filename)
        else:
            beside = copy.with_name(f"{lesson.slug}.new-{date.today().isoformat()}.ipynb")
            if not beside.exists():
                shutil.copyfile(source, beside)
                report.kept_beside.append((lesson.filename, beside.name))
            # Remembered, so that it is said once, not at every start; the copy still counts as the student's.
            manifest[lesson.filename] = {"course": course_now, "copy": known.get("copy", "")}
            continue
        manifest[lesson.filename] = {"course": course_now, "copy": _digest(copy)}
    atomic_write_text(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    return report
