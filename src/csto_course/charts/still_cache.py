"""Stills already drawn, kept on disk, so that running a lesson again draws none.

Drawing the first still in a kernel starts vl-convert's V8 engine, which takes one to
two seconds, and each chart then takes a fraction of a second more. A lesson draws the
same charts every time it runs, and students run lessons again and again ("Restart and
run all"), so each still is kept under the course's cache folder (``paths.cache_dir()``),
named by a hash of everything that decides its pixels: the chart's spec (data included),
the label text, the Vega-Lite version and vl-convert's version. A chart that changes in
any way gets a new name, so a kept still is never out of date.

The cache is a courtesy: a folder that cannot be read or written means no cache, never
an error. It keeps at most ``KEEP`` stills and drops the least recently used beyond that,
so a student who draws thousands of charts of their own does not fill their disk.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from ..files import atomic_write_text
from ..paths import cache_dir

KEEP = 400  # the lessons draw about 150 different charts; room for a student's own, a few MB in all
FORMAT = "1"  # bump when the still's markup changes (as labelled() did), so old stills are not reused


def folder() -> Path:
    return cache_dir() / "stills"


def still_name(spec: dict, *versions: str) -> str:
    """The file name for a still of ``spec`` drawn with these versions (and the label it carries, inside spec)."""
    digest = hashlib.sha256()
    for part in (FORMAT, *versions):
        digest.update(part.encode() + b"\0")
    digest.update(json.dumps(spec, sort_keys=True, separators=(",", ":"), default=str).encode())
    return f"{digest.hexdigest()[:40]}.svg"


def cached(name: str, draw: Callable[[], str | None]) -> str | None:
    """The still kept as ``name``, else ``draw()``'s, kept for next time (None is not kept: drawing failed)."""
    path = folder() / name
    try:
        svg = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        svg = None
    if svg and svg.startswith("<svg") and svg.rstrip().endswith("</svg>"):
        try:
            os.utime(path)  # marks it recently used, for prune()
        except OSError:
            pass
        return svg
    svg = draw()
    if svg:
        try:
            atomic_write_text(path, svg)
            prune(path.parent)
        except OSError:
            pass
    return svg


def prune(where: Path, keep: int = KEEP) -> None:
    """Drop the least recently used stills beyond ``keep`` (checked only when a new still is kept)."""
    try:
        stills = [(p.stat().st_mtime, p) for p in where.glob("*.svg")]
    except OSError:
        return
    if len(stills) <= keep:
        return
    for _, path in sorted(stills)[: len(stills) - keep]:
        try:
            path.unlink()
        except OSError:
            pass
