"""The offline regional map in data/maps/ (TopoJSON; ids are ISO 3166-1 numeric codes)."""

from __future__ import annotations

import json
from functools import lru_cache

from ..paths import data_dir
from .errors import MissingFileError, Problem

MAP_FILE = "maps/region-110m.topojson"


def load_map() -> dict:
    """The regional map as a TopoJSON dict with one object, ``countries``."""
    path = data_dir() / MAP_FILE
    if not path.is_file():
        raise MissingFileError(Problem("missing-file", f"data/{MAP_FILE}", detail="the map file is missing"))
    return _read(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _read(path: str, _mtime: int) -> dict:
    return json.loads(open(path, encoding="utf-8").read())
