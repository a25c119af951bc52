"""The membership map with a year slider that runs in the chart itself.

The slider is a Vega-Lite parameter bound to a range input, so it needs no
Python kernel: it works offline in JupyterLab and in static exports alike.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .accessible import accessible
from .choropleth import NO_DATA
from .map_frame import PROJECTION, caucasus_inset, label_layers
from .membership import STATUS_COLOURS


def membership_map_chart(
    by_year: pd.DataFrame,
    topojson: dict,
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
    start_year: int = 1995,
    width: int = 620,
    height: int = 380,
) -> alt.LayerChart:
    """Countries coloured by status in the year chosen with the slider.

    ``by_year`` has ``year``, ``iso_numeric``, ``name`` and ``status`` (see
    ``csto_course.data.status_by_year``); other countries of the map stay grey.
    Every state in ``by_year`` is named on the map; Armenia, Azerbaijan and Georgia in
    an enlarged inset of the Caucasus that follows the slider too (``map_frame.py``).
    """
    first, last = int(by_year["year"].min()), int(by_year["year"].max())
    year = alt.param(name="year", value=start_year, bind=alt.binding_range(min=first, max=last, step=1, name="Year "))
    shapes = alt.InlineData(values=topojson, format=alt.DataFormat(type="topojson", feature="countries"))
    statuses = [s for s in STATUS_COLOURS if s in set(by_year["status"])]
    background = alt.Chart(shapes).mark_geoshape(fill=NO_DATA, stroke="white", strokeWidth=0.5)
    coloured = (
        alt.Chart(by_year)
        .transform_filter(alt.datum.year == year)
        .transform_lookup(lookup="iso_numeric", from_=alt.LookupData(data=shapes, key="id"), as_="geo")
        .mark_geoshape(stroke="white", strokeWidth=0.7)
        .encode(
            shape="geo:G",
            color=alt.Color(
                "status:N", title="Status on 1 July", scale=alt.Scale(domain=statuses, range=[STATUS_COLOURS[s] for s in statuses])
            ),
            tooltip=[alt.Tooltip("name:N", title="Country"), alt.Tooltip("status:N", title="Status"), alt.Tooltip("year:O", title="Year")],
        )
        .add_params(year)
    )
    background, coloured = background.project(**PROJECTION), coloured.project(**PROJECTION)
    names = by_year["name"].tolist()
    chart = alt.layer(background, coloured, *label_layers(names), *caucasus_inset(background, coloured, names)).properties(
        width=width, height=height, usermeta={"embedOptions": {"renderer": "svg"}}
    )
    return accessible(chart, title, description, subtitle)
