"""Are the committed notebooks clean, complete and in step with the manifest and README?"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from csto_course.lessons import LESSONS
from csto_course.notebook_runner import notebook_client

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.relative_to(REPO) for folder in ("lessons", "exercises", "solutions") for p in (REPO / folder).glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=str)
def test_committed_notebook_is_clean(path):
    """Outputs and execution counts must be stripped before committing."""
    nb = json.loads((REPO / path).read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path}: cells {dirty} have outputs or execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=str)
def test_committed_notebook_is_valid_for_its_nbformat_version(path):
    """Jupyter, nbconvert and the site's build check a notebook against the schema of its own version;
    a cell id in a 4.4 notebook, for one, is logged as 'Notebook JSON is invalid' at every run."""
    nb = nbformat.read(REPO / path, as_version=nbformat.NO_CONVERT)
    problems = [f"{e.message} at {'/'.join(map(str, e.path))}" for e in nbformat.validator.iter_validate(nb)]
    assert problems == [], f"{path}: {problems[:3]}"


def test_manifest_and_lessons_folder_agree():
    on_disk = {p.stem for p in (REPO / "lessons").glob("*.ipynb")}
    assert on_disk == {lesson.slug for lesson in LESSONS}


def test_readme_lists_every_lesson_in_order():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    positions = [readme.find(f"lessons/{lesson.filename}") for lesson in LESSONS]
    assert -1 not in positions and positions == sorted(positions)


def _sources(nb):
    return ["".join(c["source"]) for c in nb["cells"]]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_lesson_follows_the_standard_shape(lesson):
    nb = json.loads((REPO / "lessons" / lesson.filename).read_text(encoding="utf-8"))
    md = "\n".join(s for c, s in zip(nb["cells"], _sources(nb)) if c["cell_type"] == "markdown")
    code = [s for c, s in zip(nb["cells"], _sources(nb)) if c["cell_type"] == "code"]
    assert "objectives" in md.lower() and "estimated time" in md.lower()
    assert len(re.findall(r"\w+", md)) >= 1200, "a lesson needs at least 1,200 words of prose"
    assert md.count("**Chart description (for screen readers):**") >= 3
    assert md.count("**What to notice:**") >= 3
    assert "## Discuss" in md and "## Key points" in md
    assert f'show_quiz("{lesson.slug}")' in code[-2]
    assert "sources_list(tables=" in code[-1]
    listing = [c for c in nb["cells"] if "sources-list" in c.get("metadata", {}).get("tags", [])]
    assert len(listing) == 1 and "".join(listing[0]["source"]).startswith("## Sources"), "the generated list of cited sources"
    reads_files = [c for c in code if re.search(r"read_csv|open\(|[\"']\.*/?data/", c)]
    assert not reads_files, "lessons load data through csto_course.data, not CSV paths"


# A code line a student can read without scrolling the editor sideways (JupyterLab's code cell
# shows about 100 characters at the default font in a half-screen window).
LINE_LIMIT = 100


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_lesson_code_a_beginner_can_follow(lesson):
    """Code cells of ten lines at most, every line counted, and no line wider than the editor, each
    introduced by prose (issue #16). Longer code, and a chart's long screen-reader description, live in
    csto_course: a description is written from the chart's data by a function there."""
    nb = json.loads((REPO / "lessons" / lesson.filename).read_text(encoding="utf-8"))
    cells = nb["cells"]
    code_cells = {i: "".join(c["source"]) for i, c in enumerate(cells) if c["cell_type"] == "code"}
    long = {i: len(source.splitlines()) for i, source in code_cells.items() if len(source.splitlines()) > 10}
    assert long == {}, f"code cells over 10 lines (cell: lines): {long}"
    wide = [(i, line[:60] + "…") for i, source in code_cells.items() for line in source.splitlines() if len(line) > LINE_LIMIT]
    assert wide == [], f"code lines over {LINE_LIMIT} characters run off the editor's right edge; wrap them: {wide}"
    first_code = next(i for i, c in enumerate(cells) if c["cell_type"] == "code")
    unintroduced = [
        i
        for i, c in enumerate(cells)
        if c["cell_type"] == "code"
        and i > first_code
        and cells[i - 1]["cell_type"] != "markdown"
        and not "".join(c["source"]).startswith(("show_quiz", "sources_list"))
    ]
    assert unintroduced == [], f"code cells that follow another code cell with no sentence between: {unintroduced}"
    assert f'start_lesson("{lesson.slug}")' in "".join(cells[first_code]["source"]).splitlines()[-1].split("#")[0]


_EXECUTED: dict[str, nbformat.NotebookNode] = {}


def executed(lesson, workdir: Path) -> nbformat.NotebookNode:
    """The lesson run top to bottom on a fresh kernel, once per test process."""
    if lesson.slug not in _EXECUTED:
        nb = nbformat.read(REPO / "lessons" / lesson.filename, as_version=4)
        notebook_client(nb, path=REPO / "lessons", workdir=workdir).execute()
        _EXECUTED[lesson.slug] = nb
    return _EXECUTED[lesson.slug]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_lesson_runs_without_errors_or_warnings(lesson, tmp_path):
    """nbval checks errors; this also fails on anything written to stderr (warnings) that a student would see."""
    nb = executed(lesson, tmp_path)
    noisy = [
        (i, o.get("text", o.get("ename")))
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for o in cell.get("outputs", [])
        if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")
    ]
    assert not noisy


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_chart_description_names_every_category_its_legend_shows(lesson, tmp_path):
    """A screen-reader user hears the description instead of seeing the legend (chart_descriptions.py)."""
    from chart_descriptions import described_charts, unnamed_categories

    charts = described_charts(executed(lesson, tmp_path))
    assert charts, "every lesson draws charts"
    unnamed = {
        (i, str(spec.get("title"))[:60]): missing for i, spec, paragraph in charts if (missing := unnamed_categories(spec, paragraph))
    }
    assert unnamed == {}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_chart_description_counts_the_rows_bars_and_panels_the_chart_has(lesson, tmp_path):
    """ "A timeline in six rows" must be a chart of six rows: a description written for an older table goes stale."""
    from chart_descriptions import described_charts, miscounted_shape

    wrong = {
        (i, str(spec.get("title"))[:60]): bad
        for i, spec, paragraph in described_charts(executed(lesson, tmp_path))
        if (bad := miscounted_shape(spec, paragraph))
    }
    assert wrong == {}


ID_LIKE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")  # kyrgyzstan-2010, kazakhstan-2022-troops


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_lesson_menus_name_their_choices_in_words_not_ids(lesson, tmp_path):
    """A menu offers "Kyrgyzstan, June 2010", not kyrgyzstan-2010: Dropdown options as (label, value) pairs."""
    state = executed(lesson, tmp_path).metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    menus = {
        m["state"].get("description", "?"): [label for label in m["state"].get("_options_labels", []) if ID_LIKE.match(label)]
        for m in state.values()
        if m.get("model_name") == "DropdownModel"
    }
    assert {menu: ids for menu, ids in menus.items() if ids} == {}


def _outputs(nb) -> list[dict]:
    """Every output of a run lesson: its cells' and those its controls (``interact``) drew in widgets."""
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    shown = [o for cell in nb.cells for o in cell.get("outputs", [])]
    return shown + [o for m in state.values() if m.get("model_name") == "OutputModel" for o in m["state"].get("outputs", [])]


def column_headers(html: str) -> list[str]:
    """The column headers of every table in ``html`` (the cells of its <thead>)."""
    heads = re.findall(r"<thead>(.*?)</thead>", html, flags=re.DOTALL)
    return [re.sub(r"<[^>]+>", "", th).strip() for head in heads for th in re.findall(r"<th[^>]*>(.*?)</th>", head, flags=re.DOTALL)]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_lesson_tables_head_their_columns_in_words_not_ids(lesson, tmp_path):
    """Lesson 06's explorer turned the chosen crisis's row into a column headed "armenia-2022"
    (``.to_frame(crisis)``) right under a menu that names it "Armenia, September 2022"."""
    html = ["".join(o.get("data", {}).get("text/html", "")) for o in _outputs(executed(lesson, tmp_path))]
    assert [h for text in html for h in column_headers(text) if ID_LIKE.match(h)] == []


def _tables(html: str) -> list[tuple[list[str], list[list[str]]]]:
    """Each table in ``html``: its column headers and its rows' data cells (text, tags taken out)."""
    found = []
    for table in re.findall(r"<table.*?</table>", html, flags=re.DOTALL):
        heads = column_headers(table)
        rows = [
            [re.sub(r"<[^>]+>", "", td).strip() for td in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.DOTALL)]
            for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[-1], flags=re.DOTALL)
        ]
        found.append((heads, rows))
    return found


