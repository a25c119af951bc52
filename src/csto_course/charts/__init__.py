"""Chart helpers for the course. Each returns an ``alt.Chart`` and never displays it.

- ``timeline_chart``: dated events on a time axis, each category in its own colour and shape (``EVENT_COLOURS``, ``EVENT_SHAPES``) in every lesson; without a description it writes its own from the events (``describe_timeline``) (``timeline.py``).
- ``membership_chart``: each state's status over time (``membership.py``).
- ``choropleth_chart``: the regional map coloured by a category (``choropleth.py``).
- ``membership_map_chart``: the map with a year slider built into the chart (``membership_map.py``).
- ``hierarchy_chart``: who reports to whom, as an organisation chart; ``tree_layout`` computes its layout (``hierarchy.py``).
- ``claimed_figures_chart``, ``exercises_chart``: disputed figures side by side; exercises with series and host filters (``forces.py``).
- ``facility_map_chart``, ``facility_counts``: host states coloured by their number of Russian facilities (``bases.py``).
- ``crisis_timeline_chart``, ``crisis_marks``: crises from start to end, with request dates, coloured by deployment (``crises.py``).
- ``membership_grid_chart``: states by organisations, coloured by status, with an optional year slider (``peers.py``).
- ``accessible``: add the title and screen-reader description every chart needs.

Importing this package configures Altair once for offline rendering and the
course's colour-blind-safe theme (``setup.py``).
"""

from .accessible import accessible
from .bases import facility_counts, facility_map_chart
from .choropleth import choropleth_chart
from .crises import crisis_marks, crisis_timeline_chart
from .forces import claimed_figures_chart, exercises_chart
from .hierarchy import hierarchy_chart, tree_layout
from .membership import STATUS_COLOURS, membership_chart
from .membership_map import membership_map_chart
from .peers import membership_grid_chart
from .setup import OKABE_ITO, configure
from .timeline import EVENT_COLOURS, EVENT_SHAPES, timeline_chart

configure()

__all__ = [
    "EVENT_COLOURS",
    "EVENT_SHAPES",
    "OKABE_ITO",
    "STATUS_COLOURS",
    "accessible",
    "choropleth_chart",
    "claimed_figures_chart",
    "configure",
    "crisis_marks",
    "crisis_timeline_chart",
    "exercises_chart",
    "facility_counts",
    "facility_map_chart",
    "hierarchy_chart",
    "membership_chart",
    "membership_grid_chart",
    "membership_map_chart",
    "timeline_chart",
    "tree_layout",
]
