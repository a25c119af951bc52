"""Answers as data: what leaves the student's kernel, and how the checker reads it back.

The hidden tests never run in the student's process. After each task's answer
cells, the kernel writes the names that task's tests check (declared in the
solution, see ``declared_answers``) to a JSON file, in a tagged, data-only form:
plain values as JSON, DataFrames and Series column by column with their dtypes,
Altair charts as their Vega-Lite spec. Never pickle: reading the file back can
build nothing but these values, whatever the student's code did to its kernel.

``export`` runs inside the student's kernel (so a student can make it write
anything; that is fine, because it can only ever write data). ``load`` runs in
the clean checker and trusts nothing: it checks sizes, depth and every tag.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from ..files import atomic_write_text

MAX_FILE_BYTES = 50_000_000
MAX_DEPTH = 60

CHART_CLASSES = ("Chart", "LayerChart", "HConcatChart", "VConcatChart", "ConcatChart", "FacetChart", "RepeatChart")


class AnswerFileError(Exception):
    """The answers file is missing, too large, or not in the form ``export`` writes."""


class Unsupported(Exception):
    """A value of a kind the grader cannot carry out of the kernel."""


# ---------------------------------------------------------------- encoding (in the kernel)


def _encode(value, depth: int = 0):
    import numpy as np
    import pandas as pd

    if depth > MAX_DEPTH:
        raise Unsupported("it is nested too deeply")
    t = type(value)
    if value is None:
        return {"t": "none"}
    if t is bool:
        return {"t": "bool", "v": value}
    if t is int:
        return {"t": "int", "v": str(value)}
    if t is float:
        return {"t": "float", "v": float.__repr__(value)}
    if t is str:
        return {"t": "str", "v": value}
    if t in (list, tuple, set, frozenset):
        items = sorted(value, key=repr) if t in (set, frozenset) else value
        return {"t": t.__name__, "items": [_encode(v, depth + 1) for v in items]}
    if t is dict:
        return {"t": "dict", "items": [[_encode(k, depth + 1), _encode(v, depth + 1)] for k, v in value.items()]}
    if value is pd.NaT:
        return {"t": "NaT"}
    if value is pd.NA:
        return {"t": "NA"}
    if t is pd.Timestamp:
        return {"t": "Timestamp", "v": value.isoformat(), "unit": value.unit}
    if t is pd.Timedelta:
        return {"t": "Timedelta", "ns": str(value.value)}
    if isinstance(value, np.generic) and t.__module__ == "numpy":
        if value.dtype.kind in "biuf":
            return {"t": "numpy", "dtype": value.dtype.str, "v": _encode(value.item(), depth + 1)}
        if value.dtype.kind in "Mm":
            return {"t": "numpy", "dtype": value.dtype.str, "v": {"t": "int", "v": str(value.view("i8"))}}
        raise Unsupported(f"it is a numpy {value.dtype} value")
    if t is np.ndarray:
        if value.dtype.kind not in "biufMmOU" or value.ndim != 1:
            raise Unsupported("only one-dimensional numpy arrays of numbers, dates or text can be checked")
        return {"t": "ndarray", "values": _encode_array(pd.Series(value), depth + 1)}
    if t is pd.Series:
        return {
            "t": "Series",
            "name": _encode(value.name, depth + 1),
            "index": _encode_index(value.index, depth + 1),
            "values": _encode_array(value, depth + 1),
        }
    if t is pd.DataFrame:
        return {
            "t": "DataFrame",
            "columns": _encode_index(value.columns, depth + 1),
            "index": _encode_index(value.index, depth + 1),
            "data": [_encode_array(value.iloc[:, i], depth + 1) for i in range(value.shape[1])],
        }
    if isinstance(value, pd.Index) and t.__module__.startswith("pandas"):
        return {"t": "Index", "index": _encode_index(value, depth + 1)}
    if t.__name__ in CHART_CLASSES and t.__module__.startswith("altair"):
        try:
            spec = value.to_dict()
        except Exception as exc:  # noqa: BLE001 - an invalid chart is the student's to fix
            raise Unsupported(f"the chart is not valid ({type(exc).__name__}: {str(exc)[:300]})") from None
        node = {"t": "altair", "class": t.__name__, "spec": json.loads(json.dumps(spec, default=str))}
        data = getattr(value, "data", None)
        if type(data) is pd.DataFrame:  # tests may read chart.data as the table it was given
            node["data"] = _encode(data, depth + 1)
        return node
    raise Unsupported(f"it is a {t.__module__}.{t.__qualname__}" if t.__module__ != "builtins" else f"it is a {t.__name__}")


def _encode_array(series, depth: int) -> dict:
    import numpy as np
    import pandas as pd

    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return {
            "kind": "category",
            "ordered": bool(dtype.ordered),
            "categories": _encode_index(dtype.categories, depth + 1),
            "codes": [int(c) for c in series.cat.codes],
        }
    if dtype.kind in "Mm":
        tz = str(getattr(dtype, "tz", None) or "") or None
        base = series.dt.tz_convert("UTC").dt.tz_localize(None) if tz else series
        i8 = base.to_numpy().view("i8")
        nat = base.isna().to_numpy()
        unit = np.datetime_data(base.to_numpy().dtype)[0]
        return {
            "kind": "datetime" if dtype.kind == "M" else "timedelta",
            "unit": unit,
            "tz": tz,
            "i8": [None if n else str(int(v)) for v, n in zip(i8, nat)],
        }
    return {"kind": "values", "dtype": str(dtype), "values": [_encode(v, depth + 1) for v in series.tolist()]}


def _encode_index(index, depth: int) -> dict:
    import pandas as pd

    if type(index) is pd.RangeIndex:
        return {"kind": "range", "start": index.start, "stop": index.stop, "step": index.step, "name": _encode(index.name, depth + 1)}
    if isinstance(index, pd.MultiIndex):
        return {
            "kind": "multi",
            "names": [_encode(n, depth + 1) for n in index.names],
            "levels": [_encode_array(pd.Series(index.get_level_values(i)), depth + 1) for i in range(index.nlevels)],
        }
    return {"kind": "index", "name": _encode(index.name, depth + 1), "values": _encode_array(pd.Series(index), depth + 1)}


def export(namespace: dict, names: list[str], path: str) -> None:
    """Write ``names`` from ``namespace`` to ``path`` (runs in the student's kernel)."""
    record: dict = {"values": {}, "problems": {}}
    for name in names:
        if name not in namespace:
            continue  # the checker's expect_defined says so in the student's words
        try:
            record["values"][name] = _encode(namespace[name])
        except Unsupported as exc:
            record["problems"][name] = str(exc)
        except Exception as exc:  # noqa: BLE001 - whatever the value does, say so and go on
            record["problems"][name] = f"reading it failed ({type(exc).__name__})"
    atomic_write_text(Path(path), json.dumps(record))  # the checker never reads half a file


def export_source(names: list[str], path: str) -> str:
    """The code of the cell that exports ``names`` (kept to one line, leaving no names behind)."""
    return f"__import__('csto_course.grading.answers', fromlist=['export']).export(globals(), {names!r}, {path!r})"


# ---------------------------------------------------------------- decoding (in the checker)


def _need(node, key, kind=None):
    if not isinstance(node, dict) or key not in node:
        raise AnswerFileError(f"a value has no {key!r}")
    value = node[key]
    if kind is not None and not isinstance(value, kind):
        raise AnswerFileError(f"{key!r} has the wrong type")
    return value


def _decode(node, depth: int = 0):
    import numpy as np
    import pandas as pd

    if depth > MAX_DEPTH + 5:
        raise AnswerFileError("values nested too deeply")
    tag = _need(node, "t", str)
    if tag == "none":
        return None
    if tag == "bool":
        return bool(_need(node, "v", bool))
    if tag == "int":
        text = _need(node, "v", str)
        if len(text) > 5000:
            raise AnswerFileError("an integer is too long")
        return int(text)
    if tag == "float":
        return float(_need(node, "v", str))
    if tag == "str":
        return _need(node, "v", str)
    if tag in ("list", "tuple", "set", "frozenset"):
        items = [_decode(v, depth + 1) for v in _need(node, "items", list)]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
    if tag == "dict":
        pairs = _need(node, "items", list)
        if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
            raise AnswerFileError("a dict entry is not a pair")
        return {_decode(k, depth + 1): _decode(v, depth + 1) for k, v in pairs}
    if tag == "NaT":
        return pd.NaT
    if tag == "NA":
        return pd.NA
    if tag == "Timestamp":
        return pd.Timestamp(_need(node, "v", str)).as_unit(_unit(node))
    if tag == "Timedelta":
        return pd.Timedelta(int(_need(node, "ns", str)), unit="ns")
    if tag == "numpy":
        dtype = np.dtype(_dtype_str(_need(node, "dtype", str)))
        inner = _decode(_need(node, "v", dict), depth + 1)
        if dtype.kind in "Mm":
            return np.array([inner], dtype="i8").view(dtype)[0]
        return dtype.type(inner)
    if tag == "ndarray":
        return _decode_array(_need(node, "values", dict), depth + 1).to_numpy()
    if tag == "Series":
        values = _decode_array(_need(node, "values", dict), depth + 1)
        index = _decode_index(_need(node, "index", dict), depth + 1)
        # dtype given: pandas 3 would make "str" of an object column of text
        return pd.Series(values.array, index=index, name=_decode(_need(node, "name", dict), depth + 1), dtype=values.dtype, copy=False)
    if tag == "DataFrame":
        columns = _decode_index(_need(node, "columns", dict), depth + 1)
        index = _decode_index(_need(node, "index", dict), depth + 1)
        data = [_decode_array(a, depth + 1) for a in _need(node, "data", list)]
        if len(data) != len(columns) or any(len(d) != len(index) for d in data):
            raise AnswerFileError("a table's columns do not match its shape")
        columns_as_given = {i: pd.Series(d.array, index=index, dtype=d.dtype, copy=False) for i, d in enumerate(data)}
        frame = pd.DataFrame(columns_as_given, index=index) if data else pd.DataFrame(index=index)
        frame.columns = columns
        return frame
    if tag == "Index":
        return _decode_index(_need(node, "index", dict), depth + 1)
    if tag == "altair":
        import altair as alt

        cls = _need(node, "class", str)
        if cls not in CHART_CLASSES:
            raise AnswerFileError(f"unknown chart class {cls!r}")
        spec = _need(node, "spec", dict)
        try:
            chart = getattr(alt, cls).from_dict(spec)
            if "data" in node:
                frame = _decode(node["data"], depth + 1)
                if not isinstance(frame, pd.DataFrame):
                    raise AnswerFileError("a chart's data is not a table")
                chart.data = frame
            return chart
        except AnswerFileError:
            raise
        except Exception:  # noqa: BLE001 - whatever the spec holds, it is not a chart
            raise AnswerFileError("the chart could not be read back") from None
    raise AnswerFileError(f"unknown value tag {tag!r}")


def _unit(node) -> str:
    unit = _need(node, "unit", str)
    if unit not in ("s", "ms", "us", "ns"):
        raise AnswerFileError(f"unknown time unit {unit!r}")
    return unit


def _dtype_str(text: str) -> str:
    if len(text) > 40 or not all(ch.isalnum() or ch in "<>|[], :_/+-" for ch in text):
        raise AnswerFileError("an unreadable dtype")
    return text


def _decode_array(node, depth: int):
    import numpy as np
    import pandas as pd

    kind = _need(node, "kind", str)
    if kind == "category":
        categories = _decode_index(_need(node, "categories", dict), depth + 1)
        codes = _need(node, "codes", list)
        return pd.Series(pd.Categorical.from_codes(codes, categories=categories, ordered=bool(_need(node, "ordered", bool))))
    if kind in ("datetime", "timedelta"):
        unit = _unit(node)
        raw = _need(node, "i8", list)
        ints = np.array([np.iinfo("i8").min if v is None else int(v) for v in raw], dtype="i8")
        values = pd.Series(ints.view(f"{'M' if kind == 'datetime' else 'm'}8[{unit}]"))
        tz = node.get("tz")
        if tz:
            values = values.dt.tz_localize("UTC").dt.tz_convert(str(tz))
        return values
    if kind == "values":
        dtype = _dtype_str(_need(node, "dtype", str))
        values = [_decode(v, depth + 1) for v in _need(node, "values", list)]
        if dtype == "object":
            arr = np.empty(len(values), dtype=object)
            arr[:] = values
            return pd.Series(arr, dtype=object)
        try:
            return pd.Series(pd.array(values, dtype=dtype))
        except (TypeError, ValueError):
            return pd.Series(values, dtype=dtype)
    raise AnswerFileError(f"unknown column kind {kind!r}")


def _decode_index(node, depth: int):
    import pandas as pd

    kind = _need(node, "kind", str)
    if kind == "range":
        return pd.RangeIndex(
            int(_need(node, "start", int)),
            int(_need(node, "stop", int)),
            int(_need(node, "step", int)),
            name=_decode(_need(node, "name", dict), depth + 1),
        )
    if kind == "multi":
        levels = [_decode_array(level, depth + 1) for level in _need(node, "levels", list)]
        names = [_decode(n, depth + 1) for n in _need(node, "names", list)]
        return pd.MultiIndex.from_arrays([level.array for level in levels], names=names)
    if kind == "index":
        values = _decode_array(_need(node, "values", dict), depth + 1)
        return pd.Index(values.array, name=_decode(_need(node, "name", dict), depth + 1), dtype=values.dtype)
    raise AnswerFileError(f"unknown index kind {kind!r}")


def read_text(path: Path) -> str:
    """The text of an answers file, read by the grader (at most MAX_FILE_BYTES). Raises AnswerFileError.

    The folder is the student's to write, and the grader may run as root outside the
    sandbox: neither the folder nor the file may be a link (which could point at any
    file on the machine), and the file must be a plain file (a named pipe would block).
    """
    path = Path(path)
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        folder = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | nofollow)
    except OSError:
        raise AnswerFileError("the kernel wrote no answers for this task") from None
    try:
        fd = os.open(path.name, os.O_RDONLY | nofollow | getattr(os, "O_NONBLOCK", 0), dir_fd=folder)
    except OSError:
        raise AnswerFileError("the kernel wrote no answers for this task") from None
    finally:
        os.close(folder)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise AnswerFileError("the answers are not a plain file")
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise AnswerFileError(f"the answers take more than {MAX_FILE_BYTES // 1_000_000} MB, more than the grader reads")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise AnswerFileError("the answers file is not text") from None


def load(path: Path) -> tuple[dict, dict]:
    """Read an answers file: (values by name, problems by name). Raises AnswerFileError."""
    return loads(read_text(path))


def loads(text: str) -> tuple[dict, dict]:
    """Read the text of an answers file. Raises AnswerFileError."""
    try:
        record = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise AnswerFileError("the answers file is not readable JSON") from None
    values = _need(record, "values", dict)
    problems = _need(record, "problems", dict)
    try:
        decoded = {str(name): _decode(node) for name, node in values.items()}
    except AnswerFileError:
        raise
    except (RecursionError, MemoryError):
        raise AnswerFileError("the answers are too large or too deeply nested") from None
    except Exception as exc:  # noqa: BLE001 - a malformed file is the student's kernel's doing
        raise AnswerFileError(f"the answers could not be read back ({type(exc).__name__})") from None
    return decoded, {str(k): str(v)[:500] for k, v in problems.items()}
