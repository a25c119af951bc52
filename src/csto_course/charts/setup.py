"""The one place that configures Altair for the course.

Charts must render with no internet access (classrooms, Binder behind a
firewall, CI). Altair's default renderer loads Vega from a CDN and shows an
error offline. The "mimetype" renderer instead hands the Vega-Lite v5 spec to
JupyterLab, which draws it with its own bundled renderer: nothing is fetched.
The course's renderer adds an SVG still of the same chart (static.py), which
nbconvert's HTML and GitHub's viewer show where no Vega renderer runs. This is why the course pins
altair<6 (Altair 6 emits Vega-Lite v6, which JupyterLab 4 does not bundle).

Importing ``csto_course.charts`` calls ``configure()`` once; calling it again
is harmless.
"""

from __future__ import annotations

import altair as alt

# Okabe & Ito's palette, distinguishable with the common forms of colour blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
GREY = "#9E9E9E"
THEME_NAME = "csto_course"
RENDERER = THEME_NAME  # Altair's "mimetype" renderer plus a still copy (charts/static.py)


@alt.theme.register(THEME_NAME, enable=False)
def course_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": "sans-serif",
            "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
            "range": {"category": OKABE_ITO},
            "title": {"fontSize": 15, "anchor": "start", "subtitleColor": "#444444"},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#E6E6E6"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
        }
    }


def course_renderer(spec: dict, **metadata):
    """Altair's offline "mimetype" bundle (the Vega-Lite spec JupyterLab draws) plus an SVG still for other readers."""
    from altair.vegalite.v5.display import mimetype_renderer

    from .static import chart_svg

    out = mimetype_renderer(spec, **metadata)
    data, meta = out if isinstance(out, tuple) else (out, {})
    svg = chart_svg(spec)
    if svg:
        data = {**data, "image/svg+xml": svg}
    return data, meta


alt.renderers.register(RENDERER, course_renderer)


def configure() -> None:
    """Enable the offline renderer and the course theme."""
    alt.renderers.enable(RENDERER)
    alt.theme.enable(THEME_NAME)
