"""Does a chart's description name what the chart shows?

A screen-reader user hears the description instead of seeing the legend: every
category a legend shows (colour, shape or dash) must be named in the chart's
``description`` or in the "Chart description" paragraph under it, in the
legend's own words.
"""

from __future__ import annotations

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
