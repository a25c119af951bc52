"""Charts a reader takes in at a glance: time axes whose labels never repeat.

Each chart is drawn to SVG by vl-convert (the same Vega the pages use) and its
axis labels are read back, over a long, a middling and a short span of real
course data.
"""

from __future__ import annotations

import pandas as pd
import pytest

from csto_course.charts import claimed_figures_chart, crisis_timeline_chart, membership_chart, timeline_chart
from csto_course.data import load, membership_periods

pytest.importorskip("vl_convert", reason="vl-convert-python is in the test extra")
from scenegraph import axis_labels  # noqa: E402 - needs vl_convert


def assert_no_repeats(labels: list[str]) -> None:
    assert len(labels) >= 2, f"an axis needs at least two labels to be read: {labels}"
    assert len(labels) == len(set(labels)), f"repeated axis labels: {labels}"


@pytest.mark.parametrize("since", ["1992-01-01", "2014-01-01", "2021-01-01", "2024-01-01"])
def test_timeline_years_are_not_repeated(since):
    events = load("events")
    chart = timeline_chart(events[events["date"] >= since], title="t", description="d")
    assert_no_repeats(axis_labels(chart, "Date"))


def test_membership_years_are_not_repeated():
    assert_no_repeats(axis_labels(membership_chart(membership_periods(), title="t", description="d"), "Year"))


@pytest.mark.parametrize("crisis", [None, "armenia-2022", "kazakhstan-2022", "kyrgyzstan-2010"])
def test_crisis_dates_are_not_repeated(crisis):
    crises = load("crises")
    rows = crises if crisis is None else crises[crises["crisis_id"] == crisis]
    assert_no_repeats(axis_labels(crisis_timeline_chart(rows, title="t", description="d"), "Date"))


def test_claimed_figures_years_are_not_repeated():
    claims = load("claims")
    rows = claims[claims["topic"] == "kazakhstan-2022-troops"]
    assert_no_repeats(axis_labels(claimed_figures_chart(rows, title="t", description="d"), "Date the figure refers to"))


def test_the_check_sees_a_repeated_label():
    """The label reader must be able to fail: the old "%Y"-only axis over three years repeats years."""
    import altair as alt

    data = pd.DataFrame({"date": pd.to_datetime(["2021-04-29", "2022-09-14", "2024-02-22"]), "y": ["a"] * 3})
    old = alt.Chart(data).mark_point().encode(x=alt.X("date:T", title="Date", axis=alt.Axis(format="%Y")), y="y:N")
    labels = axis_labels(old, "Date")
    assert len(labels) != len(set(labels))


def status_colours_in(spec) -> dict:
    """Every status -> colour pair that a chart's colour scales set, wherever they sit in the spec."""
    pairs: dict[str, set[str]] = {}

    def walk(node):
        if isinstance(node, dict):
            colour = node.get("color")
            if isinstance(colour, dict) and colour.get("field") == "status" and "scale" in colour:
                scale = colour["scale"]
                for status, value in zip(scale.get("domain", []), scale.get("range", [])):
                    pairs.setdefault(status, set()).add(value)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return pairs


def test_one_status_colour_scale_across_the_course():
    from csto_course.charts import STATUS_COLOURS, membership_map_chart
    from csto_course.charts.outlook import organisations_grid_chart
    from csto_course.charts.overview import status_counts_chart
    from csto_course.data import load_map, status_by_year

    by_year = status_by_year(1992, 2026)
    counts = by_year.groupby(["year", "status"]).size().reset_index(name="states")
    grid = by_year[by_year["year"] == 2026].assign(abbreviation="CSTO")
    charts = {
        "membership_chart": membership_chart(membership_periods(), title="t", description="d"),
        "status_counts_chart": status_counts_chart(counts, title="t", description="d"),
        "membership_map_chart": membership_map_chart(by_year, load_map(), title="t", description="d"),
        "organisations_grid_chart": organisations_grid_chart(grid, organisations=["CSTO"], title="t", description="d"),
    }
    for name, chart in charts.items():
        pairs = status_colours_in(chart.to_dict())
        assert pairs, f"{name} colours no status"
        wrong = {s: c for s, c in pairs.items() if s in STATUS_COLOURS and c != {STATUS_COLOURS[s]}}
        assert wrong == {}, f"{name} colours statuses its own way: {wrong}"


def point_centres(chart) -> list[tuple[float, float]]:
    """Where the chart draws each point symbol, as (x, y) in pixels."""
    from scenegraph import mark_groups

    return [(item["x"], item["y"]) for node in mark_groups(chart) if node.get("marktype") == "symbol" for item in node.get("items", [])]


@pytest.mark.parametrize("since", ["1992-01-01", "2014-01-01", "2022-09-13"])
def test_timeline_points_never_sit_on_each_other(since):
    """Events on the same day or days apart (two on 2026-01-01, for one) are drawn one above the other."""
    events = load("events")
    shown = events[events["date"] >= since]
    points = point_centres(timeline_chart(shown, title="t", description="d"))
    assert len(points) == len(shown)
    close = [(a, b) for i, a in enumerate(points) for b in points[i + 1 :] if abs(a[0] - b[0]) < 10 and abs(a[1] - b[1]) < 10]
    assert close == [], f"points drawn on top of each other: {close[:3]}"


def test_a_row_without_neighbours_stays_on_its_line():
    from csto_course.charts.timeline import lanes

    dates = pd.Series(pd.to_datetime(["2020-01-01", "2020-01-02", "2020-01-03", "2025-01-01"]))
    rows = pd.Series(["a", "a", "a", "b"])
    assert lanes(dates, rows, width=600).tolist() == [0, 1, 2, 0]


def test_membership_tooltips_write_dates_at_the_precision_the_sources_give():
    """Azerbaijan left in April 1999, a date known to the month: the chart must not say 1999-04-01."""
    from csto_course.charts.membership import membership_chart

    spec = membership_chart(membership_periods(until="2026-01-01"), title="t", description="d").to_dict()
    rows = [r for values in spec["datasets"].values() for r in values]
    azerbaijan = {(r["status"], r["start_label"], r["end_label"]) for r in rows if r["name"] == "Azerbaijan"}
    assert azerbaijan == {
        ("signatory", "1993-09-24", "1994-04-20"),
        ("member", "1994-04-20", "1999-04"),
        ("former member", "1999-04", "2026-01-01"),
    }
