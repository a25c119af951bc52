"""Do the helpers behind lessons 03 and 04 draw and describe the tables the lessons build?

The fixtures rebuild each table the way the lesson does (the pandas steps stay in
the notebooks), so these tests check what a student sees: the rows each chart
draws, its title and description, labels in words, and a clear message when a
table cannot be drawn.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from chart_orders import SERIES

from csto_course.charts import OKABE_ITO
from csto_course.charts.forces_lesson import contributions_chart, exercise_sizes_chart
from csto_course.charts.structure import (
    COUNTRY_COLOURS,
    OUTCOME_COLOURS,
    REQUEST_SHAPES,
    SPARE_COLOURS,
    country_scale,
    date_labels,
    requests_chart,
    term_lengths_chart,
    terms_chart,
)
from csto_course.data import load

AS_OF = pd.Timestamp("2026-02-12")
CONTEXTS = ["At creation, 2001", "As planned, 2009", "Kazakhstan deployment, January 2022"]


def _rows(spec: dict, data: dict | None = None) -> list[dict]:
    """The rows of a spec's data (the top-level data unless ``data`` names another)."""
    return spec["datasets"][(data or spec["data"])["name"]]


def _country_names() -> pd.DataFrame:
    return load("countries")[["iso3", "name"]].rename(columns={"iso3": "country", "name": "country_name"})


@pytest.fixture
def terms() -> pd.DataFrame:
    """The lesson 03 table of Secretaries-General's terms, made as the lesson makes it."""
    leaders = load("leaders").merge(_country_names(), on="country", how="left")
    secretaries = leaders[leaders["office"].str.contains("Secretary-General")].sort_values("start").reset_index(drop=True)
    acting = secretaries["office"].str.startswith("Acting")
    terms = secretaries.assign(
        holder=secretaries["name"] + acting.map({True: " (acting)", False: ""}),
        end_as_of=secretaries["end"].fillna(AS_OF),
    )
    terms["start_label"] = date_labels(terms["start"], terms["start_precision"])
    terms["end_label"] = date_labels(terms["end"], terms["end_precision"], missing=f"in office as of {AS_OF:%Y-%m-%d}")
    return terms[["holder", "office", "country_name", "start", "end_as_of", "start_label", "end_label"]]


@pytest.fixture
def crises() -> pd.DataFrame:
    """The lesson 03 table of crises with their requests in words."""
    names = _country_names().rename(columns={"country": "iso3", "country_name": "where"})
    crises = load("crises").merge(names, left_on="country", right_on="iso3", how="left")
    return crises.assign(
        crisis=crises["where"] + " " + crises["start_date"].dt.strftime("%Y"),
        date=crises["request_date"].fillna(crises["start_date"]),
        request=crises["request_to"].map({"RUS": "asked Russia", "CSTO": "asked the CSTO"}).fillna("no request"),
        outcome=crises["troops_deployed"].map({True: "CSTO troops sent", False: "no CSTO troops"}),
    )


@pytest.fixture
def per_state() -> pd.DataFrame:
    """The lesson 04 count of units per state and moment."""
    contributions = load("force_contributions").merge(load("countries")[["iso3", "name"]], on="iso3")
    return contributions.groupby(["context", "name"]).agg(units=("unit", "size"), listed=("unit", "; ".join)).reset_index()


# --- charts/structure.py: lesson 03 -------------------------------------------------------------


def test_date_labels_keep_the_precision_and_name_a_running_term(terms):
    dates = pd.Series(pd.to_datetime(["2017-04-01", "2003-04-28", None, "2006-01-01"]), index=[5, 6, 7, 8])
    labels = date_labels(dates, pd.Series(["month", "day", "day", "year"], index=dates.index), missing="still running")
    assert labels.tolist() == ["2017-04", "2003-04-28", "still running", "2006"]
    assert labels.index.tolist() == [5, 6, 7, 8]
    assert terms.loc[terms["holder"] == "Yuri Khachaturov", "start_label"].item() == "2017-04"
    assert terms["end_label"].iloc[-1] == "in office as of 2026-02-12"


def test_terms_chart_draws_one_bar_per_term_with_a_year_slider(terms):
    spec = terms_chart(terms, title="T", description="D", subtitle="S").to_dict()
    assert spec["title"] == {"text": "T", "subtitle": "S"} and spec["description"] == "D"
    bars, rule, caption = spec["layer"]
    assert (bars["mark"]["type"], rule["mark"]["type"], caption["mark"]["type"]) == ("bar", "rule", "text")
    rows = _rows(spec, bars["data"])
    assert caption["data"] == bars["data"]  # the caption names a holder from the same table
    assert [r["holder"] for r in rows] == terms["holder"].tolist()
    assert "Valery Semerikov (acting)" in {r["holder"] for r in rows}
    assert bars["encoding"]["x"]["field"] == "start" and bars["encoding"]["x2"]["field"] == "end_as_of"
    assert bars["encoding"]["y"]["sort"] == {"field": "start", "op": "min"}
    slider = spec["params"][0]
    assert slider["name"] == "year" and slider["value"] == 2018
    assert (slider["bind"]["min"], slider["bind"]["max"]) == (2004, 2026)  # every 1 January with a holder, to the as-of year
    assert "datetime(year, 0, 1)" in bars["encoding"]["opacity"]["condition"]["test"]
    assert caption["transform"][0]["filter"] == bars["encoding"]["opacity"]["condition"]["test"]


