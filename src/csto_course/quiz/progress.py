"""Quiz progress saved locally, per lesson and per question.

The record lives in a small JSON file in the user's Jupyter data directory
(``jupyter --data-dir``, then ``csto_course/quiz-progress.json``), never in the
course folder, so it survives a fresh clone and is never committed or graded by
mistake. ``CSTO_COURSE_PROGRESS`` points elsewhere (the tests use it).

For each question it keeps the first and the latest attempt (answer, right or
wrong, time) and the number of attempts. Writes are atomic (a temporary file,
then a rename), so a crash never leaves half a file, and each write reads the
file again under a lock first, so two lessons open at once never undo each
other's answers. "Start this quiz again" moves a lesson's record under
``"earlier"`` (with the time of the reset) instead of deleting it. A file that cannot be read
is set aside under a new name, a fresh record is started, and ``notice`` says
so, for the quiz to tell the student.
"""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from ..files import atomic_write_text

VERSION = 1


def default_path() -> Path:
    override = os.environ.get("CSTO_COURSE_PROGRESS")
    if override:
        return Path(override).expanduser()
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "csto_course" / "quiz-progress.json"


def _jsonable(answer):
    if isinstance(answer, (set, frozenset)):
        return sorted(map(str, answer))
    if isinstance(answer, tuple):
        return list(answer)
    if isinstance(answer, (str, int, float, bool, list, dict)) or answer is None:
        return answer
    return repr(answer)


class ProgressStore:
    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else default_path()
        self.notice = ""
        self.data = self._read()

    # --- reading ---------------------------------------------------------------
    def _read(self) -> dict:
        if not self.path.exists():
            return {"version": VERSION, "lessons": {}}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict):
                raise ValueError("not a progress record")
            for lesson in data["lessons"].values():
                if not isinstance(lesson, dict) or not isinstance(lesson.get("questions"), dict):
                    raise ValueError("not a progress record")
            return data
        except (OSError, ValueError, UnicodeDecodeError):
            return self._set_aside()

    def _set_aside(self) -> dict:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{self.path.suffix}")
        try:
            os.replace(self.path, aside)
            where = f"It was kept as {aside.name} next to it."
        except OSError:
            where = "It could not be moved aside."
        self.notice = (
            f"Your saved quiz progress ({self.path}) could not be read, so a fresh record was started. {where} "
            "Your answers from now on are saved as usual."
        )
        return {"version": VERSION, "lessons": {}}

    def questions(self, lesson: str) -> dict:
        return self.data["lessons"].get(lesson, {}).get("questions", {})

    # --- writing ---------------------------------------------------------------
    def record(self, lesson: str, question_id: str, answer, correct: bool, at: str | None = None) -> None:
        at = at or datetime.now(timezone.utc).isoformat(timespec="seconds")
        attempt = {"answer": _jsonable(answer), "correct": bool(correct), "at": at}
        with self._fresh():
            entry = self.data["lessons"].setdefault(lesson, {"questions": {}})["questions"].setdefault(question_id, {})
            entry.setdefault("first", attempt)
            entry["latest"] = attempt
            entry["attempts"] = int(entry.get("attempts", 0)) + 1
            self.save()

    def rename(self, lesson: str, renames: dict[str, str]) -> None:
        """Move answers saved under a question's former id to its new id (a question renamed in its bank)."""
        if not any(old in self.questions(lesson) for old in renames):
            return
        with self._fresh():
            questions = self.data["lessons"].get(lesson, {}).get("questions", {})
            for old, new in renames.items():
                if old in questions:
                    entry = questions.pop(old)
                    questions.setdefault(new, entry)  # an answer already saved under the new id wins
            self.save()

    def reset(self, lesson: str) -> None:
        """Clear a lesson's answers; the old record moves to ``earlier`` with the time."""
        with self._fresh():
            old = self.data["lessons"].pop(lesson, None)
            if old and old.get("questions"):
                stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
                earlier = self.data.setdefault("earlier", [])
                if isinstance(earlier, list):
                    earlier.append({"lesson": lesson, "reset_at": stamp, **old})
            self.save()

    @contextmanager
    def _fresh(self):
        """Hold the lock and work on what the file holds now (another lesson may have written since)."""
        lock = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = open(self.path.with_name(self.path.name + ".lock"), "a")
            fcntl.flock(lock, fcntl.LOCK_EX)
        except OSError:
            lock = None  # a read-only home: work on what is in memory
        try:
            if lock is not None and self.path.exists():
                before, self.notice = self.notice, ""
                fresh = self._read()
                if self.notice:  # the file was unreadable and set aside: what this lesson holds is the best copy
                    fresh = self.data
                self.data, self.notice = fresh, self.notice or before
            yield
        finally:
            if lock is not None:
                lock.close()

    def save(self) -> None:
        self.data["version"] = VERSION
        try:
            atomic_write_text(self.path, json.dumps(self.data, indent=1))
        except OSError as exc:  # a read-only home must not break the quiz
            self.notice = f"Your quiz progress could not be saved ({exc.strerror}); the quiz still works."
