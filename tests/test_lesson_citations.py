"""Citations a student can read and follow: author–year links to the lesson's own source list."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from csto_course.authoring.lesson_citations import CitationError, render_lessons, render_notebook
from csto_course.data import load
from csto_course.data.citation_labels import citation_labels
from csto_course.data.citations import cited_ids
from csto_course.lessons import LESSONS
from csto_course.paths import lessons_dir

SOURCES = pd.DataFrame(
    [
        {
            "source_id": "seed-poletaev-2015",
            "author": "Eduard Poletaev",
            "outlet": "CABAR.asia (Central Asian Bureau)",
            "published": "2015",
            "title": "CSTO is looking for a way out",
            "url": "",
            "kind": "seed",
            "note": "",
        },
        {
            "source_id": "tass-2022-01-10",
            "author": "",
            "outlet": "TASS",
            "published": "2022-01-10",
            "title": "Later",
            "url": "https://tass.com/b",
            "kind": "news",
            "note": "",
        },
        {
            "source_id": "tass-2022-01-06",
            "author": "",
            "outlet": "TASS",
            "published": "2022-01-06",
            "title": "Earlier",
            "url": "https://tass.com/a",
            "kind": "news",
            "note": "",
        },
        {
            "source_id": "csto-csc",
            "author": "CSTO Secretariat",
            "outlet": "CSTO official website",
            "published": "",
            "title": "Council",
            "url": "https://odkb-csto.org/a",
            "kind": "official",
            "note": "",
        },
        {
            "source_id": "csto-structure",
            "author": "CSTO Secretariat",
            "outlet": "CSTO official website",
            "published": "",
            "title": "Structure",
            "url": "https://odkb-csto.org/b",
            "kind": "official",
            "note": "",
        },
    ]
)


def _lesson(*texts: str) -> dict:
    cells = [{"cell_type": "markdown", "id": f"c{i}", "metadata": {}, "source": [t]} for i, t in enumerate(texts)]
    cells.append({"cell_type": "markdown", "id": "s", "metadata": {"tags": ["sources-list"]}, "source": ["old"]})
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_labels_name_the_author_of_an_article_and_the_outlet_of_a_report_with_letters_for_twins():
    labels = citation_labels(SOURCES)
    assert labels["seed-poletaev-2015"] == "Poletaev 2015"
    assert (labels["tass-2022-01-06"], labels["tass-2022-01-10"]) == ("TASS 2022a", "TASS 2022b"), "letters in date order"
    assert (labels["csto-csc"], labels["csto-structure"]) == ("CSTO n.d.-a", "CSTO n.d.-b")


def test_labels_name_two_authors_and_shorten_three_or_more_to_et_al():
    rows = [
        {
            "source_id": "two",
            "author": "Anastassia V. Obydenkova; Alexander Libman",
            "outlet": "Oxford University Press",
            "published": "2019",
            "kind": "scholarly",
        },
        {
            "source_id": "three",
            "author": "Rachel Vanderhill; Sandra F. Joireman; Roza Tulepbayeva",
            "outlet": "International Affairs",
            "published": "2020-07",
            "kind": "scholarly",
        },
        {"source_id": "one", "author": "Stephen M. Walt", "outlet": "International Security", "published": "1985", "kind": "scholarly"},
    ]
    labels = citation_labels(pd.DataFrame(rows))
    assert labels == {"two": "Obydenkova and Libman 2019", "three": "Vanderhill et al. 2020", "one": "Walt 1985"}


def test_every_source_in_the_course_has_its_own_label():
    labels = citation_labels(load("sources", as_text=True))
    assert len(set(labels.values())) == len(labels)
    assert not [label for label in labels.values() if "(" in label or "website" in label.lower()]


def test_written_citations_become_links_and_the_list_is_rebuilt_sorted_with_anchors():
    nb = render_notebook(_lesson("Signed [@tass-2022-01-10; @seed-poletaev-2015].", "Again [@csto-csc]."), "x", SOURCES)
    first = "".join(nb["cells"][0]["source"])
    assert first == "Signed ([TASS 2022b](#src-tass-2022-01-10); [Poletaev 2015](#src-seed-poletaev-2015))."
    listing = "".join(nb["cells"][-1]["source"])
    entries = [line for line in listing.splitlines() if line.startswith("- ")]
    assert [re.search(r"\*\*(.+?)\.\*\*", e).group(1) for e in entries] == ["CSTO n.d.-a", "Poletaev 2015", "TASS 2022b"]
    assert entries[2].startswith('- <a id="src-tass-2022-01-10"></a>**TASS 2022b.** ') and "<https://tass.com/b>" in entries[2]
    assert "tass-2022-01-06" not in listing, "only what the text cites"


def test_rendering_is_idempotent_and_refreshes_a_label_that_changed():
    once = render_notebook(_lesson("Told ([TASS 2022](#src-tass-2022-01-06))."), "x", SOURCES)
    assert "".join(once["cells"][0]["source"]) == "Told ([TASS 2022a](#src-tass-2022-01-06))."
    assert render_notebook(once, "x", SOURCES) == once


def test_an_unknown_source_or_a_missing_list_is_reported_with_its_place():
    with pytest.raises(CitationError, match=r"lessons/x.ipynb, cell 1: cites nowhere, not in data/sources.csv"):
        render_notebook(_lesson("Fine [@csto-csc].", "Bad [@nowhere]."), "x", SOURCES)
    nb = _lesson("Fine [@csto-csc].")
    nb["cells"].pop()
    with pytest.raises(CitationError, match="exactly one markdown cell tagged 'sources-list', found 0"):
        render_notebook(nb, "x", SOURCES)


def test_cited_ids_reads_written_and_rendered_citations_in_text_order():
    text = "A ([TASS 2022a](#src-tass-2022-01-06)) then [@seed-a; @csto-csc] and a [link](#Heading) that is not one."
    assert cited_ids(text) == ["tass-2022-01-06", "seed-a", "csto-csc"]


def test_committed_lessons_show_no_raw_citations_and_their_lists_are_current():
    assert render_lessons(write=False) == [], "run csto-course cite"
    for lesson in LESSONS:
        text = "\n".join("".join(c["source"]) for c in json.loads((lessons_dir() / lesson.filename).read_text())["cells"])
        assert "[@" not in text, lesson.slug


def test_every_citation_link_has_its_target_in_the_same_lesson():
    for lesson in LESSONS:
        cells = json.loads((lessons_dir() / lesson.filename).read_text())["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        targets = set(re.findall(r'<a id="(src-[^"]+)"></a>', text))
        links = set(re.findall(r"\]\(#(src-[^)]+)\)", text))
        assert links and links <= targets, (lesson.slug, sorted(links - targets))


def test_the_course_ships_jupyterlab_defaults_that_render_every_cell_keep_news_away_and_save_widgets():
    from pathlib import Path

    shipped = Path(__file__).parents[1] / "share/jupyter/lab/settings/overrides.d/csto-course.json"
    settings = json.loads(shipped.read_text())
    assert settings["@jupyterlab/notebook-extension:tracker"]["windowingMode"] == "none"
    assert settings["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert settings["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is True, "a saved lesson shows its quiz without a kernel"
    pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text()
    assert '"share/jupyter/lab/settings/overrides.d/csto-course.json" = ' in pyproject, "installed with the package"


# How the prose names each seed's outlet: the short form of sources.csv's ``outlet`` (None: the
# copy names no outlet, and the author is named alone).
SEED_OUTLETS = {
    "seed-samay-2019": None,
    "seed-poletaev-2015": "CABAR.asia",
    "seed-oglavnom-2023": "Oglavnom",
    "seed-bokarev-2019": "New Eastern Outlook",
    "seed-edm-2011": "Eurasia Daily Monitor",
}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_each_seed_is_named_by_author_and_outlet_where_the_lesson_first_mentions_it(lesson):
    """Issue #16: a seed used without saying which article it is ("seed 002", or a bare citation)
    tells a student nothing. The paragraph or list item that first cites or names a seed names its
    author (by surname) and its outlet, as far as sources.csv knows them."""
    from submission_factory import REPO

    seeds = load("sources").set_index("source_id").loc[list(SEED_OUTLETS)]
    assert set(load("sources").query("kind == 'seed'")["source_id"]) == set(SEED_OUTLETS), "a new seed needs its outlet here"
    nb = json.loads((REPO / "lessons" / lesson.filename).read_text(encoding="utf-8"))
    prose = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown").split("\n## Sources\n")[0]
    parts = [p for block in prose.split("\n\n") for p in re.split(r"\n(?=[-*] |\d+\. )", block)]
    unnamed = []
    for source_id, outlet in SEED_OUTLETS.items():
        author = seeds.loc[source_id, "author"]
        surname = None if pd.isna(author) else str(author).split()[-1]
        marks = [f"#src-{source_id})"] + [m for m in (surname, outlet) if m]
        first = next((p for p in parts if any(m in p for m in marks)), None)
        if first is None:
            continue  # the lesson does not use this seed
        missing = [m for m in (surname, outlet) if m and m not in first]
        if missing:
            unnamed.append(f"{source_id} lacks {', '.join(missing)} in: {first[:150]}")
    assert unnamed == []
