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
