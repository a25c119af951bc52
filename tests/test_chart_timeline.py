"""Timelines a reader can take in at a glance, in every lesson that draws one.

Each selection below is the one a lesson passes to ``timeline_chart`` (00, 01, 06,
09 and 09's explorer). The chart is drawn by vl-convert (the Vega the pages use)
and read back: where each mark sits, its colour and shape, and the axis labels.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from csto_course.charts import EVENT_COLOURS, EVENT_SHAPES, timeline_chart
from csto_course.charts.outlook import state_events_chart
from csto_course.charts.timeline import MANY_EVENTS, describe_timeline
from csto_course.data import load, split_list
from csto_course.paths import data_dir

pytest.importorskip("vl_convert", reason="vl-convert-python is in the test extra")
from scenegraph import axis_labels, mark_groups  # noqa: E402 - needs vl_convert

WIDTH = 600


def _armenia_2020_2025(events):  # lesson 06, section "Armenia and the CSTO"
    return events[
        events["date"].between("2020-01-01", "2025-12-31")
        & (events["countries"].str.contains("ARM", na=False) | events["description"].str.contains("Armenia"))
    ]


def _armenia_since_request(events):  # lesson 09: events that name Armenia, and the summits without it
    names_armenia = split_list(events["countries"]).map(lambda codes: "ARM" in codes)
    chosen = events[(events["date"] >= "2022-09-13") & (names_armenia | (events["category"] == "summit"))].copy()
    chosen["category"] = chosen["category"].where(names_armenia[chosen.index], "summit without Armenia")
    return chosen


LESSON_SELECTIONS = {
    "00 every event": lambda e: e,
    "01 1992-2004": lambda e: e[e["date"] < "2005-01-01"],
    "06 Armenia 2020-2025": _armenia_2020_2025,
    "09 Armenia since the request": _armenia_since_request,
    "09 since 2014": lambda e: e[e["date"] >= "2014-01-01"],
    "09 explorer, Kazakhstan": lambda e: e[(e["date"] >= "2014-01-01") & e["countries"].str.contains("KAZ", na=False)],
}


@pytest.fixture(scope="module")
def drawn():
    """Per lesson's selection: the events it shows and the point symbols vl-convert draws for them."""
    events = load("events")
    found = {}
    for name, select in LESSON_SELECTIONS.items():
        shown = select(events)
        if name.startswith("09 explorer"):
            chart = state_events_chart(shown, "Kazakhstan", since=2014)
        else:
            chart = timeline_chart(shown, title="t", description="d", width=WIDTH)
        symbols = [item for node in mark_groups(chart) if node.get("marktype") == "symbol" for item in node["items"]]
        found[name] = (shown, chart, symbols)
    return found


def _category(item: dict) -> str:
    """A point's category, read from the text Vega gives screen readers ("...; category: treaty; ...")."""
    return re.search(r"category: ([^;]+);", item["description"])[1]


@pytest.mark.parametrize("lesson", LESSON_SELECTIONS)
def test_first_and_last_marks_are_drawn_whole(drawn, lesson):
    """The old axis began on the first event: the 1992 treaty mark was cut in half by the y axis."""
    shown, chart, symbols = drawn[lesson]
    assert len(symbols) == len(shown)
    width = chart.to_dict()["width"]
    xs = [item["x"] for item in symbols]
    radius = 6  # a point of size 110 is about 12 px across
    assert min(xs) >= radius and max(xs) <= width - radius, (min(xs), max(xs))


@pytest.mark.parametrize("lesson", LESSON_SELECTIONS)
def test_the_axis_labels_the_year_of_the_first_event(drawn, lesson):
    """ "1992 to today" needs a 1992 tick; the old axis began with 1993 or 1994."""
    shown, chart, _ = drawn[lesson]
    labels = axis_labels(chart, "Date")
    assert labels[0] == str(shown["date"].min().year), labels
    assert len(labels) == len(set(labels)), labels


def test_a_category_has_one_colour_and_one_shape_in_every_lesson(drawn):
    """Lesson 00 drew treaties as yellow triangles, lesson 01 as pink crosses: the colour followed the selection."""
    seen: dict[str, set[tuple[str, str]]] = {}
    for lesson, (shown, _, symbols) in drawn.items():
        assert sorted(_category(item) for item in symbols) == sorted(shown["category"]), lesson
        for item in symbols:
            seen.setdefault(_category(item), set()).add((item["fill"], item["shape"]))
    for category, styles in seen.items():
        assert len(styles) == 1, f"{category} is drawn as {styles}"
        if category in EVENT_COLOURS:
            assert styles == {(EVENT_COLOURS[category], EVENT_SHAPES[category])}


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_category_of_events_csv_has_its_own_visible_colour_and_shape():
    schema = json.loads((data_dir() / "datapackage.json").read_text())
    fields = next(r for r in schema["resources"] if r["name"] == "events")["schema"]["fields"]
    categories = next(f for f in fields if f["name"] == "category")["constraints"]["enum"]
    assert list(EVENT_COLOURS) == categories and list(EVENT_SHAPES) == categories
    assert len(set(EVENT_COLOURS.values())) == len(categories) and len(set(EVENT_SHAPES.values())) == len(categories)
    faint = {c: v for c, v in EVENT_COLOURS.items() if 1.05 / (_luminance(v) + 0.05) < 2}  # contrast with white
    assert faint == {}, "a yellow mark disappears on white"


