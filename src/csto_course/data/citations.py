"""Render the sources behind a table or a lesson from data/sources.csv.

Authors cite in the text as ``[@source-id]`` (several: ``[@a; @b]``);
``csto-course cite`` turns those into author–year links to the lesson's source
list (``citation_labels.py``, ``authoring/lesson_citations.py``). ``cited_ids``
reads both forms. ``sources_list(tables=[...], lesson="01_origins")`` collects
the sources of the tables a lesson uses and of every citation in its text, and
renders them as a list that shows in a notebook.
"""

from __future__ import annotations

import html
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


def _citation_fields(source: pd.Series) -> tuple[str, str, str, str, str, str]:
    """(author, published, title, outlet, url, aside) of one source, as a reference-list entry shows them."""
    author = source.get("author")
    author = author if isinstance(author, str) and author else "No named author"
    published = source.get("published")
    published = published if isinstance(published, str) and published else "undated"
    outlet = source.get("outlet") if isinstance(source.get("outlet"), str) else ""
    url = source.get("url") if isinstance(source.get("url"), str) else ""
    note = source.get("note") if isinstance(source.get("note"), str) else ""
    aside = _seed_note(note) if source.get("kind") == "seed" else note
    return author, published, str(source["title"]), outlet, url, aside


def _entry(source: pd.Series, *, esc, em, link) -> str:
    """One reference-list entry (author, date, title, outlet, link), in the markup that esc, em and link give."""
    author, published, title, outlet, url, aside = _citation_fields(source)
    parts = [f"{esc(author)} ({esc(published)}). {em(esc(title))}."]
    if outlet:
        parts.append(f"{esc(outlet)}.")
    if url:
        parts.append(link(url))
    elif aside:
        parts.append(f"({esc(aside)})")
    return " ".join(parts)


def format_citation(source: pd.Series) -> str:
    """One source as a reference-list entry (author, date, title, outlet, link), in Markdown."""
    return _entry(source, esc=str, em=lambda text: f"*{text}*", link=lambda url: f"<{url}>")


def citation_html(source: pd.Series) -> str:
    """``format_citation`` as HTML, for the folded list of the sources behind a lesson's tables."""
    return _entry(
        source,
        esc=html.escape,
        em=lambda text: f"<em>{text}</em>",
        link=lambda url: f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>',
    )


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


def reference_entry_html(source: pd.Series, label: str) -> str:
    """``reference_entry`` as an HTML list item."""
    return (
        f"<li><strong>{html.escape(label.rstrip('.'))}.</strong> {citation_html(source)} "
        f"Source id: <code>{html.escape(source['source_id'])}</code>.</li>"
    )


class SourceList:
    """A list of sources that shows as Markdown in a notebook and as text elsewhere.

    With a ``summary`` (the sources behind a lesson's tables, often hundreds) a notebook shows it as
    HTML folded under that one line, which the student opens to read the list; the Markdown and text
    forms, which exports without a browser use, always hold the whole list.
    """

    def __init__(self, frame: pd.DataFrame, heading: str | None = None, summary: str | None = None):
        self.frame = frame
        self.heading = heading
        self.summary = summary

    def _labelled_rows(self):
        labels = citation_labels(load("sources", as_text=True))
        return [(row, labels[row["source_id"]]) for _, row in self.frame.iterrows()]

    def _lines(self) -> list[str]:
        return [reference_entry(row, label) for row, label in self._labelled_rows()]

    def _repr_markdown_(self) -> str:
        head = [f"**{self.heading}**", ""] if self.heading else []
        return "\n".join(head + self._lines())

    def _repr_html_(self) -> str | None:
        if self.summary is None:
            return None  # a short list: the Markdown shows it open
        items = "\n".join(reference_entry_html(row, label) for row, label in self._labelled_rows())
        return f"<details class='csto-sources-behind'><summary>{html.escape(self.summary)}</summary>\n<ul>\n{items}\n</ul>\n</details>"

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(str(self))

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
    summary = None
    if tables:  # the "Behind the tables" list that ends each lesson: 20 to 287 entries, after the lesson's own
        count = f"{len(frame)} source" + ("" if len(frame) == 1 else "s")
        summary = f"{count} behind the tables used here ({', '.join(tables)}): open to list them"
    return SourceList(frame, heading, summary)
