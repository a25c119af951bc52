"""Charts a reader takes in at a glance: time axes whose labels never repeat.

Each chart is drawn to SVG by vl-convert (the same Vega the pages use) and its
axis labels are read back, over a long, a middling and a short span of real
course data.
"""

from __future__ import annotations

import pandas as pd
import pytest
from scenegraph import axis_labels

from csto_course.charts import claimed_figures_chart, crisis_timeline_chart, membership_chart, timeline_chart
from csto_course.data import load, membership_periods


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


def _too_alike(colours: dict[str, str], normal: float, colour_blind: float) -> list[tuple]:
    """Pairs of a scale's colours closer than ``normal`` (CIEDE2000, normal vision) or ``colour_blind`` (each common form)."""
    from itertools import combinations

    from colour_distance import VISIONS, difference

    return [
        (a, b, vision, round(difference(colours[a], colours[b], vision), 1))
        for a, b in combinations(colours, 2)
        for vision in VISIONS
        if difference(colours[a], colours[b], vision) < (normal if vision == "normal" else colour_blind)
    ]


def test_every_two_statuses_look_different_with_and_without_colour_blindness():
    """Screenshot pass, 2026-12-03: pairs of status colours were too close to tell apart. "suspended" (Okabe & Ito's
    reddish purple) and "former member" (grey) differed by 6.4 for a reader with deuteranopia, and Uzbekistan's
    suspended bar sits right under the former members' bars. The grids of lessons 08 and 09 add "associate"."""
    from csto_course.charts import STATUS_COLOURS
    from csto_course.charts.outlook import GRID_STATUS_COLOURS
    from csto_course.charts.peers import GRID_COLOURS

    assert _too_alike(STATUS_COLOURS, normal=20, colour_blind=15) == []
    assert _too_alike(GRID_STATUS_COLOURS, normal=20, colour_blind=11) == []
    assert _too_alike(GRID_COLOURS, normal=20, colour_blind=11) == []


def test_the_question_mark_on_a_grid_cell_is_legible_on_every_status():
    """The "?" of an undated membership is black or white, whichever stands out more than 4.5:1 from the cell."""
    from csto_course.charts.peers import GRID_COLOURS, WHITE_INK

    def luminance(colour: str) -> float:
        rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for status, colour in GRID_COLOURS.items():
        ink = 1.0 if status in WHITE_INK else 0.0
        light, dark = max(ink, luminance(colour)), min(ink, luminance(colour))
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (status, colour)


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


@pytest.mark.parametrize("crisis", [None, "armenia-2022", "kazakhstan-2022", "kyrgyzstan-2010"])
def test_crisis_markers_never_sit_on_each_other(crisis):
    """A crisis's start, request and end are days apart: on the overview (and Armenia 2022's close-up,
    where start and request share a day) the three kinds of marker must each be seen."""
    from scenegraph import overlapping, plot_panels

    crises = load("crises")
    rows = crises if crisis is None else crises[crises["crisis_id"] == crisis]
    (panel,) = plot_panels(crisis_timeline_chart(rows, title="t", description="d"))
    assert len(panel["points"]) == rows[["start_date", "request_date", "end_date"]].notna().sum().sum()
    assert overlapping(panel["points"]) == []
    for x, _, size in panel["points"]:
        r = 0.57 * size**0.5
        assert r <= x <= panel["width"] - r, "a marker on the chart's edge"


def _lag_rows():
    sources, claims = load("sources"), load("claims")
    rows = claims.merge(sources[["source_id", "outlet", "kind", "published"]], on="source_id").dropna(subset=["as_of", "published"])
    return rows.assign(
        lag_years=rows["published"].dt.year - rows["as_of"].dt.year,
        as_of_label=rows["as_of"].dt.strftime("%Y-%m-%d"),
        published_label=rows["published"].dt.strftime("%Y-%m-%d"),
    )


def test_claim_lag_points_of_every_kind_are_drawn_above_the_crowd_and_off_the_edges():
    """Lesson 07's lag chart: about a hundred news squares on the zero line hid the official and
    scholarly points under them, and the 1992 seed point sat in the chart's corner."""
    from scenegraph import plot_panels

    from csto_course.charts.forces import KIND_COLOURS
    from csto_course.charts.sources_lesson import claim_lag_chart

    rows = _lag_rows()
    (panel,) = plot_panels(claim_lag_chart(rows, title="t", description="d"))
    kinds = {colour: kind for kind, colour in KIND_COLOURS.items()}
    drawn = [(kinds[fill], point) for fill, point in zip(panel["fills"], panel["points"])]
    assert sorted(k for k, _ in drawn) == sorted(rows["kind"])
    hidden = [
        (kind, (x, y))
        for i, (kind, (x, y, _)) in enumerate(drawn)
        if kind in ("official", "scholarly")
        for other, (x2, y2, size2) in drawn[i + 1 :]
        if other != kind and abs(x - x2) < 0.5 * size2**0.5 and abs(y - y2) < 0.5 * size2**0.5
    ]
    assert hidden == [], f"points covered by a later point of another kind: {hidden[:3]}"
    for _, (x, y, size) in drawn:
        r = 0.57 * size**0.5
        assert r <= x <= panel["width"] - r and r <= y <= panel["height"] - r, f"a point on the chart's edge at {(x, y)}"
