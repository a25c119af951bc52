"""Binder (repo2docker): is the configuration right, and does an environment built only from it run every lesson?

Binder builds the course with repo2docker from a clone of the repository. Recent
repo2docker reads pyproject.toml, older ones only requirements.txt (plus
runtime.txt for the Python version), and any of them reads *only* a binder/ or
.binder/ folder when there is one. So the course keeps requirements.txt ("-e .")
and runtime.txt at the top level, and these tests check that:

* statically: the files are committed, say the right things, and nothing hides
  or overrides them (a binder/ folder, environment.yml, Pipfile, Dockerfile...);
* for real: the git-tracked files only (``git ls-files``, so nothing local
  leaks in) are copied to a scratch folder, a fresh virtual environment of the
  Python that runtime.txt names is made there, ``requirements.txt`` is installed
  from the copy's root as repo2docker does, and every lesson in LESSONS runs in
  a kernel whose interpreter is that environment's Python.

The install uses ``uv`` when it is there (the test extra has it: about 5 s
instead of about 60 s with pip) and plain pip otherwise, or when uv fails.
Both keep their download caches. Without the package registry the build test
is skipped with the reason, except under CI (``CI=true``), where that is a
failure.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import shutil
import site
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from packaging.specifiers import SpecifierSet

from csto_course.grading.execute import kernel_config
from csto_course.notebook_runner import notebook_client

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest depends on tomli there
    import tomli as tomllib

pytestmark = pytest.mark.binder

REPO = Path(__file__).resolve().parents[2]
ON_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}

# A line of requirements.txt that installs the course itself from the repository root.
COURSE_LINE = re.compile(r"(?:(?:-e|--editable)\s+)?\.(?:\[[\w,\s-]*\])?/?")
# repo2docker's runtime.txt format for Python.
RUNTIME = re.compile(r"python-(?P<major>\d+)\.(?P<minor>\d+)(?:\.(?P<patch>\d+))?")
# Files that make repo2docker use another build pack, which ignores requirements.txt or runtime.txt.
OVERRIDING = {
    "environment.yml": "repo2docker then builds a conda environment from it and ignores requirements.txt and runtime.txt",
    "Pipfile": "repo2docker then installs with pipenv and ignores requirements.txt",
    "Pipfile.lock": "repo2docker then installs with pipenv and ignores requirements.txt",
    "Dockerfile": "repo2docker then builds from the Dockerfile alone and ignores every other configuration file",
    "default.nix": "repo2docker then builds with Nix alone and ignores requirements.txt",
    "Project.toml": "repo2docker then builds a Julia environment",
    "install.R": "repo2docker then builds an R environment",
    "DESCRIPTION": "repo2docker then builds an R package environment",
}
# Output of pip or uv that means the package registry could not be reached (not a wrong configuration).
UNREACHABLE = (
    "NewConnectionError",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Network is unreachable",
    "Max retries exceeded",
    "ConnectTimeout",
    "Could not fetch URL",
    "connection refused",
    "Connection refused",
    "dns error",
    "error sending request",
    "Could not connect",
    "timed out",
)
# Settings of the test process that must not reach the Binder-like environment.
LEAKY = {
    "PYTHONPATH",
    "PYTHONHOME",
    "PYTHONSTARTUP",
    "PYTHONUSERBASE",
    "VIRTUAL_ENV",
    "CONDA_PREFIX",
    "CSTO_COURSE_ROOT",
    "PIP_USER",
    "PIP_TARGET",
    "PIP_PREFIX",
    "PIP_REQUIRE_VIRTUALENV",
    "UV_SYSTEM_PYTHON",
    "UV_PROJECT_ENVIRONMENT",
    "UV_PYTHON",
}
KERNEL_NAME = "csto-binder-env"  # a kernelspec in the scratch folder only; nothing is registered globally


def _skip_or_fail(reason: str) -> None:
    if ON_CI:
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def _requirement_lines(path: Path) -> list[str]:
    lines = (line.split(" #", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _runtime_version() -> tuple[int, int]:
    match = RUNTIME.fullmatch((REPO / "runtime.txt").read_text(encoding="utf-8").strip())
    assert match, "runtime.txt must hold one line like 'python-3.11' (repo2docker's format)"
    return int(match["major"]), int(match["minor"])


@pytest.fixture(scope="module")
def tracked() -> list[str]:
    """The files a clone of the repository has: what Binder builds from."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        _skip_or_fail(f"{REPO} is not a git checkout ({e}); Binder builds from a clone, so this test needs one")
    return [p for p in out.decode("utf-8").split("\0") if p]


