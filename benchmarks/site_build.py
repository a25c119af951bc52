"""Website build time and page weight per lesson.

Builds the site twice (``csto-course site``) into a scratch folder, with an empty
course cache of its own: a first build, which draws every chart still, and a
build again, which finds them in the cache (charts/still_cache.py). For each it
prints the time to run the lessons, to render the pages and in all (target:
under a minute on a 2-core machine, for the first build too); then, for each
lesson, the page's own HTML and the weight of a first visit (the HTML plus every
script and stylesheet it loads from the site; later pages reuse the shared ones
from the browser's cache).

    python benchmarks/site_build.py
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

from csto_course.lessons import LESSONS
from csto_course.site.build import build_site

ASSET = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"?#]+)')


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "site"
        # the lessons' kernels inherit the environment, so they draw into this empty cache too
        os.environ["CSTO_COURSE_CACHE"] = str(Path(scratch) / "cache")
        for run in ("first build (empty cache)", "build again"):
            began = time.perf_counter()
            report = build_site(out)
            total = time.perf_counter() - began
            print(
                f"{run}: lessons run: {report.execute_seconds:.1f} s; pages rendered: "
                f"{report.sphinx_seconds:.1f} s; whole build: {total:.1f} s (target < 60 s)"
            )
        print(f"{'page':32} {'HTML KB':>8} {'first visit KB':>15}")
        for lesson in LESSONS:
            page = out / f"{lesson.slug}.html"
            text = page.read_text(encoding="utf-8")
            assets = {a for a in ASSET.findall(text) if not a.startswith(("http:", "https:", "//")) and (out / a).is_file()}
            first = page.stat().st_size + sum((out / a).stat().st_size for a in assets)
            print(f"{lesson.slug:32} {page.stat().st_size / 1024:8.0f} {first / 1024:15.0f}")


if __name__ == "__main__":
    sys.exit(main())
