"""Do the charts of lessons 00, 01, 02 and 09 draw exactly the rows the lesson gives them, in words a student
reads, and refuse in plain words a table they cannot draw?"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from csto_course.charts import OKABE_ITO, STATUS_COLOURS
from csto_course.charts.outlook import GRID_STATUS_COLOURS, organisations_grid_chart, state_events_chart
from csto_course.charts.overview import STATUS_ORDER, count_bars_chart, members_per_year_chart, status_counts_chart
from csto_course.data import load, members_on, split_list, status_by_year, status_on
from csto_course.data.membership import STATUSES

ORGS = ["CSTO", "CIS", "SCO", "EAEU", "EurAsEC"]
AS_OF = pd.Timestamp("2026-02-12")


def _rows(spec: dict) -> list[dict]:
    """The data rows of a single-view chart, inline or in ``datasets``."""
    data = spec["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


def _fields(tooltip: list[dict]) -> list[str]:
    return [t["field"] for t in tooltip]


# ---------------------------------------------------------------- count_bars_chart (lesson 00)


@pytest.fixture(scope="module")
def kinds() -> pd.DataFrame:
    """The sources counted by kind, as lesson 00 counts them."""
    return load("sources")["kind"].value_counts().rename_axis("kind").reset_index(name="sources")


def test_count_bars_draw_one_bar_per_category_with_its_count(kinds):
    spec = count_bars_chart(kinds, category="kind", count="sources", axis_title="Number of sources", title="T", description="D").to_dict()
    assert spec["title"] == "T" and spec["description"] == "D"
    assert spec["mark"] == "bar" or spec["mark"]["type"] == "bar"
    rows = _rows(spec)
    assert {r["kind"]: r["sources"] for r in rows} == load("sources")["kind"].value_counts().to_dict()
    assert sum(r["sources"] for r in rows) == len(load("sources"))  # every source is counted once
    assert {"news", "seed", "official"} <= {r["kind"] for r in rows}  # the table's words label the bars


def test_count_bars_are_horizontal_longest_first_with_a_worded_axis(kinds):
    encoding = count_bars_chart(
        kinds, category="kind", count="sources", axis_title="Number of sources", title="T", description="D"
    ).to_dict()["encoding"]
    assert encoding["x"] == {"field": "sources", "type": "quantitative", "title": "Number of sources"}
    assert encoding["y"] == {"field": "kind", "type": "nominal", "sort": "-x", "title": None}
    assert _fields(encoding["tooltip"]) == ["kind", "sources"]


def test_count_bars_take_the_names_of_any_count_table():
    events = load("events")
    by_category = events["category"].value_counts().rename_axis("category").reset_index(name="events")
    spec = count_bars_chart(
        by_category, category="category", count="events", axis_title="Number of events", title="T", description="D", subtitle="S"
    ).to_dict()
    assert spec["title"] == {"text": "T", "subtitle": "S"}
    assert sum(r["events"] for r in _rows(spec)) == len(events)
    assert spec["encoding"]["y"]["field"] == "category" and spec["encoding"]["x"]["title"] == "Number of events"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda k: k.iloc[0:0], "count_bars_chart was given a table with no rows: there is nothing to draw"),
        (lambda k: k.rename(columns={"sources": "n"}), "count_bars_chart needs the column\\(s\\) sources; the table has kind, n"),
        (lambda k: pd.concat([k, k.head(1)]), "one row per kind; 'news' has more than one. Count the rows first"),
    ],
)
def test_a_count_table_that_cannot_be_drawn_is_refused_in_words(kinds, change, message):
    with pytest.raises(ValueError, match=message):
        count_bars_chart(change(kinds), category="kind", count="sources", axis_title="A", title="T", description="D")


def test_count_bars_need_a_title_and_a_description(kinds):
    with pytest.raises(ValueError, match="A course chart needs a description"):
        count_bars_chart(kinds, category="kind", count="sources", axis_title="A", title="T", description=" ")


# ---------------------------------------------------------------- members_per_year_chart (lesson 01)


@pytest.fixture(scope="module")
def members_per_year() -> list[dict]:
    """The lesson's counts: members on 1 July of every year from 1992 to 2026."""
    return [{"year": year, "members": len(members_on(f"{year}-07-01"))} for year in range(1992, 2027)]


