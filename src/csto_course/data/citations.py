"""Render the sources behind a table or a lesson from data/sources.csv.

Authors cite in the text as ``[@source-id]`` (several: ``[@a; @b]``);
``csto-course cite`` turns those into author–year links to the lesson's source
list (``citation_labels.py``, ``authoring/lesson_citations.py``). ``cited_ids``
reads both forms. ``sources_list(tables=[...], lesson="01_origins")`` collects
the sources of the tables a lesson uses and of every citation in its text, and
renders them as a list that shows in a notebook.
"""

from __future__ import annotations

import json
import re

import pandas as pd

from ..paths import lessons_dir
from .citation_labels import LINKED_ID, RENDERED, WRITTEN, anchor, citation_labels, written_ids
from .loader import load, split_list


def cited_ids(text: str) -> list[str]:
    """Source ids cited in a piece of text, as [@a; @b] or as rendered links, in order, without repeats."""
    found: list[tuple[int, str]] = []
    for match in WRITTEN.finditer(text):
        found += [(match.start(), i) for i in written_ids(match.group(1))]
    for match in RENDERED.finditer(text):
        found += [(match.start(), i) for i in LINKED_ID.findall(match.group(0))]
    return list(dict.fromkeys(i for _, i in sorted(found, key=lambda pair: pair[0])))


def lesson_citations(slug: str) -> list[str]:
    """Source ids cited in the markdown cells of lessons/<slug>.ipynb."""
    path = lessons_dir() / f"{slug}.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return cited_ids(text)


def table_source_ids(table: str) -> list[str]:
    """Every source id used by the rows of a table."""
    ids: list[str] = []
    for row_ids in split_list(load(table)["source_ids"]):
        ids += [i for i in row_ids if i not in ids]
    return ids


def format_citation(source: pd.Series) -> str:
    """One source as a reference-list entry (author, date, title, outlet, link)."""
    author = source.get("author")
    author = author if isinstance(author, str) and author else "No named author"
    published = source.get("published")
    published = published if isinstance(published, str) and published else "undated"
    parts = [f"{author} ({published}). *{source['title']}*."]
    if isinstance(source.get("outlet"), str) and source["outlet"]:
        parts.append(f"{source['outlet']}.")
    if isinstance(source.get("url"), str) and source["url"]:
        parts.append(f"<{source['url']}>")
    elif source.get("kind") == "seed":
        parts.append(f"({_seed_note(source.get('note'))})")
    elif isinstance(source.get("note"), str) and source["note"]:
        parts.append(f"({source['note']})")
    return " ".join(parts)


# The seed rows' notes begin with the file name instructors received the article under; students
# need to know what the article is, not where a copy is filed.
_SEED_FILE = re.compile(r"^Course seed article \S+ \(in the course's commissioned material\)\.\s*")


def _seed_note(note) -> str:
    rest = _SEED_FILE.sub("", note) if isinstance(note, str) else ""
    return "One of the five articles this course was commissioned from." + (f" {rest}" if rest else "")


def reference_entry(source: pd.Series, label: str, with_anchor: bool = False) -> str:
    """One line of a source list: "- **TASS 2022a.** <the citation>", optionally the target of a citation's link."""
    target = f'<a id="{anchor(source["source_id"])}"></a>' if with_anchor else ""
    return f"- {target}**{label.rstrip('.')}.** {format_citation(source)} Source id: `{source['source_id']}`."


class SourceList:
    """A list of sources that shows as Markdown in a notebook and as text elsewhere."""

    def __init__(self, frame: pd.DataFrame, heading: str | None = None):
        self.frame = frame
        self.heading = heading

    def _lines(self) -> list[str]:
        labels = citation_labels(load("sources", as_text=True))
        return [reference_entry(row, labels[row["source_id"]]) for _, row in self.frame.iterrows()]

    def _repr_markdown_(self) -> str:
        head = [f"**{self.heading}**", ""] if self.heading else []
        return "\n".join(head + self._lines())

    def __str__(self) -> str:
        return self._repr_markdown_()

    def __len__(self) -> int:
        return len(self.frame)


def sources_list(tables=(), ids=(), lesson: str | None = None) -> SourceList:
    """The sources behind some tables, some ids and/or a lesson's citations.

    Unknown ids raise a ValueError that names them.
    """
    if isinstance(tables, str):
        tables = [tables]
    wanted: list[str] = list(ids)
    if lesson:
        wanted += lesson_citations(lesson)
    for table in tables:
        wanted += table_source_ids(table)
    sources = load("sources", as_text=True).set_index("source_id", drop=False)
    unknown = [i for i in dict.fromkeys(wanted) if i not in sources.index]
    if unknown:
        raise ValueError(f"These source ids are not in data/sources.csv: {', '.join(unknown)}. Add a row for each, or fix the spelling.")
    order = list(dict.fromkeys(wanted))
    frame = sources.loc[order].reset_index(drop=True)
    heading = f"{len(frame)} sources" + (f" for {', '.join(tables)}" if tables else "")
    return SourceList(frame, heading)
