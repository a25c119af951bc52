"""The course data: loading, checking, citing and deriving.

- ``load(name)``: a table from data/ as a typed DataFrame (``loader.py``).
- ``validate_all()``: every problem in every table, as one report (``checks.py``).
- ``sources_list(...)``: render the sources behind tables or a lesson (``citations.py``).
- ``status_on(date)``, ``members_on(date)``, ``membership_periods()``: membership
  derived from membership.csv (``membership.py``).
- ``load_map()``: the offline regional map in data/maps/ (``maps.py``).
- ``topic_label(topic)``, ``topic_choices(topics)``: the claims topics' names in
  words, for charts and menus (``topics.py``).
- Errors: ``CourseDataError`` and its kinds (``errors.py``).
"""

from .checks import ValidationReport, validate_all
from .citations import cited_ids, format_citation, sources_list
from .errors import (
    BrokenReferenceError,
    CourseDataError,
    InvalidDataError,
    MissingFileError,
    UnknownTableError,
)
from .loader import load, split_list, tables
from .maps import load_map
from .membership import members_on, membership_periods, status_by_year, status_on
from .topics import topic_choices, topic_label

__all__ = [
    "load",
    "tables",
    "split_list",
    "validate_all",
    "ValidationReport",
    "sources_list",
    "cited_ids",
    "format_citation",
    "status_on",
    "members_on",
    "membership_periods",
    "status_by_year",
    "load_map",
    "topic_label",
    "topic_choices",
    "CourseDataError",
    "UnknownTableError",
    "MissingFileError",
    "InvalidDataError",
    "BrokenReferenceError",
]
