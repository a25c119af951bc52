"""What each lesson page offers: the notebook and the data to download, and links to run it.

- the lesson's notebook as committed (no outputs), from ``notebooks/``;
- the data: a zip of every CSV with ``datapackage.json`` and the data dictionary;
- "Open on a JupyterHub": an nbgitpuller link (docs/instructor-guide.md,
  section 1), when the site is built with ``--hub`` and ``--repository``;
- "Open on Binder": when the site is built with ``--repository`` (a public
  GitHub repository), the mybinder.org link the README gives.

Everything to download is written into the site, so the links work offline.
"""

from __future__ import annotations

import html
import shutil
import urllib.parse
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..lessons import LESSONS
from ..paths import data_dir, lessons_dir

DATA_ZIP = "downloads/csto-course-data.zip"


@dataclass(frozen=True)
class LaunchSettings:
    hub: str | None = None  # e.g. https://hub.example.edu
    repository: str | None = None  # e.g. https://github.com/OWNER/REPOSITORY
    branch: str = "main"

    @property
    def repo_dir(self) -> str:
        return self.repository.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git") if self.repository else ""


def hub_link(settings: LaunchSettings, slug: str) -> str | None:
    if not (settings.hub and settings.repository):
        return None
    query = urllib.parse.urlencode(
        {"repo": settings.repository, "branch": settings.branch, "urlpath": f"lab/tree/{settings.repo_dir}/lessons/{slug}.ipynb"}
    )
    return f"{settings.hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def binder_link(settings: LaunchSettings, slug: str) -> str | None:
    repo = settings.repository or ""
    prefix = "https://github.com/"
    if not repo.startswith(prefix):
        return None
    owner_name = repo[len(prefix) :].rstrip("/").removesuffix(".git")
    return f"https://mybinder.org/v2/gh/{owner_name}/HEAD?urlpath=lab/tree/lessons/{slug}.ipynb"


def lesson_links_markdown(slug: str, settings: LaunchSettings) -> str:
    links = [
        f'<a href="notebooks/{slug}.ipynb" download>Download the notebook</a>',
        f'<a href="{DATA_ZIP}" download>Download the data (zip)</a>',
    ]
    for label, url in (("Open on your JupyterHub", hub_link(settings, slug)), ("Open on Binder", binder_link(settings, slug))):
        if url:
            links.append(f'<a href="{html.escape(url, quote=True)}">{label}</a>')
    return "**Use this lesson:** " + " · ".join(links)


def write_downloads(extra: Path) -> None:
    """The files the links point to, in a folder Sphinx copies into the site as it is."""
    notebooks = extra / "notebooks"
    notebooks.mkdir(parents=True, exist_ok=True)
    for lesson in LESSONS:
        shutil.copyfile(lessons_dir() / lesson.filename, notebooks / lesson.filename)
    zip_path = extra / DATA_ZIP
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(data_dir().glob("*.csv")) + [data_dir() / "datapackage.json", data_dir() / "README.md"]:
            archive.write(path, f"csto-course-data/{path.name}")
