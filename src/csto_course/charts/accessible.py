"""Every course chart has a title and a text description for screen readers.

Vega writes the spec's ``description`` into the chart's ARIA label, so a
screen reader announces it. ``accessible`` sets both and refuses to leave
either empty.

It also makes an axis that counts (``count()``, as the pandas primer's charts
use) tick in whole numbers: Vega ticks "Events that name Kazakhstan" at 0.0,
0.2 ... 4.0 otherwise, and there is no fifth of an event.
"""

from __future__ import annotations

import altair as alt

COUNTS = {"count", "distinct", "valid", "missing"}  # aggregates whose values are whole numbers


def _whole_number_ticks(chart):
    """``chart`` with each x or y axis that shows a count ticked at whole numbers only (a single view; others as they are)."""
    encoding = getattr(chart, "encoding", alt.Undefined)
    if encoding is alt.Undefined:
        return chart
    context = {"data": getattr(chart, "data", alt.Undefined)}
    for channel in ("x", "y"):
        field = getattr(encoding, channel, alt.Undefined)
        if field is alt.Undefined or isinstance(field, dict | str):
            continue
        spec = field.to_dict(context=context)
        if spec.get("aggregate") not in COUNTS or "axis" in spec and spec["axis"] is None:
            continue
        axis = {"tickMinStep": 1, "format": "d", **(spec.get("axis") or {})}
        if chart.encoding is encoding:  # the copy ``properties`` made shares the caller's encoding: copy it too
            chart.encoding = encoding = encoding.copy(deep=False)
        setattr(encoding, channel, type(field)(**{**spec, "axis": alt.Axis(**axis)}))
    return chart


def accessible(chart: alt.TopLevelMixin, title: str, description: str, subtitle: str | None = None):
    """Return a copy of ``chart`` with a title (and optional subtitle) and a description."""
    for label, text in (("title", title), ("description", description)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"A course chart needs a {label}: a sentence that says what the chart shows.")
    head = alt.Title(title, subtitle=subtitle) if subtitle else title
    return _whole_number_ticks(chart.properties(title=head, description=description))
