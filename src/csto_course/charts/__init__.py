"""Chart helpers for the course. Each returns an ``alt.Chart`` and never displays it.

- ``timeline_chart``: dated events on a time axis (``timeline.py``).
- ``membership_chart``: each state's status over time (``membership.py``).
- ``choropleth_chart``: the regional map coloured by a category (``choropleth.py``).
- ``membership_map_chart``: the map with a year slider built into the chart (``membership_map.py``).
- ``accessible``: add the title and screen-reader description every chart needs.

Importing this package configures Altair once for offline rendering and the
course's colour-blind-safe theme (``setup.py``).
"""

from .accessible import accessible
from .choropleth import choropleth_chart
from .membership import STATUS_COLOURS, membership_chart
from .membership_map import membership_map_chart
from .setup import OKABE_ITO, configure
from .timeline import timeline_chart

configure()

__all__ = [
    "OKABE_ITO",
    "STATUS_COLOURS",
    "accessible",
    "choropleth_chart",
    "configure",
    "membership_chart",
    "membership_map_chart",
    "timeline_chart",
]
