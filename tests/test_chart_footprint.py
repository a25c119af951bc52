"""Do the helpers behind lessons 05 and 06 draw exactly the rows they are given, in words a student reads?

The tables are built here the way the lessons build them, so a change to a
lesson's pandas steps or to a helper shows up as a failing test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from csto_course.charts import OKABE_ITO
from csto_course.charts.crises_lesson import (
    CLAIM_COLUMNS,
    CRISIS_COLUMNS,
    NO_DISAGREEMENT,
    closeup_chart,
    contingents_chart,
    show_claims,
    size_label,
    topic_claims,
    troop_claims_chart,
)
from csto_course.charts.footprint import (
    AGREEMENT_COLOURS,
    BILATERAL,
    FACILITY_COLUMNS,
    FIGURE_COLUMNS,
    MULTILATERAL,
    NO_DISPUTED_FIGURES,
    agreement_terms_chart,
    disputed_figures,
    facility_types_chart,
    show_facilities,
    troop_figures_chart,
)
from csto_course.data import load

# What the explorers show, as the lessons showed it before the helpers existed.
FACILITY_SHOWN = ["name", "type", "location", "opened", "agreement_until", "status", "note"]
FIGURE_SHOWN = ["facility_id", "source_id", "outlet", "as_of_written", "value", "unit", "claim"]
CLAIM_SHOWN = ["source_id", "outlet", "kind", "as_of", "claim"]
CRISIS_SHOWN = [
    "country",
    "start_date",
    "end_date",
    "summary",
    "request_made",
    "request_date",
    "request_to",
    "response",
    "troops_deployed",
    "note",
    "source_ids",
]

# ---------------------------------------------------------------- helpers


def _rows(spec: dict, layer: int | None = None) -> list[dict]:
    """The data rows of the whole chart, or of one of its layers."""
    part = spec if layer is None else spec["layer"][layer]
    name = part.get("data", spec.get("data", {})).get("name")
    return spec["datasets"][name]


def _tooltip_titles(encoding: dict) -> list[str]:
    return [t["title"] for t in encoding["tooltip"]]


# ---------------------------------------------------------------- lesson 05: the tables as the lesson builds them


@pytest.fixture(scope="module")
def footprint() -> dict:
    bases = load("bases")
    host_names = load("countries").set_index("iso3")["name"]
    as_written = load("bases", as_text=True)
    facilities = bases.assign(host_state=bases["host"].map(host_names))
    claims = load("claims").merge(load("sources")[["source_id", "outlet", "kind"]], on="source_id")
    claims["as_of_written"] = load("claims", as_text=True)["as_of"].replace("", "undated")
    claims["facility_id"] = claims["topic"].str.removesuffix("-personnel")
    sizes = claims[claims["facility_id"].isin(bases["facility_id"])]
    troops = sizes[sizes["unit"] == "personnel"].merge(bases[["facility_id", "name"]], on="facility_id")
    agreed = bases[bases["personnel"].notna()][["facility_id", "name", "personnel"]]

    events = load("events")
    steps = events[events["event_id"].isin(["1992-treaty-signed", "2002-charter-signed", "2024-armenia-freeze"])]
    multilateral = pd.DataFrame(
        {
            "row": "CSTO: " + steps["title"],
            "start": steps["date"],
            "end": pd.NaT,
            "start_written": steps["date"].dt.strftime("%Y-%m-%d"),
            "runs_to": "",
            "kind": MULTILATERAL,
        }
    )
    dated = facilities[facilities["opened"].notna()]
    bilateral = pd.DataFrame(
        {
            "row": dated["name"] + " (" + dated["host_state"] + ")",
            "start": dated["opened"],
            "end": pd.to_datetime(dated["agreement_until"].astype("string"), format="%Y", errors="coerce"),
            "start_written": as_written.loc[dated.index, "opened"],
            "runs_to": as_written.loc[dated.index, "agreement_until"].replace("", "no end year in the table"),
            "kind": BILATERAL,
        }
    )
    return {
        "bases": bases,
        "as_written": as_written,
        "by_type": facilities.groupby(["host_state", "type"]).size().reset_index(name="facilities"),
        "sizes": sizes,
        "troops": troops,
        "agreed": agreed,
        "agreements": pd.concat([multilateral, bilateral], ignore_index=True).sort_values("start"),
    }


# ---------------------------------------------------------------- facility_types_chart


def test_facility_types_draw_one_segment_per_row_of_the_count(footprint):
    by_type = footprint["by_type"]
    spec = facility_types_chart(by_type, title="T", description="D").to_dict()
    assert spec["title"] == "T" and spec["description"] == "D"
    rows = _rows(spec)
    assert [(r["host_state"], r["type"], r["facilities"]) for r in rows] == list(by_type.itertuples(index=False, name=None))
    assert sum(r["facilities"] for r in rows) == len(footprint["bases"]) == 13
    assert {r["host_state"] for r in rows} == {"Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan"}  # names, not codes
    enc = spec["encoding"]
    assert enc["y"]["sort"] == {"field": "facilities", "op": "sum", "order": "descending"}  # most facilities first
    assert enc["color"]["field"] == "type" and enc["color"]["title"] == "Type of facility"
    assert _tooltip_titles(enc) == ["Host state", "Type", "Facilities"]


def test_facility_types_refuse_an_empty_selection_or_a_missing_column(footprint):
    by_type = footprint["by_type"]
    with pytest.raises(ValueError, match="no rows"):
        facility_types_chart(by_type[by_type["host_state"] == "Georgia"], title="T", description="D")
    with pytest.raises(ValueError, match=r"needs the column\(s\) facilities"):
        facility_types_chart(by_type.drop(columns="facilities"), title="T", description="D")
    with pytest.raises(ValueError, match="needs a description"):
        facility_types_chart(by_type, title="T", description=" ")


# ---------------------------------------------------------------- troop_figures_chart


def test_troop_figures_show_every_claim_and_ring_the_tables_own_figure(footprint):
    troops, agreed = footprint["troops"], footprint["agreed"]
    spec = troop_figures_chart(troops, agreed, title="T", description="D").to_dict()
    assert spec["title"] == "T" and spec["description"] == "D"
    spread, figures, ring = spec["layer"]
    assert (
        spread["mark"]["type"] == "rule"
        and spread["encoding"]["x"]["aggregate"] == "min"
        and spread["encoding"]["x2"]["aggregate"] == "max"
    )
    points = _rows(spec, 1)
    assert sorted((r["name"], r["value"]) for r in points) == sorted(zip(troops["name"], troops["value"]))
    assert {r["value"] for r in points if r["name"] == "102nd Russian military base"} == {3000, 3500, 5000}
    assert [(r["name"], r["personnel"]) for r in _rows(spec, 2)] == [("201st Russian military base", 7000)]
    assert figures["encoding"]["color"]["field"] == "source" and figures["encoding"]["shape"]["field"] == "source"
    assert {r["source"] for r in points} >= {"RT 2013", "Samay 2019"}, "the legend names sources as the lesson cites them, not by id"
    assert _tooltip_titles(figures["encoding"]) == ["Source", "Outlet", "Kind", "As of", "Troops", "Claim"]
    assert _tooltip_titles(ring["encoding"]) == ["Facility", "Figure in bases.csv"]


def test_troop_figures_put_the_largest_first_and_leave_room_for_the_ring(footprint):
    enc = troop_figures_chart(footprint["troops"], footprint["agreed"], title="T", description="D").to_dict()["layer"][0]["encoding"]
    assert enc["y"]["sort"] == ["201st Russian military base", "102nd Russian military base", "Kant air base"]
    assert enc["x"]["scale"]["domain"] == [0, 8000]
    # A figure only the table carries still counts for the order and the axis.
    agreed = pd.DataFrame({"facility_id": ["kant"], "name": ["Kant air base"], "personnel": pd.array([9000], dtype="Int64")})
    enc = troop_figures_chart(footprint["troops"], agreed, title="T", description="D").to_dict()["layer"][0]["encoding"]
    assert enc["y"]["sort"][0] == "Kant air base" and enc["x"]["scale"]["domain"] == [0, 10000]


def test_troop_figures_without_a_table_figure_draw_no_ring(footprint):
    troops, agreed = footprint["troops"], footprint["agreed"]
    spec = troop_figures_chart(troops, agreed.iloc[0:0], title="T", description="D").to_dict()
    assert _rows(spec, 2) == [] and len(_rows(spec, 1)) == len(troops)
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 8000]  # the largest claim is 7,000
    armenia = troops[troops["facility_id"] == "base-102"]
    spec = troop_figures_chart(armenia, agreed.iloc[0:0], title="T", description="D").to_dict()
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 6000]  # the largest claim is 5,000
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["102nd Russian military base"]
    with pytest.raises(ValueError, match="no rows"):
        troop_figures_chart(troops.iloc[0:0], agreed, title="T", description="D")


# ---------------------------------------------------------------- agreement_terms_chart


def test_agreements_draw_every_row_in_the_order_given_with_the_course_colours(footprint):
    agreements = footprint["agreements"]
    spec = agreement_terms_chart(agreements, title="T", description="D").to_dict()
    assert spec["title"] == "T" and spec["description"] == "D"
    terms, starts = spec["layer"]
    assert terms["mark"]["type"] == "bar" and terms["transform"] == [{"filter": "isValid(datum.end)"}]  # bars only where an end is known
    assert starts["mark"]["shape"] == "diamond"
    rows = _rows(spec, 1)
    named = [row.replace("CSTO: CSTO ", "CSTO: ") for row in agreements["row"]]  # the step named once
    assert [r["row"] for r in rows] == named and len(rows) == 3 + 5
    assert starts["encoding"]["y"]["sort"] == named
    ends = {r["row"]: r["runs_to"] for r in rows if r["kind"] == BILATERAL}
    assert ends["102nd Russian military base (Armenia)"] == "2044"
    assert ends["Volga early-warning radar (Belarus)"] == "no end year in the table"
    scale = starts["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"])) == {MULTILATERAL: OKABE_ITO[1], BILATERAL: OKABE_ITO[0]} == AGREEMENT_COLOURS
    assert starts["encoding"]["x"]["scale"]["domain"] == ["1990-01-01", "2046-01-01"]  # two years either side of 1992 and 2044
    assert _tooltip_titles(starts["encoding"]) == ["What", "From", "Agreement runs to"]


def test_agreements_legend_is_whole_and_a_csto_step_says_csto_once(footprint):
    """Screenshot pass, 05-2: the legend read "Russian site (bilateral agre…" and a row "CSTO: CSTO Charter signed in Chisinau"."""
    from csto_course.charts.static import chart_svg

    agreements = footprint["agreements"]
    assert "CSTO: CSTO Charter signed in Chisinau" in set(agreements["row"]), "the lesson's way of naming a step"
    svg = chart_svg(agreement_terms_chart(agreements, title="T", description="D").to_dict())
    assert f">{BILATERAL}<" in svg and f">{MULTILATERAL}<" in svg and "…" not in svg
    assert ">CSTO: Charter signed in Chisinau<" in svg and "CSTO: CSTO" not in svg


def test_agreements_with_no_end_year_still_get_an_axis(footprint):
    steps = footprint["agreements"][footprint["agreements"]["kind"] == MULTILATERAL]
    spec = agreement_terms_chart(steps, title="T", description="D").to_dict()
    assert spec["layer"][1]["encoding"]["x"]["scale"]["domain"] == ["1990-01-01", "2026-01-01"]  # 1992 to 2024
    assert spec["layer"][1]["encoding"]["color"]["scale"]["domain"] == [MULTILATERAL]


def test_agreements_refuse_an_unknown_kind_or_no_rows(footprint):
    agreements = footprint["agreements"]
    with pytest.raises(ValueError, match="'treaty'"):
        agreement_terms_chart(agreements.assign(kind="treaty"), title="T", description="D")
    with pytest.raises(ValueError, match="no rows"):
        agreement_terms_chart(agreements.iloc[0:0], title="T", description="D")


# ---------------------------------------------------------------- the host-state explorer


def test_disputed_figures_are_those_of_the_chosen_facilities(footprint):
    as_written, sizes = footprint["as_written"], footprint["sizes"]
    armenia = disputed_figures(as_written[as_written["host"] == "ARM"], sizes)
    assert list(armenia.columns) == FIGURE_COLUMNS == FIGURE_SHOWN
    assert set(armenia["facility_id"]) == {"base-102"} and sorted(armenia["value"]) == [3000, 3500, 5000]
    assert disputed_figures(as_written[as_written["host"] == "KAZ"], sizes).empty


def test_the_explorer_says_when_there_is_nothing_disputed(footprint, monkeypatch, capsys):
    shown = []
    monkeypatch.setattr("csto_course.charts.footprint.display", shown.append)
    as_written, sizes = footprint["as_written"], footprint["sizes"]
    show_facilities(as_written[as_written["host"] == "KAZ"], sizes)
    assert capsys.readouterr().out.strip() == NO_DISPUTED_FIGURES
    assert (
        len(shown) == 1
        and list(shown[0].columns) == FACILITY_COLUMNS == FACILITY_SHOWN
        and list(shown[0]["name"])
        == [
            "Sary-Shagan test range",
            "929th State Flight Test Center",
            "4th State Central Test Range (Kapustin Yar), Kazakh part",
            "Emba test range",
        ]
    )
    shown.clear()
    show_facilities(as_written[as_written["host"] == "ARM"], sizes)
    assert capsys.readouterr().out == ""
    assert len(shown) == 2 and list(shown[1].columns) == FIGURE_SHOWN and len(shown[1]) == 3


# ---------------------------------------------------------------- lesson 06: the tables as the lesson builds them


@pytest.fixture(scope="module")
def crises_tables() -> dict:
    countries = load("countries")[["iso3", "name"]]
    crises = (
        load("crises")
        .merge(countries, left_on="country", right_on="iso3")
        .drop(columns="iso3")
        .sort_values("start_date")
        .reset_index(drop=True)
    )
    claims = load("claims")
    claims["as_of"] = load("claims", as_text=True)["as_of"]
    claims = claims.merge(load("sources")[["source_id", "outlet", "kind"]], on="source_id")
    contingents = load("force_contributions").query("context == 'Kazakhstan deployment, January 2022'").merge(countries, on="iso3")
    return {"crises": crises, "claims": claims, "contingents": contingents}


# ---------------------------------------------------------------- contingents_chart


@pytest.mark.parametrize(
    "size, label", [(200, "about 200"), (1500, "about 1,500"), (pd.NA, "no number reported"), (None, "no number reported")]
)
def test_sizes_are_written_in_words(size, label):
    assert size_label(size) == label


def test_contingents_show_every_state_by_name_largest_first(crises_tables):
    contingents = crises_tables["contingents"]
    spec = contingents_chart(contingents, title="T", description="D", subtitle="S").to_dict()
    assert spec["title"] == {"text": "T", "subtitle": "S"} and spec["description"] == "D"
    rows = _rows(spec)
    assert {r["name"]: r["label"] for r in rows} == {
        "Tajikistan": "about 200",
        "Kyrgyzstan": "about 150",
        "Armenia": "about 100",
        "Belarus": "no number reported",
        "Russia": "no number reported",
    }
    assert len(rows) == len(contingents)
    bars, labels = spec["layer"]
    assert bars["encoding"]["y"]["sort"] == labels["encoding"]["y"]["sort"] == ["Tajikistan", "Kyrgyzstan", "Armenia", "Belarus", "Russia"]
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 400]  # twice the largest, room for the labels
    assert _tooltip_titles(bars["encoding"]) == ["State", "Unit", "Size"]
    assert labels["encoding"]["text"]["field"] == "label" and "isValid(datum.size)" in labels["transform"][0]["calculate"]
    assert "label" not in contingents  # the lesson's table is left as it was


def test_contingents_without_any_number_still_draw_their_labels(crises_tables):
    unknown = crises_tables["contingents"][lambda t: t["size"].isna()]
    spec = contingents_chart(unknown, title="T", description="D").to_dict()
    assert [r["label"] for r in _rows(spec)] == ["no number reported"] * 2
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 100]
    with pytest.raises(ValueError, match="no rows"):
        contingents_chart(unknown.iloc[0:0], title="T", description="D")


# ---------------------------------------------------------------- troop_claims_chart


def test_troop_claims_have_one_bar_per_source_and_a_line_at_the_tables_figure(crises_tables):
    claims, crises = crises_tables["claims"], crises_tables["crises"]
    troop_claims = claims.query("topic == 'kazakhstan-2022-troops'")[["source_id", "outlet", "claim", "value", "unit"]]
    figure = crises.loc[crises["crisis_id"] == "kazakhstan-2022", "personnel"].item()
    spec = troop_claims_chart(troop_claims, figure, title="T", description="D", subtitle="S").to_dict()
    assert spec["title"] == {"text": "T", "subtitle": "S"} and spec["description"] == "D"
    bars, figures, line = spec["layer"]
    assert sorted((r["outlet"], r["value"]) for r in _rows(spec, 0)) == sorted(zip(troop_claims["outlet"], troop_claims["value"]))
    assert len(_rows(spec, 0)) == 6
    assert bars["encoding"]["y"]["sort"] == "-x" and bars["encoding"]["color"]["field"] == "unit"
    assert bars["encoding"]["color"]["title"] == "What the figure counts"
    assert figures["mark"]["type"] == "text"
    assert line["mark"]["type"] == "rule" and _rows(spec, 2) == [{"personnel": 2000}]


def test_troop_claims_label_every_bar_with_its_figure_and_end_the_axis_past_the_longest(crises_tables):
    """Screenshot pass, 06-4: no value labels, so AFP's 2,030 could not be told from the 2,000s along the dashed line,
    and Oglavnom's 3,000 bar ended past the last tick (2,800)."""
    from scenegraph import axis_labels, drawing, nodes

    claims = crises_tables["claims"]
    troop_claims = claims.query("topic == 'kazakhstan-2022-troops'")[["source_id", "outlet", "claim", "value", "unit"]]
    chart = troop_claims_chart(troop_claims, 2000, title="T", description="D")
    texts = [i["text"] for n, role in nodes(drawing(chart)) if n.get("marktype") == "text" and role == "mark" for i in n["items"]]
    assert sorted(texts) == sorted(f"{int(v):,}" for v in troop_claims["value"]) and "2,030" in texts
    ticks = [int(label.replace(",", "")) for label in axis_labels(chart, "Personnel claimed")]
    assert ticks[-1] > troop_claims["value"].max() and ticks == list(range(0, ticks[-1] + 1, 500)), ticks


