"""Grading as an ordinary user (most instructors), not as root: the sandbox holds the same way.

As root the grader gives each kernel a user of its own; an ordinary user cannot,
so bubblewrap makes a user namespace instead and the process limit is shared
with the instructor's own processes. This runs a small hostile class that way.
When the suite itself runs as root (containers, CI), the grader is started as
user 1000 with no capabilities inside a user namespace of its own, which is what
an unprivileged instructor's grader sees.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import uuid

import pytest
from hostile_submissions import FULL, class_folders, hostile
from submission_factory import REPO, perfect, processes_with, write

from csto_course.grading.sandbox import bwrap_path, probe

pytestmark = pytest.mark.skipif(probe() is not None and os.environ.get("CI") != "true", reason=f"no sandbox here: {probe()}")

GRADE = """
import json, sys
from pathlib import Path
from csto_course.grading import Limits, grade_batch
from csto_course.grading.sandbox import Sandbox, SandboxSettings
import os
subs, out, private = map(Path, sys.argv[1:4])
limits = Limits(cell_timeout=6, notebook_timeout=120)
summary = grade_batch("01", subs, out, jobs=2, limits=limits, sandbox="required", solutions_dir=private)
print(json.dumps({"euid": os.geteuid(), "graded": summary.get("graded")}))
"""

CHOSEN = {"steal_solutions": 0, "fork_bomb": 9, "lingering_process": 0, "kill_everything": 9, "overwrite_everything": 0}


def as_ordinary_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return [
        bwrap_path(),
        "--dev-bind",
        "/",
        "/",
        "--unshare-user",
        "--uid",
        "1000",
        "--gid",
        "1000",
        "--cap-drop",
        "ALL",
        "--die-with-parent",
        "--",
    ] + argv


def test_an_ordinary_users_grader_sandboxes_every_kernel(tmp_path):
    assert probe() is None, probe()
    token = "nr" + uuid.uuid4().hex[:6]
    paths = class_folders(tmp_path, token, 9)
    subs, out, private, canary = paths.submissions, paths.out, paths.solutions, paths.canary
    attacks = hostile(paths)
    for name in CHOSEN:
        write(subs, name, attacks[name][0])
        assert attacks[name][1] == CHOSEN[name]
    write(subs, "honest", perfect())
    done = subprocess.run(
        as_ordinary_user([sys.executable, "-c", GRADE, str(subs), str(out), str(private)]),
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["euid"] != 0
    book = list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8")))
    points = {}
    for row in book:
        points[row["student"]] = points.get(row["student"], 0) + float(row["points"] or 0)
    assert points == {**CHOSEN, "honest": FULL}
    assert (private / "01_origins.ipynb").read_bytes() == (REPO / "solutions" / "01_origins.ipynb").read_bytes()
    assert (canary / "secret.txt").read_text() == "the instructor's own file"
    assert processes_with(paths.marker) == []
