"""Does the membership grid put every state in its row and every organisation in its column, coloured by status,
mark the memberships without a joining date, and pick the year with a slider inside the chart?"""

from __future__ import annotations

import pandas as pd
import pytest

from csto_course.charts import OKABE_ITO, STATUS_COLOURS
from csto_course.charts.peers import GRID_COLOURS, UNDATED_MARK, describe_membership_grid, membership_grid_chart
from csto_course.data import load

ORGS = ["CSTO", "CIS", "SCO", "EAEU", "EurAsEC"]


@pytest.fixture
def grid() -> pd.DataFrame:
    """The org_memberships table as grid cells, with names and abbreviations instead of codes."""
    memberships = load("org_memberships")
    names = load("countries").set_index("iso3")["name"]
    abbreviations = load("organizations").set_index("org_id")["abbreviation"]
    return pd.DataFrame(
        {
            "state": memberships["iso3"].map(names),
            "organisation": memberships["org_id"].map(abbreviations),
            "status": memberships["status"],
            "undated": memberships["since"].isna(),
        }
    )


def _layers(spec: dict) -> list[dict]:
    return spec["layer"]


def _rows(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer["data"]["name"]]


def test_one_cell_per_membership_over_a_full_background(grid):
    spec = membership_grid_chart(grid, title="T", description="D", organisations=ORGS).to_dict()
    assert spec["title"] == "T" and spec["description"] == "D"
    background, cells, marks = _layers(spec)
    assert [layer["mark"]["type"] for layer in (background, cells, marks)] == ["rect", "rect", "text"]
    states = sorted(set(grid["state"]))
    assert len(_rows(spec, background)) == len(states) * len(ORGS)  # every state keeps its row, every organisation its column
    assert len(_rows(spec, cells)) == len(grid) == 29
    assert cells["encoding"]["x"]["scale"]["domain"] == ORGS
    assert cells["encoding"]["y"]["scale"]["domain"] == states
    assert spec["height"] == 34 * len(states)
    assert spec["width"] == 64 * len(ORGS)  # wide enough for the longest label, "EurAsEC", so that labels do not collide


def test_short_labels_keep_square_cells(grid):
    small = grid[grid["organisation"].isin(["CIS", "SCO"])]
    spec = membership_grid_chart(small, title="T", description="D").to_dict()
    assert spec["width"] == 34 * 2 and spec["height"] == 34 * small["state"].nunique()


def test_colours_are_fixed_per_status_and_shared_with_the_membership_charts(grid):
    cells = _layers(membership_grid_chart(grid, title="T", description="D").to_dict())[1]
    scale = cells["encoding"]["color"]["scale"]
    assert scale["domain"] == ["member", "associate", "former member"]  # in GRID_COLOURS order, only those present
    assert scale["range"] == [GRID_COLOURS[s] for s in scale["domain"]]
    assert GRID_COLOURS["member"] == STATUS_COLOURS["member"] and GRID_COLOURS["associate"] == OKABE_ITO[2]
    assert len(set(GRID_COLOURS.values())) == len(GRID_COLOURS)  # no two statuses share a colour


def test_a_question_mark_only_where_the_joining_date_is_not_given(grid):
    spec = membership_grid_chart(grid, title="T", description="D").to_dict()
    rows = _rows(spec, _layers(spec)[2])
    marked = {(r["organisation"], r["state"]) for r in rows if r["mark"] == UNDATED_MARK}
    assert len(marked) == 12  # the CIS's nine members, Georgia and Ukraine; Uzbekistan in EurAsEC
    assert {s for o, s in marked if o != "CIS"} == {"Uzbekistan"} and ("EurAsEC", "Uzbekistan") in marked
    assert ("CIS", "Turkmenistan") not in marked  # associate since 2005: dated
    assert {r["joined"] for r in rows if r["mark"] == ""} == {"given in the table"}


def test_a_missing_undated_flag_does_not_draw_a_question_mark(grid):
    grid = grid.astype({"undated": "float"})  # as after a merge that left some rows without a flag
    grid.loc[0, "undated"] = float("nan")  # NaN is truthy in Python: "if undated" would draw a "?"
    spec = membership_grid_chart(grid, title="T", description="D").to_dict()
    rows = _rows(spec, _layers(spec)[2])
    assert rows[0]["mark"] == ""


def test_the_mark_is_legible_on_every_colour(grid):
    grid = grid.copy()
    grid.loc[0, "status"] = "member, participation frozen"
    spec = membership_grid_chart(grid, title="T", description="D").to_dict()
    marks = _layers(spec)[2]
    assert marks["encoding"]["color"] == {"field": "ink", "type": "nominal", "scale": None}
    ink = {r["status"]: r["ink"] for r in _rows(spec, marks)}
    assert ink == {"member": "white", "member, participation frozen": "black", "associate": "black", "former member": "black"}


