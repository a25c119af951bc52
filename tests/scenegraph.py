"""What vl-convert draws for a chart: its marks, read back from Vega's scene graph.

The chart tests use it to check what a reader sees (where points sit, which
names are written), not only what the specification asks for.
"""

from __future__ import annotations

import vl_convert


def mark_groups(chart) -> list[dict]:
    """Every mark node of the drawing (``role == "mark"``), in drawing order, with its ``items``."""
    found: list[dict] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("role") == "mark":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(vl_convert.vegalite_to_scenegraph(chart.to_dict()))
    return found


def axis_labels(chart, title: str) -> list[str]:
    """The tick labels a reader sees on the axis titled ``title`` (labels hidden for overlap left out)."""
    found: list[tuple[str, list[str]]] = []

    def walk(node, role=None):
        if isinstance(node, dict):
            role = node.get("role", role)
            if node.get("marktype") == "text" and role in ("axis-label", "axis-title"):
                found.append((role, [i.get("text") for i in node.get("items", []) if i.get("opacity", 1) > 0]))
            for value in node.values():
                walk(value, role)
        elif isinstance(node, list):
            for value in node:
                walk(value, role)

    walk(vl_convert.vegalite_to_scenegraph(chart.to_dict()))
    for (role, labels), (next_role, next_texts) in zip(found, found[1:]):  # an axis: its labels, then its title
        if role == "axis-label" and next_role == "axis-title" and next_texts == [title]:
            return [str(label) for label in labels]
    raise AssertionError(f"no axis titled {title!r} in the drawing")
