"""Do the helpers behind Lessons 07 (reading sources) and 08 (peers) draw the lessons' tables faithfully?

Lesson 07: each chart's rows are the claims the lesson selects, colours follow the course's kinds
of source, and a topic without dated versions says so. Lesson 08: the founding time line, the
member counts, the statuses on 1 July of each year and the "Pick a state" tables.
"""

from __future__ import annotations

import pandas as pd
import pytest

from csto_course.charts import OKABE_ITO
from csto_course.charts import peers_lesson as peers
from csto_course.charts.forces import KIND_COLOURS
from csto_course.charts.peers_lesson import (
    CLAUSE_NAMES,
    count_label,
    founding_timeline,
    founding_timeline_chart,
    member_counts_chart,
    show_table,
    statuses_on_1_july,
)
from csto_course.charts.sources_lesson import (
    claim_lag_chart,
    describe_versions_per_source,
    kind_colour,
    kinds_present,
    topic_dates_chart,
    versions_per_source_chart,
)
from csto_course.data import load


def _rows(spec: dict, view: dict | None = None) -> list[dict]:
    """The data rows of a chart, or of one of its layers."""
    return spec["datasets"][(view or spec)["data"]["name"]]


# ---------------------------------------------------------------- Lesson 07


@pytest.fixture(scope="module")
def versions() -> pd.DataFrame:
    """claims.csv joined to sources.csv with both dates as written, as Lesson 07 builds it."""
    sources, claims = load("sources"), load("claims")
    as_of_written = load("claims", as_text=True)[["claim_id", "as_of"]].rename(columns={"as_of": "as_of_label"})
    published_written = load("sources", as_text=True)[["source_id", "published"]].rename(columns={"published": "published_label"})
    return (
        claims.merge(sources[["source_id", "outlet", "kind", "perspective", "published"]], on="source_id", how="left")
        .merge(as_of_written, on="claim_id")
        .merge(published_written, on="source_id")
    )


@pytest.fixture(scope="module")
def dated(versions) -> pd.DataFrame:
    dated = versions.dropna(subset=["as_of", "published"]).copy()
    dated["lag_years"] = dated["published"].dt.year - dated["as_of"].dt.year
    return dated


def test_kinds_keep_the_course_order_and_unknown_kinds_are_refused():
    assert kinds_present(["seed", "news", None, "official", "news"]) == ["official", "news", "seed"]
    colour = kind_colour(pd.Series(["reference", "news"])).to_dict()
    assert colour["scale"] == {"domain": ["news", "reference"], "range": [KIND_COLOURS["news"], KIND_COLOURS["reference"]]}
    assert colour["title"] == "Kind of source"
    with pytest.raises(ValueError, match="Unknown kind.*blog"):
        kinds_present(["news", "blog"])


def test_claim_lag_chart_draws_every_dated_claim_once(dated):
    spec = claim_lag_chart(dated, title="T", description="D", subtitle="S").to_dict()
    assert spec["title"] == {"text": "T", "subtitle": "S"} and spec["description"] == "D"
    rows = [row for layer in spec["layer"] for row in _rows(spec, layer)]  # one layer per kind, the most common first
    sizes = [len(_rows(spec, layer)) for layer in spec["layer"]]
    assert sizes == sorted(sizes, reverse=True) and len({_rows(spec, layer)[0]["kind"] for layer in spec["layer"]}) == len(sizes)
    assert len(rows) == len(dated) > 50
    assert sorted((r["source_id"], r["lag_years"]) for r in rows) == sorted(zip(dated["source_id"], dated["lag_years"]))
    assert all(r["lag_years"] >= 0 for r in rows)  # no source published before the moment it describes
    enc = spec["layer"][0]["encoding"]
    assert (enc["x"]["field"], enc["y"]["field"]) == ("as_of", "lag_years")
    assert enc["color"]["scale"]["domain"] == enc["shape"]["scale"]["domain"] == kinds_present(dated["kind"])
    assert enc["color"]["scale"]["range"] == [KIND_COLOURS[k] for k in enc["color"]["scale"]["domain"]]
    tooltips = {t["field"]: t["title"] for t in enc["tooltip"]}
    assert tooltips["as_of_label"] == "Refers to" and tooltips["published_label"] == "Published"
    poletaev = {r["as_of_label"] for r in rows if r["source_id"] == "seed-poletaev-2015"}
    assert {"2001", "2014-12-22"} <= poletaev  # each date as written: a year stays a year, not 2001-01-01


def test_claim_lag_chart_refuses_an_empty_selection_and_missing_columns(dated):
    with pytest.raises(ValueError, match="no claims to draw"):
        claim_lag_chart(dated.iloc[:0], title="T", description="D")
    with pytest.raises(ValueError, match="lag_years"):
        claim_lag_chart(dated.drop(columns="lag_years"), title="T", description="D")


