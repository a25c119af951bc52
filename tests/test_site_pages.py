"""The website's own pieces, without a browser: chart figures, citation links, the sources page."""

from __future__ import annotations

import json
import re

import pytest

from csto_course.data.citations import lesson_citations
from csto_course.lessons import LESSONS
from csto_course.paths import lessons_dir
from csto_course.site.pages import anchor, link_citations, read_sources, sources_page
from csto_course.site.vegalite import TABLE_ROWS, data_table, figure_html


def test_a_chart_spec_cannot_end_its_script_island_early():
    spec = {"description": "Events <b>", "data": {"values": [{"title": "</script><script>alert(1)</script>"}]}, "mark": "bar"}
    html = figure_html(spec)
    island = re.search(r"<script type='application/json' class='csto-chart-spec'>(.*?)</script>", html, re.S).group(1)
    assert json.loads(island) == spec
    assert "<script>alert" not in html
    assert "Events &lt;b&gt;" in html


def test_the_fallback_table_shows_the_charts_rows_and_says_when_it_is_cut():
    rows = [{"year": 2000 + n, "members": n} for n in range(TABLE_ROWS + 5)]
    table = data_table({"data": {"name": "d"}, "datasets": {"d": rows}})
    assert table.count("<tr>") == TABLE_ROWS + 1 and f"The first {TABLE_ROWS} of {TABLE_ROWS + 5} rows" in table
    assert "<th scope='col'>year</th>" in table


def test_citations_become_links_and_unknown_ids_stay_as_written():
    known = {"seed-a", "tass-2025"}
    assert link_citations("As [@seed-a; @tass-2025] say.", known) == (
        'As (<a class="csto-cite" href="sources.html#src-seed-a">seed-a</a>; '
        '<a class="csto-cite" href="sources.html#src-tass-2025">tass-2025</a>) say.'
    )
    assert link_citations("See [@nowhere].", known) == "See [@nowhere]."


def test_rendered_citations_keep_their_labels_and_link_to_the_sources_page():
    known = {"seed-a", "tass-2025"}
    text = "As ([Samay 2019](#src-seed-a); [TASS 2025](#src-tass-2025)) say; ([X 1](#src-nowhere)) not."
    assert link_citations(text, known) == (
        'As (<a class="csto-cite" href="sources.html#src-seed-a">Samay 2019</a>; '
        '<a class="csto-cite" href="sources.html#src-tass-2025">TASS 2025</a>) say; ([X 1](#src-nowhere)) not.'
    )


def test_every_citation_in_the_lessons_has_an_anchor_on_the_sources_page():
    page = sources_page(read_sources())
    cited = set()
    for lesson in LESSONS:
        cited.update(lesson_citations(lesson.slug))
    assert cited, "the lessons cite their sources"
    missing = sorted(i for i in cited if f'id="{anchor(i)}"' not in page)
    assert missing == []


@pytest.mark.parametrize("content", [{"mark": "point"}, json.dumps({"mark": "point"})])
def test_the_renderer_takes_a_spec_as_a_dict_or_as_json(content):
    from types import SimpleNamespace

    from csto_course.site.vegalite import VegaLiteRenderer

    data = SimpleNamespace(mime_type="application/vnd.vegalite.v5+json", content=content)
    nodes = VegaLiteRenderer.handle_mime(None, data, inline=False)
    assert nodes and "csto-chart-spec" in nodes[0].astext()
    assert VegaLiteRenderer.handle_mime(None, SimpleNamespace(mime_type="text/html", content=""), inline=False) is None


def test_the_bundle_matches_the_charts_vega_lite_version():
    from csto_course.charts.static import vegalite_version

    available = ["5.8", "5.20", "5.21", "6.1", "6.4"]
    assert vegalite_version(available, "v5.20.1") == "5.20"
    assert vegalite_version(available, "v5.19.0") == "5.21", "not a newer major version"
    assert vegalite_version(available, "v7.0.0") is None


def test_launch_links_follow_the_instructor_guides_patterns():
    from urllib.parse import parse_qs, urlparse

    from csto_course.site.links import LaunchSettings, binder_link, hub_link, lesson_links_markdown

    none = LaunchSettings()
    assert hub_link(none, "01_origins") is None and binder_link(none, "01_origins") is None
    settings = LaunchSettings("https://hub.example.edu/", "https://github.com/example/csto-course.git")
    link = urlparse(hub_link(settings, "01_origins"))
    assert link.netloc == "hub.example.edu" and link.path == "/hub/user-redirect/git-pull"
    query = parse_qs(link.query)
    assert query == {
        "repo": ["https://github.com/example/csto-course.git"],
        "branch": ["main"],
        "urlpath": ["lab/tree/csto-course/lessons/01_origins.ipynb"],
    }
    assert (
        binder_link(settings, "01_origins")
        == "https://mybinder.org/v2/gh/example/csto-course/HEAD?urlpath=lab/tree/lessons/01_origins.ipynb"
    )
    assert "Binder" not in lesson_links_markdown("01_origins", LaunchSettings(repository="https://gitlab.com/x/y"))
    assert 'href="notebooks/01_origins.ipynb" download' in lesson_links_markdown("01_origins", none)