# --- the configuration, statically ------------------------------------------------------------


def test_requirements_txt_is_committed_at_the_top_and_installs_the_course(tracked):
    assert "requirements.txt" in tracked, (
        "requirements.txt is not committed at the top level of the repository: add it (git add requirements.txt) "
        "with the line '-e .'. Binder builds from a clone, and repo2docker before 2025.12 does not read pyproject.toml."
    )
    lines = _requirement_lines(REPO / "requirements.txt")
    assert any(COURSE_LINE.fullmatch(line) for line in lines), (
        f"requirements.txt must install the course itself with the line '-e .' (it has {lines}): repo2docker runs "
        "'pip install -r requirements.txt' from the repository root, and the course's dependencies are in pyproject.toml"
    )
    options = [line for line in lines if line.split()[0] in {"--no-deps", "--no-index", "-r", "--requirement"}]
    assert not options, f"requirements.txt: remove {options}; the install must take the course's dependencies from pyproject.toml"


def test_runtime_txt_names_a_python_that_pyproject_allows(tracked):
    assert "runtime.txt" in tracked, (
        "runtime.txt is not committed at the top level: add one line like 'python-3.11' (git add runtime.txt), "
        "or repo2docker picks its own default Python"
    )
    text = (REPO / "runtime.txt").read_text(encoding="utf-8").strip()
    match = RUNTIME.fullmatch(text)
    assert match, f"runtime.txt must hold one line like 'python-3.11' (repo2docker's format); it holds {text!r}"
    version = text.removeprefix("python-")
    requires = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert SpecifierSet(requires).contains(version), (
        f"runtime.txt asks for Python {version}, but pyproject.toml's requires-python is {requires!r}: "
        "change runtime.txt to a version that requires-python allows"
    )


def test_no_binder_folder_hides_the_top_level_files(tracked):
    hiding = sorted({p.split("/", 1)[0] for p in tracked if p.split("/", 1)[0] in {"binder", ".binder"}})
    hiding += [name for name in ("binder", ".binder") if (REPO / name).exists() and name not in hiding]
    assert not hiding, (
        f"there is a {hiding[0]}/ folder: with it, repo2docker reads configuration only from that folder and ignores "
        "requirements.txt and runtime.txt at the top level. Move its files to the top level and delete the folder."
    )


def test_no_other_configuration_overrides_requirements_txt(tracked):
    present = {p for p in tracked if "/" not in p} | {p.name for p in REPO.iterdir() if p.is_file()}
    found = {name: why for name, why in OVERRIDING.items() if name in present}
    if "environment.yaml" in present:
        found["environment.yaml"] = "rename it environment.yml or, better, delete it: the course uses requirements.txt"
    assert not found, "remove these top-level files, or make them the whole configuration: " + "; ".join(
        f"{name}: {why}" for name, why in found.items()
    )


def test_apt_txt_and_postbuild_are_sane_if_present(tracked):
    modes = {}
    for line in subprocess.run(["git", "ls-files", "-s"], cwd=REPO, capture_output=True, text=True).stdout.splitlines():
        meta, _, path = line.partition("\t")
        modes[path] = meta.split()[0]
    if (REPO / "apt.txt").exists():
        assert "apt.txt" in tracked, "apt.txt exists but is not committed: git add it, or delete it"
        bad = [p for p in _requirement_lines(REPO / "apt.txt") if not re.fullmatch(r"[a-z0-9][a-z0-9+.-]+", p)]
        assert not bad, f"apt.txt must list one Debian package name a line (no versions, options or commands); fix {bad}"
    for script in ("postBuild", "start"):
        path = REPO / script
        if not path.exists():
            continue
        assert script in tracked, f"{script} exists but is not committed: git add it, or delete it"
        text = path.read_text(encoding="utf-8")
        assert text.startswith("#!"), f"{script} must start with a shebang line such as '#!/bin/bash'"
        assert modes.get(script) == "100755", f"{script} must be executable in git: git update-index --chmod=+x {script}"
        if "bash" in text.splitlines()[0] or text.startswith("#!/bin/sh"):
            assert re.search(r"^set -\w*e", text, re.M), (
                f"{script}: add 'set -e' (or 'set -euo pipefail') so a failing step fails the build"
            )
        if script == "start":
            assert 'exec "$@"' in text, "start must end with 'exec \"$@\"' so Binder can start Jupyter"


# --- an environment built only from that configuration -------------------------------------------


def _interpreter(version: tuple[int, int]) -> str:
    if sys.version_info[:2] == version:
        return sys.executable
    found = shutil.which("python{}.{}".format(*version))
    if not found:
        _skip_or_fail("runtime.txt asks for Python {}.{}, which this machine does not have".format(*version))
    return found


