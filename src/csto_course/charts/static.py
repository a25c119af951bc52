"""A still copy of every chart, for readers who have no live Vega renderer.

JupyterLab draws a chart from its Vega-Lite spec. Other readers do not:
``jupyter nbconvert --to html`` and GitHub's notebook viewer show the spec's
text form ("<VegaLite 5 object>"). So each chart's output also carries an SVG
drawn by vl-convert (the Vega team's renderer, run in-process, offline).
JupyterLab still draws the live chart: it ranks its Vega renderer above SVG.
A still once drawn is kept on disk (still_cache.py), so a lesson run again draws none.
"""

from __future__ import annotations


def vegalite_version(available: list[str], schema: str) -> str | None:
    """The bundled Vega-Lite that matches the charts' schema ("v5.20.1" -> "5.20"), else the newest of its major."""
    wanted = ".".join(schema.lstrip("v").split(".")[:2])
    if wanted in available:
        return wanted
    same_major = [v for v in available if v.split(".")[0] == wanted.split(".")[0]]
    return same_major[-1] if same_major else None


def bundled_vegalite_version() -> str | None:
    """The Vega-Lite of vl-convert's bundle that draws Altair's charts as JupyterLab does; None without vl-convert."""
    try:
        import altair
        import vl_convert
    except ImportError:
        return None
    return vegalite_version(list(vl_convert.get_vegalite_versions()), altair.SCHEMA_VERSION)


def chart_svg(spec: dict) -> str | None:
    """The chart drawn as SVG, or None where vl-convert is missing or cannot draw it (the live chart still shows)."""
    if _address_space_limited():
        return None
    version = bundled_vegalite_version()
    if version is None:
        return None
    import vl_convert

    from .still_cache import cached, still_name

    def draw() -> str | None:
        try:
            svg = vl_convert.vegalite_to_svg(spec, vl_version=version)
        except Exception:  # noqa: BLE001 - a still copy is a courtesy; its failure must never hide the chart
            return None
        return labelled(svg, _title_text(spec.get("title")), str(spec.get("description") or ""))

    return cached(still_name(spec, version, getattr(vl_convert, "__version__", "")), draw)


def labelled(svg: str, title: str, description: str) -> str:
    """The SVG named as one image with the chart's title and description, which Vega leaves off the still:
    a screen reader then announces the chart, not its hundreds of marks, wherever the SVG is shown inline."""
    from html import escape

    if not svg.startswith("<svg ") or not (title or description):
        return svg
    label = escape(title or description)
    head, _, rest = svg.partition(">")
    children = (f"<title>{escape(title)}</title>" if title else "") + (f"<desc>{escape(description)}</desc>" if description else "")
    opening = head.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return f"{opening}>{children}{rest}"


def _title_text(title) -> str:
    """A Vega-Lite title as plain text: a string, lines, or {"text": ..., "subtitle": ...}."""
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        return " ".join(str(line) for line in title)
    return str(title or "")


def _address_space_limited() -> bool:
    """True under a cap on virtual memory, as the grader puts on students' kernels: vl-convert's V8 engine reserves
    far more address space than it uses and aborts the whole process when it cannot, so no still is drawn there."""
    try:
        import resource

        soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        return False
    return soft != resource.RLIM_INFINITY
