"""The built website in a real browser, with the network blocked: every page from the site alone.

The site is built once (``csto-course site``) and opened both from ``file://``
and from a local web server. On every page: no request leaves the site, every
chart the lesson's notebook produced is drawn, and the static quiz's answers
open with the keyboard.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading

import pytest

from csto_course.lessons import LESSONS

pytestmark = pytest.mark.browser

KIT = ["index", "syllabus-map", "lesson-plans", "reading-list", "glossary", "alignment", "capstone-rubric"]
PAGES = (
    [lesson.slug for lesson in LESSONS]
    + ["index", "glossary", "sources", "search", "instructors/guide"]
    + [f"instructors/kit/{name}" for name in KIT]
)


@pytest.fixture(scope="module")
def served(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(params=["file", "http"])
def origin(request, site):
    """The base address of the site, opened from disk or from a local server."""
    if request.param == "file":
        return site.resolve().as_uri()
    return request.getfixturevalue("served")


def open_blocking_the_rest(page, base: str, name: str) -> list[str]:
    """Open ``name``.html; every request that is not for the site is refused and recorded."""
    outside: list[str] = []

    def guard(route) -> None:
        url = route.request.url
        if url.startswith(base + "/") or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.context.route("**/*", guard)
    page.on("request", lambda req: None if req.url.startswith((base + "/", "data:", "blob:")) else outside.append(req.url))
    page.goto(f"{base}/{name}.html", wait_until="load")
    return outside


@pytest.mark.parametrize("name", PAGES)
def test_every_page_loads_from_the_site_alone_and_draws_its_charts(page, site, origin, name):
    manifest = json.loads((site / "_static" / "csto-site.json").read_text())
    expected = manifest["pages"].get(name, {}).get("charts", 0)
    outside = open_blocking_the_rest(page, origin, name)
    if expected:
        page.wait_for_function(
            f"() => document.querySelectorAll('figure.csto-chart.csto-chart-drawn').length >= {expected}"
            " || document.querySelector('figure.csto-chart.csto-chart-failed')",
            timeout=30_000,
        )
    failed = page.locator("figure.csto-chart.csto-chart-failed")
    assert failed.count() == 0, failed.first.inner_text()[:300]
    drawn = page.locator("figure.csto-chart.csto-chart-drawn svg.marks")
    assert drawn.count() == expected, f"the notebook made {expected} chart(s); the page drew {drawn.count()}"
    page.wait_for_timeout(300)  # late requests (fonts, lazy scripts) would show up now
    assert outside == [], f"requests left the site: {sorted(set(outside))[:5]}"


def test_every_lesson_page_has_charts_and_a_quiz(site):
    manifest = json.loads((site / "_static" / "csto-site.json").read_text())
    for lesson in LESSONS:
        html = (site / f"{lesson.slug}.html").read_text(encoding="utf-8")
        assert manifest["pages"][lesson.slug]["charts"] >= 1, lesson.slug
        assert "csto-quiz-static" in html, f"{lesson.slug} shows no quiz"
        assert "widget-view" not in html and "require.js" not in html, "widget code would come from a CDN"
        assert "widget-state+json" not in html, f"{lesson.slug} carries widget state that nothing on the site reads"
        for raw in ("interactive(children=", "VBox(children=", "HBox(children="):
            assert raw not in html, f"{lesson.slug} shows a widget's raw text ({raw}...) instead of a still"


def test_a_python_exploration_becomes_a_still_of_its_default_choice(site):
    """Lesson 06's crisis picker: the note names the control's default, and its chart is on the page."""
    import nbformat

    from csto_course.paths import lessons_dir

    html = (site / "06_crises.html").read_text(encoding="utf-8")
    assert "An exploration to run in JupyterLab." in html and "Crisis: " in html
    nb = nbformat.read(lessons_dir() / "06_crises.ipynb", as_version=4)
    explorations = sum("@interact" in c.source or "interact(" in c.source for c in nb.cells if c.cell_type == "code")
    assert html.count("csto-still-note") >= explorations >= 1


def test_every_lesson_offers_its_notebook_and_the_data_from_the_site(site):
    import re

    for lesson in LESSONS:
        html = (site / f"{lesson.slug}.html").read_text(encoding="utf-8")
        targets = re.findall(r'<a href="([^"]+)" download>', html)
        assert f"notebooks/{lesson.filename}" in targets and "downloads/csto-course-data.zip" in targets, lesson.slug
        assert all((site / t).is_file() for t in targets), targets


def test_without_javascript_the_static_quiz_shows_and_its_answers_open_with_the_keyboard(browser, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        open_blocking_the_rest(page, site.resolve().as_uri(), "01_origins")
        first = page.locator(".csto-quiz-static details").first
        first.locator("summary").focus()
        assert first.get_attribute("open") is None
        page.keyboard.press("Enter")
        assert first.get_attribute("open") is not None
        assert "Answer:" in first.inner_text()
    finally:
        context.close()


def test_a_citation_leads_to_its_source(page, site):
    open_blocking_the_rest(page, site.resolve().as_uri(), "01_origins")
    cite = page.locator("a.csto-cite").first
    target = cite.get_attribute("href").split("#", 1)[1]
    cite.click()
    page.wait_for_url(f"**/sources.html#{target}")
    assert page.locator(f"#{target}").count() == 1


def test_a_chart_keeps_its_tooltips(page, site):
    """Pointing at a mark shows the tooltip its spec asks for (vega-embed's own tooltip handler)."""
    open_blocking_the_rest(page, site.resolve().as_uri(), "01_origins")
    figure = page.locator("figure.csto-chart.csto-chart-drawn").first
    figure.wait_for()
    assert '"tooltip"' in figure.locator("script.csto-chart-spec").text_content(), "lesson 01's first chart has tooltips"
    tooltip = page.locator("#vg-tooltip-element.visible")
    marks = figure.locator("svg.marks g[class*='mark-'] > path")
    for n in range(min(marks.count(), 60)):
        marks.nth(n).hover(force=True)
        if tooltip.count():
            break
    assert tooltip.count() == 1, "no mark of the chart showed a tooltip"
    assert tooltip.inner_text().strip()


def test_site_wide_search_finds_the_lessons_from_the_site_alone(page, site):
    base = site.resolve().as_uri()
    outside = open_blocking_the_rest(page, base, "search")
    page.goto(f"{base}/search.html?q=Tashkent", wait_until="load")
    results = page.locator("ul.search li a")
    results.first.wait_for(timeout=30_000)
    hrefs = results.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(h.startswith("01_origins.html") for h in hrefs), hrefs
    assert outside == [], f"requests left the site: {sorted(set(outside))[:5]}"


def test_lesson_02s_year_slider_redraws_its_chart_from_the_keyboard(page, site):
    """The one exploration that became a Vega-Lite parameter works on the page itself, with no kernel."""
    open_blocking_the_rest(page, site.resolve().as_uri(), "02_membership")
    figure = page.locator("figure.csto-chart", has=page.locator(".vega-bind input[type=range]"))
    slider = figure.locator(".vega-bind input[type=range]")
    slider.wait_for(timeout=30_000)
    before, year = figure.locator("svg.marks").inner_html(), slider.input_value()
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    assert slider.input_value() != year, "the arrow keys move the year"
    page.wait_for_function("([fig, old]) => fig.querySelector('svg.marks').innerHTML !== old", arg=[figure.element_handle(), before])