def test_the_downloads_are_the_committed_lessons_and_every_table(tmp_path):
    import zipfile

    from csto_course.paths import data_dir
    from csto_course.site.links import DATA_ZIP, write_downloads

    write_downloads(tmp_path)
    for lesson in LESSONS:
        assert (tmp_path / "notebooks" / lesson.filename).read_bytes() == (lessons_dir() / lesson.filename).read_bytes()
    names = set(zipfile.ZipFile(tmp_path / DATA_ZIP).namelist())
    expected = {f"csto-course-data/{p.name}" for p in data_dir().glob("*.csv")}
    assert expected <= names and "csto-course-data/datapackage.json" in names and "csto-course-data/README.md" in names


def test_the_glossary_defines_every_organ_force_and_organisation_with_its_sources():
    import csv as csv_module

    from csto_course.paths import data_dir
    from csto_course.site.pages import glossary_entries, glossary_page

    page = glossary_page()
    known = {row["source_id"] for row in read_sources()}
    expected = 0
    for table, key in (("organs", "organ_id"), ("forces", "force_id"), ("organizations", "org_id")):
        with (data_dir() / f"{table}.csv").open(encoding="utf-8") as fh:
            rows = list(csv_module.DictReader(fh))
        expected += len(rows)
        prefix = {"organs": "organ", "forces": "force", "organizations": "org"}[table]
        for row in rows:
            assert f'id="{prefix}-{row[key]}"' in page, row[key]
    entries = glossary_entries()
    assert len(entries) == expected
    assert [e[0].lower() for e in entries] == sorted(e[0].lower() for e in entries)
    for _, _, _, ids in entries:
        assert ids and set(ids.split(";")) <= known
    assert "()" not in page and "has collective" not in page
    # an empty cell is said in words, never left as a gap ("as of ;", "decisions by .", "Established .")
    for text in (e[2] for e in entries):
        assert " ;" not in text and " ." not in text and not text.endswith("by."), text
    assert any("decision rule is not established" in e[2] for e in entries)  # the table has empty decision rules


def _exploration():
    """A notebook with one @interact view: a Dropdown set to "armenia-2022" and an Output showing one line."""
    import nbformat

    state = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_menu", "IPY_MODEL_out"]}},
        "menu": {
            "model_name": "DropdownModel",
            "state": {"description": "Crisis", "_options_labels": ["kyrgyzstan-2010", "armenia-2022"], "index": 1},
        },
        "out": {
            "model_name": "OutputModel",
            "state": {"outputs": [{"output_type": "stream", "name": "stdout", "text": "Armenia, 2022\n"}]},
        },
    }
    view = nbformat.v4.new_output(
        "display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "box"}, "text/plain": "interactive(...)"}
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("@interact(...)", outputs=[view])])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": state}}
    return nb


def test_an_exploration_on_the_site_shows_its_default_choice_and_where_to_run_it():
    from csto_course.site.widgets import replace_widget_outputs

    nb = _exploration()
    launch = {
        "your JupyterHub": "https://hub.example.edu/hub/user-redirect/git-pull?x=1&y=2",
        "Binder": "https://mybinder.org/v2/gh/o/r/HEAD",
    }
    assert replace_widget_outputs(nb, "06_crises", launch=launch) == 1
    note, shown = nb.cells[0].outputs
    html = note["data"]["text/html"]
    assert "Shown here for its default choice (Crisis: armenia-2022)" in html
    assert (
        "<a href='https://hub.example.edu/hub/user-redirect/git-pull?x=1&amp;y=2'>open this lesson in JupyterLab on your JupyterHub</a>"
        in html
    )
    assert html.index("your JupyterHub") < html.index("Binder") < html.index("download the notebook")
    assert shown["text"] == "Armenia, 2022\n"


def test_without_a_hub_or_binder_the_exploration_offers_the_notebook_to_download():
    from csto_course.site.widgets import replace_widget_outputs

    nb = _exploration()
    replace_widget_outputs(nb, "06_crises")
    html = nb.cells[0].outputs[0]["data"]["text/html"]
    assert "To try other choices, <a href='notebooks/06_crises.ipynb' download>download the notebook</a> and open it in JupyterLab." in html
    assert "open this lesson" not in html


