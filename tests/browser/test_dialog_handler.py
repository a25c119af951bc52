"""A dialog that pops up in the way of a click is dismissed, reported, and the click goes through."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGE = """
<button id="target" onclick="document.body.dataset.clicked = 'yes'">Run</button>
<div class="jp-Dialog" style="position: fixed; inset: 0; background: rgba(0,0,0,.3)">
  <p>Server Connection Error</p>
  <button class="jp-mod-reject" onclick="this.closest('.jp-Dialog').remove()">Dismiss</button>
</div>
"""


def test_an_unexpected_dialog_does_not_block_the_next_click(page, request):
    page.set_content(PAGE)
    page.click("#target", timeout=10_000)
    assert page.evaluate("document.body.dataset.clicked") == "yes"
    assert request.node.unexpected_dialogs == ["Server Connection Error Dismiss"]


def test_the_restart_dialog_tests_answer_on_purpose_is_left_alone(page, request):
    page.set_content(PAGE.replace("Server Connection Error", "Restart Kernel?"))
    page.click(".jp-Dialog .jp-mod-reject", timeout=10_000)
    assert request.node.unexpected_dialogs == []


SELECT_KERNEL = """
<div class="jp-NotebookPanel"><div class="jp-Toolbar-kernelName">{kernel}</div></div>
<button id="target" onclick="document.body.dataset.clicked = 'yes'">Run</button>
<div class="jp-Dialog" style="position: fixed; inset: 0; background: rgba(0,0,0,.3)">
  <p>Select Kernel</p>
  <button class="jp-mod-reject" onclick="document.body.dataset.answer = 'declined'; this.closest('.jp-Dialog').remove()">No Kernel</button>
  <button class="jp-mod-accept" onclick="document.body.dataset.answer = 'selected'; this.closest('.jp-Dialog').remove()">Select</button>
</div>
"""


@pytest.mark.parametrize(("kernel", "answer"), [("No Kernel", "selected"), ("Python 3 (CSTO course)", "declined")])
def test_select_kernel_starts_a_kernel_only_for_a_notebook_without_one(page, request, kernel, answer):
    """JupyterLab asks once per cell a Run All sent while there was no kernel: answering "Select" to every one
    starts a kernel each time and shuts down the one before (clean-clone runs d and h of 2026-12-03)."""
    page.set_content(SELECT_KERNEL.format(kernel=kernel))
    page.click("#target", timeout=10_000)
    assert page.evaluate("document.body.dataset.answer") == answer
    assert page.evaluate("document.body.dataset.clicked") == "yes"
    assert request.node.unexpected_dialogs == [f"Select Kernel No Kernel Select ({answer})"]
