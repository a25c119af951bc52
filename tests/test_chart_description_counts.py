"""The description's count check (chart_descriptions.miscounted_shape) on small charts whose answer is known."""

from __future__ import annotations

from chart_descriptions import miscounted_shape


def timeline(categories: list[str], description: str) -> dict:
    rows = [{"category": c, "year": 2020 + i} for i, c in enumerate(categories)]
    return {
        "description": description,
        "datasets": {"d": rows},
        "mark": "point",
        "encoding": {"y": {"field": "category", "type": "nominal"}, "x": {"field": "year", "type": "quantitative"}},
    }


def test_a_count_of_rows_that_the_chart_has_passes():
    assert miscounted_shape(timeline(["crisis", "summit", "forces"], "Timeline from 2020 to 2022 in three rows."), "") == []


def test_a_stale_count_of_rows_is_reported_with_what_the_chart_has():
    spec = timeline(["crisis", "summit", "forces"], "Timeline from 2020 to 2022 in five rows.")
    assert miscounted_shape(spec, "") == ["'in five rows.': the chart has [3] rows"]


def test_the_paragraph_under_the_chart_is_checked_too():
    spec = timeline(["a", "b"], "Two rows.")
    assert miscounted_shape(spec, "**Chart description (for screen readers):** six horizontal bars, one per source.") == [
        "':** six horizontal bars, one per': the chart has [2] bars"
    ]


def test_bars_for_states_and_a_grid_count_the_rows():
    spec = timeline(["ARM", "BLR", "KAZ"], "Horizontal bars for nine states.")
    assert miscounted_shape(spec, "A grid of 3 states by 2 organisations.") == ["'bars for nine states': the chart has [3] rows"]


def test_a_count_of_some_rows_is_not_the_charts_shape():
    """'(help requested, four rows)' and 'two bars in one row' describe a part of the chart."""
    spec = timeline(["a", "b", "c"], "Three rows: when help was requested (help requested, two rows); member twice (two bars in one row).")
    assert miscounted_shape(spec, "") == []


def test_panels_count_the_facets():
    spec = timeline(["a", "b"], "Four small scatter plots, one per figure.")
    spec["facet"] = {"field": "category", "type": "nominal"}
    assert miscounted_shape(spec, "") == ["'Four small scatter plots, one per': the chart has [2] plots"]


def test_panels_count_the_views_of_a_concatenated_chart():
    spec = {"description": "Three small scatter plots, one per figure.", "datasets": {}, "concat": [timeline(["a"], "")] * 2}
    assert miscounted_shape(spec, "") == ["'Three small scatter plots, one per': the chart has [2] plots"]
    spec["concat"].append(timeline(["b"], ""))
    assert miscounted_shape(spec, "") == []
