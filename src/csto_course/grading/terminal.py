"""What the instructor's terminal shows: the grader's own progress and summary, never student output.

Student code never writes here (kernels and checkers write to nowhere); names
that came from file names are stripped of control characters, so a crafted
file name cannot move the cursor or recolour the terminal.
"""

from __future__ import annotations

import re
import sys
import time

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain(text, limit: int = 60) -> str:
    text = _CONTROL.sub("?", str(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Progress:
    """A one-line progress bar on stderr (a plain line per step when not a terminal)."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.stream, self.start = total, 0, stream, time.monotonic()
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        line = f"grading [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {plain(label)}"
        self.stream.write(("\r" + line.ljust(100)) if self.tty else line + "\n")
        if self.tty and self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()

    def end_line(self) -> None:
        if self.tty and 0 < self.done < self.total:
            self.stream.write("\n")


def summary(stream, warnings: list[str], limit: int = 20) -> None:
    """The warnings the instructor must read, once, after the progress bar."""
    if not warnings:
        return
    stream.write(f"{len(warnings)} thing(s) to check by hand:\n")
    for w in warnings[:limit]:
        stream.write(f"  - {plain(w, 200)}\n")
    if len(warnings) > limit:
        stream.write(f"  ... and {len(warnings) - limit} more (see the feedback files).\n")
    stream.flush()
