"""Does the organisation chart lay out the organs table correctly and draw it accessibly?"""

from __future__ import annotations

import pandas as pd
import pytest

from csto_course.charts import OKABE_ITO, hierarchy_chart, tree_layout
from csto_course.charts.hierarchy import tree_edges
from csto_course.data import load


def _frame(rows):
    return pd.DataFrame(rows, columns=["organ_id", "name", "kind", "parent"])


def test_layout_of_the_organs_table():
    organs = load("organs")
    layout = tree_layout(organs).set_index("organ_id")
    roots = set(layout.index[layout["depth"] == 0])
    assert roots == set(organs.loc[organs["parent"].isna(), "organ_id"])
    for organ_id, row in layout.iterrows():  # every body is one level below the body it reports to
        if isinstance(row["parent"], str):
            assert row["depth"] == layout.loc[row["parent"], "depth"] + 1, organ_id
    leaves = layout[~layout.index.isin(organs["parent"].dropna())]
    assert sorted(leaves["order"]) == list(range(len(leaves)))  # one row per body without subordinates


def test_parents_sit_midway_between_first_and_last_child_in_table_order():
    frame = _frame(
        [
            ("top", "Top", "political", None),
            ("a", "A", "political", "top"),
            ("b", "B", "military", "top"),
            ("b1", "B1", "military", "b"),
            ("b2", "B2", "military", "b"),
            ("alone", "Alone", "parliamentary", ""),
        ]
    )
    layout = tree_layout(frame).set_index("organ_id")
    assert layout["depth"].to_dict() == {"top": 0, "a": 1, "b": 1, "b1": 2, "b2": 2, "alone": 0}
    assert layout["order"].to_dict() == {"top": 0.75, "a": 0.0, "b": 1.5, "b1": 1.0, "b2": 2.0, "alone": 3.0}
    edges = tree_edges(layout.reset_index())
    assert len(edges) == 3 * 4  # three segments (an elbow) per body that reports to another
    b1 = edges[edges["child"] == "b1"]
    assert (b1.iloc[0][["x", "y"]].tolist(), b1.iloc[-1][["x2", "y2"]].tolist()) == ([1.0, 1.5], [2.0, 1.0])


@pytest.mark.parametrize(
    "rows, message",
    [
        ([("a", "A", "political", "b"), ("b", "B", "political", "a")], "goes round in a circle: a -> b -> a"),
        ([("a", "A", "political", "nowhere")], "These parent values name no organ_id in the table: nowhere"),
        ([("a", "A", "political", None), ("a", "A2", "political", None)], "Each organ_id must be unique; repeated: a"),
    ],
    ids=["cycle", "unknown-parent", "duplicate-id"],
)
def test_bad_tables_are_refused_in_plain_words(rows, message):
    with pytest.raises(ValueError, match=message):
        tree_layout(_frame(rows))


def test_chart_is_titled_described_and_draws_lines_points_and_labels():
    spec = hierarchy_chart(load("organs"), title="T", description="D", subtitle="S").to_dict()
    assert spec["title"] == {"text": "T", "subtitle": "S"} and spec["description"] == "D"
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5")
    assert spec["config"]["range"]["category"] == OKABE_ITO
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rule", "point", "text"]
    points = spec["layer"][1]
    tooltips = {t["title"] for t in points["encoding"]["tooltip"]}
    assert {"Body", "Reports to", "Composition", "Role", "Established"} <= tooltips
    names = {row["label"] for row in spec["datasets"][points["data"]["name"]]}
    assert "Collective Security Council" in names and len(names) == len(load("organs"))
    undated = [row for row in spec["datasets"][points["data"]["name"]] if row["label"] == "Military Committee"]
    assert undated[0]["established"] == "no reliable date in the sources"
