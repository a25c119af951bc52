"""A map of the region, each country coloured by a category (for example membership status)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .accessible import accessible
from .map_frame import PROJECTION, caucasus_inset, label_layers

NO_DATA = "#EEEEEE"


def choropleth_chart(
    values: pd.DataFrame,
    topojson: dict,
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
    category: str = "status",
    colours: dict[str, str] | None = None,
    width: int = 620,
    height: int = 380,
) -> alt.LayerChart:
    """Countries of ``topojson`` coloured by ``values[category]``, joined on ``iso_numeric``.

    ``values`` needs ``iso_numeric`` (three-digit strings, as in countries.csv),
    ``name`` and the ``category`` column. Countries without a value are grey.
    Every coloured state is named; Armenia, Azerbaijan and Georgia in an enlarged
    inset of the Caucasus (``map_frame.py``). The first two layers are the grey
    countries and the coloured ones.
    """
    shapes = alt.InlineData(values=topojson, format=alt.DataFormat(type="topojson", feature="countries"))
    background = alt.Chart(shapes).mark_geoshape(fill=NO_DATA, stroke="white", strokeWidth=0.5)
    domain = [c for c in (colours or {}) if c in set(values[category])] or sorted(values[category].dropna().unique())
    scale = alt.Scale(domain=domain, range=[colours[c] for c in domain]) if colours else alt.Scale(domain=domain)
    coloured = (
        alt.Chart(shapes)
        .mark_geoshape(stroke="white", strokeWidth=0.7)
        .transform_lookup(lookup="id", from_=alt.LookupData(values, "iso_numeric", ["name", category]))
        .transform_filter(f"isValid(datum['{category}'])")
        .encode(
            color=alt.Color(f"{category}:N", title=category.replace("_", " ").capitalize(), scale=scale),
            tooltip=[alt.Tooltip("name:N", title="Country"), alt.Tooltip(f"{category}:N", title="Status")],
        )
    )
    named = values.loc[values[category].notna(), "name"].tolist()
    background, coloured = background.project(**PROJECTION), coloured.project(**PROJECTION)
    layers = [background, coloured, *label_layers(named), *caucasus_inset(background, coloured, named)]
    chart = alt.layer(*layers).properties(width=width, height=height)
    return accessible(chart, title, description, subtitle)
