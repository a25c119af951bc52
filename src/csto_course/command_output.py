"""What a command has to say: whether it did its job, what to print, and what to warn about.

Library functions return a CommandOutput instead of exit codes or printing; the command line
(cli.py) prints ``out`` to stdout and ``err`` to stderr, and exits with ``exit_code``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommandOutput:
    ok: bool
    out: str = ""
    err: str = ""

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1
