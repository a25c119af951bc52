"""Writing a file so that nobody ever reads half of it.

Every file the course writes for a user (the gradebook, feedback, quiz
progress, progress exports, the working copy's record, the class report, the
LMS exports, the released exercises) goes through ``atomic_write_text`` or
``atomic_write_bytes``: the text goes to a temporary file in the same folder,
is flushed to disk, and is renamed over the old file in one step. A crash, a
full disk or Ctrl-C leaves the old file as it was, and no temporary file stays
behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, line endings as given) in one step. Raises OSError."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` (a zip, say) in one step. Raises OSError."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
