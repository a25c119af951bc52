"""A real JupyterLab on 127.0.0.1 and headless Chromium (Debian's package), for browser tests.

The server serves a scratch copy of lessons/ (so nothing in the repository is
modified) with private Jupyter config, runtime and data folders. Chromium is
Debian's ``chromium`` package, driven by Playwright with ``executable_path``;
a test tool never downloads a browser. Without chromium or playwright the
browser tests are skipped with the reason; CI installs both (see .ci/run).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
    pytest.importorskip("playwright", reason="playwright is in the test extra: pip install -e '.[test]'")
    return path


SERVER_LOGS: list[Path] = []  # this worker's JupyterLab log: its end goes into a failing test's report


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory, chromium_path):
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(REPO / "lessons", root / "lessons")
    private = root / ".jupyter-private"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(private / "config"),
        "JUPYTER_RUNTIME_DIR": str(private / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(private / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(private / "settings"),
        "CSTO_COURSE_PROGRESS": str(private / "quiz-progress.json"),
    }
    # No autosave: the tests save when they mean to and then read the file, and a read that meets a save
    # (JupyterLab's autosave comes every 2 minutes) can break it. The course's own settings still apply.
    docmanager = private / "settings" / "@jupyterlab" / "docmanager-extension"
    docmanager.mkdir(parents=True)
    (docmanager / "plugin.jupyterlab-settings").write_text('{"autosave": false}\n', encoding="utf-8")
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--ServerApp.root_dir={root}",
        "--allow-root",
    ]
    log = open(root / "server.log", "w")
    SERVER_LOGS.append(root / "server.log")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited: {(root / 'server.log').read_text()[-2000:]}") from None
            time.sleep(0.5)
    else:
        proc.terminate()
        raise RuntimeError("JupyterLab did not start within 90 s")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield b
        b.close()


KERNEL_NAME = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar-kernelName"


def answer_select_kernel(pg, dialog, seen: list[str]) -> None:
    """Start a kernel from JupyterLab's "Select Kernel" dialog only if the notebook has none.

    JupyterLab asks once for every cell it was told to run while the notebook had no kernel (its
    ``runCell``), so a Run All at that moment queues one dialog per cell. Answering "Select" to each
    starts a new kernel and shuts down the one before, over and over (clean-clone runs d and h of
    2026-12-03: 20 dialogs in 30 s, nothing run). Once the notebook has a kernel, or one on its way
    (the toolbar then names it), the rest are declined: declining one changes nothing. After three
    kernels started this way, the test's own recovery (restart and run all) takes over."""
    name = pg.locator(KERNEL_NAME)
    has_kernel = name.count() > 0 and "No Kernel" not in name.first.inner_text(timeout=5_000)
    started = sum("Select Kernel" in s and s.endswith("(selected)") for s in seen)
    if has_kernel or started >= 3:
        seen[-1] += " (declined)"
        dialog.locator(".jp-mod-reject").first.click()
    else:
        seen[-1] += " (selected)"
        dialog.get_by_role("button", name="Select").click()


def _dismiss_unexpected_dialogs(pg, request) -> None:
    """A JupyterLab dialog that pops up under load ("Select Kernel", a server hiccup) must not
    block the next click: Playwright calls this handler whenever one stands in the way of an
    action, then retries the action. Each dialog is kept as a screenshot and named in the
    test's report. The one dialog tests answer on purpose ("Restart Kernel?") is left alone."""
    unexpected = pg.locator(".jp-Dialog").filter(has_not_text="Restart")
    seen: list[str] = []
    request.node.unexpected_dialogs = seen

    def answer(dialog) -> None:
        text = " ".join(dialog.inner_text().split())[:200]
        seen.append(text)
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"dialog-{len(seen)}-{request.node.name[:80].replace('/', '_')}.png"))
        if "Select Kernel" in text:
            answer_select_kernel(pg, dialog, seen)
        elif dialog.locator(".jp-mod-reject").count():
            dialog.locator(".jp-mod-reject").first.click()
        else:
            dialog.locator(".jp-mod-accept").first.click()

    def handle(_) -> None:
        # Under load JupyterLab can show the same dialog twice (one per kernel it starts):
        # answer every one there is, a few times at most, then let the action retry.
        for _attempt in range(5):
            if not unexpected.count():
                return
            answer(unexpected.first)
            pg.wait_for_timeout(300)

    # no_wait_after: if a dialog is still there, the action retries and this runs again
    pg.add_locator_handler(unexpected.first, handle, no_wait_after=True)  # .first: two at once is the case


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    _dismiss_unexpected_dialogs(pg, request)
    # The page's own errors and warnings, for the report of a failed test: a widget that could not be
    # restored ("widget model not found") or a script that broke says why only in the console.
    console: list[str] = []
    pg.on("console", lambda m: console.append(f"{m.type}: {m.text}"[:500]) if m.type in ("error", "warning") else None)
    request.node.browser_console = console
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
        pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)
    dialogs = getattr(item, "unexpected_dialogs", None)
    if rep.when == "call" and dialogs:
        rep.sections.append(("JupyterLab dialogs dismissed", "\n".join(dialogs)))
    console = getattr(item, "browser_console", None)
    if rep.when == "call" and rep.failed and console:
        rep.sections.append(("browser console, errors and warnings (last 40)", "\n".join(console[-40:])))
    if rep.when == "call" and rep.failed and "lab_server" in getattr(item, "fixturenames", ()) and SERVER_LOGS:
        # A kernel that will not start or stays "Disconnected" (seen once in CI, lesson 05) says why only here.
        try:
            tail = SERVER_LOGS[-1].read_text(errors="replace")[-4000:]
        except OSError as exc:
            tail = f"(the server's log could not be read: {exc})"
        rep.sections.append(("JupyterLab server log (last 4,000 characters)", tail))


@pytest.fixture(scope="session")
def site(tmp_path_factory, chromium_path) -> Path:
    """The course website, built once (``csto-course site``) for the site tests."""
    pytest.importorskip("myst_nb", reason="the website needs the 'site' extra")
    from csto_course.site.build import build_site

    out = tmp_path_factory.mktemp("site") / "html"
    build_site(out)
    return out
