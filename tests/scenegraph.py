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