def test_a_category_keeps_its_colour_when_other_categories_are_missing():
    """The scale lists only the categories shown, but each keeps the course's colour."""
    events = pd.DataFrame({"date": pd.to_datetime(["2020-01-01", "2021-06-01"]), "title": ["a", "b"], "category": ["summit", "external"]})
    encoding = timeline_chart(events, title="t", description="d").to_dict()["encoding"]
    assert encoding["color"]["scale"] == {"domain": ["summit", "external"], "range": [EVENT_COLOURS["summit"], EVENT_COLOURS["external"]]}
    assert encoding["shape"]["scale"] == {"domain": ["summit", "external"], "range": [EVENT_SHAPES["summit"], EVENT_SHAPES["external"]]}


def _events(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """A small events table: (date, date_precision, title, category) per row."""
    table = pd.DataFrame(rows, columns=["date", "date_precision", "title", "category"])
    return table.assign(date=pd.to_datetime(table["date"]))


def test_a_generated_description_names_every_row_in_the_charts_order_with_its_events_and_dates():
    events = _events(
        [
            ("2024-02-22", "day", "Armenia freezes its participation", "membership"),
            ("2022-09-13", "day", "Armenia requests military assistance", "crisis"),
            ("2024-05-01", "month", "Armenia stops funding the CSTO", "membership"),
        ]
    )
    assert describe_timeline(events) == (
        "Timeline from 2022-09-13 to 2024-05 in two rows. "
        "Crisis, 1 event: Armenia requests military assistance (2022-09-13). "
        "Membership, 2 events: Armenia freezes its participation (2024-02-22); Armenia stops funding the CSTO (2024-05)."
    )
    spec = timeline_chart(events, title="t").to_dict()
    assert spec["description"] == describe_timeline(events), "without a description, the chart writes its own"
    assert timeline_chart(events, title="t", description="Mine.").to_dict()["description"] == "Mine."


def test_a_row_of_many_events_is_described_by_its_count_and_its_first_and_last_event():
    many = [(f"2020-01-{day:02d}", "day", f"Event {day}", "summit") for day in range(1, MANY_EVENTS + 2)]
    described = describe_timeline(_events(many + [("2019-05-01", "year", "Founding", "treaty")]))
    assert described.startswith("Timeline from 2019 to 2020-01-09 in two rows. ")
    assert f"Summit, {MANY_EVENTS + 1} events: the first, Event 1 (2020-01-01); the last, Event {MANY_EVENTS + 1} " in described
    assert "Event 2 " not in described
    assert described.endswith("Treaty, 1 event: Founding (2019).")
    assert "in one row." in describe_timeline(_events(many[:MANY_EVENTS]))
    assert "Event 2 (" in describe_timeline(_events(many[:MANY_EVENTS])), "eight events are still listed one by one"


@pytest.mark.parametrize("lesson", LESSON_SELECTIONS)
def test_a_generated_description_counts_and_names_the_rows_the_chart_draws(drawn, lesson):
    """The course's own checks on a lesson's chart (tests/chart_descriptions.py) pass on every generated description."""
    from chart_descriptions import category_counts, miscounted_shape

    shown, _, symbols = drawn[lesson]
    spec = timeline_chart(shown, title="t").to_dict()
    assert category_counts(spec)["y"] == {shown["category"].nunique()}
    assert miscounted_shape(spec, "") == []
    top = {}  # each row's highest point on the drawn chart, top to bottom
    for item in symbols:
        top[_category(item)] = min(top.get(_category(item), item["y"]), item["y"])
    rows = sorted(top, key=top.get)
    positions = [spec["description"].find(f"{row[:1].upper()}{row[1:]}, ") for row in rows]
    assert -1 not in positions and positions == sorted(positions), "each row named, in the chart's order"


def test_describe_timeline_says_which_columns_a_table_lacks():
    with pytest.raises(ValueError, match="describe_timeline needs the column"):
        describe_timeline(pd.DataFrame({"x": [1]}))
