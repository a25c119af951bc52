"""Do the forces charts show every source's figure side by side, and filter exercises inside the chart?"""

from __future__ import annotations

import pandas as pd
import pytest
from chart_orders import SERIES

from csto_course.charts import OKABE_ITO, claimed_figures_chart, exercises_chart
from csto_course.charts.forces import KIND_COLOURS
from csto_course.data import load

SIZE_TOPICS = {"crrf-size": "CRRF", "peacekeepers-size": "Peacekeeping forces", "ksbr-size": "KSBR"}


@pytest.fixture
def sizes() -> pd.DataFrame:
    claims = load("claims")
    sizes = claims[claims["topic"].isin(list(SIZE_TOPICS))]
    return sizes.merge(load("sources")[["source_id", "outlet", "kind"]], on="source_id")


def _rows(spec: dict) -> list[dict]:
    (rows,) = spec["datasets"].values()  # one table, which every panel filters
    return rows


def test_one_point_per_claim_in_one_panel_per_topic(sizes):
    spec = claimed_figures_chart(sizes, title="T", description="D", panel_labels=SIZE_TOPICS).to_dict()
    assert spec["title"] == "T" and spec["description"] == "D"
    panels = spec["concat"]
    assert all(p["mark"]["type"] == "point" for p in panels)  # points, never a line: different sources are not a time series
    assert [p["title"]["text"] for p in panels] == list(dict.fromkeys(SIZE_TOPICS[t] for t in sizes["topic"]))
    assert spec["resolve"]["scale"]["x"] == spec["resolve"]["scale"]["y"] == "independent"
    rows = _rows(spec)
    # a count of battalions has no point; 15 since the Joint Staff's "around 4,000" of June 2024 was added
    assert len(rows) == sizes["value"].notna().sum() == 15
    assert {r["panel"] for r in rows} == set(SIZE_TOPICS.values())


def test_panels_are_headed_with_the_course_topic_names_unless_renamed(sizes):
    from csto_course.data.topics import topic_label

    spec = claimed_figures_chart(sizes, title="T", description="D").to_dict()
    assert [p["title"]["text"] for p in spec["concat"]] == [topic_label(t) for t in dict.fromkeys(sizes["topic"])]
    assert "crrf-size" not in {r["panel"] for r in _rows(spec)}


def test_colour_is_the_kind_of_source_and_shape_what_is_counted(sizes):
    enc = claimed_figures_chart(sizes, title="T", description="D").to_dict()["concat"][0]["encoding"]
    assert enc["color"]["field"] == "kind" and enc["shape"]["field"] == "unit"
    assert dict(zip(enc["color"]["scale"]["domain"], enc["color"]["scale"]["range"])) == {
        kind: KIND_COLOURS[kind] for kind in ("official", "news", "seed")
    }
    assert KIND_COLOURS["official"] == OKABE_ITO[0]


def test_every_panel_of_lesson_07s_figures_has_its_heading_its_axes_and_room_around_its_points():
    """Lesson 07 draws seven panels; a wrapped facet left six without a date axis, hung two axes under
    nothing, headed panels with topic ids and drew the largest figures on the panels' edges."""
    from scenegraph import plot_panels

    from csto_course.data.topics import TOPIC_LABELS

    claims = load("claims").merge(load("sources")[["source_id", "outlet", "kind"]], on="source_id")
    figures = claims[claims["unit"].str.startswith("personnel", na=False)].dropna(subset=["as_of"])
    topics = list(dict.fromkeys(figures["topic"]))
    panels = plot_panels(claimed_figures_chart(figures, title="T", description="D"))
    assert len(topics) == len(panels) == 7
    assert [p["headings"] for p in panels] == [[TOPIC_LABELS[t]] for t in topics]
    for p in panels:
        assert p["axis_titles"].count("Date the figure refers to") == 1 and p["axis_titles"].count("Personnel") == 1
        assert len(p["axis_labels"]) >= 4, f"{p['headings']}: an axis needs labels to be read: {p['axis_labels']}"
        for x, y, size in p["points"]:
            r = size**0.5 / 2
            assert r <= x <= p["width"] - r and r <= y <= p["height"] - r, f"{p['headings']}: a point on the panel's edge"
    assert sum(len(p["points"]) for p in panels) == len(figures)


def test_dates_are_shown_as_the_source_gives_them(sizes):
    """A figure known only to the year must read "2013", not "2013-01-01"."""
    as_given = load("claims", as_text=True)[["claim_id", "as_of"]].rename(columns={"as_of": "as_of_label"})
    rows = _rows(claimed_figures_chart(sizes.merge(as_given, on="claim_id"), title="T", description="D").to_dict())
    assert {r["as_of_label"] for r in rows if r["source_id"] == "evnreport-csto"} == {"2013"}
    plain = _rows(claimed_figures_chart(sizes, title="T", description="D").to_dict())
    assert {r["as_of_label"] for r in plain if r["source_id"] == "evnreport-csto"} == {"2013-01-01"}


def test_claims_without_a_number_are_left_out():
    claims = load("claims")
    founding = claims[claims["topic"] == "crrf-2009-founding-act"]
    rows = _rows(claimed_figures_chart(founding, title="T", description="D").to_dict())
    assert len(rows) == founding["value"].notna().sum() == 1


def test_a_table_without_the_needed_columns_is_refused_by_name(sizes):
    with pytest.raises(ValueError, match="claimed_figures_chart needs the column\\(s\\) as_of, value"):
        claimed_figures_chart(sizes.drop(columns=["as_of", "value"]), title="T", description="D")
    with pytest.raises(ValueError, match="A course chart needs a title"):
        claimed_figures_chart(sizes, title="", description="D")


def test_exercises_filter_by_series_and_host_inside_the_chart():
    countries = load("countries")
    spec = exercises_chart(
        load("exercises"), title="T", description="D", host_names=dict(zip(countries["iso3"], countries["name"]))
    ).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert params["series_pick"]["value"] == "All" and params["series_pick"]["bind"]["input"] == "select"
    assert params["series_pick"]["bind"]["options"][1:] == [
        "Rubezh",
        "Vzaimodeistvie (Interaction)",
        "other",
        "Poisk (Search)",
        "Indestructible Brotherhood",
        "Echelon",
        "Kobalt",
        "Barrier",
        "Skala",
    ]
    host = params["host_pick"]["bind"]
    assert host["options"] == ["All", "ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    assert host["labels"][:3] == ["All hosts", "Armenia", "Belarus"]
    filters = [t["filter"] for t in spec["transform"]]
    assert any("datum.series == series_pick" in f for f in filters)
    assert any("split(datum.host, ';')" in f for f in filters)  # a row hosted by two states shows under either
    assert spec["encoding"]["y"]["scale"]["domain"] == params["series_pick"]["bind"]["options"][1:]  # rows stay put while filtering


def test_exercise_tooltips_use_names_and_say_when_no_figure_was_reported():
    countries = load("countries")
    spec = exercises_chart(
        load("exercises"), title="T", description="D", host_names=dict(zip(countries["iso3"], countries["name"]))
    ).to_dict()
    rows = {r["name"]: r for r in _rows(spec)}
    assert rows["Rubezh-2004"]["host_names"] == "Kazakhstan; Kyrgyzstan"
    assert rows["Rubezh-2004"]["reported"] == "not reported"
    assert rows["Vzaimodeistvie-2009"]["reported"] == "7,000"


def test_series_order_can_be_set():
    order = SERIES
    spec = exercises_chart(load("exercises"), title="T", description="D", series_order=order).to_dict()
    assert spec["encoding"]["y"]["sort"] == order
