"""Does the facilities map count the table's rows per host and say what its colours mean?"""

from __future__ import annotations

import pandas as pd
import pytest

from csto_course.charts.bases import COUNT_RAMP, OPERATOR_COLOUR, count_label, facility_counts, facility_map_chart
from csto_course.data import load, load_map


@pytest.fixture(scope="module")
def tables():
    return load("bases"), load("countries")


def test_counts_have_one_row_per_host_and_add_up_to_the_table(tables):
    bases, countries = tables
    counts = facility_counts(bases, countries)
    assert list(counts.columns) == ["iso3", "name", "facilities"], "no iso_numeric: map plumbing (screenshot pass, 05-3)"
    assert counts["iso3"].is_unique and set(counts["iso3"]) == set(bases["host"])
    assert counts["facilities"].sum() == len(bases)
    assert counts["name"].notna().all()
    assert counts["facilities"].is_monotonic_decreasing
    assert list(counts.index) == list(range(len(counts)))


def test_ties_are_ordered_by_code():
    bases = pd.DataFrame({"host": ["TJK", "ARM", "KGZ", "KGZ"]})
    counts = facility_counts(bases, load("countries"))
    assert counts["iso3"].tolist() == ["KGZ", "ARM", "TJK"]


@pytest.mark.parametrize("count, label", [(1, "1 facility"), (2, "2 facilities"), (11, "11 facilities")])
def test_count_labels_are_words(count, label):
    assert count_label(count) == label


def test_map_is_titled_and_its_legend_runs_from_few_to_many(tables):
    bases, countries = tables
    spec = facility_map_chart(bases, countries, load_map(), title="T", description="D", subtitle="S").to_dict()
    assert spec["title"] == {"text": "T", "subtitle": "S"} and spec["description"] == "D"
    colour = spec["layer"][1]["encoding"]["color"]
    levels = sorted(facility_counts(bases, countries)["facilities"].unique())
    assert colour["scale"]["domain"] == [count_label(n) for n in levels] + ["Russia (runs the facilities)"]
    ramp = colour["scale"]["range"][:-1]
    assert [COUNT_RAMP.index(c) for c in ramp] == sorted(COUNT_RAMP.index(c) for c in ramp)  # lighter to darker
    assert len(set(ramp)) == len(ramp) and colour["scale"]["range"][-1] == OPERATOR_COLOUR
    assert colour["title"] == "Russian facilities"


def test_tooltip_speaks_of_facilities_not_status(tables):
    bases, countries = tables
    spec = facility_map_chart(bases, countries, load_map(), title="T", description="D").to_dict()
    titles = [t["title"] for t in spec["layer"][1]["encoding"]["tooltip"]]
    assert titles == ["Country", "Russian facilities in the table"]
    lookup = spec["layer"][1]["transform"][0]
    assert lookup["lookup"] == "id" and lookup["from"]["key"] == "iso_numeric"


def test_one_host_and_no_operator(tables):
    bases, countries = tables
    spec = facility_map_chart(bases[bases["host"] == "TJK"], countries, load_map(), title="T", description="D", operator=None).to_dict()
    scale = spec["layer"][1]["encoding"]["color"]["scale"]
    assert scale["domain"] == ["1 facility"] and len(scale["range"]) == 1
    rows = spec["datasets"][spec["layer"][1]["transform"][0]["from"]["data"]["name"]]
    assert [r["name"] for r in rows] == ["Tajikistan"]


def _box(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def test_tajikistan_name_sits_beside_its_shape_not_over_it(tables):
    """Screenshot pass, 05-1: Tajikistan's "1 facility" colour, on a state 37 px wide, was mostly covered by its name."""
    import re

    from scenegraph import drawing, nodes

    from csto_course.charts.map_frame import LABEL_FONT_SIZE
    from csto_course.charts.static import chart_svg

    bases, countries = tables
    chart = facility_map_chart(bases, countries, load_map(), title="T", description="D")
    assert ">Tajikistan<" in chart_svg(chart.to_dict())
    tree = drawing(chart)
    shapes = [
        i for n, _ in nodes(tree) if n.get("marktype") == "shape" for i in n.get("items", []) if "Tajikistan" in str(i.get("description"))
    ]
    (shape,) = [i for i in shapes if i.get("fill") not in (None, "transparent", "#EEEEEE")][:1]
    west, north, east, south = _box([tuple(map(float, p)) for p in re.findall(r"(-?[\d.]+),(-?[\d.]+)", shape["shape"])])
    (label,) = {
        (i["x"], i["y"]) for n, _ in nodes(tree) if n.get("marktype") == "text" for i in n.get("items", []) if i.get("text") == "Tajikistan"
    }
    half_width, half_height = 0.62 * LABEL_FONT_SIZE * len("Tajikistan") / 2, LABEL_FONT_SIZE / 2
    apart = label[0] - half_width > east or label[0] + half_width < west or label[1] - half_height > south or label[1] + half_height < north
    assert apart, (label, (west, north, east, south))
