"""Citations a student can read and follow, written into the committed lessons.

Authors cite as ``[@source-id]``. JupyterLab would show that raw, so
``csto-course cite`` rewrites every lesson in place (the steps, in order):

1. each written citation becomes author–year links, ``([TASS 2022a](#src-tass-2022-01-06))``;
2. citations rendered earlier get today's labels (a new source can turn "TASS 2022"
   into "TASS 2022a");
3. the lesson's "Sources" cell (tagged ``sources-list``) is regenerated: every source
   cited in the text, sorted by label, each with the anchor its links point to.

It is idempotent; ``csto-course cite --check`` (and the tests) fail while a lesson
is out of date, so a lesson never ships with raw citations or a stale list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..data.citation_labels import LINKED_ID, RENDERED, WRITTEN, citation_labels, render_citation, written_ids
from ..data.citations import cited_ids, reference_entry
from ..data.loader import load
from ..files import atomic_write_text
from ..lessons import LESSONS
from ..paths import lessons_dir

SOURCES_TAG = "sources-list"
SOURCES_INTRO = (
    "Every source cited in this lesson's text, by the short name used in the citations; each citation "
    "links to its entry here. (The list is generated from `data/sources.csv`.)"
)


@dataclass(frozen=True)
class CitationProblem:
    """A citation that cannot be rendered: which lesson, which cell, what is wrong."""

    lesson: str
    cell: int
    message: str

    def __str__(self) -> str:
        return f"lessons/{self.lesson}.ipynb, cell {self.cell}: {self.message}"


class CitationError(ValueError):
    def __init__(self, problems: list[CitationProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def render_text(text: str, labels: dict[str, str]) -> str:
    """Written and rendered citations in ``text`` -> rendered with the current labels.

    Raises KeyError naming the first unknown source id.
    """

    def again(match) -> str:
        return render_citation(LINKED_ID.findall(match.group(0)), labels)

    def first_time(match) -> str:
        return render_citation(written_ids(match.group(1)), labels)

    return WRITTEN.sub(first_time, RENDERED.sub(again, text))


def sources_cell_text(ids: list[str], sources: pd.DataFrame, labels: dict[str, str]) -> str:
    by_id = sources.set_index("source_id", drop=False)
    entries = sorted(ids, key=lambda i: (labels[i].casefold(), i))
    lines = [reference_entry(by_id.loc[i], labels[i], with_anchor=True) for i in entries]
    return "\n".join(["## Sources", "", SOURCES_INTRO, "", *lines])


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _set_source(cell: dict, text: str) -> None:
    cell["source"] = text.splitlines(keepends=True)


def render_notebook(nb: dict, slug: str, sources: pd.DataFrame) -> dict:
    """A copy of the lesson ``nb`` with its citations rendered and its Sources cell regenerated."""
    nb = json.loads(json.dumps(nb))
    labels = citation_labels(sources)
    problems: list[CitationProblem] = []
    list_cells = [i for i, c in enumerate(nb["cells"]) if SOURCES_TAG in c.get("metadata", {}).get("tags", [])]
    if len(list_cells) != 1:
        problems.append(
            CitationProblem(slug, len(nb["cells"]), f"needs exactly one markdown cell tagged {SOURCES_TAG!r}, found {len(list_cells)}")
        )
    cited: list[str] = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown" or i in list_cells:
            continue
        text = _source(cell)
        unknown = [c for c in cited_ids(text) if c not in labels]
        if unknown:
            problems.append(CitationProblem(slug, i, f"cites {', '.join(unknown)}, not in data/sources.csv"))
            continue
        rendered = render_text(text, labels)
        if rendered != text:
            _set_source(cell, rendered)
        cited += [c for c in cited_ids(rendered) if c not in cited]
    if problems:
        raise CitationError(problems)
    _set_source(nb["cells"][list_cells[0]], sources_cell_text(cited, sources, labels))
    return nb


def render_lessons(write: bool = True, folder: Path | None = None) -> list[Path]:
    """Render every lesson; returns the lessons that changed (with write=False: that would change)."""
    folder = folder or lessons_dir()
    sources = load("sources", as_text=True)
    changed = []
    for lesson in LESSONS:
        path = folder / lesson.filename
        before = path.read_text(encoding="utf-8")
        after = json.dumps(render_notebook(json.loads(before), lesson.slug, sources), indent=1, ensure_ascii=False) + "\n"
        if after != before:
            changed.append(path)
            if write:
                atomic_write_text(path, after)
    return changed