def _copy_tracked_files(tracked: list[str], dest: Path) -> None:
    for rel in tracked:
        src = REPO / rel
        if src.is_file():  # a tracked file deleted in the work tree is not copied
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def _untracked_hint() -> str:
    """Files in the work tree that are not committed: Binder (and this test) never sees them."""
    done = subprocess.run(["git", "ls-files", "--others", "--exclude-standard"], cwd=REPO, capture_output=True, text=True)
    files = [f for f in done.stdout.splitlines() if f.startswith(("src/", "data/", "quizzes/", "lessons/"))]
    if not files:
        return ""
    shown = ", ".join(files[:10]) + (f" and {len(files) - 10} more" if len(files) > 10 else "")
    return f"\nNot committed, so not in Binder's clone nor in this test's copy: {shown}. git add the ones the course needs."


def _uv() -> str | None:
    try:
        from uv import find_uv_bin

        return find_uv_bin()
    except Exception:
        return shutil.which("uv")


def _run(cmd: list, cwd: Path, env: dict, timeout: int) -> tuple[bool, str]:
    try:
        done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        return False, f"{' '.join(map(str, cmd))}: timed out after {timeout} s\n{e.stdout or ''}{e.stderr or ''}"
    return done.returncode == 0, f"$ {' '.join(map(str, cmd))}\n{done.stdout}{done.stderr}"


def build_environment(repo: Path, env_dir: Path, python: str, log_path: Path) -> str:
    """Install requirements.txt from ``repo``'s root into a fresh venv at ``env_dir``, as repo2docker does.

    Returns the tool that built it; the output goes to ``log_path``. Fails, or skips when the registry is unreachable.
    """
    env = {k: v for k, v in os.environ.items() if k not in LEAKY}
    log = []
    uv = _uv()
    if uv:
        ok, out = _run([uv, "venv", "--quiet", "--python", python, env_dir], repo, env, 120)
        if ok:
            ok, out2 = _run([uv, "pip", "install", "--python", env_dir / "bin" / "python", "-r", "requirements.txt"], repo, env, 600)
            out += out2
        log.append(out)
        log_path.write_text("\n".join(log), encoding="utf-8")
        if ok:
            return "uv"
        shutil.rmtree(env_dir, ignore_errors=True)
    # pip, as repo2docker runs it (but keeping pip's cache)
    ok, out = _run([python, "-m", "venv", env_dir], repo, env, 120)
    if ok:
        ok, out2 = _run(
            [env_dir / "bin" / "python", "-m", "pip", "install", "--progress-bar", "off", "-r", "requirements.txt"], repo, env, 900
        )
        out += out2
    log.append(out)
    text = "\n".join(log)
    log_path.write_text(text, encoding="utf-8")
    if not ok:
        tail = f"{out[-3000:]}\n(whole log: {log_path})"
        if any(marker in text for marker in UNREACHABLE):
            _skip_or_fail(f"the package registry could not be reached to build the Binder environment:\n{tail}")
        pytest.fail(f"installing requirements.txt into a fresh environment failed, as it would on Binder:\n{tail}", pytrace=False)
    return "pip"


def run_environment_env(env_dir: Path, scratch: Path) -> dict:
    """The environment variables for processes of the Binder-like environment: nothing from this test process leaks."""
    env = {k: v for k, v in os.environ.items() if k not in LEAKY and not k.startswith("JUPYTER")}
    # uv does not compile bytecode at install (pip does): let the first kernel write it for what it imports,
    # or every kernel start compiles pandas, altair and jupyter from source again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        PATH=f"{env_dir / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONNOUSERSITE="1",
        JUPYTER_CONFIG_DIR=str(scratch / "jupyter" / "config"),
        JUPYTER_DATA_DIR=str(scratch / "jupyter" / "data"),
        JUPYTER_RUNTIME_DIR=str(scratch / "jupyter" / "runtime"),
        CSTO_COURSE_PROGRESS=str(scratch / "quiz-progress.json"),
        CSTO_COURSE_CACHE=str(scratch / "cache"),
        IPYTHONDIR=str(scratch / "ipython"),
    )
    return env


