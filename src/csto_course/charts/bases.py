"""Russian facilities in member states: counted per host state and drawn on the regional map.

``facility_counts`` turns the rows of ``bases.csv`` into one row per host state;
``facility_map_chart`` colours each host on the regional map by that count,
through the course's ``choropleth_chart``. The map has country outlines only,
so facilities are never placed at invented coordinates: a country's colour
says how many rows the table holds for it, nothing more.
``facility_map_description`` writes the map's screen-reader description from
the same tables, so it names every host state with its count.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .choropleth import choropleth_chart
from .map_frame import INSET_LABELS
from .wording import and_list

# One hue from light to dark (ColorBrewer "Blues"): more facilities, darker. A
# single-hue ramp reads in order for colour-blind readers and in greyscale.
COUNT_RAMP = ["#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C", "#08306B"]
OPERATOR_COLOUR = "#9E9E9E"  # the state that runs the facilities: a neutral grey, darker than "no data"
CATEGORY = "russian_facilities"  # its legend title reads "Russian facilities"


def facility_counts(bases: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """One row per host state: ``iso3``, ``name`` and ``facilities``.

    ``facilities`` is the number of rows of ``bases`` with that ``host``. Sorted
    by count (largest first), then by ``iso3``. The map's own key (``iso_numeric``)
    is left to ``facility_map_chart``: a lesson shows this table to students, who
    need the state and its count, not the map's plumbing.
    """
    counts = bases.groupby("host").size().rename("facilities").rename_axis("iso3").reset_index()
    named = counts.merge(countries[["iso3", "name"]], on="iso3", how="left")
    named = named.sort_values(["facilities", "iso3"], ascending=[False, True]).reset_index(drop=True)
    return named[["iso3", "name", "facilities"]]


def count_label(count: int) -> str:
    """``1 facility``, ``2 facilities``: the legend's words for a count."""
    return f"{count} facility" if count == 1 else f"{count} facilities"


def _ramp(levels: int) -> list[str]:
    """``levels`` colours spread evenly over COUNT_RAMP, lightest first."""
    if levels <= 1:
        return [COUNT_RAMP[len(COUNT_RAMP) // 2]]
    last = len(COUNT_RAMP) - 1
    return [COUNT_RAMP[round(i * last / (levels - 1))] for i in range(levels)]


def facility_map_chart(
    bases: pd.DataFrame,
    countries: pd.DataFrame,
    topojson: dict,
    *,
    title: str,
    description: str,
    subtitle: str | None = None,
    operator: str | None = "RUS",
    operator_label: str = "Russia (runs the facilities)",
    width: int = 620,
    height: int = 380,
) -> alt.LayerChart:
    """Host states coloured by how many rows of ``bases`` they have; other countries grey.

    ``bases`` needs a ``host`` column (iso3), ``countries`` the columns ``iso3``,
    ``name`` and ``iso_numeric``. The ``operator`` state, if given, is drawn in
    grey with ``operator_label`` so that the map says who runs the facilities.
    """
    counts = facility_counts(bases, countries).merge(countries[["iso3", "iso_numeric"]], on="iso3", how="left")
    levels = sorted(int(n) for n in counts["facilities"].unique())
    colours = {count_label(n): colour for n, colour in zip(levels, _ramp(len(levels)))}
    values = counts.assign(**{CATEGORY: counts["facilities"].map(count_label)})[["iso_numeric", "name", CATEGORY]]
    if operator:
        row = countries.loc[countries["iso3"] == operator, ["iso_numeric", "name"]].assign(**{CATEGORY: operator_label})
        values = pd.concat([values, row], ignore_index=True)
        colours[operator_label] = OPERATOR_COLOUR
    chart = choropleth_chart(
        values,
        topojson,
        title=title,
        description=description,
        subtitle=subtitle,
        category=CATEGORY,
        colours=colours,
        width=width,
        height=height,
    )
    # choropleth_chart labels its category "Status" in the tooltip; here it is a count.
    chart.layer[1] = chart.layer[1].encode(
        tooltip=[alt.Tooltip("name:N", title="Country"), alt.Tooltip(f"{CATEGORY}:N", title="Russian facilities in the table")]
    )
    return chart


def facility_map_description(
    bases: pd.DataFrame,
    countries: pd.DataFrame,
    *,
    operator: str | None = "RUS",
    operator_label: str = "Russia (runs the facilities)",
) -> str:
    """The screen-reader description of ``facility_map_chart`` for the same tables, written from them.

    Host states are named by count, the most facilities (the darkest shade)
    first, in the legend's words ("4 facilities"); then the grey of the
    ``operator`` and of every other country, and which hosts the inset of the
    Caucasus enlarges. Pass the same ``operator`` and ``operator_label`` as to
    the chart.
    """
    counts = facility_counts(bases, countries)
    levels = sorted({int(n) for n in counts["facilities"]}, reverse=True)
    parts = []
    for i, level in enumerate(levels):
        hosts = counts.loc[counts["facilities"] == level, "name"].tolist()
        shade = "darkest, " if i == 0 and len(levels) > 1 else "lightest, " if i == len(levels) - 1 and len(levels) > 1 else ""
        each = " each" if len(hosts) > 1 else ""
        parts.append(f"{and_list(hosts)} {shade}for {count_label(level)}{each}")
    text = f"Map of the former Soviet Union and its neighbours. Host states are shaded by their number of Russian facilities: {'; '.join(parts)}."
    if operator:
        text += f" {operator_label} is grey, and all other countries pale grey."
    enlarged = [name for name in counts["name"] if name in INSET_LABELS]
    if enlarged:
        text += f" An inset in the top-left corner draws the Caucasus enlarged, with {and_list(enlarged)} in it."
    return text
