"""What vl-convert draws for a chart: its marks, read back from Vega's scene graph.

The chart tests use it to check what a reader sees (where points sit, which
names are written), not only what the specification asks for.
"""

from __future__ import annotations

import vl_convert


def nodes(tree, role=None):
    """Every node (a dict) of a scene graph, in drawing order, with the role it has or inherits from its parents."""
    if isinstance(tree, dict):
        role = tree.get("role", role)
        yield tree, role
        for value in tree.values():
            yield from nodes(value, role)
    elif isinstance(tree, list):
        for value in tree:
            yield from nodes(value, role)


def drawing(chart) -> dict:
    """The chart's scene graph, as vl-convert's Vega draws it; ``chart`` may be the Vega-Lite spec a lesson output."""
    return vl_convert.vegalite_to_scenegraph(chart if isinstance(chart, dict) else chart.to_dict())


def mark_groups(chart) -> list[dict]:
    """Every mark node of the drawing (``role == "mark"``), in drawing order, with its ``items``."""
    return [node for node, _ in nodes(drawing(chart)) if node.get("role") == "mark"]


def _text_marks(tree, roles: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """(role, visible texts) of every text mark under ``tree`` whose role is one of ``roles``, in drawing order."""
    return [
        (role, [str(i.get("text")) for i in node.get("items", []) if i.get("opacity", 1) > 0])
        for node, role in nodes(tree)
        if node.get("marktype") == "text" and role in roles
    ]


def _texts(node, roles: tuple[str, ...]) -> list[tuple[str, str]]:
    """(role, text) of every visible text under ``node`` whose role is one of ``roles``."""
    return [(role, text) for role, texts in _text_marks(node, roles) for text in texts]


def axis_labels(chart, title: str) -> list[str]:
    """The tick labels a reader sees on the axis titled ``title`` (labels hidden for overlap left out)."""
    found = _text_marks(drawing(chart), ("axis-label", "axis-title"))
    for (role, labels), (next_role, next_texts) in zip(found, found[1:]):  # an axis: its labels, then its title
        if role == "axis-label" and next_role == "axis-title" and next_texts == [title]:
            return labels
    raise AssertionError(f"no axis titled {title!r} in the drawing")


def plot_panels(chart) -> list[dict]:
    """Every plot area that draws point symbols, as a reader sees it: its size, its points (in the
    panel's own pixels), and the axis titles, axis labels and headings drawn inside the panel itself."""
    panels: list[dict] = []
    for node, _ in nodes(drawing(chart)):
        if node.get("marktype") != "group":
            continue
        for item in node.get("items", []):
            marks = item.get("items", [])
            symbols = [p for m in marks if m.get("marktype") == "symbol" and m.get("role") == "mark" for p in m.get("items", [])]
            if symbols:
                texts = _texts(marks, ("axis-title", "axis-label", "title-text"))
                panels.append(
                    {
                        "width": item.get("width", 0),
                        "height": item.get("height", 0),
                        "points": [(p["x"], p["y"], p.get("size", 64)) for p in symbols],
                        "fills": [p.get("fill") for p in symbols],
                        "axis_titles": [t for r, t in texts if r == "axis-title"],
                        "axis_labels": [t for r, t in texts if r == "axis-label"],
                        "headings": [t for r, t in texts if r == "title-text"],
                    }
                )
    return panels


def overlapping(points: list[tuple[float, float, float]]) -> list[tuple]:
    """Pairs of point symbols whose boxes overlap: neither can be read apart from the other."""
    half = [(x, y, 0.57 * size**0.5) for x, y, size in points]  # a circle of that area reaches 0.56 * sqrt(size)
    return [
        (a[:2], b[:2])
        for i, a in enumerate(half)
        for b in half[i + 1 :]
        if abs(a[0] - b[0]) < a[2] + b[2] and abs(a[1] - b[1]) < a[2] + b[2]
    ]
