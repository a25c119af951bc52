"""Is the shipped data valid, typed, traceable, and do derived facts match the sources?"""

from __future__ import annotations

import pandas as pd
import pytest

from csto_course.data import load, members_on, membership_periods, split_list, status_on, tables, validate_all


def test_every_table_validates_and_every_reference_resolves():
    report = validate_all()
    assert report.ok, str(report)
    assert set(report.tables) >= {"sources", "countries", "events", "membership"}


@pytest.mark.parametrize("name", [t for t in tables() if t != "sources"])
def test_every_row_outside_sources_names_a_source(name):
    frame = load(name)
    assert frame["source_ids"].notna().all()
    assert split_list(frame["source_ids"]).map(len).min() >= 1


def test_types_follow_the_schema():
    events = load("events")
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert load("events", as_text=True)["date"].iloc[0] == "1992-05-15"
    month = events.set_index("event_id").loc["1999-three-states-leave"]
    assert month["date"] == pd.Timestamp("1999-04-01") and month["date_precision"] == "month"


def test_the_five_seed_articles_are_sources():
    seeds = load("sources").query("kind == 'seed'")
    assert len(seeds) == 5
    assert seeds["note"].str.contains(r"\d{3}_[0-9a-f]{16}\.txt").all()


def test_no_mirror_is_cited():
    """The reference README forbids citing mirrors; these hosts were found copying originals."""
    urls = load("sources")["url"].dropna()
    mirrors = (
        "amansaja",
        "uncensored-wiki",
        "tripsmilford",
        "bloat.cat",
        "wikipedia-on-ipfs",
        "zxc.wiki",
        "armenianclub",
        "armeniandiaspora",
        "sauress",
        "urdupoint",
        "pledgetimes",
        "aboutlyrics",
        "blogspot",
        "jejaktapak",
        "windowstorussia",
    )
    assert not [u for u in urls if any(m in u for m in mirrors)]


# Members derived from membership.csv, checked against the sources:
# 1995: all nine (seeds 000 and 002); 2000: six after the 1999 non-renewals (seeds 000, 002);
# 2010: seven with Uzbekistan (seed 004 lists them); 2015: six (seed 001 "six post-Soviet countries").
@pytest.mark.parametrize(
    "day, expected",
    [
        ("1993-06-01", []),
        ("1995-01-01", ["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"]),
        ("2000-01-01", ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]),
        ("2010-01-01", ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"]),
        ("2015-01-01", ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]),
    ],
)
def test_members_on_dates(day, expected):
    assert members_on(day) == expected


def test_status_distinguishes_frozen_suspended_and_former():
    status = status_on("2025-06-01").set_index("iso3")["status"]
    assert status["ARM"] == "member, participation frozen"
    assert status["UZB"] == "suspended"
    assert status["GEO"] == "former member"
    assert status["RUS"] == "member"


def test_status_on_explains_a_bad_date():
    with pytest.raises(ValueError, match=r"date should be a date such as '2010-01-01' \(year-month-day\); got 'last year'"):
        status_on("last year")


def test_membership_periods_follow_each_other():
    periods = membership_periods(until="2026-01-01")
    for _, group in periods.groupby("iso3"):
        assert (group["start"].iloc[1:].values == group["end"].iloc[:-1].values).all()
    uzb = periods[periods["iso3"] == "UZB"]["status"].tolist()
    assert uzb == ["signatory", "member", "former member", "member", "suspended"]


def test_data_dictionary_is_up_to_date():
    """data/README.md's tables are generated from datapackage.json; a stale copy misleads readers."""
    from csto_course.data import dictionary
    from csto_course.paths import data_dir

    text = (data_dir() / "README.md").read_text(encoding="utf-8")
    assert dictionary.refresh(text) == text, "run: csto-course data-dictionary --write"


def test_every_disagreement_has_at_least_two_versions():
    claims = load("claims")
    versions = claims.groupby("topic")["source_id"].nunique()
    assert (versions >= 2).all(), versions[versions < 2]
    assert len(versions) >= 15
    assert set(claims["source_id"]) & {"seed-samay-2019", "seed-poletaev-2015", "seed-oglavnom-2023", "seed-bokarev-2019", "seed-edm-2011"}