def test_versions_per_source_chart_has_one_bar_per_source_longest_first(versions):
    per_source = (
        versions.groupby("source_id")
        .agg(versions=("claim_id", "size"), topics=("topic", "nunique"))
        .reset_index()
        .merge(load("sources")[["source_id", "outlet", "kind", "perspective"]], on="source_id", how="left")
    )
    spec = versions_per_source_chart(per_source, title="T", description="D").to_dict()
    assert spec["title"]["text"] == "T" and spec["description"] == "D" and spec["mark"]["type"] == "bar"
    rows = _rows(spec)
    counts = versions["source_id"].value_counts()
    assert {r["source_id"]: r["versions"] for r in rows} == counts[counts >= 2].to_dict(), "a bar for each source with 2+ versions"
    single = int((counts == 1).sum())
    assert single > 20 and spec["title"]["subtitle"] == f"{len(rows)} sources with 2 or more versions; {single} more give one version each"
    assert {r["source"] for r in rows} >= {"Oglavnom 2023", "Samay 2019"}, "bars are named as the citations name them"
    assert spec["encoding"]["y"]["field"] == "source" and spec["encoding"]["y"]["sort"] == {"field": "versions", "order": "descending"}
    shown = per_source[per_source["versions"] >= 2]
    assert spec["encoding"]["color"]["scale"]["domain"] == kinds_present(shown["kind"])
    with pytest.raises(ValueError, match="no sources"):
        versions_per_source_chart(per_source.iloc[:0], title="T", description="D")


def test_the_description_of_the_versions_per_source_chart_names_every_bar_kind_by_kind():
    per_source = pd.DataFrame(
        {
            "source_id": ["seed-samay-2019", "tass-2012-12-19", "seed-oglavnom-2023", "wikipedia-csto", "seed-edm-2011"],
            "versions": [9, 2, 14, 1, 1],
            "kind": ["seed", "news", "seed", "reference", "seed"],
        }
    )
    assert describe_versions_per_source(per_source) == (
        "Horizontal bar chart, one bar for each of the three sources that give two or more versions in claims.csv, "
        "longest first, coloured by kind of source. Seed: Oglavnom 2023, 14; Samay 2019, 9. News: TASS 2012, 2. "
        "The subtitle adds that 2 more sources give one version each."
    )
    assert "Samay 2019, 9" not in describe_versions_per_source(per_source, min_versions=10)


def test_topic_dates_chart_joins_each_sources_two_dates(versions):
    rows = versions[versions["topic"] == "uzbekistan-2012-left-or-suspended"]
    spec = topic_dates_chart(rows, "uzbekistan-2012-left-or-suspended").to_dict()
    name = "Uzbekistan 2012: left or suspended?"  # the topic in words, not its id
    assert spec["title"].startswith(name) and name in spec["description"] and "-" not in spec["title"].split(":")[0]
    assert "filled dot" in spec["description"]
    line, refers, written = spec["layer"]
    assert line["encoding"]["y"]["field"] == "source" and {r["source"] for r in _rows(spec)} >= {"TASS 2012", "RT 2012"}
    assert [line["mark"]["type"], refers["mark"]["type"], written["mark"]["type"]] == ["rule", "point", "point"]
    assert refers["mark"]["filled"] is True and written["mark"]["filled"] is False
    assert (line["encoding"]["x"]["field"], line["encoding"]["x2"]["field"]) == ("as_of", "published")
    assert (refers["encoding"]["x"]["field"], written["encoding"]["x"]["field"]) == ("as_of", "published")
    drawn = {r["source_id"] for r in _rows(spec)}
    assert drawn == set(rows.dropna(subset=["as_of", "published"])["source_id"])
    assert len(drawn) < len(rows)  # two seeds give no date for the step: in the table, not on the chart


@pytest.mark.parametrize(
    "topic",
    # the lesson's first topic (months), spans of years and of days, and a single day (two ticks of a padded axis)
    ["kazakhstan-2022-troops", "accession-1993", "kobalt-2021-dates", "tajikistan-aid-2015", "withdrawal-right"],
)
def test_topic_dates_chart_draws_every_dot_whole_and_writes_each_date_once(versions, topic):
    """Screenshot finding 07-4: the January 2022 news dots of the lesson's first topic sat on the
    left axis line, half hidden, because the time axis ended at the first and last dates. Every
    dot must be drawn inside the plot, and the axis must not write a date twice."""
    from scenegraph import axis_labels, plot_panels

    rows = versions[versions["topic"] == topic]
    chart = topic_dates_chart(rows, topic)
    (panel,) = plot_panels(chart)
    assert len(panel["points"]) == 2 * len(rows.dropna(subset=["as_of", "published"])) > 0
    for x, _, size in panel["points"]:
        r = 0.57 * size**0.5
        assert r <= x <= panel["width"] - r, f"a dot on the chart's edge at x={x:.0f}"
    labels = axis_labels(chart, "Date")
    assert labels and len(labels) == len(set(labels)), labels


