"""Interactive explorations on the website: a still of what the control shows, and how to run it.

A lesson's ``@interact`` pickers and sliders need a Python kernel, which a
static page does not have; their widget views would show as raw text such as
``interactive(children=(Dropdown(...``. Each widget output is replaced by a
short note naming the control and its default choice, followed by what the
exploration shows for that choice: the outputs of its Output widgets, taken
from the widget state that nbclient saves with the executed notebook. A chart
among them is drawn like any other chart on the page.

Which explorations stay in Python (decided 2026-12-03, issue #15): a control that
only redraws a chart belongs in the chart, as a Vega-Lite parameter, and then works
on the site; lesson 02's year slider over the membership map is one. Every other
``@interact`` in the lessons shows pandas tables, a Markdown card, or a table with a
chart computed from the choice (lesson 00b's menu also writes the chart's
description from the rows it selects, which is what that lesson teaches), so none
can become a chart parameter without losing what it shows; each keeps this still
and the links to run it (links.py).
"""

from __future__ import annotations

import html

import nbformat

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
CONTROLS = (
    "DropdownModel",
    "IntSliderModel",
    "FloatSliderModel",
    "SelectionSliderModel",
    "RadioButtonsModel",
    "SelectModel",
    "ToggleButtonsModel",
)


def _state(nb) -> dict:
    return nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def _walk(state: dict, model_id: str, seen: set[str]):
    """The models under ``model_id`` (itself first), depth first."""
    if model_id in seen or model_id not in state:
        return
    seen.add(model_id)
    model = state[model_id]
    yield model
    for child in model.get("state", {}).get("children", []) or []:
        yield from _walk(state, str(child).replace("IPY_MODEL_", ""), seen)


def _choice(model: dict) -> str:
    s = model.get("state", {})
    label = str(s.get("description") or "the control").rstrip(": ")
    if "_options_labels" in s and isinstance(s.get("index"), int) and 0 <= s["index"] < len(s["_options_labels"]):
        value = s["_options_labels"][s["index"]]
    else:
        value = s.get("value", "")
    return f"{label}: {value}"


def still_outputs(nb, view: dict, slug: str, launch: dict[str, str] | None = None) -> list:
    """The outputs that stand in for one widget view on the page: a note, then what the exploration showed.

    ``launch`` maps where the lesson opens in JupyterLab ("your JupyterHub", "Binder") to its link; the note
    offers those first, then the notebook to download."""
    models = list(_walk(_state(nb), view.get("model_id", ""), set()))
    controls = [_choice(m) for m in models if m.get("model_name") in CONTROLS]
    shown = [out for m in models if m.get("model_name") == "OutputModel" for out in m.get("state", {}).get("outputs", [])]
    what = f" Shown here for its default choice ({html.escape('; '.join(controls))})." if controls else ""
    download = f"<a href='notebooks/{html.escape(slug)}.ipynb' download>download the notebook</a> and open it in JupyterLab"
    opens = [
        f"<a href='{html.escape(url)}'>open this lesson in JupyterLab on {html.escape(where)}</a>" for where, url in (launch or {}).items()
    ]
    ways = " or ".join(opens) + (", or " if opens else "") + download
    note = f"<div class='csto-still-note'><p><strong>An exploration to run in JupyterLab.</strong>{what} To try other choices, {ways}.</p></div>"
    out = [nbformat.v4.new_output("display_data", data={"text/html": note, "text/plain": "An exploration to run in JupyterLab."})]
    for item in shown:
        if item.get("output_type") in ("display_data", "execute_result") and "data" in item:
            out.append(nbformat.v4.new_output("display_data", data=item["data"], metadata=item.get("metadata", {})))
        elif item.get("output_type") == "stream":
            out.append(nbformat.v4.new_output("stream", name=item.get("name", "stdout"), text=item.get("text", "")))
    return out


def replace_widget_outputs(
    nb, slug: str, keep=lambda output: False, drop=lambda output: False, launch: dict[str, str] | None = None
) -> int:
    """Replace every widget view in ``nb`` by its still, except those ``keep`` accepts (left as they are)
    and those ``drop`` accepts (left out); return how many were replaced."""
    replaced = 0
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        new = []
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is None or keep(output):
                new.append(output)
                continue
            if drop(output):
                continue
            new.extend(still_outputs(nb, view, slug, launch))
            replaced += 1
        cell.outputs = new
    return replaced
