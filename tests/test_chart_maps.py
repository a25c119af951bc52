"""Maps a reader can take in at a glance: the whole region in the frame, every state named, the Caucasus enlarged.

Each map is drawn by vl-convert (the Vega the pages use) and read back: the
outlines of the coloured states, and the names written on the map.
"""

from __future__ import annotations

import re

import pytest
from scenegraph import mark_groups

from csto_course.charts import STATUS_COLOURS, choropleth_chart, membership_map_chart
from csto_course.charts.choropleth import NO_DATA
from csto_course.charts.map_frame import INK, INSET_BOX, INSET_LABELS, LABEL_FONT_SIZE
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
    """The dark names, on the map and in the inset (each drawn over a white outline of itself)."""
    return [item for items in marks.values() for item in items if "text" in item and item.get("fill") == INK]


def _box(item: dict) -> tuple[float, float, float, float]:
    """Where a centred bold name is drawn: about 0.62 of the font size per character."""
    half_width, half_height = len(item["text"]) * LABEL_FONT_SIZE * 0.62 / 2, LABEL_FONT_SIZE * 0.6
    return (item["x"] - half_width, item["y"] - half_height, item["x"] + half_width, item["y"] + half_height)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("make", [_membership_map, _status_map], ids=["membership_map", "choropleth"])
def test_every_coloured_state_is_named_once_and_no_two_names_overlap(make):
    labels = _labels(_marks(make()))
    assert sorted(item["text"] for item in labels) == sorted(TREATY_STATES), "each state named once"
    boxes = {item["text"]: _box(item) for item in labels}
    clashes = [(a, b) for i, a in enumerate(boxes) for b in list(boxes)[i + 1 :] if _overlap(boxes[a], boxes[b])]
    assert clashes == []
    assert all(0 <= x0 and x1 <= 620 and 0 <= y0 and y1 <= 380 for x0, y0, x1, y1 in boxes.values()), "every name inside the map"
    inset = {name for name, box in boxes.items() if _overlap(box, INSET_BOX)}
    assert inset == set(INSET_LABELS), "the Caucasus names in the inset, no other name under it"
    assert all(_overlap(boxes[name], INSET_BOX) and boxes[name][0] >= INSET_BOX[0] and boxes[name][2] <= INSET_BOX[2] for name in inset)


def _widths_by_colour(chart) -> dict[str, list[float]]:
    """Fill colour -> how many pixels across each coloured outline of that colour is drawn."""
    found: dict[str, list[float]] = {}
    for items in _marks(chart).values():
        for item in items:
            if "shape" in item and item.get("fill") not in (None, NO_DATA, "white", "transparent"):
                xs = [float(x) for x, _ in re.findall(r"(-?\d+\.?\d*),(-?\d+\.?\d*)", item["shape"])]
                found.setdefault(item["fill"], []).append(max(xs) - min(xs) if xs else 0.0)
    return found


def test_the_caucasus_states_are_drawn_large_enough_to_see_their_colour():
    """In 2025 Armenia's participation is frozen, Georgia and Azerbaijan are former members; on the map alone
    Armenia was a speck a few pixels across whose colour a student could not see."""
    by_year = status_by_year().merge(load("countries")[["iso3", "iso_numeric"]], on="iso3")
    widths = _widths_by_colour(membership_map_chart(by_year, load_map(), title="t", description="d", start_year=2025))
    assert max(widths[STATUS_COLOURS["member, participation frozen"]]) >= 40, widths  # Armenia, in the inset
    assert sorted(widths[STATUS_COLOURS["former member"]])[-2] >= 40, widths  # Georgia and Azerbaijan, in the inset


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


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # pairs from Sharma, Wu and Dalal's (2005) test data for CIEDE2000
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ],
)
def test_the_colour_difference_the_map_tests_use_is_ciede2000(lab1, lab2, expected):
    from colour_distance import ciede2000, lab

    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4) == pytest.approx(ciede2000(lab2, lab1), abs=1e-4)
    assert lab("#FFFFFF") == pytest.approx((100.0, 0.0, 0.0), abs=0.02)
