"""How the course's maps are framed, and the names written on them.

The frame: an equal-area conic projection fitted to the region the treaty has
covered, from Belarus in the west to Chukotka in the east and from the Arctic
coast to the southern border of Tajikistan, so that no member is cut off.

The names: every state the chart colours is named on the map. Armenia,
Azerbaijan and Georgia are too small at this scale to hold their names, so
their labels sit beside them (over the Black Sea, eastern Turkey and the
Caspian) with a thin line to the state. Positions are longitude and latitude;
the label is centred on its point.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

# Points around the edge of the region; the projection is scaled so that all of them show.
_FRAME_POINTS = (
    [[lon, 82] for lon in range(20, 181, 10)]  # the Arctic islands; Chukotka runs past 180° to 169°W
    + [[-175, 72], [-169, 66], [180, 64], [170, 55], [160, 48], [135, 42], [75, 36], [44, 38], [19, 41], [19, 55]]
)
FRAME = {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": _FRAME_POINTS}}
PROJECTION: dict[str, Any] = dict(type="conicEqualArea", rotate=[-80, 0], parallels=[40, 65], fit=FRAME)

# name: (label longitude, label latitude, and for a label set beside its state, a point inside the state)
LABELS: dict[str, tuple[float, float, tuple[float, float] | None]] = {
    "Russia": (98.0, 63.0, None),
    "Kazakhstan": (67.5, 48.2, None),
    "Belarus": (28.0, 53.4, None),
    "Uzbekistan": (62.0, 42.3, None),
    "Kyrgyzstan": (77.5, 41.9, None),
    "Tajikistan": (71.0, 38.3, None),
    "Georgia": (36.5, 45.6, (43.6, 42.1)),
    "Armenia": (38.0, 38.4, (44.9, 40.2)),
    "Azerbaijan": (54.5, 43.0, (47.8, 40.4)),
}
LABEL_FONT_SIZE = 11


def label_rows(names: list[str]) -> pd.DataFrame:
    """One row per name that has a label position: where to write it, and where its line ends."""
    rows = []
    for name in names:
        if name not in LABELS:
            continue
        lon, lat, inside = LABELS[name]
        end = inside or (lon, lat)
        rows.append({"name": name, "lon": lon, "lat": lat, "end_lon": end[0], "end_lat": end[1], "beside": inside is not None})
    return pd.DataFrame(rows, columns=["name", "lon", "lat", "end_lon", "end_lat", "beside"])


def label_layers(names: list[str]) -> list[alt.Chart]:
    """The leader lines, a white outline and the dark names, for drawing over a map."""
    data = label_rows(sorted(set(names)))
    position = {"longitude": "lon:Q", "latitude": "lat:Q"}
    # The names repeat what the chart's description says, so screen readers skip them (aria=False).
    leaders = (
        alt.Chart(data[data["beside"]])
        .mark_rule(color="#333333", strokeWidth=0.8, aria=False)
        .encode(longitude="lon:Q", latitude="lat:Q", longitude2="end_lon:Q", latitude2="end_lat:Q")
    )
    text = {"fontSize": LABEL_FONT_SIZE, "fontWeight": "bold", "align": "center", "baseline": "middle", "aria": False}
    outline = alt.Chart(data).mark_text(**text, stroke="white", strokeWidth=3, strokeJoin="round").encode(**position, text="name:N")
    names_layer = alt.Chart(data).mark_text(**text, color="#1A1A1A").encode(**position, text="name:N")
    return [leaders, outline, names_layer]