@pytest.fixture(scope="module")
def binder_env(tracked, tmp_path_factory):
    """A copy of the committed files and a fresh environment built only from its Binder configuration."""
    python = _interpreter(_runtime_version())
    scratch = tmp_path_factory.mktemp("binder")
    repo, env_dir = scratch / "repo", scratch / "env"
    _copy_tracked_files(tracked, repo)
    started = time.monotonic()
    tool = build_environment(repo, env_dir, python, scratch / "build.log")
    # The lesson manifest as committed (the copy's), not the one this test process imported.
    lessons = runpy.run_path(str(repo / "src" / "csto_course" / "lessons.py"))["LESSONS"]
    info = {
        "lessons": lessons,
        "repo": repo,
        "env": env_dir,
        "python": env_dir / "bin" / "python",
        "scratch": scratch,
        "tool": tool,
        "build_seconds": time.monotonic() - started,
        "vars": run_environment_env(env_dir, scratch),
    }
    yield info
    shutil.rmtree(env_dir, ignore_errors=True)


CHECK_INSTALL = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    out = {"prefix": sys.prefix, "base_prefix": sys.base_prefix, "path": sys.path}
    import csto_course, csto_course.paths as paths
    from csto_course.data import load
    from csto_course.quiz import load_bank
    out["module"] = csto_course.__file__
    out["root"] = str(paths.course_root())
    out["data"] = sorted(p.name for p in paths.data_dir().glob("*"))
    out["quizzes"] = sorted(p.name for p in paths.quizzes_dir().glob("*.yaml"))
    out["lessons"] = sorted(p.name for p in paths.lessons_dir().glob("*.ipynb"))
    out["rows"] = {t: len(load(t)) for t in sys.argv[1].split(",")}
    out["questions"] = {s: len(load_bank(s).questions) for s in sys.argv[2].split(",")}
    from jupyter_client.kernelspec import KernelSpecManager
    argv0 = KernelSpecManager().get_kernel_spec("python3").argv[0]
    out["python3_kernel"] = sys.executable if argv0 in {"python", "python3", "python%d.%d" % sys.version_info[:2]} else argv0
    try:  # the lessons' own kernel, installed with the package (share/jupyter/kernels/csto-course)
        course = KernelSpecManager().get_kernel_spec("csto-course").argv
        out["course_kernel"] = [sys.executable if course[0] == "python" else course[0], *course[1:]]
    except Exception as exc:
        out["course_kernel"] = repr(exc)
    out["executable"] = sys.executable
    print(json.dumps(out))
    """
)


def test_binder_environment_is_isolated_and_finds_the_course_files(binder_env):
    """The course, its data and its quizzes come from the copy, through the install, and nothing from this venv."""
    tables = sorted({t for lesson in binder_env["lessons"] for t in lesson.tables})
    slugs = [lesson.slug for lesson in binder_env["lessons"]]
    done = subprocess.run(
        [str(binder_env["python"]), "-c", CHECK_INSTALL, ",".join(tables), ",".join(slugs)],
        cwd=binder_env["scratch"],
        env=binder_env["vars"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (
        f"the course does not import or load its files in the Binder environment:\n{done.stderr[-3000:]}{_untracked_hint()}"
    )
    out = json.loads(done.stdout.strip().splitlines()[-1])
    repo, env = binder_env["repo"].resolve(), binder_env["env"].resolve()
    assert Path(out["prefix"]).resolve() == env, f"the Binder environment's Python runs in {out['prefix']}, not {env}"
    assert Path(out["base_prefix"]).resolve() != env, "the Binder environment is not a virtual environment"
    ours = [str(REPO), *site.getsitepackages(), site.getusersitepackages()]
    leaks = [p for p in out["path"] if p and any(p.startswith(o) for o in ours) and not p.startswith(str(env))]
    assert not leaks, f"the Binder environment sees this checkout or the test environment on sys.path: {leaks}"
    assert Path(out["module"]).resolve().is_relative_to(repo), f"csto_course was imported from {out['module']}, not from the copy {repo}"
    assert Path(out["root"]).resolve() == repo, f"csto_course.paths.course_root() is {out['root']}, not the copy {repo}"
    missing = [f"{t}.csv" for t in tables if f"{t}.csv" not in out["data"]] + (
        [] if "datapackage.json" in out["data"] else ["datapackage.json"]
    )
    assert not missing, f"csto_course.paths.data_dir() in the Binder environment lacks {missing}: are they committed?"
    no_quiz = [s for s in slugs if f"{s}.yaml" not in out["quizzes"] or not out["questions"].get(s)]
    assert not no_quiz, f"no question bank found for {no_quiz} through csto_course.paths.quizzes_dir(): are quizzes/*.yaml committed?"
    assert all(out["rows"].values()), f"empty tables in the Binder environment: {out['rows']}"
    assert out["python3_kernel"] == out["executable"], (
        f"in the Binder environment the 'python3' kernel runs {out['python3_kernel']}, not the environment's own "
        f"{out['executable']}: Binder's JupyterLab would start lessons in the wrong Python"
    )
    assert (
        isinstance(out["course_kernel"], list)
        and out["course_kernel"][0] == out["executable"]
        and ("--ext=csto_course.kernel_hints" in out["course_kernel"])
    ), f"the lessons' kernel 'csto-course' is not installed in the Binder environment as the package ships it: {out['course_kernel']}"


PROBE = "import json, sys\nprint('CSTO-BINDER-PROBE ' + json.dumps({'executable': sys.executable, 'prefix': sys.prefix}))"


def run_lesson(slug: str, binder: dict) -> tuple[str | None, dict | None]:
    """Run one lesson of the copy in a kernel of the Binder environment. Returns (error or None, probe)."""
    path = binder["repo"] / "lessons" / f"{slug}.ipynb"
    if not path.exists():
        return f"lessons/{slug}.ipynb is in LESSONS but not committed (git add it)", None
    kernels = binder["scratch"] / "kernels"
    spec_dir = kernels / KERNEL_NAME
    if not spec_dir.exists():
        # The environment's own python3 kernelspec (as ipykernel installed it there), with argv[0] made the
        # environment's interpreter by absolute path: no kernel of this machine can stand in for it.
        own = binder["env"] / "share" / "jupyter" / "kernels" / "python3" / "kernel.json"
        spec = (
            json.loads(own.read_text(encoding="utf-8"))
            if own.exists()
            else {"argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "language": "python"}
        )
        spec["argv"][0] = str(binder["python"])
        spec["display_name"] = "Binder environment"
        spec_dir.mkdir(parents=True)
        (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    # IPC sockets (see csto_course/notebook_runner.py): no TCP port race with the kernels nbval starts.
    km = AsyncKernelManager(
        kernel_name=KERNEL_NAME,
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]),
        config=kernel_config(str(binder["scratch"])),
    )
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))  # last, so the lesson's own cell numbers are unchanged
    client = notebook_client(
        nb, km=km, path=path.parent, workdir=binder["scratch"], cell_timeout=60, extra_arguments=["--HistoryManager.hist_file=:memory:"]
    )
    client.owns_km = True  # so nbclient shuts the kernel down when the lesson is done, or fails
    error = None
    try:
        client.execute(env=binder["vars"])
    except Exception as e:  # a cell error, or a kernel that cannot start or dies
        bad = [
            (i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and any(o.output_type == "error" for o in c.get("outputs", []))
        ]
        if bad:
            i, cell = bad[0]
            err = next(o for o in cell.outputs if o.output_type == "error")
            first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            error = f"cell {i} ({first[:80]!r}): {err.ename}: {err.evalue}"
        else:
            error = re.sub(r"\x1b\[[0-9;]*m", "", f"{type(e).__name__}: {e}")[-1500:]
            check = subprocess.run(
                [str(binder["python"]), "-c", "import ipykernel"], env=binder["vars"], capture_output=True, text=True, timeout=120
            )
            if check.returncode:
                error += (
                    f" (the environment cannot import ipykernel: {check.stderr.strip().splitlines()[-1]}; "
                    "does requirements.txt install the course with '-e .'?)"
                )
    probe = None
    for o in nb.cells[-1].get("outputs", []):
        if o.output_type == "stream" and "CSTO-BINDER-PROBE " in o.text:
            probe = json.loads(o.text.split("CSTO-BINDER-PROBE ", 1)[1].splitlines()[0])
    return error, probe


def test_every_lesson_runs_in_an_environment_built_only_from_the_binder_configuration(binder_env):
    started = time.monotonic()
    failures, env = [], binder_env["env"].resolve()
    for lesson in binder_env["lessons"]:
        error, probe = run_lesson(lesson.slug, binder_env)
        if error:
            failures.append(f"lesson {lesson.slug} (lessons/{lesson.filename}): {error}")
        elif not probe or Path(probe["prefix"]).resolve() != env:
            failures.append(f"lesson {lesson.slug}: its kernel ran in {probe and probe['prefix']}, not in the Binder environment {env}")
    print(
        f"binder: built with {binder_env['tool']} in {binder_env['build_seconds']:.1f} s, "
        f"{len(binder_env['lessons'])} lessons run in {time.monotonic() - started:.1f} s"
    )
    assert not failures, (
        "in an environment built only from requirements.txt and runtime.txt (as Binder builds it), "
        + ("these lessons fail:\n" + "\n".join(failures))
        + f"\n(build log: {binder_env['scratch'] / 'build.log'}){_untracked_hint()}"
    )