def test_troop_claims_without_a_table_figure_have_no_line(crises_tables):
    claims = crises_tables["claims"]
    troop_claims = claims.query("topic == 'kazakhstan-2022-troops'")
    for missing in (None, pd.NA):
        spec = troop_claims_chart(troop_claims, missing, title="T", description="D").to_dict()
        assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "text"]
    with pytest.raises(ValueError, match="no rows"):
        troop_claims_chart(claims.query("topic == 'no-such-topic'"), 2000, title="T", description="D")


# ---------------------------------------------------------------- the crisis explorer


def test_closeup_names_the_crisis_and_shows_only_its_points(crises_tables):
    crises = crises_tables["crises"]
    spec = closeup_chart(crises[crises["crisis_id"] == "armenia-2022"]).to_dict()
    assert spec["title"]["text"] == "Armenia 2022: the dated points"
    assert "the crisis Armenia 2022:" in spec["description"]
    ids = {r["crisis_id"] for name, rows in spec["datasets"].items() for r in rows if "crisis_id" in r}
    assert ids == {"armenia-2022"}


@pytest.mark.parametrize("chosen", [[], ["armenia-2021", "armenia-2022"]])
def test_closeup_needs_exactly_one_crisis(crises_tables, chosen):
    crises = crises_tables["crises"]
    with pytest.raises(ValueError, match=f"the selection has {len(chosen)} rows"):
        closeup_chart(crises[crises["crisis_id"].isin(chosen)])