def test_topic_dates_chart_says_so_when_no_version_has_both_dates(versions):
    rows = versions[versions["topic"] == "withdrawal-right"].assign(as_of=pd.NaT)
    spec = topic_dates_chart(rows, "withdrawal-right").to_dict()
    assert _rows(spec) == [] and "The right to withdraw" in spec["description"]
    assert "no version gives both dates" in spec["description"]


# ---------------------------------------------------------------- Lesson 08


@pytest.fixture(scope="module")
def organizations() -> pd.DataFrame:
    return load("organizations")


@pytest.fixture(scope="module")
def as_written() -> pd.DataFrame:
    return load("organizations", as_text=True)


def test_founding_timeline_takes_labels_as_written_and_matches_them_by_organisation(organizations, as_written):
    shuffled = as_written.iloc[::-1].reset_index(drop=True)  # labels are matched by org_id, not by row position
    timeline = founding_timeline(organizations, shuffled).set_index("abbreviation")
    assert len(timeline) == 6
    assert timeline.loc["CSTO", "founded_label"] == "2002-10-07" and timeline.loc["NATO", "founded_label"] == "1949-04-04"
    assert timeline["ended"].notna().sum() == 1 and timeline.loc["EurAsEC", "ended"] == pd.Timestamp("2015-01-01")
    defence = set(timeline.index[timeline["clause"] == CLAUSE_NAMES[True]])
    assert defence == {"NATO", "CSTO"}
    assert set(timeline["clause"]) == set(CLAUSE_NAMES.values())  # words, not True/False


def test_founding_timeline_chart_runs_earliest_first_with_diamonds_for_a_defence_clause(organizations, as_written):
    spec = founding_timeline_chart(organizations, as_written, title="T", description="D", subtitle="S").to_dict()
    assert spec["title"] == {"text": "T", "subtitle": "S"} and spec["description"] == "D"
    life, founding, dates = spec["layer"]
    assert all(layer["encoding"]["y"]["sort"] == ["NATO", "CIS", "EurAsEC", "SCO", "CSTO", "EAEU"] for layer in spec["layer"])
    shape = founding["encoding"]["shape"]["scale"]
    assert dict(zip(shape["domain"], shape["range"])) == {CLAUSE_NAMES[True]: "diamond", CLAUSE_NAMES[False]: "circle"}
    assert founding["encoding"]["color"]["scale"]["range"] == [OKABE_ITO[5], OKABE_ITO[0]]
    assert dates["encoding"]["text"]["field"] == "founded_label"
    rows = _rows(spec)
    assert len(rows) == 6 and [r["abbreviation"] for r in rows if r["ended"]] == ["EurAsEC"]


@pytest.mark.parametrize(
    ("count", "as_of", "label"),
    [
        (32, "2024-03-07", "32 members (as of 2024-03-07)"),
        (6, "2026-01", "6 members (as of 2026-01)"),
        (9, "date not recorded", "9 members (date not recorded)"),
        (9, "", "9 members (date not recorded)"),
        (9, None, "9 members (date not recorded)"),
        (pd.NA, "2015-08-06", "count not recorded (as of 2015-08-06)"),
    ],
)
def test_count_label_says_what_is_known_in_words(count, as_of, label):
    assert count_label(count, as_of) == label


def test_member_counts_chart_labels_every_bar_with_its_date(organizations, as_written):
    sizes = organizations[["abbreviation", "name", "members_count"]].assign(
        as_of=as_written["members_as_of"].replace("", "date not recorded")
    )
    spec = member_counts_chart(sizes, title="T", description="D").to_dict()
    assert spec["title"] == "T" and spec["description"] == "D"
    bars, counts = spec["layer"]
    labels = {r["abbreviation"]: r["label"] for r in _rows(spec)}
    assert labels["NATO"] == "32 members (as of 2024-03-07)"
    assert labels["CIS"] == "9 members (date not recorded)"
    assert labels["CSTO"] == "6 members (as of 2026-01)"
    assert bars["encoding"]["y"]["sort"] == ["NATO", "SCO", "CIS", "CSTO", "EAEU", "EurAsEC"]  # ties keep the table's order
    assert counts["encoding"]["text"]["field"] == "label"
    with pytest.raises(ValueError, match="no organisations"):
        member_counts_chart(sizes.iloc[:0], title="T", description="D")


