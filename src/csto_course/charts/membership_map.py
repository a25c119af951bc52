"""The membership map with a year slider that runs in the chart itself.

The slider is a Vega-Lite parameter bound to a range input, so it needs no
Python kernel: it works offline in JupyterLab and in static exports alike.
``membership_map_description`` writes the map's screen-reader description from
the same table, so it names every state and every status the slider can show.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .accessible import accessible
from .choropleth import NO_DATA
from .map_frame import INSET_LABELS, PROJECTION, caucasus_inset, label_layers
from .membership import STATUS_COLOURS
from .wording import and_list, counted


def _statuses(by_year: pd.DataFrame) -> list[str]:
    """The statuses in ``by_year``, in the legend's order (that of ``STATUS_COLOURS``)."""
    return [s for s in STATUS_COLOURS if s in set(by_year["status"])]


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
    statuses = _statuses(by_year)
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


def membership_map_description(by_year: pd.DataFrame) -> str:
    """The screen-reader description of ``membership_map_chart`` for the same table, written from it.

    It gives the slider's years, names the states the map colours and every
    status they take in those years (in the legend's words and order), and says
    which of them the inset of the Caucasus enlarges.
    """
    states = sorted(by_year["name"].unique())
    enlarged = [name for name in states if name in INSET_LABELS]
    first, last = int(by_year["year"].min()), int(by_year["year"].max())
    text = (
        f"Map of the former Soviet Union and its neighbours, with a Year slider from {first} to {last}. "
        f"The {counted(len(states), 'state')} that have been party to the treaty ({and_list(states)}) are coloured by "
        f"their status on 1 July of the chosen year: {and_list(_statuses(by_year), sep='; ')}. Other countries are grey."
    )
    if enlarged:
        text += f" An inset in the top-left corner draws the Caucasus enlarged, with {and_list(enlarged)} in it."
    return text
