"""How the course's maps are framed, and the names written on them.

The frame: an equal-area conic projection fitted to the region the treaty has
covered, from Belarus in the west to Chukotka in the east and from the Arctic
coast to the southern border of Tajikistan, so that no member is cut off.

The names: every state the chart colours is named on the map. Armenia,
Azerbaijan and Georgia are specks at this scale, too small to hold their names
or to show their colour, so the map draws the Caucasus again, enlarged, in an
inset in its empty top-left corner (over the Arctic Ocean and northern
Scandinavia), names them there, and outlines the inset's area on the map.
Positions are longitude and latitude; a label is centred on its point.
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

# name: (label longitude, label latitude), on the map
LABELS: dict[str, tuple[float, float]] = {
    "Russia": (98.0, 63.0),
    "Kazakhstan": (67.5, 48.2),
    "Belarus": (28.0, 53.4),
    "Uzbekistan": (62.0, 42.3),
    "Kyrgyzstan": (77.5, 41.9),
    # Beside the state, east of the Pamirs: centred on it, the name covered most of a state 37 px wide,
    # and its colour with it (screenshot pass, 05-1).
    "Tajikistan": (82.0, 38.3),
}
# The Caucasus inset: the area it enlarges (west, south, east, north), the box it is
# drawn in (pixels from the map's top-left corner: x0, y0, x1, y1), and where its names go.
CAUCASUS_AREA = (40.0, 38.5, 50.5, 43.6)
INSET_BOX = (4, 4, 190, 116)
INSET_LABELS: dict[str, tuple[float, float]] = {
    "Georgia": (43.6, 42.2),
    "Armenia": (44.4, 39.4),  # under the state, over Turkey: clear of Azerbaijan's name
    "Azerbaijan": (48.3, 40.6),
}
INSET_CAPTION = "Caucasus, enlarged"
LABEL_FONT_SIZE = 11
INK, CAPTION_INK, FRAME_INK = "#1A1A1A", "#444444", "#333333"


def _corners(area: tuple[float, float, float, float]) -> dict:
    west, south, east, north = area
    return {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": [[west, south], [east, north]]}}


_X0, _Y0, _X1, _Y1 = INSET_BOX
INSET_PROJECTION: dict[str, Any] = dict(
    type="conicEqualArea",
    rotate=[-45, 0],
    parallels=[38, 44],
    fit=_corners(CAUCASUS_AREA),
    extent=[[_X0 + 2, _Y0 + 2], [_X1 - 2, _Y1 - 2]],  # fitted inside the box's border
    clipExtent=[[_X0, _Y0], [_X1, _Y1]],  # and nothing drawn outside the box
)


def label_rows(names: list[str], positions: dict[str, tuple[float, float]] | None = None) -> pd.DataFrame:
    """One row per name that has a label position in ``positions`` (the map's, by default)."""
    positions = LABELS if positions is None else positions
    rows = [{"name": n, "lon": positions[n][0], "lat": positions[n][1]} for n in names if n in positions]
    return pd.DataFrame(rows, columns=["name", "lon", "lat"])


def _names(data: pd.DataFrame, projection: dict[str, Any]) -> list[alt.Chart]:
    position = {"longitude": "lon:Q", "latitude": "lat:Q"}
    # The names repeat what the chart's description says, so screen readers skip them (aria=False).
    text = {"fontSize": LABEL_FONT_SIZE, "fontWeight": "bold", "align": "center", "baseline": "middle", "aria": False}
    outline = alt.Chart(data).mark_text(**text, stroke="white", strokeWidth=3, strokeJoin="round").encode(**position, text="name:N")
    names_layer = alt.Chart(data).mark_text(**text, color=INK).encode(**position, text="name:N")
    return [outline.project(**projection), names_layer.project(**projection)]


def label_layers(names: list[str]) -> list[alt.Chart]:
    """The names of the states outside the Caucasus, dark on a white outline, for drawing over the map."""
    return _names(label_rows(sorted(set(names))), PROJECTION)


def _area_outline() -> dict:
    """The inset's area as a closed line of longitude and latitude, with points every half degree so it follows the projection."""
    west, south, east, north = CAUCASUS_AREA
    steps = [i / 2 for i in range(int((east - west) * 2) + 1)]
    rises = [i / 2 for i in range(int((north - south) * 2) + 1)]
    ring = (
        [[west + d, south] for d in steps]
        + [[east, south + d] for d in rises]
        + [[east - d, north] for d in steps]
        + [[west, north - d] for d in rises]
    )
    return {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": ring}}


def _again(layer: alt.Chart) -> alt.Chart:
    """A copy of a map layer drawn with the inset's projection: silent for screen readers, and without the layer's
    parameters (the year slider), which the map's own layer already defines; its filters still read them."""
    copy = layer.copy(deep=True)
    mark = copy.mark.to_dict() if hasattr(copy.mark, "to_dict") else {"type": copy.mark}
    copy.mark = alt.MarkDef(**{**mark, "aria": False})
    copy.params = alt.Undefined
    return copy.project(**INSET_PROJECTION)


def caucasus_inset(background: alt.Chart, coloured: alt.Chart, names: list[str]) -> list[alt.Chart]:
    """Layers that draw the Caucasus enlarged in ``INSET_BOX``: the map's own layers, projected again, and names.

    ``background`` and ``coloured`` are the map's grey and coloured country layers
    (with their data, filters and colours); the inset draws them with
    ``INSET_PROJECTION``. Returns no layer when none of ``names`` is in the Caucasus.
    """
    shown = sorted(set(names) & set(INSET_LABELS))
    if not shown:
        return []
    x0, y0, x1, y1 = INSET_BOX
    box = {"x": alt.value(x0), "y": alt.value(y0), "x2": alt.value(x1), "y2": alt.value(y1)}
    one = alt.Data(values=[{}])
    panel = alt.Chart(one).mark_rect(fill="white", aria=False).encode(**box)
    border = alt.Chart(one).mark_rect(fill=None, stroke=FRAME_INK, strokeWidth=1, aria=False).encode(**box)
    caption = (
        alt.Chart(one)
        .mark_text(text=INSET_CAPTION, align="left", baseline="bottom", fontSize=10, color=CAPTION_INK, aria=False)
        .encode(x=alt.value(x0 + 4), y=alt.value(y1 - 3))
    )
    area = alt.Data(values=[_area_outline()], format=alt.DataFormat(type="json"))
    outline = alt.Chart(area).mark_geoshape(filled=False, stroke=FRAME_INK, strokeWidth=1, aria=False).project(**PROJECTION)
    enlarged = [_again(layer) for layer in (background, coloured)]
    return [outline, panel, *enlarged, border, caption, *_names(label_rows(shown, INSET_LABELS), INSET_PROJECTION)]
