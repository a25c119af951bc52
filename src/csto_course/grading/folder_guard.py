"""A cap on what one submission may write in its folder, in bytes and in files.

The sandbox limits each file's size (RLIMIT_FSIZE), but not the total: many
large files, or very many small ones, would fill the disk (or its inodes)
that the grader and every later submission need. While a cell runs, the
grader looks at the folder about once a second; past the cap the cell is
stopped like one that runs too long, and what the student wrote is removed
(the submission's copy and the answers already handed over stay).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

KEEP = ("submission.ipynb", "answers")


@dataclass
class FolderGuard:
    folder: str
    max_bytes: int = 512 * 1024**2
    max_files: int = 10_000

    def over(self) -> str | None:
        """Why the folder is over its cap, or None. Stops counting as soon as it is over."""
        used, files, pending = 0, 0, [self.folder]
        while pending:
            try:
                entries = os.scandir(pending.pop())
            except OSError:
                continue
            with entries:
                for entry in entries:
                    files += 1
                    if files > self.max_files:
                        return f"it made more than {self.max_files:,} files"
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            pending.append(entry.path)
                        else:
                            used += entry.stat(follow_symlinks=False).st_blocks * 512
                    except OSError:
                        continue
                    if used > self.max_bytes:
                        return f"it wrote more than {self.max_bytes // 1024**2} MB to disk"
        return None

    def clear(self) -> None:
        """Remove what the student wrote, keeping the submission's copy and the answers."""
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            if entry.name in KEEP and not entry.is_symlink():
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.remove(entry.path)
            except OSError:
                continue
