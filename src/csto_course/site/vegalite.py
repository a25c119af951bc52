"""Charts on the site: a myst-nb MIME renderer for Vega-Lite outputs.

myst-nb skips ``application/vnd.vegalite.v5+json`` ("unknown output mime
type"), and Altair's inline HTML breaks when two charts share a page. This
renderer writes each chart's spec as a JSON island inside a ``<figure>``; the
site's one shared bundle (``assets/csto-charts.js``) draws every island on the
page. The figure carries the chart's description for screen readers and a
"show the data as a table" fallback built from the spec's own data, so the
figure says something even where JavaScript does not run.

Registered under the ``myst_nb.mime_renderers`` entry point (pyproject.toml).
"""

from __future__ import annotations

import html
import itertools
import json
from typing import Any

from docutils import nodes

VEGALITE_MIMES = ("application/vnd.vegalite.v5+json", "application/vnd.vegalite.v4+json")
TABLE_ROWS = 200  # a fallback table longer than this is cut, with a note
_ids = itertools.count(1)


def _description(spec: dict) -> str:
    for key in ("description", "title"):
        value = spec.get(key)
        if isinstance(value, dict):
            value = value.get("text")
        if isinstance(value, list):
            value = " ".join(str(v) for v in value)
        if value:
            return str(value)
    return "A chart."


def _rows(spec: dict) -> list[dict]:
    """The chart's rows: the top-level inline data, or the first named dataset."""
    data = spec.get("data") or {}
    if isinstance(data, dict) and isinstance(data.get("values"), list):
        return [r for r in data["values"] if isinstance(r, dict)]
    datasets = spec.get("datasets") or {}
    name = data.get("name") if isinstance(data, dict) else None
    if name in datasets:
        return [r for r in datasets[name] if isinstance(r, dict)]
    for values in datasets.values():
        return [r for r in values if isinstance(r, dict)]
    return []


def data_table(spec: dict) -> str:
    rows = _rows(spec)
    if not rows:
        return "<p>This chart carries no table of its own.</p>"
    columns = list(dict.fromkeys(k for row in rows for k in row if not str(k).startswith("__")))
    head = "".join(f"<th scope='col'>{html.escape(str(c))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if row.get(c) is None else str(row.get(c)))}</td>" for c in columns) + "</tr>"
        for row in rows[:TABLE_ROWS]
    )
    note = f"<p>The first {TABLE_ROWS} of {len(rows)} rows.</p>" if len(rows) > TABLE_ROWS else ""
    return f"<div class='csto-chart-table'><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{note}"


def figure_html(spec: dict[str, Any]) -> str:
    number = next(_ids)
    description = _description(spec)
    # No "<" at all inside the island ("</script>" or "<!--" would change how the page parses);
    # JSON reads "\u003c" back as "<".
    island = json.dumps(spec, ensure_ascii=False).replace("<", "\\u003c")
    return (
        f"<figure class='csto-chart' id='csto-chart-{number}' aria-describedby='csto-chart-{number}-desc'>"
        f"<div class='csto-chart-view' role='img' aria-label='{html.escape(description, quote=True)}'></div>"
        f"<figcaption id='csto-chart-{number}-desc' class='csto-chart-desc'>{html.escape(description)}</figcaption>"
        f"<details class='csto-chart-data'><summary>Show the data as a table</summary>{data_table(spec)}</details>"
        f"<script type='application/json' class='csto-chart-spec'>{island}</script>"
        "</figure>"
    )


class VegaLiteRenderer:
    """A myst-nb MIME renderer plugin (the ``MimeRenderPlugin`` protocol)."""

    # Above text/html and images, so the live chart is chosen over any fallback.
    mime_priority_overrides = [("html", mime, 1) for mime in VEGALITE_MIMES]

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        if data.mime_type not in VEGALITE_MIMES or inline:
            return None
        spec = data.content if isinstance(data.content, dict) else json.loads(data.content)
        return [nodes.raw(text=figure_html(spec), format="html", classes=["output", "csto-chart-output"])]