def test_terms_chart_draws_the_other_terms_clearly_and_the_last_one_clear_of_the_edge(terms):
    """Screenshot pass, 03-3: the terms not held on the slider's day were drawn very pale (opacity 0.3), and
    Masadykov's 2026 bar was a sliver on the axis's last pixels."""
    from scenegraph import mark_groups

    chart = terms_chart(terms, title="T", description="D", year=2018, width=560)
    (bars,) = [m["items"] for m in mark_groups(chart) if m.get("marktype") == "rect"]
    held = [b for b in bars if b.get("opacity", 1) == 1]
    others = [b for b in bars if b.get("opacity", 1) < 1]
    assert len(held) == 1 and len(others) == len(terms) - 1
    assert min(b["opacity"] for b in others) >= 0.6, "the other terms keep their colour"
    assert held[0].get("strokeWidth", 0) >= 2 and all(b.get("strokeWidth", 0) == 0 for b in others), "the holder is outlined"
    right = max(b["x"] + b["width"] for b in bars)
    assert right <= 560 - 8, f"the last term ends at {right:.0f} px of 560"


def test_terms_chart_keeps_the_slider_within_the_years_it_can_show(terms):
    slider = terms_chart(terms, title="T", description="D", year=1990).to_dict()["params"][0]
    assert slider["value"] == 2004


def test_country_colours_are_fixed_and_a_new_country_gets_its_own(terms):
    colour = terms_chart(terms, title="T", description="D").to_dict()["layer"][0]["encoding"]["color"]
    assert colour["title"] == "Holder's country"
    assert dict(zip(colour["scale"]["domain"], colour["scale"]["range"])) == COUNTRY_COLOURS
    assert set(terms["country_name"]) == set(COUNTRY_COLOURS)
    scale = country_scale(["Russia", "Tajikistan"]).to_dict()
    assert scale["domain"][-1] == "Tajikistan" and scale["range"][-1] == SPARE_COLOURS[0]
    assert SPARE_COLOURS[0] not in COUNTRY_COLOURS.values()


def test_term_lengths_chart_states_the_as_of_date_and_draws_the_lengths(terms):
    terms["years"] = ((terms["end_as_of"] - terms["start"]).dt.days / 365.25).round(1)
    terms["term"] = terms["holder"] + " (from " + terms["start_label"] + ")"
    spec = term_lengths_chart(terms, as_of=AS_OF, title="T", description="D").to_dict()
    assert spec["title"] == "T" and spec["description"] == "D" and spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["title"] == "Years in office (a running term counted to 2026-02-12)"
    assert spec["encoding"]["y"]["field"] == "term" and spec["encoding"]["y"]["sort"] == {"field": "start", "op": "min"}
    rows = {r["term"]: r["years"] for r in _rows(spec)}
    assert rows["Nikolai Bordyuzha (from 2003-04-28)"] == 13.7
    assert rows == dict(zip(terms["term"], terms["years"]))


def test_term_lengths_chart_shows_every_term_label_whole(terms):
    """Vega cuts axis labels at 180 px with an ellipsis: the two acting terms of Valery Semerikov read the same."""
    from csto_course.charts.static import chart_svg

    terms["years"] = 1.0
    terms["term"] = terms["holder"] + " (from " + terms["start_label"] + ")"
    svg = chart_svg(term_lengths_chart(terms, as_of=AS_OF, title="T", description="D").to_dict())
    assert "…" not in svg
    assert all(label.replace("&", "&amp;") in svg for label in terms["term"])


def test_requests_chart_draws_each_crisis_with_its_request_and_outcome_in_words(crises):
    spec = requests_chart(crises, title="T", description="D").to_dict()
    assert spec["title"] == "T" and spec["description"] == "D" and spec["mark"]["type"] == "point"
    rows = _rows(spec)
    assert [r["crisis"] for r in rows] == crises["crisis"].tolist() and len(rows) == 6
    assert set(rows[0]) == {"crisis", "date", "request", "outcome", "summary", "response"}  # nothing else goes to the browser
    sent = {r["crisis"] for r in rows if r["outcome"] == "CSTO troops sent"}
    assert sent == {"Kazakhstan 2022"}
    assert {r["crisis"]: r["request"] for r in rows}["Kyrgyzstan 2010"] == "asked Russia"
    enc = spec["encoding"]
    assert enc["shape"]["scale"] == {"domain": list(REQUEST_SHAPES), "range": list(REQUEST_SHAPES.values())}
    assert (
        dict(zip(enc["color"]["scale"]["domain"], enc["color"]["scale"]["range"]))
        == {"CSTO troops sent": OKABE_ITO[5], "no CSTO troops": OKABE_ITO[0]}
        == OUTCOME_COLOURS
    )


