"""Mutation testing: how many deliberately planted bugs do the fast tests catch?

    python tools/mutation.py                      # every area ([tool.mutmut] in pyproject.toml)
    python tools/mutation.py --area quiz --area selfcheck
    python tools/mutation.py --only src/csto_course/grading/answers.py --workdir ../answers-mutation
    python tools/mutation.py --report-only --workdir ../csto-mutation   # re-read a finished run

--only mutates chosen files of an area (repeatable) and scores only their mutants: an area too large
for one sitting on a loaded machine can be measured a module at a time, each in its own --workdir.

mutmut (pip install mutmut) changes one thing at a time in the code (a `<` into `<=`, a string
into another, a call's argument into None...) and runs the tests that cover the changed function.
A mutant the tests fail on is *killed*; one they pass with *survived*: a bug the tests would not
notice. The run happens in a copy of the repository's tracked files (--workdir), so the checkout
is never touched and an interrupted run resumes where it stopped.

The score per area is killed / (all mutants - survivors judged equivalent), where equivalent
survivors (a change that cannot alter behaviour, such as a different wording of a `# pragma`-free
default that is overwritten before use) are listed with a reason in tools/mutation_equivalent.txt.
The target (issue #19) is 85% in each area. Not run in CI: it takes tens of minutes.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EQUIVALENT = Path(__file__).with_name("mutation_equivalent.txt")
TARGET = 0.85
# Each area is a glob of the package's files, as [tool.mutmut] only_mutate lists them.
AREAS = {
    "quiz": "src/csto_course/quiz/*",
    "data": "src/csto_course/data/*",
    "grading": "src/csto_course/grading/*",
    "release": "src/csto_course/release/*",
    "selfcheck": "src/csto_course/selfcheck.py",
}


def area_of(mutant: str) -> str | None:
    """`csto_course.quiz.bank.x_load__mutmut_3` -> "quiz"; `csto_course.selfcheck.x_...` -> "selfcheck"."""
    parts = mutant.split(".")
    if len(parts) > 1 and parts[1] in AREAS:
        return parts[1]
    return None


def file_of(mutant: str) -> str:
    """`csto_course.grading.answers.x_load__mutmut_3` -> "src/csto_course/grading/answers.py" (a package's
    own functions, `csto_course.grading.x_f__mutmut_1`, -> its __init__.py)."""
    module = mutant.rpartition(".")[0].replace(".", "/")
    if (REPO / "src" / module).is_dir():
        return f"src/{module}/__init__.py"
    return f"src/{module}.py"


def area_of_file(path: str) -> str | None:
    """The area whose glob covers a file of the package, as mutmut matches only_mutate (fnmatch)."""
    for area, glob in AREAS.items():
        if fnmatch.fnmatch(path, glob):
            return area
    return None


def repo_path(name: str) -> str | None:
    """A file named on the command line (from here, or from the repository's root) as a path in the repository."""
    for candidate in (Path(name).resolve(), (REPO / name).resolve()):
        if candidate.is_relative_to(REPO) and candidate.is_file():
            return candidate.relative_to(REPO).as_posix()
    return None


def read_equivalent(path: Path = EQUIVALENT) -> dict[str, str]:
    """Mutant name -> the reason it cannot change behaviour (lines `name  # reason`)."""
    if not path.exists():
        return {}
    found = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, reason = line.partition("#")
            found[name.strip()] = reason.strip()
    return found


def parse_results(text: str) -> dict[str, str]:
    """`mutmut results --all true` lines (`    name: status`) as {name: status}."""
    return {m[1]: m[2] for m in re.finditer(r"^\s+(\S+): (.+)$", text, re.MULTILINE)}


def score(results: dict[str, str], equivalent: dict[str, str]) -> dict[str, dict]:
    """Per area: counts by status, the equivalent survivors, and the share killed."""
    by_area: dict[str, Counter] = {}
    for name, status in results.items():
        area = area_of(name)
        if area is None:
            continue
        if status == "survived" and name in equivalent:
            status = "equivalent"
        by_area.setdefault(area, Counter())[status] += 1
    report = {}
    for area, counts in sorted(by_area.items()):
        caught = counts["killed"] + counts["timeout"]  # a mutant that hangs the tests is caught too
        considered = sum(counts.values()) - counts["equivalent"] - counts["skipped"] - counts["not checked"]
        report[area] = {"counts": dict(counts), "score": caught / considered if considered else None}
    return report


def killed_after_all(results: dict[str, str], equivalent: dict[str, str]) -> list[str]:
    """Mutants listed as equivalent that the tests now catch (not those a stopped run has not checked yet)."""
    return [n for n in equivalent if results.get(n) in ("killed", "timeout")]


def copy_tracked_files(workdir: Path) -> None:
    """The repository's tracked files (as in the work tree) into workdir; mutmut's own state is kept."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, files):
        source, target = REPO / name, workdir / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_bytes() != source.read_bytes():
                shutil.copy2(source, target)


def _set_list(workdir: Path, key: str, values: list[str]) -> None:
    """Replace the list `key = [...]` of [tool.mutmut] in the copy's pyproject.toml with `values`."""
    pyproject = workdir / "pyproject.toml"
    listed = ", ".join(f'"{v}"' for v in values)
    text, found = re.subn(rf"^{key} = \[.*?\]$", f"{key} = [{listed}]", pyproject.read_text(), count=1, flags=re.MULTILINE | re.DOTALL)
    if not found:
        raise SystemExit(f"[tool.mutmut] in pyproject.toml has no {key} line")
    pyproject.write_text(text)


def restrict_to(workdir: Path, areas: list[str], only: list[str] | None = None) -> None:
    """Mutate only the chosen areas, or only the chosen files (`only`), by rewriting only_mutate in the
    copy's pyproject.toml."""
    _set_list(workdir, "only_mutate", only or [AREAS[a] for a in areas])


def restrict_tests(workdir: Path, tests: list[str]) -> None:
    """Run only these test files on each mutant, by rewriting pytest_add_cli_args_test_selection in the copy's
    pyproject.toml. Fewer tests can only catch fewer mutants, so the score is a lower bound; a survivor must then
    be checked against the whole selection before it counts as one."""
    _set_list(workdir, "pytest_add_cli_args_test_selection", tests)


SKIPPED = "mutation-skipped-tests.txt"  # in the work folder: the tests --skip-slower-than left out, kept across resumed runs


def slower_tests(workdir: Path, seconds: float) -> list[str]:
    """The tests that took longer than `seconds` in the work folder's last stats run (mutmut-stats.json), with those
    an earlier resumed run left out (a left-out test is no longer timed, so it is remembered in SKIPPED)."""
    stats = workdir / "mutants" / "mutmut-stats.json"
    try:
        durations = json.loads(stats.read_text())["duration_by_test"]
    except (OSError, ValueError, KeyError):
        raise SystemExit(f"--skip-slower-than needs {stats} from an earlier run in this work folder; run once without it") from None
    remembered = workdir / SKIPPED
    earlier = set(remembered.read_text().split()) if remembered.exists() else set()
    slow = sorted(earlier | {name for name, taken in durations.items() if taken > seconds})
    remembered.write_text("".join(f"{name}\n" for name in slow))
    return slow


def deselect(workdir: Path, tests: list[str]) -> None:
    """Leave these tests out of every mutant's run, by adding --deselect to pytest_add_cli_args in the copy's
    pyproject.toml (idempotent: a test already deselected is not added again)."""
    pyproject = workdir / "pyproject.toml"
    text = pyproject.read_text()
    match = re.search(r"^pytest_add_cli_args = \[(.*?)\]$", text, flags=re.MULTILINE | re.DOTALL)
    if not match:
        raise SystemExit("[tool.mutmut] in pyproject.toml has no pytest_add_cli_args line")
    extra = [name for name in tests if f'"{name}"' not in match.group(1)]
    added = "".join(f'\n    "--deselect", "{name}",' for name in extra)
    pyproject.write_text(text[: match.end(1)].rstrip() + added + "\n" + text[match.end(1) :])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--area", action="append", choices=sorted(AREAS), help="an area to mutate (default: all)")
    # Not under /tmp: the grader's sandbox gives each kernel a private /tmp, so a copy there is invisible to the
    # grading tests (bubblewrap then cannot find grading/confine.py in the copy).
    default_workdir = REPO.parent / f"{REPO.name}-mutation"
    parser.add_argument("--workdir", type=Path, default=default_workdir, help=f"where the copy and mutmut's state live ({default_workdir})")
    parser.add_argument(
        "--only",
        action="append",
        metavar="FILE",
        help="mutate and score only this file of an area (repeatable), e.g. src/csto_course/grading/answers.py",
    )
    parser.add_argument(
        "--tests",
        action="append",
        metavar="FILE",
        help="run only this test file on each mutant (repeatable): quicker, and the score a lower bound",
    )
    parser.add_argument(
        "--skip-slower-than",
        type=float,
        metavar="SECONDS",
        help="leave out the tests that took longer in this work folder's last run (those that start kernels): "
        "much quicker, and the score a lower bound",
    )
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (mutmut --max-children)")
    parser.add_argument("--report-only", action="store_true", help="print the scores of the last run in --workdir")
    parser.add_argument("--survivors", type=Path, help="write the surviving mutants not judged equivalent to this file")
    args = parser.parse_args(argv)
    only = None
    if args.only:
        only = []
        for name in args.only:
            path = repo_path(name)
            if path is None or area_of_file(path) is None:
                parser.error(f"--only {name}: not a file of an area ({', '.join(AREAS.values())})")
            only.append(path)
    areas = args.area or sorted({a for p in only if (a := area_of_file(p))} if only else AREAS)
    mutmut = [sys.executable, "-m", "mutmut"]
    if not args.report_only:
        if shutil.which("mutmut") is None and subprocess.run([*mutmut, "--version"], capture_output=True).returncode:
            print("mutmut is not installed: pip install 'mutmut>=3.8'", file=sys.stderr)
            return 2
        args.workdir.mkdir(parents=True, exist_ok=True)
        copy_tracked_files(args.workdir)
        restrict_to(args.workdir, areas, only)
        if args.tests:
            restrict_tests(args.workdir, args.tests)
        if args.skip_slower_than is not None:
            deselect(args.workdir, slower_tests(args.workdir, args.skip_slower_than))
        run = subprocess.run([*mutmut, "run", "--max-children", str(args.jobs)], cwd=args.workdir, capture_output=True, text=True)
        if run.returncode:
            lines = [line for line in (run.stdout + run.stderr).replace("\r", "\n").splitlines() if line.strip()]
            print("mutmut stopped with an error; its last lines:\n" + "\n".join(lines[-15:]), file=sys.stderr)
    listing = subprocess.run([*mutmut, "results", "--all", "true"], cwd=args.workdir, capture_output=True, text=True)
    results = parse_results(listing.stdout)
    if only:  # a work folder may hold an earlier run's other files: score the chosen ones alone
        results = {n: st for n, st in results.items() if file_of(n) in only}
    equivalent = read_equivalent()
    report = score(results, equivalent)
    if only:
        print("only " + ", ".join(only))
    print(f"{'area':<10} {'mutants':>8} {'killed':>7} {'timeout':>8} {'survived':>9} {'equivalent':>11} {'no tests':>9} {'score':>7}")
    failing = []
    for area in areas:
        if area not in report:
            print(f"{area:<10} (no results: run without --report-only)")
            failing.append(area)
            continue
        c, s = report[area]["counts"], report[area]["score"]
        total = sum(c.values())
        if s is None:
            print(f"{area:<10} {total:>8} (none checked yet: the run stopped early; see mutmut's output in the work folder)")
            failing.append(area)
            continue
        print(
            f"{area:<10} {total:>8} {c.get('killed', 0):>7} {c.get('timeout', 0):>8} {c.get('survived', 0):>9} "
            f"{c.get('equivalent', 0):>11} {c.get('no tests', 0):>9} {s:>7.1%}"
        )
        if s < TARGET:
            failing.append(area)
    unfinished = sum(1 for n, st in results.items() if st == "not checked" and area_of(n) in areas)
    if unfinished:
        print(f"\n{unfinished} mutant(s) not checked yet: the run was interrupted; run again to finish it.")
    stale = killed_after_all(results, equivalent)
    if stale:
        print(f"\n{len(stale)} mutant(s) listed as equivalent are now killed; remove them from {EQUIVALENT.name}: {', '.join(stale)}")
    survivors = sorted(n for n, st in results.items() if st in ("survived", "no tests") and n not in equivalent and area_of(n) in areas)
    if args.survivors:
        args.survivors.write_text("".join(f"{n}\n" for n in survivors))
        print(f"\n{len(survivors)} survivors written to {args.survivors}; `mutmut show NAME` in {args.workdir} shows each")
    print(f"\nTarget: {TARGET:.0%} of mutants caught in each area. Below it: {', '.join(failing) or 'none'}.")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