def test_members_per_year_draws_every_year_given(members_per_year):
    spec = members_per_year_chart(members_per_year, title="T", description="D").to_dict()
    assert spec["title"] == "T" and spec["description"] == "D"
    rows = _rows(spec)
    assert rows == members_per_year
    by_year = {r["year"]: r["members"] for r in rows}
    # The story the lesson's description tells: none before entry into force, nine, six, seven, six.
    assert (by_year[1993], by_year[1994], by_year[1999], by_year[2006], by_year[2013]) == (0, 9, 6, 7, 6)


def test_members_per_year_is_a_step_line_on_a_fixed_axis(members_per_year):
    spec = members_per_year_chart(members_per_year, title="T", description="D").to_dict()
    assert spec["mark"] == {"type": "line", "point": True, "interpolate": "step-after"}
    x, y = spec["encoding"]["x"], spec["encoding"]["y"]
    assert x["field"] == "year" and x["type"] == "ordinal" and x["title"] == "Year (status on 1 July)"
    assert x["axis"] == {"labelAngle": -45, "values": list(range(1992, 2027, 2))}  # every second year, first to last
    assert y["title"] == "Number of members" and y["scale"] == {"domain": [0, 10]}  # room for the nine states ever bound
    assert _fields(spec["encoding"]["tooltip"]) == ["year", "members"]


def test_members_per_year_takes_a_table_too_and_labels_its_own_years():
    table = pd.DataFrame({"year": [2005, 2006, 2007, 2008], "members": [6, 7, 7, 7]})
    spec = members_per_year_chart(table, title="T", description="D").to_dict()
    assert _rows(spec) == table.to_dict("records")
    assert spec["encoding"]["x"]["axis"]["values"] == [2005, 2007]


def test_members_per_year_refuses_nothing_to_draw():
    with pytest.raises(ValueError, match="members_per_year_chart was given a table with no rows"):
        members_per_year_chart([], title="T", description="D")
    with pytest.raises(ValueError, match="needs the column\\(s\\) members; the table has year, states"):
        members_per_year_chart([{"year": 1994, "states": 9}], title="T", description="D")


# ---------------------------------------------------------------- status_counts_chart (lesson 02)


@pytest.fixture(scope="module")
def status_counts() -> pd.DataFrame:
    """The lesson's counts: states per status on 1 July of each year from 1992 to 2026."""
    return status_by_year(1992, 2026).groupby(["year", "status"]).size().reset_index(name="states")


def test_status_counts_draw_every_year_and_status_given(status_counts):
    spec = status_counts_chart(status_counts, title="T", description="D").to_dict()
    assert spec["title"] == "T" and spec["description"] == "D"
    rows = _rows(spec)
    assert rows == status_counts.to_dict("records")
    totals = pd.DataFrame(rows).groupby("year")["states"].sum()
    assert totals[1992] == 6 and totals[1994] == 9 and totals[2026] == 9  # a state that leaves keeps a status
    in_2026 = {r["status"]: r["states"] for r in rows if r["year"] == 2026}
    assert in_2026 == {"member": 5, "member, participation frozen": 1, "suspended": 1, "former member": 2}


def test_status_counts_stack_in_the_order_of_the_story(status_counts):
    encoding = status_counts_chart(status_counts, title="T", description="D").to_dict()["encoding"]
    assert encoding["color"]["sort"] == STATUS_ORDER == list(STATUSES)  # the words status_on uses, in their order
    assert encoding["color"]["title"] == "Status"
    assert encoding["x"]["axis"]["values"] == list(range(1992, 2027, 2))
    assert encoding["x"]["title"] == "Year (status on 1 July)" and encoding["y"]["title"] == "Number of states"
    assert _fields(encoding["tooltip"]) == ["year", "status", "states"]