def test_requests_chart_keeps_each_crisis_clear_of_its_neighbours(crises):
    """Screenshot pass, 03-4: about 20 px a row, so Armenia 2021 and Afghanistan 2021, months apart in neighbouring rows,
    all but touched."""
    from scenegraph import mark_groups

    (points,) = [m["items"] for m in mark_groups(requests_chart(crises, title="T", description="D")) if m.get("marktype") == "symbol"]
    ys = sorted({round(p["y"]) for p in points})
    assert len(ys) == len(crises) and min(b - a for a, b in itertools.pairwise(ys)) >= 30, ys
    reach = max(p.get("size", 64) for p in points) ** 0.5 * 0.57  # half a symbol's width
    assert min(b - a for a, b in itertools.pairwise(ys)) >= 2 * reach + 8, "a clear gap between neighbouring points"


def test_requests_chart_refuses_words_it_cannot_draw(crises):
    with pytest.raises(
        ValueError, match="The request column should say one of: asked the CSTO, asked Russia, no request; it also says RUS"
    ):
        requests_chart(crises.assign(request="RUS"), title="T", description="D")
    with pytest.raises(ValueError, match=r"The outcome column .* it also says \(empty\)"):
        requests_chart(crises.assign(outcome=None), title="T", description="D")


@pytest.mark.parametrize(
    "draw",
    [
        lambda t, c, title: terms_chart(t, title=title, description="D"),
        lambda t, c, title: term_lengths_chart(t.assign(years=1.0, term="x"), as_of=AS_OF, title=title, description="D"),
        lambda t, c, title: requests_chart(c, title=title, description="D"),
    ],
    ids=["terms", "term-lengths", "requests"],
)
def test_lesson_03_charts_refuse_an_empty_table_a_missing_column_and_a_blank_title(draw, terms, crises):
    with pytest.raises(ValueError, match="was given a table with no rows"):
        draw(terms.iloc[0:0], crises.iloc[0:0], "T")
    with pytest.raises(ValueError, match=r"needs the column\(s\) (country_name|crisis)"):
        draw(terms.drop(columns="country_name"), crises.drop(columns="crisis"), "T")
    with pytest.raises(ValueError, match="A course chart needs a title"):
        draw(terms, crises, " ")


# --- charts/forces_lesson.py: lesson 04 ---------------------------------------------------------


def test_contributions_grid_draws_the_count_of_units_per_state_and_moment(per_state):
    spec = contributions_chart(per_state, contexts=CONTEXTS, title="T", description="D", subtitle="S").to_dict()
    assert spec["title"] == {"text": "T", "subtitle": "S"} and spec["description"] == "D"
    cells, counts = spec["layer"]
    assert cells["mark"]["type"] == "rect" and counts["mark"]["type"] == "text"
    assert counts["encoding"]["text"]["field"] == "units"
    assert cells["encoding"]["x"]["sort"] == CONTEXTS  # the moments in time order
    rows = {(r["context"], r["name"]): r["units"] for r in _rows(spec)}
    raw = load("force_contributions").merge(load("countries")[["iso3", "name"]], on="iso3")
    assert rows == raw.groupby(["context", "name"]).size().to_dict()
    assert rows[("As planned, 2009", "Russia")] == 2 and ("Kazakhstan deployment, January 2022", "Kazakhstan") not in rows
    assert {r["name"] for r in _rows(spec)} == {
        "Armenia",
        "Belarus",
        "Kazakhstan",
        "Kyrgyzstan",
        "Russia",
        "Tajikistan",
    }  # names, not codes
    assert [t["title"] for t in cells["encoding"]["tooltip"]] == ["State", "Moment", "Units"]
    assert cells["encoding"]["color"]["scale"]["domain"] == [0, 3]


def test_contributions_grid_shading_reaches_the_largest_count(per_state):
    more = pd.concat([per_state, pd.DataFrame([{"context": CONTEXTS[0], "name": "Utopia", "units": 5, "listed": "five"}])])
    cells = contributions_chart(more, contexts=CONTEXTS, title="T", description="D").to_dict()["layer"][0]
    assert cells["encoding"]["color"]["scale"]["domain"] == [0, 5]


