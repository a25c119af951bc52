"""Who is who: the gradebook's students (named by their files) matched to the LMS's roster.

A match is never a guess. In order:

1. a mapping file the instructor keeps (CSV with the columns ``submission``
   and ``login``: the name the grader uses, and the roster's login, SIS
   login, SIS user ID, ID, username or email);
2. the submission's name equal to one of those identifiers (case aside);
3. the submission's name equal to the student's name, as the same set of
   words, whatever the order, case, accents or punctuation ("Ada Smith",
   "smith_ada" and "Smith, Ada" are one person).

Two roster rows that fit one submission, or a submission that fits none, are
reported, not matched.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ID_COLUMNS = ("SIS Login ID", "SIS User ID", "ID", "Username", "Email address", "ID number", "login", "username", "email")
NAME_COLUMNS = ("Student", "Student Name", "Name", "Full name")
FIRST_LAST = (("First name", "Last name"), ("First name", "Surname"))


class RosterError(Exception):
    """The roster or the mapping file cannot be read; the message says what to fix."""


@dataclass
class Roster:
    header: list[str]
    rows: list[dict]  # the students, in the roster's order
    extra_rows: list[dict] = field(default_factory=list)  # rows kept as they are (Canvas's "Points Possible")
    delimiter: str = ","


@dataclass
class Matching:
    matched: dict[str, int]  # submission name -> index in Roster.rows
    unmatched: dict[str, str]  # submission name -> why
    without_submission: list[int]  # roster rows no submission matched


def _words(text: str) -> frozenset[str]:
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return frozenset(w for w in re.split(r"[^a-z0-9]+", plain) if w)


def read_csv(path: Path) -> tuple[list[str], list[dict], str]:
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise RosterError(f"{path} does not exist") from None
    except UnicodeDecodeError:
        raise RosterError(f"{path} is not UTF-8 text: save it as 'CSV UTF-8' and try again") from None
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    if not reader.fieldnames:
        raise RosterError(f"{path} is empty")
    return list(reader.fieldnames), [dict(r) for r in reader], delimiter


def read_roster(path: Path) -> Roster:
    header, rows, delimiter = read_csv(path)
    if not any(c in header for c in ID_COLUMNS + NAME_COLUMNS) and not any(a in header for a, _ in FIRST_LAST):
        raise RosterError(f"{path} has none of the columns a roster needs (one of {', '.join(NAME_COLUMNS + ID_COLUMNS)})")
    students, extra = [], []
    for row in rows:
        name = (row.get("Student") or row.get(header[0]) or "").strip()
        if name in ("Points Possible", "Student, Test") or name.startswith("Points Possible"):
            extra.append(row)  # Canvas's row of maxima, and its test student
        else:
            students.append(row)
    return Roster(header, students, extra, delimiter)


def read_mapping(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    header, rows, _ = read_csv(path)
    if not {"submission", "login"} <= set(header):
        raise RosterError(f"{path} needs the columns submission and login (it has {', '.join(header)})")
    return {r["submission"].strip(): r["login"].strip() for r in rows if r.get("submission", "").strip()}


def _identifiers(row: dict) -> set[str]:
    return {str(row[c]).strip().lower() for c in ID_COLUMNS if str(row.get(c) or "").strip()}


def _name_words(row: dict) -> frozenset[str]:
    for column in NAME_COLUMNS:
        if str(row.get(column) or "").strip():
            return _words(row[column])
    for first, last in FIRST_LAST:
        if row.get(first) or row.get(last):
            return _words(f"{row.get(first, '')} {row.get(last, '')}")
    return frozenset()


def match(submissions: list[str], roster: Roster, mapping: dict[str, str]) -> Matching:
    by_id: dict[str, list[int]] = {}
    by_name: dict[frozenset, list[int]] = {}
    for i, row in enumerate(roster.rows):
        for ident in _identifiers(row):
            by_id.setdefault(ident, []).append(i)
        words = _name_words(row)
        if words:
            by_name.setdefault(words, []).append(i)
    matched: dict[str, int] = {}
    unmatched: dict[str, str] = {}
    for sub in submissions:
        if sub in mapping:
            hits = by_id.get(mapping[sub].lower(), [])
            how = f"the mapping file's login {mapping[sub]!r}"
        else:
            hits = by_id.get(sub.strip().lower(), []) or by_name.get(_words(sub), [])
            how = "its name"
        hits = sorted(set(hits))
        if len(hits) == 1:
            matched[sub] = hits[0]
        elif hits:
            unmatched[sub] = f"{how} fits {len(hits)} students in the roster; add it to the mapping file"
        else:
            unmatched[sub] = f"{how} fits no student in the roster; add it to the mapping file"
    taken: dict[int, str] = {}
    for sub, i in list(matched.items()):
        if i in taken:  # two submissions for one student: neither is used
            unmatched[sub] = f"the same student as {taken[i]!r}; keep one or map them apart"
            unmatched[taken[i]] = f"the same student as {sub!r}; keep one or map them apart"
            matched.pop(sub)
            matched.pop(taken[i], None)
        else:
            taken[i] = sub
    without = [i for i in range(len(roster.rows)) if i not in set(matched.values())]
    return Matching(matched, unmatched, without)