def test_status_counts_refuse_an_unknown_status_or_no_rows(status_counts):
    with pytest.raises(ValueError, match="Unknown status\\(es\\) left; the chart knows: signatory, member"):
        status_counts_chart(status_counts.assign(status="left"), title="T", description="D")
    with pytest.raises(ValueError, match="status_counts_chart was given a table with no rows"):
        status_counts_chart(status_counts[status_counts["year"] > 2100], title="T", description="D")


# ---------------------------------------------------------------- organisations_grid_chart (lesson 09)


@pytest.fixture(scope="module")
def grid() -> pd.DataFrame:
    """The long table lesson 09 builds: CSTO status on AS_OF, then every other membership, with names."""
    countries = load("countries")[["iso3", "name"]]
    organizations = load("organizations")[["org_id", "abbreviation"]]
    other = load("org_memberships").merge(organizations, on="org_id").merge(countries, on="iso3")
    csto = status_on(AS_OF).assign(abbreviation="CSTO")
    columns = ["name", "abbreviation", "status"]
    grid = pd.concat([csto[columns], other[columns]], ignore_index=True)
    grid["status"] = grid["status"].replace({"associate": "associate member"})
    return grid


def test_grid_has_one_tile_per_membership_in_the_lessons_order(grid):
    spec = organisations_grid_chart(grid, organisations=ORGS, title="T", description="D", subtitle="S").to_dict()
    assert spec["title"] == {"text": "T", "subtitle": "S"} and spec["description"] == "D"
    assert spec["mark"]["type"] == "rect"
    rows = _rows(spec)
    assert len(rows) == len(grid)
    tiles = {(r["name"], r["abbreviation"]): r["status"] for r in rows}
    assert tiles[("Armenia", "CSTO")] == "member, participation frozen"
    assert tiles[("Uzbekistan", "CSTO")] == "suspended"
    assert tiles[("Turkmenistan", "CIS")] == "associate member"  # written out, not the table's "associate"
    assert ("Tajikistan", "EAEU") not in tiles  # no membership, no tile
    encoding = spec["encoding"]
    assert encoding["x"]["sort"] == ORGS and encoding["x"]["axis"] == {"orient": "top", "labelAngle": 0}
    assert encoding["y"]["sort"] == "ascending"
    assert [t["title"] for t in encoding["tooltip"]] == ["State", "Organisation", "Status"]
    assert spec["width"] == 330 and spec["height"] == {"step": 26}


def test_grid_colours_are_the_course_status_colours(grid):
    scale = organisations_grid_chart(grid, organisations=ORGS, title="T", description="D").to_dict()["encoding"]["color"]["scale"]
    assert scale["domain"] == ["member", "member, participation frozen", "suspended", "former member", "associate member"]
    assert scale["range"] == [STATUS_COLOURS[s] for s in scale["domain"][:4]] + [OKABE_ITO[2]]
    assert len(set(GRID_STATUS_COLOURS.values())) == len(GRID_STATUS_COLOURS)  # no two statuses share a colour


def test_grid_legend_lists_only_the_statuses_shown(grid):
    csto_only = grid[grid["abbreviation"] == "CSTO"]
    spec = organisations_grid_chart(csto_only, organisations=["CSTO"], title="T", description="D").to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == ["member", "member, participation frozen", "suspended", "former member"]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda g: g.replace({"associate member": "associate"}), "The grid has associate; each tile needs one of: signatory, member"),
        (lambda g: g.assign(status=None), "The grid has a missing status"),
        (lambda g: g.iloc[0:0], "organisations_grid_chart was given an empty grid"),
        (lambda g: g.drop(columns=["abbreviation"]), "organisations_grid_chart needs the column\\(s\\) abbreviation"),
    ],
)
def test_a_grid_that_cannot_be_drawn_is_refused_in_words(grid, change, message):
    with pytest.raises(ValueError, match=message):
        organisations_grid_chart(change(grid), organisations=ORGS, title="T", description="D")


