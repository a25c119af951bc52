"""Membership derived from data/membership.csv: who was what, and when.

membership.csv records changes only (signed, acceded, rejoined, suspended ...).
These helpers replay the changes to give each state's status on any date, and
the periods between changes for a timeline chart.
"""

from __future__ import annotations

import pandas as pd

from .loader import load

# The status a state has after each recorded action.
STATUS_AFTER_ACTION: dict[str, str] = {
    "signed": "signatory",  # signed in 1992; the treaty was not yet in force
    "acceded": "signatory",  # joined in 1993, before entry into force
    "entered_into_force": "member",
    "rejoined": "member",
    "froze_participation": "member, participation frozen",
    "suspended": "suspended",
    "declined_renewal": "former member",
    "withdrew": "former member",
}
STATUSES = ("signatory", "member", "member, participation frozen", "suspended", "former member")


def as_date(value, what: str = "date") -> pd.Timestamp:
    """Accept '2010-01-01', a datetime or a Timestamp; explain anything else."""
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise ValueError(f"{what} should be a date such as '2010-01-01' (year-month-day); got {value!r}.")
    return stamp


PERIOD_COLUMNS = ["iso3", "name", "status", "start", "start_precision", "end", "end_precision"]


def _changes() -> pd.DataFrame:
    changes = load("membership")
    names = load("countries").set_index("iso3")["name"]
    changes["name"] = changes["iso3"].map(names)
    changes["status"] = changes["action"].map(STATUS_AFTER_ACTION)
    return changes.sort_values(["date", "iso3"], kind="stable")


def status_on(date) -> pd.DataFrame:
    """Each state's status on a date: one row per state with any status by then.

    >>> status_on("2010-01-01").query("status == 'member'")["iso3"].tolist()
    ['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK', 'UZB']
    """
    day = as_date(date)
    changes = _changes()
    known = changes[changes["date"] <= day]
    latest = known.groupby("iso3", sort=True).tail(1).sort_values("iso3")
    out = latest[["iso3", "name", "status", "date"]].rename(columns={"date": "since"})
    return out.reset_index(drop=True)


def members_on(date) -> list[str]:
    """ISO codes of the states that were members (including frozen participation) on a date."""
    table = status_on(date)
    return table.loc[table["status"].str.startswith("member"), "iso3"].tolist()


def membership_periods(until=None) -> pd.DataFrame:
    """One row per state and period of unchanged status: iso3, name, status, start, end.

    The last period of each state ends at ``until`` (default: today).
    ``start_precision`` and ``end_precision`` say how much of each date the
    sources give (day, month or year, from membership.csv's ``date_precision``;
    the ``until`` date is a day), so that a label can write "1999-04", not the
    stored "1999-04-01".
    """
    end_of_data = as_date(until if until is not None else pd.Timestamp.today().normalize(), "until")
    changes = _changes()
    rows = []
    for iso3, group in changes.groupby("iso3", sort=True):
        group = group.reset_index(drop=True)
        for i, change in group.iterrows():
            last = i + 1 >= len(group)
            rows.append(
                {
                    "iso3": iso3,
                    "name": change["name"],
                    "status": change["status"],
                    "start": change["date"],
                    "start_precision": change["date_precision"],
                    "end": end_of_data if last else group.loc[i + 1, "date"],
                    "end_precision": "day" if last else group.loc[i + 1, "date_precision"],
                }
            )
    periods = pd.DataFrame(rows, columns=PERIOD_COLUMNS)
    return periods[periods["start"] <= end_of_data].reset_index(drop=True)


def status_by_year(first: int = 1992, last: int | None = None, day: str = "07-01") -> pd.DataFrame:
    """Each state's status on one day of every year (1 July by default): year, iso3, name, status.

    A state has no row for years before it signed.
    """
    last = last or pd.Timestamp.today().year
    frames = [status_on(f"{year}-{day}").assign(year=year) for year in range(first, last + 1)]
    return pd.concat(frames, ignore_index=True)[["year", "iso3", "name", "status"]]
