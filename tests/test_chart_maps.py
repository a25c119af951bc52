"""Maps a reader can take in at a glance: the whole region in the frame, every state named.

Each map is drawn by vl-convert (the Vega the pages use) and read back: the
outlines of the coloured states, and the names written on the map.
"""

from __future__ import annotations

import re

import pytest
from scenegraph import mark_groups

from csto_course.charts import choropleth_chart, membership_map_chart
from csto_course.data import load, load_map, status_by_year

TREATY_STATES = {"Armenia", "Azerbaijan", "Belarus", "Georgia", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan", "Uzbekistan"}


def _marks(chart) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for node in mark_groups(chart):
        found.setdefault(node.get("name", ""), []).extend(node.get("items", []))
    return found


def _membership_map():
    by_year = status_by_year().merge(load("countries")[["iso3", "iso_numeric"]], on="iso3")
    return membership_map_chart(by_year, load_map(), title="t", description="d", start_year=2010, width=620, height=380)


def _status_map():
    countries = load("countries")
    values = countries[countries["name"].isin(TREATY_STATES)].assign(status="member")[["iso_numeric", "name", "status"]]
    return choropleth_chart(values, load_map(), title="t", description="d", width=620, height=380)


def _labels(marks) -> list[dict]:
    """The dark names (the last text layer; the one before it is their white outline)."""
    return next(items for items in marks.values() if items and "text" in items[0] and items[0].get("fill") == "#1A1A1A")


@pytest.mark.parametrize("make", [_membership_map, _status_map], ids=["membership_map", "choropleth"])
def test_every_coloured_state_is_named_and_no_two_names_overlap(make):
    labels = _labels(_marks(make()))
    assert {item["text"] for item in labels} == TREATY_STATES
    boxes = []
    for item in labels:  # centred text: about 0.6 of the font size per character, bold
        half_width, half_height = len(item["text"]) * 11 * 0.62 / 2, 11 * 0.6
        boxes.append((item["text"], item["x"] - half_width, item["y"] - half_height, item["x"] + half_width, item["y"] + half_height))
    clashes = [
        (a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]
    assert clashes == []
    assert all(0 <= box[1] and box[3] <= 620 and 0 <= box[2] and box[4] <= 380 for box in boxes), "every name inside the map"


def test_the_whole_of_every_coloured_state_is_inside_the_frame():
    """The old frame cut off Russia's Arctic coast: every point of every coloured outline must be in view."""
    marks = _marks(_status_map())
    coloured = [items for items in marks.values() if items and "shape" in items[0] and items[0].get("fill") != "#EEEEEE"]
    points = [
        (float(x), float(y)) for items in coloured for item in items for x, y in re.findall(r"(-?\d+\.?\d*),(-?\d+\.?\d*)", item["shape"])
    ]
    assert len(points) > 500
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert min(xs) >= 0 and max(xs) <= 620 and min(ys) >= 0 and max(ys) <= 380, (min(xs), max(xs), min(ys), max(ys))
