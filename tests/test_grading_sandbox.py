"""The sandbox's own promises: what is mounted, the check from inside, and refusing without one."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from csto_course.grading import batch, sandbox
from csto_course.grading.errors import SandboxRefused
from csto_course.paths import data_dir

needs_sandbox = pytest.mark.skipif(sandbox.probe() is not None, reason=f"no sandbox here: {sandbox.probe()}")


def run_in(box: sandbox.Sandbox, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(box.command(list(argv)), capture_output=True, text=True, timeout=60)


@needs_sandbox
def test_a_folder_under_tmp_that_python_needs_is_mounted_above_the_empty_tmp(tmp_path, monkeypatch):
    """A virtual environment in a clone under /tmp (as CI makes) must stay visible."""
    needed = tmp_path / "venv-like"
    needed.mkdir()
    (needed / "marker.txt").write_text("here")
    dirs = sandbox.python_dirs() + (str(needed),)
    monkeypatch.setattr(sandbox, "python_dirs", lambda: dirs)
    work = tmp_path / "work"
    work.mkdir()
    box = sandbox.Sandbox(sandbox.SandboxSettings(data_dir=data_dir()), str(work))
    try:
        assert run_in(box, "/bin/cat", str(needed / "marker.txt")).stdout == "here"
    finally:
        box.close()


@needs_sandbox
def test_the_sandbox_runs_the_copy_of_the_package_the_grader_runs(tmp_path):
    """A package imported through PYTHONPATH (or a mutation tool's copy) is the one used inside, too."""
    import shutil

    import csto_course

    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(Path(csto_course.__file__).parent, elsewhere / "csto_course", ignore=shutil.ignore_patterns("__pycache__"))
    work = tmp_path / "work"
    work.mkdir()
    code = (
        "import subprocess, sys\n"
        "from csto_course.grading import sandbox\n"
        "from pathlib import Path\n"
        f"box = sandbox.Sandbox(sandbox.SandboxSettings(data_dir=Path({str(data_dir())!r})), {str(work)!r})\n"
        "inner = [sys.executable, '-c', 'import csto_course; print(csto_course.__file__)']\n"
        "done = subprocess.run(box.command(inner), capture_output=True, text=True, timeout=60)\n"
        "box.close()\n"
        "print(done.stdout.strip() or done.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(elsewhere)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert out.stdout.strip() == str(elsewhere.resolve() / "csto_course" / "__init__.py"), out.stdout + out.stderr


@needs_sandbox
def test_private_folders_are_not_there_and_a_mounted_one_is_covered(tmp_path, monkeypatch):
    secret = tmp_path / "solutions"
    secret.mkdir()
    (secret / "01_origins.ipynb").write_text("model answers")
    inside_mount = tmp_path / "mounted" / "solutions"
    inside_mount.mkdir(parents=True)
    (inside_mount / "01_origins.ipynb").write_text("model answers")
    dirs = sandbox.python_dirs() + (str(tmp_path / "mounted"),)  # as if the course's root were on sys.path
    monkeypatch.setattr(sandbox, "python_dirs", lambda: dirs)
    work = tmp_path / "work"
    work.mkdir()
    box = sandbox.Sandbox(sandbox.SandboxSettings(data_dir=data_dir(), hidden=[secret, inside_mount]), str(work))
    try:
        listing = run_in(box, "/bin/ls", "-A", str(secret), str(inside_mount))
        assert "01_origins.ipynb" not in listing.stdout
        assert run_in(box, sys.executable, "-c", box.check_cell()).returncode == 0
    finally:
        box.close()


def test_the_check_from_inside_fails_outside_a_sandbox(tmp_path):
    box = sandbox.Sandbox(sandbox.SandboxSettings(data_dir=data_dir(), hidden=[Path(__file__).parent]), str(tmp_path))
    try:
        result = subprocess.run([sys.executable, "-c", box.check_cell()], capture_output=True, text=True, timeout=60)
    finally:
        box.close()
    assert result.returncode != 0 and "the sandbox is not on" in result.stderr
    assert "a private folder is visible" in result.stderr and "not in a process namespace of its own" in result.stderr


@needs_sandbox
def test_limits_and_the_user_hold_inside(tmp_path):
    box = sandbox.Sandbox(sandbox.SandboxSettings(data_dir=data_dir()), str(tmp_path))
    code = (
        "import os, resource; print(resource.getrlimit(resource.RLIMIT_FSIZE)[0], resource.getrlimit(resource.RLIMIT_AS)[0], "
        "os.getuid() != 0, os.environ.get('HOME'), sorted(os.environ)[:3], os.getpriority(os.PRIO_PROCESS, 0), "
        "open('/proc/net/dev').read().count(':'))"
    )
    try:
        out = run_in(box, sys.executable, "-c", code).stdout.split()
    finally:
        box.close()
    limits = sandbox.SandboxLimits()
    assert out[:3] == [str(limits.file_bytes), str(limits.memory_bytes), "True"]
    assert out[3] == "/tmp/home"  # in the sandbox's own /tmp: nothing the student leaves runs in the next kernel
    assert int(out[-2]) >= limits.priority == 10  # student code yields the CPU to the grader and the machine
    assert out[-1] == "1"  # the loopback device only


def test_a_class_is_refused_without_a_sandbox_and_one_notebook_is_graded_with_a_warning(monkeypatch):
    monkeypatch.setattr(batch, "probe", lambda: "bubblewrap is not installed")
    with pytest.raises(SandboxRefused, match="pass --sandbox off"):
        batch.decide_sandbox("auto", 2, [], io.StringIO())
    with pytest.raises(SandboxRefused):
        batch.decide_sandbox("required", 1, [], io.StringIO())
    log = io.StringIO()
    assert batch.decide_sandbox("auto", 1, [], log) is None and "grading this one notebook without it" in log.getvalue()
    log = io.StringIO()
    assert batch.decide_sandbox("off", 30, [], log) is None and "WITHOUT a sandbox" in log.getvalue()
