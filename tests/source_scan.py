"""Find a pattern in the package's own source: the one helper behind the "one place for each idea" tests (#19)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path


def matches(folder: Path, pattern: str, *, recursive: bool = False, skip: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, int]]:
    """``(file, line number)`` once per match of ``pattern`` in the Python files of ``folder``.

    File names are relative to ``folder`` (``grading/batch.py`` when ``recursive``); files named in ``skip``
    (the one module allowed to do the thing) are not read.
    """
    regex = re.compile(pattern)
    paths = folder.rglob("*.py") if recursive else folder.glob("*.py")
    found = []
    for path in sorted(paths):
        name = path.relative_to(folder).as_posix()
        if name in skip:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [(name, number)] * len(regex.findall(line))
    return found


def lines(folder: Path, pattern: str, **options) -> list[str]:
    """``file:line`` for each line of ``folder``'s Python files that matches ``pattern`` (see ``matches``)."""
    return [f"{name}:{number}" for name, number in dict.fromkeys(matches(folder, pattern, **options))]


def per_file(folder: Path, pattern: str, **options) -> Counter:
    """How many times ``pattern`` occurs in each of ``folder``'s Python files (see ``matches``)."""
    return Counter(name for name, _ in matches(folder, pattern, **options))
