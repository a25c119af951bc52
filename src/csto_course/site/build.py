"""``csto-course site --out DIR``: the whole course as a static website, built offline.

The pipeline, in order (each step one function below):

1. ``stage``: copy the lessons into a scratch source folder and write the
   pages that are not lessons (home, sources) and Sphinx's ``conf.py``;
2. ``execute_all`` (execute.py): run every lesson on a fresh kernel, in parallel;
3. ``prepare``: ``[@id]`` becomes a link to the source (pages.py), the
   static quiz the interactive one (quiz.py), from the lesson's own bank, and
   each Python exploration a still with a note on running it (widgets.py);
4. ``sphinx``: Sphinx with myst-nb and sphinx-book-theme renders the executed
   notebooks (never executing them again) into ``DIR``; the Vega bundle and the
   site's scripts are written into its ``_static`` folder (vendor.py).

Nothing on the built pages is fetched from anywhere but the site itself.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..lesson_start import READY_MARK
from ..lessons import LESSONS
from ..paths import lessons_dir
from .execute import LessonRun, execute_all
from .links import LaunchSettings, binder_link, hub_link, lesson_links_markdown, write_downloads
from .pages import link_notebook_citations, read_sources, write_pages
from .quiz import QUIZ_MARK, replace_quiz_outputs
from .vendor import write_static
from .widgets import replace_widget_outputs

TITLE = "The Collective Security Treaty Organization: a course"
INTRO = (
    "An open course on the Collective Security Treaty Organization (CSTO): its history, structure "
    "and critiques, told from sourced datasets, with charts and quizzes in every lesson."
)

CONF = """# Written by csto_course.site.build; edit that module, not this file.
project = {title!r}
extensions = ["myst_nb"]
html_theme = "sphinx_book_theme"
html_title = {title!r}
html_static_path = ["_static"]
html_extra_path = ["_extra"]
html_js_files = {scripts!r}
html_css_files = ["csto-quiz-view.css", "csto-site.css"]
html_theme_options = {{"use_download_button": True, "show_toc_level": 2, "home_page_in_toc": True}}
html_last_updated_fmt = None
html_copy_source = False
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
myst_enable_extensions = ["colon_fence", "deflist"]
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]
# The notebooks arrive executed (execute.py); myst-nb only renders them.
nb_execution_mode = "off"
# Widgets are inert on a static page, and their JavaScript would come from a CDN:
# render the quiz's static HTML instead of its widget view, and load no widget code.
nb_ipywidgets_js = {{}}
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
    ("html", "application/vnd.jupyter.widget-state+json", None),
]
"""


class SiteBuildFailed(Exception):
    """A lesson could not be executed, or Sphinx failed: the message says which and why."""


@dataclass
class SiteReport:
    out: Path
    runs: list[LessonRun] = field(default_factory=list)
    execute_seconds: float = 0.0
    sphinx_seconds: float = 0.0

    @property
    def index(self) -> Path:
        return self.out / "index.html"


def stage(src: Path, instructor_pages: bool = True) -> list[Path]:
    """Write the source folder Sphinx reads; return the lesson notebooks to execute."""
    sources = [lessons_dir() / lesson.filename for lesson in LESSONS]
    missing = [str(p) for p in sources if not p.exists()]
    if missing:
        raise SiteBuildFailed(f"lesson notebooks not found: {', '.join(missing)}")
    write_pages(src, TITLE, INTRO, instructor_pages)
    write_downloads(src / "_extra")
    scripts = write_static(src / "_static")
    (src / "conf.py").write_text(CONF.format(title=TITLE, scripts=scripts), encoding="utf-8")
    return sources


def sphinx(src: Path, out: Path, jobs: int) -> None:
    from sphinx.cmd.build import build_main

    doctrees = src / "_doctrees"
    code = build_main(["-b", "html", "-q", "-j", str(max(1, jobs)), "-d", str(doctrees), str(src), str(out)])
    if code != 0:
        raise SiteBuildFailed(f"Sphinx stopped with exit code {code} (its messages are above)")


def prepare(notebook: Path, known: set[str], launch: LaunchSettings) -> None:
    """Citations as links, the quiz as the site's own, the download and launch links under the title.

    The executed notebook is rewritten in place.
    """
    import nbformat

    from ..quiz import load_bank

    nb = nbformat.read(notebook, as_version=4)
    link_notebook_citations(nb, known)
    links = nbformat.v4.new_markdown_cell(lesson_links_markdown(notebook.stem, launch))
    if nb.nbformat_minor < 5:  # cell ids came with nbformat 4.5; lesson 08 is a 4.4 notebook
        del links["id"]
    nb.cells.insert(1, links)
    if replace_quiz_outputs(nb, load_bank(notebook.stem)) == 0:
        raise SiteBuildFailed(f"lesson {notebook.stem} showed no quiz when it ran")
    opens = {"your JupyterHub": hub_link(launch, notebook.stem), "Binder": binder_link(launch, notebook.stem)}
    replace_widget_outputs(
        nb,
        notebook.stem,
        keep=lambda output: QUIZ_MARK in _html_of(output),
        drop=lambda output: READY_MARK in _html_of(output),  # "the lesson is ready" means nothing on a page
        launch={where: url for where, url in opens.items() if url},
    )
    # Every widget is now the site's quiz or a still, and no widget code loads on a page: the saved
    # widget state that myst-nb would write into it (24 to 62 KB a lesson) is read by nothing.
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, notebook)


def chart_outputs(notebook: Path) -> int:
    """How many charts the executed notebook holds among its cells' own outputs."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return sum(
        any(k.startswith("application/vnd.vegalite") for k in out.get("data", {}))
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
    )


def write_manifest(path: Path, notebooks: list[Path]) -> None:
    """What each page must show, counted from the executed notebooks (the browser tests read it)."""
    pages = {nb.stem: {"charts": chart_outputs(nb)} for nb in notebooks}
    path.write_text(json.dumps({"pages": pages}, indent=1), encoding="utf-8")


def build_site(out: Path, jobs: int = 2, launch: LaunchSettings | None = None, instructor_pages: bool = True) -> SiteReport:
    from ..extras import require

    require("myst_nb", "site", "Building the website")
    out = Path(out)
    launch = launch or LaunchSettings()
    report = SiteReport(out)
    with tempfile.TemporaryDirectory(prefix="csto-site-src-") as scratch:
        src = Path(scratch)
        lessons = stage(src, instructor_pages)
        began = time.perf_counter()
        report.runs = execute_all(lessons, src, jobs)
        report.execute_seconds = time.perf_counter() - began
        failed = [r for r in report.runs if not r.ok]
        if failed:
            raise SiteBuildFailed("; ".join(f"lesson {r.slug} did not run: {r.message}" for r in failed))
        known = {row["source_id"] for row in read_sources()}
        for lesson in lessons:
            prepare(src / lesson.name, known, launch)
        write_manifest(src / "_static" / "csto-site.json", [src / lesson.name for lesson in lessons])
        if out.exists():
            shutil.rmtree(out)
        began = time.perf_counter()
        sphinx(src, out, jobs)
        report.sphinx_seconds = time.perf_counter() - began
    return report


def _html_of(output) -> str:
    return str(output.get("data", {}).get("text/html", ""))
