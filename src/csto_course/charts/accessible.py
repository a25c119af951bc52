"""Every course chart has a title and a text description for screen readers.

Vega writes the spec's ``description`` into the chart's ARIA label, so a
screen reader announces it. ``accessible`` sets both and refuses to leave
either empty.
"""

from __future__ import annotations

import altair as alt


def accessible(chart: alt.TopLevelMixin, title: str, description: str, subtitle: str | None = None):
    """Return a copy of ``chart`` with a title (and optional subtitle) and a description."""
    for label, text in (("title", title), ("description", description)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"A course chart needs a {label}: a sentence that says what the chart shows.")
    head = alt.Title(title, subtitle=subtitle) if subtitle else title
    return chart.properties(title=head, description=description)
