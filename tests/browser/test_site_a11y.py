"""The website against axe-core, in the light and the dark theme, notebook outputs included.

pydata-sphinx-theme's own accessibility test excuses notebook outputs from the
colour-contrast rule; this one does not excuse anything. Each lesson page is
scanned with a quiz question answered wrongly, so that the feedback's colours
are scanned too.
"""

from __future__ import annotations

import json

import pytest
from test_lessons_in_browser import PROBE
from test_site import PAGES, open_blocking_the_rest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe():
    module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is in the test extra")
    return module.Axe()


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_accessibility_problem(browser, site, axe, name, theme):
    context = browser.new_context(color_scheme=theme, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        open_blocking_the_rest(page, site.resolve().as_uri(), name)
        page.wait_for_function(f"() => document.documentElement.dataset.theme === '{theme}'")
        if name in PROBE:
            qid, wrong, _ = PROBE[name]
            form = page.locator(f"form[data-question='{qid}']")
            form.locator(f"input[type=radio][value={json.dumps(wrong)}]").check()
            form.locator(".csto-quiz-check").click()
            form.locator(".csto-verdict").wait_for()
        charts = page.locator("figure.csto-chart").count()
        if charts:
            page.wait_for_function(f"() => document.querySelectorAll('figure.csto-chart-drawn').length >= {charts}")
        # The theme fades its colours in: measure contrast once every transition has ended, not halfway.
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')", timeout=10_000)
        found = axe.run(page).response["violations"]
        serious = [v for v in found if v["impact"] in ("serious", "critical")]
        report = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in serious]
        assert report == [], "\n".join(report)
    finally:
        context.close()