def test_exercise_sizes_draws_only_the_exercises_with_a_figure_in_the_given_order():
    exercises = load("exercises")
    sized = exercises.dropna(subset=["personnel"]).sort_values("year", kind="stable")
    spec = exercise_sizes_chart(exercises.sort_values("year", kind="stable"), title="T", description="D", series_order=SERIES).to_dict()
    assert spec["title"] == "T" and spec["description"] == "D" and spec["mark"]["type"] == "bar"
    rows = _rows(spec)
    assert [r["name"] for r in rows] == sized["name"].tolist() and len(rows) == 17  # missing figures are left out, not zero
    assert spec["encoding"]["y"]["sort"] == sized["name"].tolist()  # oldest at the top
    assert spec["encoding"]["color"]["scale"]["domain"] == [s for s in SERIES if s in set(sized["series"])], "in the given order"
    assert {r["name"]: r["personnel"] for r in rows}["Vzaimodeistvie-2009"] == 7000


def test_exercise_sizes_fits_a_notebook_and_its_legend_shows_every_series_it_draws():
    """Its legend beside the bars made the chart 1,068 px wide: JupyterLab cut off "Barrier" and "other".
    Then it listed Skala and Barrier, which have no bar (screenshot pass, 04-1)."""
    import re

    from csto_course.charts.static import chart_svg

    exercises = load("exercises").sort_values("year", kind="stable")
    svg = chart_svg(exercise_sizes_chart(exercises, title="T", description="D", series_order=SERIES).to_dict())
    width = int(re.search(r'<svg [^>]*width="(\d+)"', svg).group(1))
    assert width <= 800, f"{width} px is wider than a notebook's output area"
    drawn = set(exercises.dropna(subset=["personnel"])["series"])
    assert {"Skala", "Barrier"}.isdisjoint(drawn), "the table has no figure for these two series"
    assert [series for series in SERIES if f">{series}<" in svg] == [series for series in SERIES if series in drawn]


def test_exercise_series_keep_one_colour_each_in_both_charts_never_yellow_never_shared():
    """Screenshot pass, 04-1 and 04-4: "other" had Rubezh's blue (nine series, an eight-colour palette), so Harbmaydon 2015
    and Tajikistan 2017 read as Rubezh exercises; Skala was drawn in Okabe & Ito's yellow, hard to see on white."""
    from colour_distance import VISIONS, difference
    from scenegraph import mark_groups

    from csto_course.charts import exercises_chart
    from csto_course.charts.forces import series_colours

    exercises = load("exercises").sort_values("year", kind="stable")
    points = exercises_chart(exercises, title="T", description="D", series_order=SERIES).to_dict()["encoding"]["color"]["scale"]
    bars = exercise_sizes_chart(exercises, title="T", description="D", series_order=SERIES)
    colours = dict(zip(points["domain"], points["range"]))
    assert points["domain"] == SERIES and colours == series_colours(SERIES)
    scale = bars.to_dict()["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"])) == {s: colours[s] for s in scale["domain"]}, "the same colour in both charts"
    fills = {item["description"].split("series: ")[1].split(";")[0]: item["fill"] for m in mark_groups(bars) for item in m["items"]}
    assert fills["other"] != fills["Rubezh"] and fills == {s: colours[s] for s in fills}, "as drawn"
    assert len(set(colours.values())) == len(SERIES)
    worst = min((difference(a, b, v), v) for a, b in itertools.combinations(colours.values(), 2) for v in VISIONS)
    assert min(difference(a, b) for a, b in itertools.combinations(colours.values(), 2)) >= 20
    assert worst[0] >= 10, worst

    def contrast_with_white(colour: str) -> float:
        rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
        return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)

    faint = {s: c for s, c in colours.items() if contrast_with_white(c) < 1.8}  # Okabe & Ito's yellow: 1.2
    assert faint == {}


def test_exercise_sizes_without_any_figure_or_rows_say_so():
    exercises = load("exercises")
    with pytest.raises(ValueError, match="None of these exercises has a reported number of personnel"):
        exercise_sizes_chart(exercises[exercises["personnel"].isna()], title="T", description="D")
    with pytest.raises(ValueError, match="exercise_sizes_chart was given a table with no rows"):
        exercise_sizes_chart(exercises.iloc[0:0], title="T", description="D")
    with pytest.raises(ValueError, match=r"exercise_sizes_chart needs the column\(s\) personnel"):
        exercise_sizes_chart(exercises.drop(columns="personnel"), title="T", description="D")


def test_contributions_grid_refuses_an_empty_table(per_state):
    with pytest.raises(ValueError, match="contributions_chart was given a table with no rows"):
        contributions_chart(per_state.iloc[0:0], contexts=CONTEXTS, title="T", description="D")
    with pytest.raises(ValueError, match=r"contributions_chart needs the column\(s\) units"):
        contributions_chart(per_state.drop(columns="units"), contexts=CONTEXTS, title="T", description="D")