# ---------------------------------------------------------------- state_events_chart (lesson 09's explorer)


def _events_naming(iso3: str, since: str = "2014-01-01") -> pd.DataFrame:
    """The explorer's selection: the events from ``since`` whose countries column names ``iso3``."""
    events = load("events")
    recent = events[events["date"] >= since]
    return recent[split_list(recent["countries"]).map(lambda codes: iso3 in codes)]


def test_state_timeline_draws_the_events_selected_and_counts_them():
    kazakhstan = _events_naming("KAZ")
    spec = state_events_chart(kazakhstan, "Kazakhstan").to_dict()
    assert kazakhstan["date"].min().year == 2022 and kazakhstan["date"].max().year == 2026
    assert spec["title"] == {
        "text": "Events that name Kazakhstan, 2022 to 2026",
        "subtitle": "From events.csv, which has none naming Kazakhstan from 2014 to 2021; hover for details",
    }, "screenshot pass, 09-1: 'Events since 2014' over an axis that starts in 2022"
    assert spec["description"] == (
        f"Timeline of the {len(kazakhstan)} events since 2014 whose countries column names Kazakhstan, one row per category."
    )
    rows = _rows(spec)
    assert [r["title"] for r in rows] == kazakhstan["title"].tolist()
    assert {r["category"] for r in rows} == set(kazakhstan["category"])
    assert spec["encoding"]["y"]["field"] == "category"


def test_one_event_is_counted_in_the_singular():
    one = _events_naming("ARM").head(1)
    assert state_events_chart(one, "Armenia").to_dict()["description"].startswith("Timeline of the 1 event since 2014 ")


def test_a_state_with_no_event_gets_an_empty_timeline_that_says_so():
    spec = state_events_chart(_events_naming("XXX"), "Nowhere").to_dict()
    assert _rows(spec) == []
    assert spec["description"] == "An empty timeline: no event since 2014 in the course's chronology names Nowhere."
    assert spec["title"]["text"] == "Events since 2014 that name Nowhere"


def test_the_title_names_the_years_the_axis_draws():
    """Screenshot pass, 09-1: the title said "since 2014" while the axis started at 2022."""
    from scenegraph import axis_labels

    for iso3, name in (("KAZ", "Kazakhstan"), ("ARM", "Armenia"), ("TJK", "Tajikistan")):
        chart = state_events_chart(_events_naming(iso3), name)
        title = chart.to_dict()["title"]["text"]
        first_tick = int(axis_labels(chart, "Date")[0][:4])
        named = [int(year) for year in re.findall(r"\b(?:19|20)\d\d\b", title)]
        assert named[0] <= first_tick + 1 and first_tick <= named[0] + 1, (title, first_tick)


def test_the_first_year_follows_the_selection():
    later = _events_naming("ARM", since="2024-01-01")
    assert state_events_chart(later, "Armenia", since=2024).to_dict()["title"]["text"] == "Events since 2024 that name Armenia"
    with pytest.raises(ValueError, match="one dated 2014-03-27, before 2020: select the events from 2020 on"):
        state_events_chart(_events_naming("ARM"), "Armenia", since=2020)


# ---------------------------------------------------------------- Lesson 09's descriptions and Crimea map