def test_a_lesson_page_carries_no_widget_state(tmp_path):
    """The site draws no widget (the quiz is its own, each exploration a still), yet myst-nb wrote the
    notebook's saved widget state into every lesson page: 24 to 62 KB of each page that nothing read."""
    import nbformat

    from csto_course.quiz import load_bank
    from csto_course.quiz.static import TextCopy
    from csto_course.site.build import prepare
    from csto_course.site.links import LaunchSettings

    nb = _exploration()
    copy = TextCopy(load_bank("01_origins"))._repr_mimebundle_()
    nb.cells.append(nbformat.v4.new_code_cell("show_quiz('01_origins')", outputs=[nbformat.v4.new_output("display_data", data=copy)]))
    path = tmp_path / "01_origins.ipynb"
    nbformat.write(nb, path)
    prepare(path, known=set(), launch=LaunchSettings())
    prepared = nbformat.read(path, as_version=4)
    assert "widgets" not in prepared.metadata
    shown = [out.get("data", {}).get("text/html", "") for cell in prepared.cells for out in cell.get("outputs", [])]
    assert any("csto-still-note" in h for h in shown) and any("csto-site-quiz" in h for h in shown), "the stills are made first"


def test_preparing_an_nbformat_4_4_lesson_keeps_it_valid(tmp_path):
    """Lesson 08 is nbformat 4.4, which has no cell ids: the links cell the site adds under the title had one,
    and every build printed "Failed validating 'additionalProperties'" for that lesson (benchmarks/site_build.py)."""
    import nbformat

    from csto_course.quiz import load_bank
    from csto_course.quiz.static import TextCopy
    from csto_course.site.build import prepare
    from csto_course.site.links import LaunchSettings

    copy = TextCopy(load_bank("08_peers"))._repr_mimebundle_()
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Lesson 08"),
            nbformat.v4.new_code_cell("show_quiz('08_peers')", outputs=[nbformat.v4.new_output("display_data", data=copy)]),
        ]
    )
    nb.nbformat_minor = 4
    for cell in nb.cells:
        del cell["id"]
    nbformat.validate(nb)
    path = tmp_path / "08_peers.ipynb"
    nbformat.write(nb, path)
    prepare(path, known=set(), launch=LaunchSettings())
    prepared = nbformat.read(path, as_version=4)
    assert "Use this lesson" in prepared.cells[1].source
    nbformat.validate(prepared)


def test_the_instructor_guide_and_kit_become_pages_that_link_to_each_other(tmp_path):
    """Issue #17 asks for the kit "rendered on the site": every kit file is a page, and the links between
    the guide and the kit point at pages that exist on the site, not at the repository's file names."""
    import posixpath

    from csto_course.site.pages import home_page, write_instructor_pages

    names = write_instructor_pages(tmp_path)
    kit = sorted(p.stem for p in (tmp_path / "instructors" / "kit").glob("*.md"))
    assert names[:2] == ["instructors/guide", "instructors/kit/index"] and len(names) == len(kit) + 1
    assert {"syllabus-map", "lesson-plans", "alignment", "capstone-rubric", "reading-list", "glossary"} <= set(kit)
    pages = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md")}
    for page in pages:
        text = (tmp_path / page).read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+\.md)\)", text):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
            assert resolved in pages, f"{page} links to {target}, which is not a page"
    home = home_page("T", "intro", names)
    assert "instructors/guide.md" in home and ":caption: For instructors" in home and "instructors/kit/capstone-rubric" in home


def test_an_installed_package_without_docs_builds_a_site_without_the_instructor_pages(tmp_path, monkeypatch):
    from csto_course.site import pages

    monkeypatch.setattr(pages, "data_dir", lambda: tmp_path / "site-packages" / "csto_course" / "data")
    assert pages.write_instructor_pages(tmp_path) == [] and not (tmp_path / "instructors").exists()
    assert "For instructors" not in pages.home_page("T", "intro", [])


def test_a_site_for_students_leaves_out_the_instructor_pages(tmp_path):
    """`csto-course site --for-students`: the kit's model answers to the Discuss prompts stay off a public site."""
    from csto_course.cli import build_parser
    from csto_course.site.pages import write_pages

    assert build_parser().parse_args(["site", "--out", "x", "--for-students"]).for_students is True
    for folder in ("students", "all"):
        (tmp_path / folder).mkdir()
    write_pages(tmp_path / "students", "T", "intro", instructor_pages=False)
    write_pages(tmp_path / "all", "T", "intro")
    assert not (tmp_path / "students" / "instructors").exists() and "instructors/" not in (tmp_path / "students" / "index.md").read_text()
    assert (tmp_path / "all" / "instructors" / "kit" / "lesson-plans.md").is_file()