def test_optional_columns_reach_the_tooltip(grid):
    grid = grid.assign(since="2001-06-15", note="Founding member")
    tooltip = _layers(membership_grid_chart(grid, title="T", description="D").to_dict())[1]["encoding"]["tooltip"]
    titles = [t["title"] for t in tooltip]
    assert titles == ["State", "Organisation", "Status", "Joining date", "Joined", "Note"]


def test_the_year_slider_runs_inside_the_chart(grid):
    yearly = pd.concat([grid.assign(year=2023), grid[grid["state"] != "Belarus"].assign(year=2022)], ignore_index=True)
    spec = membership_grid_chart(yearly, title="T", description="D", start_year=2022, slider_label="Year (1 July) ").to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert params["year"]["value"] == 2022
    assert params["year"]["bind"] == {"input": "range", "min": 2022, "max": 2023, "step": 1, "name": "Year (1 July) "}
    background, cells, marks = _layers(spec)
    for layer in (cells, marks):  # the "?" marks must follow the slider too, or last year's marks would stay
        assert {"filter": "(datum.year === year)"} in layer["transform"]
    assert "transform" not in background
    assert "Year" in [t["title"] for t in cells["encoding"]["tooltip"]]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda g: g.drop(columns=["undated"]), "membership_grid_chart needs the column\\(s\\) undated"),
        (lambda g: g.assign(status="observer"), "Unknown status\\(es\\) observer"),
        (lambda g: g.assign(status=None), "Every cell of the grid needs a status"),
        (lambda g: pd.concat([g, g.head(1)]), "more than one row for state Armenia, organisation CIS: keep one row per cell"),
    ],
)
def test_a_grid_that_cannot_be_drawn_is_refused_in_words(grid, change, message):
    with pytest.raises(ValueError, match=message):
        membership_grid_chart(change(grid), title="T", description="D")


def test_a_slider_needs_years_and_a_start_among_them(grid):
    with pytest.raises(ValueError, match="needs the column\\(s\\) year"):
        membership_grid_chart(grid, title="T", description="D", start_year=2020)
    with pytest.raises(ValueError, match="start_year 1990 is outside the years of the grid, 2024 to 2024"):
        membership_grid_chart(grid.assign(year=2024), title="T", description="D", start_year=1990)
    with pytest.raises(ValueError, match="a table with a year column needs start_year"):
        membership_grid_chart(pd.concat([grid.assign(year=2023), grid.assign(year=2024)]), title="T", description="D")


def test_orders_that_leave_out_a_cell_are_refused(grid):
    with pytest.raises(ValueError, match="cells for Ukraine"):
        membership_grid_chart(grid, title="T", description="D", states=sorted(set(grid["state"]) - {"Ukraine"}))
    with pytest.raises(ValueError, match="A course chart needs a title"):
        membership_grid_chart(grid, title="", description="D")


def test_a_grid_describes_each_states_row_and_its_question_marks():
    cells = pd.DataFrame(
        {
            "state": ["Russia", "Armenia", "Belarus", "Armenia", "Belarus", "Russia", "Georgia"],
            "organisation": ["CSTO", "CSTO", "CSTO", "CIS", "CIS", "CIS", "CSTO"],
            "status": ["member", "member, participation frozen", "member", "member", "member", "member", "former member"],
            "undated": [False, False, False, False, True, True, False],
        }
    )
    assert describe_membership_grid(cells, states=["Armenia", "Belarus", "Georgia", "Moldova", "Russia"]) == (
        "Grid of 5 states (rows, A to Z) by 2 organisations (columns: CSTO, CIS), each cell coloured by status. "
        "Armenia: member, participation frozen in CSTO; member in CIS. Belarus and Russia: member in CSTO and CIS. "
        "Georgia: former member in CSTO. Moldova: no membership recorded. "
        "A question mark, for a joining date the tables do not give, is in 2 cells: CIS for Belarus and Russia."
    )
    assert "question mark" not in describe_membership_grid(cells.drop(columns="undated"))
    assert "(columns: CIS, CSTO)" in describe_membership_grid(cells, organisations=["CIS", "CSTO"])


def test_a_grids_description_passes_the_course_checks_on_the_chart_it_describes(grid):
    """Every status the legend shows is named, and the grid's stated size is the chart's (chart_descriptions.py)."""
    from chart_descriptions import miscounted_shape, unnamed_categories

    described = describe_membership_grid(grid, organisations=ORGS)
    spec = membership_grid_chart(grid, title="T", description=described, organisations=ORGS).to_dict()
    assert unnamed_categories(spec, "") == {} and miscounted_shape(spec, "") == []
    for state in set(grid["state"]):
        assert state in described
