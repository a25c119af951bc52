"""The JavaScript the pages need, written into the site at build time.

Nothing is fetched when a page is viewed: the Vega, Vega-Lite and vega-embed
bundle comes from ``vl-convert-python`` (the same versions Altair's offline
rendering uses), wrapped so that none of its top-level names can clash with
the theme's scripts; only ``window.vegaEmbed`` (and ``vega``, ``vegaLite``)
are set.
"""

from __future__ import annotations

from pathlib import Path

from ..charts.static import vegalite_version
from ..quiz import view as quiz_view

ASSETS = Path(__file__).with_name("assets")


def vega_bundle() -> str:
    import altair
    import vl_convert

    # The newest bundled Vega-Lite may be a major version ahead of the specs Altair 5 writes.
    version = vegalite_version(list(vl_convert.get_vegalite_versions()), altair.SCHEMA_VERSION)
    bundle = vl_convert.javascript_bundle(vl_version=version)  # type: ignore[call-arg]  # its stub wants a snippet
    return f"/* Vega, Vega-Lite {version} and vega-embed, from vl-convert-python's javascript_bundle() */\n(() => {{\n{bundle}\n}})();\n"


def write_static(static_dir: Path) -> list[str]:
    """Write the site's own scripts and styles into ``static_dir``; return the script names in load order."""
    static_dir.mkdir(parents=True, exist_ok=True)
    (static_dir / "csto-vega.js").write_text(vega_bundle(), encoding="utf-8")
    for asset in ASSETS.iterdir():
        if asset.suffix in (".js", ".css"):
            (static_dir / asset.name).write_text(asset.read_text(encoding="utf-8"), encoding="utf-8")
    # The quiz is drawn by the JupyterLab quiz's own code, so both look and behave alike.
    (static_dir / "csto-quiz-view.js").write_text(quiz_view.script(), encoding="utf-8")
    (static_dir / "csto-quiz-view.css").write_text(quiz_view.style(), encoding="utf-8")
    return ["csto-vega.js", "csto-charts.js", "csto-quiz-view.js", "csto-quiz.js"]