def test_crisis_columns_are_the_row_the_explorer_shows():
    assert CRISIS_COLUMNS == CRISIS_SHOWN and set(CRISIS_COLUMNS) <= set(load("crises", as_text=True).columns)


def test_topic_claims_are_every_version_of_one_point(crises_tables):
    claims = crises_tables["claims"]
    kyrgyz = topic_claims(claims, "kyrgyzstan-2010")
    assert list(kyrgyz.columns) == CLAIM_COLUMNS == CLAIM_SHOWN and len(kyrgyz) == 5
    assert set(kyrgyz["source_id"]) == set(claims.loc[claims["topic"] == "kyrgyzstan-2010", "source_id"])
    assert kyrgyz["as_of"].str.fullmatch(r"\d{4}(-\d{2}){0,2}").all()  # as the sources give them, not filled in to a day
    assert topic_claims(claims, None).empty and topic_claims(claims, float("nan")).empty


def test_show_claims_says_when_nothing_is_disputed(crises_tables, monkeypatch, capsys):
    shown = []
    monkeypatch.setattr("csto_course.charts.crises_lesson.display", shown.append)
    claims = crises_tables["claims"]
    show_claims(claims, float("nan"))
    assert capsys.readouterr().out.strip() == NO_DISAGREEMENT and shown == []
    show_claims(claims, "no-such-topic")
    assert "no rows for the topic 'no-such-topic'" in capsys.readouterr().out and shown == []
    show_claims(claims, "armenia-2022-response")
    assert capsys.readouterr().out == "" and len(shown) == 1
    assert list(shown[0].columns) == CLAIM_SHOWN and len(shown[0]) == (claims["topic"] == "armenia-2022-response").sum() > 1


def test_closeup_of_a_table_that_is_not_crises_says_which_columns_are_missing():
    with pytest.raises(ValueError, match=r"closeup_chart \(it reads a row of crises.csv\) needs the column\(s\) crisis_id"):
        closeup_chart(pd.DataFrame({"x": [1]}))
