"""Keys a student presses on a lesson's controls must act on the control, never on the notebook.

JupyterLab's command-mode shortcuts (d d deletes a cell) fire for keys from
anything that is not a text box; csto_course's lesson guard and the quiz stop
them (src/csto_course/assets/lesson-start.js, quiz/assets/quiz-view.js).
"""

from __future__ import annotations

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"

# What a student presses by habit or by mistake with a control focused: arrows, the notebook's own
# one-letter commands (d d delete, a/b insert, x cut, m markdown, z undo) and Enter.
KEYS = ["ArrowDown", "ArrowUp", "d", "d", "a", "b", "x", "m", "z", "Enter"]
# Everything a student can focus with Tab or a click in an output: form controls, the "..." menu
# (a <summary>) and links of a chart, the quiz's links to sources, and any element given a tabindex
# (the handles of ipywidgets' sliders, roles such as radio or option).
CONTROLS = "input, select, textarea, button, summary, a[href], [tabindex]:not([tabindex='-1']), [role=slider], [role=radio], [role=option]"


def notebook_state(page) -> dict:
    return page.evaluate(f"""() => {{
        const nb = document.querySelector("{NOTEBOOK} .jp-Notebook");
        const cells = [...nb.querySelectorAll(":scope .jp-Cell")];
        return {{cells: cells.length, command_mode: nb.classList.contains("jp-mod-commandMode"), active: cells.findIndex(c => c.classList.contains("jp-mod-active")),
                 kinds: cells.map(c => c.classList.contains("jp-MarkdownCell") ? "markdown" : "code").join(",")}};
    }}""")


def press_keys_on_every_control(page, scope) -> int:
    """Focus every visible control in ``scope`` and press the keys a student would; the notebook must not change.

    Returns how many controls were tried, so that a caller can check none was missed."""
    controls = scope.locator(CONTROLS)
    tried = 0
    for i in range(controls.count()):
        control = controls.nth(i)
        if not control.is_visible():
            continue
        tried += 1
        control.focus()  # focusing an output makes its cell the active one: that is not a key's doing
        page.keyboard.press("Escape")  # the notebook's command mode, where d d deletes a cell (as after a click)
        control.focus()
        before = notebook_state(page)
        assert before["command_mode"], "the keys must be tried where the notebook's shortcuts are live"
        link = control.evaluate("e => e.matches('a[href]')")
        for key in KEYS:
            if link and key == "Enter":
                continue  # Enter follows the link into a new tab: the control's own action, which moves the focus off the page
            page.keyboard.press(key)
        after = notebook_state(page)
        what = control.evaluate("e => e.outerHTML.slice(0, 120)")
        assert after == before, f"keys on {what} changed the notebook: {before} -> {after}"
    return tried