def test_secretaries_general_follow_each_other():
    leaders = load("leaders")
    sg = leaders[leaders["office"].str.contains("Secretary-General")].sort_values("start")
    starts, ends = sg["start"].tolist(), sg["end"].tolist()
    for (_, end), start in zip(list(enumerate(ends))[:-1], starts[1:]):
        assert end <= start + pd.Timedelta(days=1)
    current = sg[sg["end"].isna()]
    assert current["name"].tolist() == ["Taalatbek Masadykov"] and "as of" in current["note"].iloc[0]


def test_organ_parents_exist_and_the_council_is_the_top():
    organs = load("organs").set_index("organ_id")
    assert organs.loc["csc", "parent"] is pd.NA
    assert organs.loc["joint-staff", "parent"] == "cdm"


def test_csto_is_compared_with_its_peers():
    orgs = load("organizations").set_index("abbreviation")
    assert orgs.loc["CSTO", "members_count"] == 6 and bool(orgs.loc["CSTO", "collective_defence_clause"])
    assert bool(orgs.loc["NATO", "collective_defence_clause"]) and not bool(orgs.loc["SCO", "collective_defence_clause"])


# --- forces, exercises, bases, crises, summits -------------------------------------------


def test_kazakhstan_2022_is_the_only_collective_deployment():
    """Seed 002 and Armenian public radio: January 2022 was the CSTO's first collective deployment."""
    crises = load("crises").set_index("crisis_id")
    assert crises.index[crises["troops_deployed"]].tolist() == ["kazakhstan-2022"]
    kaz = crises.loc["kazakhstan-2022"]
    assert kaz["request_date"] == pd.Timestamp("2022-01-05") and kaz["end_date"] == pd.Timestamp("2022-01-19")


def test_requests_fall_within_their_crisis():
    crises = load("crises")
    dated = crises.dropna(subset=["request_date"])
    assert (dated["request_date"] >= dated["start_date"]).all()
    assert (crises["request_made"] == crises["request_date"].notna()).all(), "a request has a date, and only a request"
    assert (crises["end_date"].isna() | (crises["end_date"] >= crises["start_date"])).all()


def test_force_sizes_are_among_the_claimed_figures():
    """A main-table figure must be one of the versions that claims.csv sets side by side."""
    forces = load("forces").set_index("force_id")
    claims = load("claims")
    for force_id, topic in {"crrf": "crrf-size", "kms": "peacekeepers-size", "ksbr": "ksbr-size"}.items():
        assert forces.loc[force_id, "personnel"] in set(claims.loc[claims["topic"] == topic, "value"]), force_id


def test_every_contribution_is_to_a_known_force_by_a_state_that_took_part():
    contributions = load("force_contributions")
    assert set(contributions["force_id"]) <= set(load("forces")["force_id"])
    ever_members = set(load("membership")["iso3"])
    assert set(contributions["iso3"]) <= ever_members


def test_exercise_dates_agree_with_their_year():
    exercises = load("exercises")
    dated = exercises.dropna(subset=["start"])
    assert (dated["start"].dt.year == dated["year"]).all()
    both = exercises.dropna(subset=["start", "end"])
    assert (both["end"] >= both["start"]).all()


def test_bases_are_in_member_states_and_russia_hosts_none():
    bases = load("bases")
    assert "RUS" not in set(bases["host"])
    assert set(bases["host"]) <= set(members_on("2026-01-01"))


def test_summit_events_have_a_summit_row():
    """events.csv and summits.csv must agree on the dates of summits."""
    events = load("events")
    summit_dates = set(load("summits")["date"])
    assert set(events.loc[events["category"] == "summit", "date"]) <= summit_dates


def test_org_memberships_agree_with_the_member_counts():
    """The EAEU's five members in org_memberships.csv match organizations.csv's count."""
    memberships = load("org_memberships")
    organizations = load("organizations").set_index("org_id")
    eaeu_now = memberships.query("org_id == 'eaeu' and status == 'member'")
    assert len(eaeu_now) == organizations.loc["eaeu", "members_count"]
    sco = memberships.query("org_id == 'sco'")
    assert sorted(sco.loc[sco["since"] == pd.Timestamp("2001-06-15"), "iso3"]) == ["KAZ", "KGZ", "RUS", "TJK", "UZB"]
