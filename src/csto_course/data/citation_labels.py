"""Short author–year labels for sources, and citations written as links.

A student reads "(Poletaev 2015)" in a lesson, not "[@seed-poletaev-2015]". The
label is the author's surname for the commissioned articles and scholarship (two
authors, separated by a semicolon in the table, give "A and B"; three or more, "A et al."),
the outlet for everything else (agencies, official sites), and the year of
publication; two sources that would share a label get "a", "b", ... in date
order, so every label names one source.

A rendered citation is a Markdown link to the source's entry in the lesson's
source list: ``([Poletaev 2015](#src-seed-poletaev-2015))``. The link carries
the source id, so tools can read which sources a lesson cites from either form.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd

PERSONAL_KINDS = {"seed", "scholarly"}  # sources whose author is a person a student should name
NO_OUTLET = "Outlet not named in the text"
ANCHOR_PREFIX = "src-"

# [@a] or [@a; @b]: how an author writes a citation.
WRITTEN = re.compile(r"\[(@[A-Za-z0-9_.:-]+(?:\s*;\s*@[A-Za-z0-9_.:-]+)*)\]")
# ([Label](#src-a); [Label](#src-b)): a citation rendered by render_citation.
_LINK = r"\[[^\]\n]+\]\(#src-[A-Za-z0-9_.:-]+\)"
RENDERED = re.compile(rf"\(({_LINK}(?:; {_LINK})*)\)")
LINKED_ID = re.compile(r"\]\(#src-([A-Za-z0-9_.:-]+)\)")


def anchor(source_id: str) -> str:
    return f"{ANCHOR_PREFIX}{source_id}"


def _surnames(author: str) -> str:
    """Authors separated by semicolons: "A. Vanderhill; B. Joireman; C. Tulepbayeva" -> "Vanderhill et al."."""
    people = [person.split()[-1] for person in author.split(";") if person.strip()]
    if len(people) > 2:
        return f"{people[0]} et al."
    return " and ".join(people)


def _name(row) -> str:
    author, outlet = _text(row.get("author")), _text(row.get("outlet"))
    if author and (row.get("kind") in PERSONAL_KINDS or not outlet or outlet == NO_OUTLET):
        return _surnames(author) if row.get("kind") in PERSONAL_KINDS else author
    # "Asia-Plus (Tajik news agency)" -> "Asia-Plus"; "Eurasia Daily Monitor, vol. 8, ..." -> "Eurasia Daily Monitor";
    # "CSTO official website" -> "CSTO"; "Official website of the President of Russia" -> "President of Russia"
    short = outlet.split(" (")[0].split(",")[0].strip()
    short = re.sub(r"^Official website of (the )?|( official)? website$", "", short).strip()
    return short or author or "Unknown source"


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def citation_labels(sources: pd.DataFrame) -> dict[str, str]:
    """Every source id -> its short label, e.g. "TASS 2022a"."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for _, row in sources.iterrows():
        published = _text(row.get("published"))
        base = f"{_name(row)} {published[:4] if published else 'n.d.'}"
        groups[base].append((published, row["source_id"]))
    labels = {}
    for base, members in groups.items():
        if len(members) == 1:
            labels[members[0][1]] = base
            continue
        for i, (_, source_id) in enumerate(sorted(members)):
            letter = chr(ord("a") + i)
            labels[source_id] = f"{base}-{letter}" if base.endswith("n.d.") else f"{base}{letter}"
    return labels


def source_labels(source_ids: pd.Series) -> pd.Series:
    """Each source id as the short label the lessons cite it by ("TASS 2022a"); an unknown id stays as it is."""
    from .loader import load

    labels = citation_labels(load("sources", as_text=True))
    return source_ids.map(labels).fillna(source_ids)


def render_citation(ids: list[str], labels: dict[str, str]) -> str:
    """``["a", "b"]`` -> ``([A 2001](#src-a); [B 2002](#src-b))``."""
    return "(" + "; ".join(f"[{labels[i]}](#{anchor(i)})" for i in ids) + ")"


def written_ids(group: str) -> list[str]:
    """The ids in the inside of a written citation, ``@a; @b``."""
    return [part.strip().lstrip("@").strip() for part in group.split(";") if part.strip().lstrip("@").strip()]
