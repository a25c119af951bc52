"""Does a chart's description name what the chart shows?

A screen-reader user hears the description instead of seeing the legend: every
category a legend shows (colour, shape or dash) must be named in the chart's
``description`` or in the "Chart description" paragraph under it, in the
legend's own words.
"""

from __future__ import annotations

import re

LEGEND_CHANNELS = ("color", "fill", "shape", "strokeDash")


def _specs(spec: dict):
    yield spec
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for sub in spec.get(key, []):
            yield from _specs(sub)
    if isinstance(spec.get("spec"), dict):
        yield from _specs(spec["spec"])


def legend_categories(spec: dict) -> dict[str, set[str]]:
    """Legend title (or field) -> the categories it shows."""
    rows = [r for values in (spec.get("datasets") or {}).values() for r in values if isinstance(r, dict)]
    found: dict[str, set[str]] = {}
    for part in _specs(spec):
        for channel in LEGEND_CHANNELS:
            enc = (part.get("encoding") or {}).get(channel)
            if not isinstance(enc, dict) or enc.get("type") not in ("nominal", "ordinal") or "field" not in enc:
                continue
            if ("legend" in enc and enc["legend"] is None) or ("scale" in enc and enc["scale"] is None):
                continue  # no legend drawn (or the field holds colours themselves, such as a label's ink)
            domain = (enc.get("scale") or {}).get("domain")
            values = (
                {str(v) for v in domain}
                if isinstance(domain, list)
                else {str(r[enc["field"]]) for r in rows if r.get(enc["field"]) not in (None, "")}
            )
            found.setdefault(str(enc.get("title") or enc["field"]), set()).update(values)
    return found


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("*", "").split())


def unnamed_categories(spec: dict, paragraph: str) -> dict[str, list[str]]:
    """The legend categories that neither the chart's description nor ``paragraph`` names."""
    text = _plain(str(spec.get("description", "")) + " " + paragraph)
    missing = {}
    for legend, values in legend_categories(spec).items():
        absent = sorted(v for v in values if _plain(v) not in text)
        if absent:
            missing[legend] = absent
    return missing


def described_charts(nb) -> list[tuple[int, dict, str]]:
    """(cell index, Vega-Lite spec, the markdown paragraph that follows) for every chart a code cell outputs."""
    charts = []
    for i, cell in enumerate(nb.cells):
        following = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
        paragraph = following.source if following is not None and following.cell_type == "markdown" else ""
        for output in cell.get("outputs", []):
            spec = output.get("data", {}).get("application/vnd.vegalite.v5+json")
            if spec:
                charts.append((i, spec, paragraph))
    return charts


# Counts a description states about the chart's own shape ("in six rows", "seven small scatter plots, one per
# figure", "a grid of 12 rows ... and 5 columns", "horizontal bars for nine states"). A count of a part ("two bars
# in one row", "help requested, four rows)") is not the chart's shape and is left alone.
NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
_SHAPE = re.compile(
    r"(?P<before>\b(?:with|in|of|and|for)\s+|^|[.:]\**\s+)"
    + _NUMBER
    + r"\s+(?:[\w-]+\s+){0,2}?(?P<noun>rows|bars|panels|plots|columns)\b(?:\s+of\s+\w+)?(?P<after>,?\s+one per|:|\s+\(|\.|,)",
    re.IGNORECASE,
)
_BARS_FOR = re.compile(r"\bbars (?:for|of) " + _NUMBER + r"\s+(?!per\b)\w+", re.IGNORECASE)
_GRID = re.compile(r"\bgrid of " + _NUMBER + r"\s+(?:[\w-]+\s+){0,2}?(?:by|\()", re.IGNORECASE)
# Which encoding channels a noun counts the categories of.
_CHANNELS = {
    "rows": ("y", "row"),
    "bars": ("y", "row"),
    "panels": ("facet", "row", "column", "concat"),
    "plots": ("facet", "row", "column", "concat"),
    "columns": ("x", "column"),
}


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS.index(word.lower())


def category_counts(spec: dict) -> dict[str, set[int]]:
    """Encoding channel -> the number of distinct values each categorical field on it shows."""
    rows = [r for values in (spec.get("datasets") or {}).values() for r in values if isinstance(r, dict)]
    counts: dict[str, set[int]] = {}
    for part in _specs(spec):
        encodings = dict(part.get("encoding") or {})
        for channel in ("facet", "row", "column"):
            if isinstance(part.get(channel), dict):
                encodings[channel] = part[channel]
        for channel, enc in encodings.items():
            if isinstance(enc, dict) and "field" in enc and enc.get("type") in ("nominal", "ordinal"):
                values = {str(r[enc["field"]]) for r in rows if r.get(enc["field"]) not in (None, "")}
                counts.setdefault(channel, set()).add(len(values))
        if isinstance(part.get("concat"), list):  # small multiples drawn as one view per panel
            counts.setdefault("concat", set()).add(len(part["concat"]))
    return counts


def miscounted_shape(spec: dict, paragraph: str) -> list[str]:
    """The stated counts of rows, bars, panels or columns that the chart's data does not have, in plain words."""
    counts = category_counts(spec)
    wrong = []
    for text in (str(spec.get("description", "")), paragraph):
        stated = [(m.group(0).strip(), _count(m["n"]), m["noun"].lower()) for m in _SHAPE.finditer(text)]
        stated += [(m.group(0), _count(m["n"]), "rows") for m in (*_BARS_FOR.finditer(text), *_GRID.finditer(text))]
        for phrase, n, noun in stated:
            shown = set().union(*(counts.get(channel, set()) for channel in _CHANNELS[noun]))
            if n not in shown:
                wrong.append(f"{phrase!r}: the chart has {sorted(shown) or 'no'} {noun}")
    return wrong
