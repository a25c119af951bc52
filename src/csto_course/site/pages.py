"""The site's pages that are not lessons, and the lessons' citations as links.

Lessons cite rows of ``data/sources.csv`` as author–year links to their own
source list, ``([TASS 2022a](#src-tass-2022-01-06))`` (authors write ``[@id]``;
``csto-course cite`` renders it). On the site each citation links to its entry
on the sources page, which gives every source an anchor (``sources.html#src-<id>``).
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pandas as pd

from ..data.citation_labels import RENDERED, WRITTEN, anchor, citation_labels, written_ids
from ..lessons import LESSONS
from ..paths import data_dir

# One rendered link: [Label](#src-id)
_LABELLED = re.compile(r"\[([^\]\n]+)\]\(#src-([A-Za-z0-9_.:-]+)\)")


def _cite_link(source_id: str, text: str) -> str:
    return f'<a class="csto-cite" href="sources.html#{anchor(source_id)}">{html.escape(text)}</a>'


def link_citations(markdown: str, known: set[str]) -> str:
    """Citations -> links to the sources page: "(TASS 2022a; ...)" from rendered ones, "(id; ...)" from ``[@id]``.

    A citation naming an unknown id stays as it is.
    """

    def rendered(match: re.Match) -> str:
        pairs = _LABELLED.findall(match.group(1))
        if not all(i in known for _, i in pairs):
            return match.group(0)
        return "(" + "; ".join(_cite_link(i, label) for label, i in pairs) + ")"

    def written(match: re.Match) -> str:
        ids = written_ids(match.group(1))
        if not all(i in known for i in ids):
            return match.group(0)
        return "(" + "; ".join(_cite_link(i, i) for i in ids) + ")"

    return WRITTEN.sub(written, RENDERED.sub(rendered, markdown))


def read_sources() -> list[dict[str, str]]:
    return _read("sources")


def sources_page(sources: list[dict[str, str]]) -> str:
    lines = [
        "# Sources",
        "",
        "Every fact in the lessons and the datasets comes from one of these sources "
        "(`data/sources.csv`). Each citation in a lesson links to its entry here.",
        "",
    ]
    labels = _labels(sources)
    for row in sorted(sources, key=lambda r: (labels[r["source_id"]].casefold(), r["source_id"])):
        title = html.escape(row["title"])
        if row.get("url"):
            title = f'<a href="{html.escape(row["url"], quote=True)}">{title}</a>'
        who = ", ".join(html.escape(x) for x in (row.get("author", ""), row.get("outlet", ""), row.get("published", "")) if x)
        lines.append(
            f'- <span id="{anchor(row["source_id"])}"></span>**{html.escape(labels[row["source_id"]])}**: {title}. {who}.'
            + (f" *{html.escape(row['perspective'])}*" if row.get("perspective") else "")
            + f" Source id: `{row['source_id']}`."
        )
    return "\n".join(lines) + "\n"


def _labels(sources: list[dict[str, str]]) -> dict[str, str]:
    return citation_labels(pd.DataFrame(sources))


def _source_links(ids: str, labels: dict[str, str]) -> str:
    return "; ".join(_cite_link(i, labels.get(i, i)) for i in ids.split(";") if i)


def _read(table: str) -> list[dict[str, str]]:
    with (data_dir() / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def glossary_entries() -> list[tuple[str, str, str, str]]:
    """(term, anchor, definition, source ids) for the CSTO's organs, its forces and the organisations compared with it.

    Every definition is a row of a course table (organs, forces, organizations), so it carries that row's sources.
    """
    entries = []
    for row in _read("organs"):
        text = f"{row['role']} Members: {row['composition'][:1].lower()}{row['composition'][1:]}"
        text += f" Established {row['established']}." if row.get("established") else " Its founding date is not in the course's sources."
        entries.append((row["name"], f"organ-{row['organ_id']}", text, row["source_ids"]))
    for row in _read("forces"):
        since = f" Established {row['established']}." if row.get("established") else ""
        term = f"{row['name']} ({row['abbreviation']})" if row.get("abbreviation") else row["name"]
        entries.append((term, f"force-{row['force_id']}", row["role"] + since, row["source_ids"]))
    for row in _read("organizations"):
        clause = "has a" if row["collective_defence_clause"].lower() == "true" else "has no"
        members = f"{row['members_count']} members" + (f" as of {row['members_as_of']}" if row.get("members_as_of") else "")
        rule = (
            f"decisions by {row['decision_rule']}"
            if row.get("decision_rule")
            else "its decision rule is not established in the sources read"
        )
        text = f"Founded {row['founded']}; {members}; it {clause} collective defence clause; {rule}."
        entries.append((f"{row['name']} ({row['abbreviation']})", f"org-{row['org_id']}", text, row["source_ids"]))
    return sorted(entries, key=lambda e: e[0].lower())


def glossary_page() -> str:
    lines = [
        "# Glossary",
        "",
        "The CSTO's organs, its collective forces and the organisations the lessons compare it with, "
        "each from a row of the course's tables (`organs`, `forces`, `organizations`) with that row's sources.",
        "",
    ]
    labels = _labels(read_sources())
    for term, key, text, ids in glossary_entries():
        lines.append(
            f'<dl class="csto-glossary"><dt id="{key}">{html.escape(term)}</dt>'
            f"<dd>{html.escape(text)} <span class='csto-glossary-sources'>Sources: {_source_links(ids, labels)}.</span></dd></dl>"
        )
        lines.append("")
    return "\n".join(lines)


def instructor_docs() -> Path | None:
    """A checkout's ``docs/`` (the instructor guide and kit), or None: an installed package has no docs."""
    docs = data_dir().parent / "docs"
    return docs if (docs / "instructor-guide.md").is_file() and (docs / "instructor-kit").is_dir() else None