def test_status_bars_are_described_state_by_state_with_dates_at_their_precision():
    from csto_course.charts.outlook import describe_status_bars

    day, month = "day", "month"
    periods = pd.DataFrame(
        [
            ("Russia", "signatory", "1992-05-15", day, "1994-04-20", day),
            ("Russia", "member", "1994-04-20", day, "2026-06-28", day),
            ("Georgia", "signatory", "1993-12-09", day, "1994-04-20", day),
            ("Georgia", "member", "1994-04-20", day, "1999-04-01", month),
            ("Georgia", "former member", "1999-04-01", month, "2026-06-28", day),
            ("Kazakhstan", "member", "1994-04-20", day, "2026-06-28", day),
        ],
        columns=["name", "status", "start", "start_precision", "end", "end_precision"],
    ).astype({"start": "datetime64[ns]", "end": "datetime64[ns]"})
    assert describe_status_bars(periods) == (
        'Horizontal bars for three states from 1992-05-15 to 2026-06-28, coloured by status: "signatory", "member" and '
        '"former member". Each bar begins as signatory on the day the state signed or acceded. '
        "Georgia: member from 1994-04-20; former member from 1999-04. Kazakhstan and Russia: member from 1994-04-20."
    )


def test_lesson_09s_generated_descriptions_pass_the_course_checks_on_their_charts():
    """Every status a legend shows is named and every stated count is the chart's (chart_descriptions.py)."""
    from chart_descriptions import miscounted_shape, unnamed_categories

    from csto_course.charts import membership_chart
    from csto_course.charts.outlook import describe_organisations_grid, describe_status_bars
    from csto_course.data import membership_periods

    periods = membership_periods(until="2026-06-28")
    bars = membership_chart(periods, title="T", description=describe_status_bars(periods)).to_dict()
    grid = pd.DataFrame(
        {
            "name": ["Armenia", "Armenia", "Belarus"],
            "abbreviation": ["CSTO", "CIS", "CSTO"],
            "status": ["member, participation frozen", "member", "member"],
        }
    )
    described = describe_organisations_grid(grid, ["CSTO", "CIS"])
    assert described.startswith("Grid of 2 states (rows, A to Z) by 2 organisations (columns: CSTO, CIS)")
    assert "Armenia: member, participation frozen in CSTO; member in CIS. Belarus: member in CSTO." in described
    tiles = organisations_grid_chart(grid, organisations=["CSTO", "CIS"], title="T", description=described).to_dict()
    for spec in (bars, tiles):
        assert unnamed_categories(spec, "") == {} and miscounted_shape(spec, "") == []


def _crimea(votes: dict[str, str]) -> pd.DataFrame:
    countries = load("countries")
    chosen = countries[countries["iso3"].isin(votes)].copy()
    return chosen.assign(vote=chosen["iso3"].map(votes))


def test_the_crimea_map_is_described_from_its_table():
    from chart_descriptions import unnamed_categories

    from csto_course.charts.outlook import VOTE_COLOURS, crimea_vote_map

    votes = {
        "RUS": "Russia (voted against)",
        "ARM": "voted against, with Russia",
        "BLR": "voted against, with Russia",
        "KAZ": "abstained or absent",
    }
    spec = crimea_vote_map(_crimea(votes), date="2014-03-27").to_dict()
    described = spec["description"]
    assert (
        'Of the four CSTO members on 2014-03-27, Russia is coloured "Russia (voted against)"; Armenia and Belarus are coloured' in described
    )
    assert (
        'Kazakhstan is coloured "abstained or absent". Other countries, including Uzbekistan, whose membership was suspended, are grey.'
        in described
    )
    assert "inset" in described and "Caucasus" in described
    assert unnamed_categories(spec, "") == {}
    assert spec["layer"][1]["encoding"]["color"]["scale"]["range"] == list(VOTE_COLOURS.values())
    before = crimea_vote_map(_crimea({"RUS": "Russia (voted against)"}), date="2010-01-01").to_dict()["description"]
    assert "Other countries are grey." in before, "no member was suspended in 2010"
    with pytest.raises(ValueError, match="Unknown vote"):
        crimea_vote_map(_crimea({"RUS": "for"}), date="2014-03-27")