def test_member_counts_axis_stops_just_past_the_largest_count(organizations, as_written):
    """Screenshot pass, 08-2: the axis (and its grid lines) ran to 45 for at most 32 members, room left for the labels."""
    from scenegraph import axis_labels

    sizes = organizations[["abbreviation", "name", "members_count"]].assign(as_of="2024")
    chart = member_counts_chart(sizes, title="T", description="D")
    ticks = [int(t) for t in axis_labels(chart, "Member states")]
    largest = int(sizes["members_count"].max())
    assert largest == 32 and ticks == list(range(0, 36, 5)), ticks
    assert chart.to_dict()["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 45], "the labels keep their room"


@pytest.fixture(scope="module")
def yearly() -> pd.DataFrame:
    others = load("org_memberships")
    names = dict(zip(load("countries")["iso3"], load("countries")["name"]))
    abbreviations = dict(zip(load("organizations")["org_id"], load("organizations")["abbreviation"]))
    dated = others[others["since"].notna() & (others["org_id"] != "cis")]
    return statuses_on_1_july(dated, names, abbreviations, 1992, 2025)


def _status(yearly: pd.DataFrame, year: int, state: str, organisation: str) -> str | None:
    hit = yearly[(yearly["year"] == year) & (yearly["state"] == state) & (yearly["organisation"] == organisation)]
    assert len(hit) <= 1
    return None if hit.empty else hit["status"].iloc[0]


def test_statuses_on_1_july_follow_the_joining_and_leaving_dates(yearly):
    assert list(yearly.columns) == ["year", "state", "organisation", "status", "undated"]
    assert not yearly["undated"].any()
    assert yearly["year"].min() == 2001 and yearly["year"].max() == 2025  # EurAsEC's treaty (2000-10-10) is the first dated membership
    assert _status(yearly, 2000, "Russia", "EurAsEC") is None  # founded 2000-10-10, after 1 July
    assert _status(yearly, 2001, "Russia", "EurAsEC") == "member"
    assert _status(yearly, 2014, "Kazakhstan", "EurAsEC") == "member"
    assert _status(yearly, 2015, "Kazakhstan", "EurAsEC") == "former member"  # wound up on 2015-01-01
    assert _status(yearly, 2024, "Belarus", "SCO") is None  # joined 2024-07-04, three days after 1 July
    assert _status(yearly, 2025, "Belarus", "SCO") == "member"
    assert _status(yearly, 2015, "Kyrgyzstan", "EAEU") is None and _status(yearly, 2016, "Kyrgyzstan", "EAEU") == "member"
    assert yearly[(yearly["state"] == "Uzbekistan") & (yearly["organisation"] == "EurAsEC")].empty  # no dates given


def test_statuses_on_1_july_keep_an_associate_and_handle_an_empty_table():
    memberships = pd.DataFrame(
        {
            "org_id": ["cis"],
            "iso3": ["TKM"],
            "status": ["associate"],
            "since": [pd.Timestamp("2005-01-01")],
            "until": [pd.NaT],
        }
    )
    result = statuses_on_1_july(memberships, {"TKM": "Turkmenistan"}, {"cis": "CIS"}, 2004, 2006)
    assert list(zip(result["year"], result["status"])) == [(2005, "associate"), (2006, "associate")]
    joined_and_left_on_1_july = memberships.assign(
        status="former member", since=pd.Timestamp("2004-07-01"), until=pd.Timestamp("2005-07-01")
    )
    result = statuses_on_1_july(joined_and_left_on_1_july, {"TKM": "Turkmenistan"}, {"cis": "CIS"}, 2003, 2006)
    assert list(zip(result["year"], result["status"])) == [(2004, "member"), (2005, "former member"), (2006, "former member")]
    empty = statuses_on_1_july(memberships.iloc[:0], {}, {}, 1992, 2025)
    assert empty.empty and list(empty.columns) == ["year", "state", "organisation", "status", "undated"]
    with pytest.raises(ValueError, match="TKM"):
        statuses_on_1_july(memberships, {}, {"cis": "CIS"}, 2004, 2006)


def test_show_table_shows_a_heading_then_the_rows_or_a_sentence(monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(peers, "display", shown.append)
    rows = pd.DataFrame({"since": ["1992-05-15", None], "note": ["signed", "left"]}, index=[7, 9])
    show_table("**Uzbekistan in the CSTO**", rows, "nothing recorded")
    heading, table = shown
    assert heading.data == "**Uzbekistan in the CSTO**"
    assert list(table.index) == [0, 1] and table.loc[1, "since"] == ""  # numbered from 0, an empty cell blank, not None
    assert capsys.readouterr().out == ""
    shown.clear()
    show_table("**Moldova in the CSTO**", rows.iloc[:0], "membership.csv records no CSTO status for this state.")
    assert [s.data for s in shown] == ["**Moldova in the CSTO**"]
    assert capsys.readouterr().out == "membership.csv records no CSTO status for this state.\n"