SCREENSHOT_TABLE_LESSONS = ["04_forces_and_exercises", "05_russias_footprint", "06_crises", "07_reading_sources", "08_peers"]


@pytest.mark.parametrize("slug", SCREENSHOT_TABLE_LESSONS)
def test_lesson_tables_show_figures_flags_and_sources_in_words(slug, tmp_path):
    """Screenshot pass, 2026-12-03: ``value`` showed 19000.0 and <NA> (04, 05, 07), and 06 and 08 showed ``true``/``false``
    and raw ``;``-joined ``source_ids``. Every table a lesson shows must read as a reader reads."""
    lesson = next(x for x in LESSONS if x.slug == slug)
    html = ["".join(o.get("data", {}).get("text/html", "")) for o in _outputs(executed(lesson, tmp_path))]
    tables = [t for text in html for t in _tables(text)]
    assert tables
    cells = [c for _, rows in tables for row in rows for c in row]
    columns = [[row[k] for row in rows if k < len(row)] for _, rows in tables for k in range(max(map(len, rows), default=0))]
    floats = [column for column in columns if any(re.fullmatch(r"-?\d+\.\d+", c) for c in column)]
    whole = [column for column in floats if all(re.fullmatch(r"-?\d+\.0", c) for c in column if c != "—")]
    assert whole == [], "a column of whole numbers written as floats (19000.0)"
    assert [c for c in cells if c in ("&lt;NA&gt;", "<NA>", "NaN", "NaT", "None", "true", "false")] == []
    raw_ids = [c for c in cells if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+(?:;[a-z0-9]+(?:-[a-z0-9]+)+)+", c)]
    assert raw_ids == [], "source ids joined by ';' are shown as the lessons cite them"


def test_lesson_09_explorer_lists_a_states_events_in_date_order(tmp_path):
    """Screenshot pass, 09: the events table under the state explorer was in file order (2023-11-23 before 2023-09-19),
    under a chart that reads by date."""
    lesson = next(x for x in LESSONS if x.slug == "09_where_next")
    html = ["".join(o.get("data", {}).get("text/html", "")) for o in _outputs(executed(lesson, tmp_path))]
    listed = [rows for text in html for heads, rows in _tables(text) if heads[1:3] == ["date", "category"]]
    assert listed, "the explorer's events table"
    for rows in listed:
        dates = [row[0] for row in rows]
        assert len(dates) > 3 and dates == sorted(dates), dates


def test_lesson_09_crimea_map_draws_each_vote_in_a_colour_of_its_own(tmp_path):
    """Screenshot finding 09-4: "Russia (voted against)" and "voted against, with Russia" were two
    oranges (vermilion and orange), on Russia and on Belarus beside it, so a reader could not see who
    voted with Russia. Every two classes the map draws must look different with normal colour vision
    and with each common form of colour blindness (colour_distance.py)."""
    from itertools import combinations

    from chart_descriptions import described_charts
    from colour_distance import VISIONS, difference
    from scenegraph import mark_groups

    from csto_course.charts.choropleth import NO_DATA

    lesson = next(x for x in LESSONS if x.slug == "09_where_next")
    (spec,) = [spec for _, spec, _ in described_charts(executed(lesson, tmp_path)) if "voted on Crimea" in str(spec["title"])]
    shapes = [item for mark in mark_groups(spec) if mark.get("marktype") == "shape" for item in mark["items"]]
    fills = sorted({item["fill"] for item in shapes} - {NO_DATA, "transparent"})
    assert len(fills) == 3, fills  # against (Russia), against with Russia, abstained or absent
    close = [
        (a, b, vision, round(difference(a, b, vision), 1))
        for a, b in combinations(fills, 2)
        for vision in VISIONS
        if difference(a, b, vision) < (30 if vision == "normal" else 20)
    ]
    assert close == [], "classes too alike (CIEDE2000 under 30 in normal vision, under 20 with colour blindness)"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_map_with_the_caucasus_inset_says_so(lesson, tmp_path):
    """A map that draws the Caucasus again, enlarged, in its top-left corner says so in its description (what a
    screen reader announces) and in the paragraph under it; Lesson 05's facility map said neither."""
    from chart_descriptions import described_charts

    from csto_course.charts.map_frame import INSET_CAPTION

    silent = [
        (i, where)
        for i, spec, paragraph in described_charts(executed(lesson, tmp_path))
        if INSET_CAPTION in json.dumps(spec)
        for where, text in (("description", str(spec.get("description", ""))), ("paragraph", paragraph))
        if not ("inset" in text.lower() and "caucasus" in text.lower())
    ]
    assert silent == []


def test_primer_timing_chart_draws_start_request_and_end_apart(tmp_path):
    """Screenshot finding 00b-3: Armenia 2022's start and request, both at day 0, were one merged
    mark in the primer's own point chart; the legend promised three kinds of marker."""
    from chart_descriptions import described_charts
    from scenegraph import overlapping, plot_panels

    lesson = next(x for x in LESSONS if x.slug == "00b_pandas_primer")
    (spec,) = [s for _, s, _ in described_charts(executed(lesson, tmp_path)) if str(s["title"]).startswith("How soon came the request")]
    (panel,) = plot_panels(spec)
    assert len(panel["points"]) == 9  # Karabakh 2020: 2, Armenia 2021: 2, Kazakhstan 2022: 3, Armenia 2022: 2
    assert overlapping(panel["points"]) == []


def test_lesson_00_shows_progress_across_lessons_and_how_to_export_it(tmp_path):
    """Issue #16: the progress chart and the export existed, but no lesson showed them."""
    import shlex

    from csto_course import cli

    nb = json.loads((REPO / "lessons" / "00_start_here.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    prose = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "progress_chart()" in code.splitlines(), "lesson 00 draws the progress chart in a cell of its own"
    (command,) = re.findall(r"`(csto-course progress --export [^`]+)`", prose)
    from csto_course.quiz import show_quiz

    show_quiz("00_start_here").check("source-column", "source_ids")  # something to export
    argv = shlex.split(command)[1:]
    argv[-1] = str(tmp_path / argv[-1])
    assert cli.main(argv) == 0 and (tmp_path / "my-progress.csv").exists(), f"the command lesson 00 gives, {command!r}, works"