def write_instructor_pages(src: Path) -> list[str]:
    """The instructor guide and kit as site pages under ``instructors/``; their names for the table of contents.

    The files move from ``docs/instructor-guide.md`` and ``docs/instructor-kit/`` to ``instructors/guide.md``
    and ``instructors/kit/`` (the kit's README becomes its index), and the links between them follow.
    """
    docs = instructor_docs()
    if docs is None:
        return []
    kit = src / "instructors" / "kit"
    kit.mkdir(parents=True, exist_ok=True)
    guide = (docs / "instructor-guide.md").read_text(encoding="utf-8")
    guide = guide.replace("](instructor-kit/README.md)", "](kit/index.md)").replace("](instructor-kit/", "](kit/")
    (src / "instructors" / "guide.md").write_text(guide, encoding="utf-8")
    names = ["instructors/guide", "instructors/kit/index"]
    for page in sorted((docs / "instructor-kit").glob("*.md")):
        text = page.read_text(encoding="utf-8").replace("](../instructor-guide.md)", "](../guide.md)")
        stem = "index" if page.name == "README.md" else page.stem
        (kit / f"{stem}.md").write_text(text, encoding="utf-8")
        if stem != "index":
            names.append(f"instructors/kit/{stem}")
    return names


def home_page(title: str, intro: str, instructors: list[str] | tuple[str, ...] = ()) -> str:
    toc = "\n".join(lesson.slug for lesson in LESSONS)
    listing = "\n".join(f"{n}. [{lesson.title}]({lesson.slug}.ipynb)" for n, lesson in enumerate(LESSONS, start=1))
    teaching = (
        "\nTeaching with it? The [instructor guide](instructors/guide.md) covers running the course and grading; "
        "the [instructor's kit](instructors/kit/index.md) has the syllabus map, lesson plans, reading list and rubric.\n"
        if instructors
        else ""
    )
    return f"""# {title}

{intro}

The lessons, in order:

{listing}

Every chart on these pages is drawn in your browser from the lesson's own output,
and every quiz shows its questions with the answers behind "Show answer". To run
the code yourself, download a lesson's notebook (the download button at the top of
each page) and open it in JupyterLab.
{teaching}
```{{toctree}}
:maxdepth: 1
:caption: Lessons
:hidden:

{toc}
```

```{{toctree}}
:maxdepth: 1
:caption: Reference
:hidden:

glossary
sources
```
""" + ("\n```{toctree}\n:maxdepth: 1\n:caption: For instructors\n:hidden:\n\n" + "\n".join(instructors) + "\n```\n" if instructors else "")


def write_pages(src: Path, title: str, intro: str, instructor_pages: bool = True) -> None:
    instructors = write_instructor_pages(src) if instructor_pages else []
    (src / "index.md").write_text(home_page(title, intro, instructors), encoding="utf-8")
    (src / "sources.md").write_text(sources_page(read_sources()), encoding="utf-8")
    (src / "glossary.md").write_text(glossary_page(), encoding="utf-8")


def link_notebook_citations(nb, known: set[str]) -> None:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = link_citations(cell.source, known)
