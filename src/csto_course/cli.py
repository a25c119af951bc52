"""The ``csto-course`` command: one subcommand per job (``csto-course --help`` lists them)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .files import atomic_write_text
from .lessons import LESSONS, get_lesson


def _cmd_lessons(args) -> int:
    for lesson in LESSONS:
        print(f"{lesson.number}  {lesson.slug:<22} {lesson.title}")
    return 0


def _cmd_validate(args) -> int:
    from .data import validate_all

    report = validate_all()
    print(report)
    return 0 if report.ok else 1


def _cmd_sources(args) -> int:
    from .data import CourseDataError, sources_list

    try:
        print(sources_list(tables=args.tables, lesson=args.lesson))
    except (CourseDataError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def _cmd_data_dictionary(args) -> int:
    from .data import dictionary
    from .paths import data_dir

    readme = data_dir() / "README.md"
    if args.write:
        atomic_write_text(readme, dictionary.refresh(readme.read_text(encoding="utf-8")))
        print(f"Updated {readme}")
    else:
        print(dictionary.render())
    return 0


def _cmd_cite(args) -> int:
    from .authoring.lesson_citations import CitationError, render_lessons

    try:
        changed = render_lessons(write=not args.check)
    except CitationError as exc:
        print(f"Citations that cannot be rendered:\n{exc}", file=sys.stderr)
        return 1
    return _report_rewrite(changed, args.check, "cite", "Rendered citations in {n} lesson(s)", "every lesson was up to date")


def _cmd_release(args) -> int:
    from .release import release

    changed = release(write=not args.check)
    return _report_rewrite(changed, args.check, "release", "Released {n} changed exercise(s)", "exercises/ was up to date")


def _report_rewrite(changed: list[Path], check: bool, command: str, done: str, nothing: str) -> int:
    """What a command that regenerates committed files did, or (with --check) would do."""
    if check:
        for path in changed:
            print(f"out of date: {path.name} (run csto-course {command})")
        return 1 if changed else 0
    print(done.format(n=len(changed)) + (": " + ", ".join(p.name for p in changed) if changed else f"; {nothing}."))
    return 0


def _cmd_grade(args) -> int:
    from .grading import Limits, grade_batch
    from .grading.batch import GradingInterrupted
    from .grading.errors import GradingLocked, SandboxRefused, UnknownExercise
    from .grading.gradebook import GradebookUnreadable

    try:
        summary = grade_batch(
            args.exercise,
            args.submissions,
            args.out,
            jobs=args.jobs,
            limits=Limits(args.cell_timeout, args.notebook_timeout),
            force=args.force,
            sandbox=args.sandbox,
            solutions_dir=args.solutions,
            engine=args.engine,
            scheduler=args.scheduler,
        )
    except GradingInterrupted as exc:
        print(exc, file=sys.stderr)
        return 130
    except (UnknownExercise, FileNotFoundError, GradingLocked, SandboxRefused, GradebookUnreadable, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    where = "in a sandbox" if summary["sandboxed"] else "WITHOUT a sandbox"
    print(f"Graded {summary['graded']} submission(s) {where}, kept {summary['skipped']} unchanged. Gradebook: {summary['gradebook']}")
    if args.export:
        return _export_grades(args, summary["gradebook"])
    return 0


def _export_grades(args, book_path) -> int:
    from .grading import gradebook
    from .lms import grades_export
    from .lms.roster import RosterError

    fmt, rest = args.export[0], args.export[1:]
    if fmt not in ("canvas", "moodle") or len(rest) > 1 or (fmt == "canvas" and not rest):
        print("--export takes 'canvas ROSTER.csv' (your Canvas gradebook export) or 'moodle [ROSTER.csv]'.", file=sys.stderr)
        return 2
    out = book_path.parent / f"{fmt}-import.csv"
    try:
        book = gradebook.read(book_path)
        if fmt == "canvas":
            report = grades_export.canvas(book, rest[0], out, args.map)
        else:
            report = grades_export.moodle(book, out, rest[0] if rest else None, args.map)
    except RosterError as exc:
        print(exc, file=sys.stderr)
        return 2
    for line in report.lines():
        print(line)
    return 0


def _cmd_progress(args) -> int:
    if args.action == "report":
        if not args.folder or not args.out or args.collect or args.export:
            print("Usage: csto-course progress report DIR --out report.html (DIR: the progress files students handed in).", file=sys.stderr)
            return 2
        from .quiz.class_report import report_command

        return _print_output(report_command(args.folder, args.out))
    if args.folder:
        print(f"Unexpected {args.folder!r}: did you mean 'csto-course progress report DIR --out report.html'?", file=sys.stderr)
        return 2
    if args.out and not args.collect:
        print("--out goes with --collect DIR (the class table). To save your own progress, use --export FILE.csv.", file=sys.stderr)
        return 2
    if args.collect:
        if not args.out:
            print("--collect needs --out FILE.csv, the class table to write, e.g. --out class.csv.", file=sys.stderr)
            return 2
        from .quiz.class_progress import collect_command

        return _print_output(collect_command(args.collect, args.out))
    from .quiz.progress_student import export, show

    return _print_output(export(args.export, args.student) if args.export else show())


def _print_output(output) -> int:
    """A CommandOutput on the terminal: warnings to stderr first, then the text; its exit code."""
    if output.err:
        print(output.err, file=sys.stderr)
    if output.out:
        print(output.out)
    return output.exit_code


def _cmd_answers(args) -> int:
    from .grading.batch import find_exercise
    from .grading.errors import GradingLocked, SolutionInvalid, UnknownExercise
    from .grading.gradebook import GradebookUnreadable
    from .grading.written_answers import PointsError, import_points, page

    try:
        solution = find_exercise(args.exercise, args.solutions)
        if args.import_points:
            if not args.gradebook:
                print("--import needs --gradebook, the gradebook.csv to write the points into.", file=sys.stderr)
                return 2
            count = import_points(args.import_points, args.gradebook, solution.stem)
            print(f"Wrote {count} point(s) into {args.gradebook}; later grading runs keep them.")
            return 0
        if not args.submissions or not args.out:
            print("Give the folder of submissions and --out FILE.html (or --import POINTS.csv --gradebook FILE).", file=sys.stderr)
            return 2
        count = page(solution, args.submissions, args.out, args.gradebook)
    except (UnknownExercise, FileNotFoundError, PointsError, GradingLocked, GradebookUnreadable, SolutionInvalid) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Wrote {count} written answer(s) to {args.out}. Open it in a browser; nothing in it leaves your machine.")
    return 0


def _cmd_quiz_export(args) -> int:
    from .lms.quiz_export import FORMATS, export
    from .quiz.types import BankError

    formats = list(FORMATS) if args.format == "all" else [args.format]
    try:
        report = export(formats, args.lessons or None, args.out)
    except (BankError, ValueError, KeyError) as exc:
        print(exc.args[0] if isinstance(exc, KeyError) else exc, file=sys.stderr)
        return 2
    for line in report.lines():
        print(line)
    print(
        f"{report.questions} question(s) from {len(args.lessons) or 'all'} lesson bank(s). "
        "Import guide: docs/instructor-guide.md, section 'Into your LMS'."
    )
    return 0


def _cmd_open(args) -> int:
    from .workspace import prepare

    lesson = get_lesson(args.lesson)
    try:
        report = prepare(Path(args.workdir) if args.workdir else None)
    except OSError as exc:
        print(f"Could not prepare your working copy of the lessons: {exc}. Choose another folder with --workdir.", file=sys.stderr)
        return 2
    for line in report.lines():
        print(line)
    lab_options = list(args.lab_options)
    if os.geteuid() == 0 and "--allow-root" not in lab_options:
        lab_options.append("--allow-root")  # containers and Codespaces often run as root; JupyterLab refuses without it
    target = report.folder / lesson.filename
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={report.folder}", *lab_options, str(target)]
    print(f"Your working copy of the lessons is {report.folder} (the course's own files are never changed).")
    print("Starting JupyterLab:", " ".join(cmd))
    return subprocess.call(cmd)


def _cmd_site(args) -> int:
    from .site.build import SiteBuildFailed, build_site
    from .site.links import LaunchSettings

    if args.hub and not args.repository:
        print(
            "--hub needs --repository too: the JupyterHub link (nbgitpuller) pulls the course from that repository.",
            file=sys.stderr,
        )
        return 2
    print(f"Building the course website into {args.out} (runs every lesson; about a minute)...", flush=True)
    try:
        report = build_site(
            Path(args.out), jobs=args.jobs, launch=LaunchSettings(args.hub, args.repository), instructor_pages=not args.for_students
        )
    except SiteBuildFailed as exc:
        print(f"The website was not built: {exc}", file=sys.stderr)
        return 1
    print(f"Lessons ran in {report.execute_seconds:.0f} s, pages rendered in {report.sphinx_seconds:.0f} s.")
    print(f"Open {report.index.resolve().as_uri()} in a browser (no server or network needed).")
    if args.open:
        import webbrowser

        webbrowser.open(report.index.resolve().as_uri())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csto-course",
        description="The CSTO course: lessons, sourced data and quizzes on the Collective Security Treaty Organization.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"csto-course {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("lessons", help="list the lessons in order")
    p.set_defaults(func=_cmd_lessons)

    p = sub.add_parser("validate", help="check every table in data/ against data/datapackage.json")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("sources", help="print the sources behind tables or a lesson")
    p.add_argument("tables", nargs="*", help="table names, e.g. events membership")
    p.add_argument("--lesson", help="a lesson slug or number; adds the sources cited in its text")
    p.set_defaults(func=_cmd_sources)

    p = sub.add_parser("data-dictionary", help="print the data dictionary generated from data/datapackage.json")
    p.add_argument("--write", action="store_true", help="refresh the generated section of data/README.md")
    p.set_defaults(func=_cmd_data_dictionary)

    p = sub.add_parser("cite", help="render the lessons' [@id] citations as author-year links and refresh their source lists")
    p.add_argument("--check", action="store_true", help="only report lessons that are out of date")
    p.set_defaults(func=_cmd_cite)

    p = sub.add_parser("release", help="generate exercises/ (student versions) from solutions/")
    p.add_argument("--check", action="store_true", help="only report exercises that are out of date")
    p.set_defaults(func=_cmd_release)

    p = sub.add_parser("grade", help="grade a folder of submissions for one exercise")
    p.add_argument("exercise", help="exercise number or name, e.g. 01 or 01_origins")
    p.add_argument("submissions", help="folder with <student>.ipynb or <student>/.../<name>.ipynb")
    p.add_argument("--out", required=True, help="folder for gradebook.csv and feedback/")
    p.add_argument("--jobs", type=int, default=None, help="submissions graded at once (default: one per CPU)")
    p.add_argument("--cell-timeout", type=float, default=30, help="seconds one cell may run (default 30)")
    p.add_argument("--notebook-timeout", type=float, default=300, help="seconds one notebook may run in all (default 300)")
    p.add_argument("--force", action="store_true", help="re-grade unchanged submissions too (points you typed are still kept)")
    p.add_argument(
        "--sandbox",
        choices=["auto", "required", "off"],
        default="auto",
        help="run student code in a bubblewrap sandbox: auto (default) uses it where it works and refuses to grade "
        "a class where it does not; required always refuses without it; off runs student code as you",
    )
    p.add_argument("--solutions", metavar="DIR", help="grade against a private folder of solution notebooks (your own hidden tests)")
    p.add_argument("--engine", choices=["local", "dask"], default="local", help="local processes (default) or a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: the scheduler, e.g. tcp://10.0.0.5:8786")
    p.add_argument(
        "--export",
        nargs="+",
        metavar="FORMAT [ROSTER]",
        help="after grading, write OUT/canvas-import.csv ('canvas ROSTER.csv': your Canvas gradebook export) "
        "or OUT/moodle-import.csv ('moodle [ROSTER.csv]': Moodle's grade export)",
    )
    p.add_argument("--map", metavar="FILE.csv", help="with --export: a CSV with columns submission,login to match students")
    p.set_defaults(func=_cmd_grade)

    p = sub.add_parser(
        "progress",
        help="your quiz progress; export it to hand in, or merge a class's exports",
        description="Without options: your quiz progress per lesson. Progress stays on your account; "
        "--export writes a CSV you can hand in. Instructors: --collect DIR --out class.csv merges the handed-in files; "
        "'report DIR --out report.html' draws how the class did on each question.",
    )
    p.add_argument("action", nargs="?", choices=["report"], help="report DIR --out report.html: the class's quiz analytics")
    p.add_argument("folder", nargs="?", metavar="DIR", help="with report: the folder of handed-in progress files")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--export", metavar="FILE.csv", help="write one row per lesson and question answered, to hand in")
    what.add_argument("--collect", metavar="DIR", help="instructors: merge the exported CSVs (or quiz-progress JSON files) in DIR")
    p.add_argument("--student", metavar="NAME", help="the name written in the export (default: your login name)")
    p.add_argument("--out", metavar="FILE", help="with --collect: the class table to write; with report: the page")
    p.set_defaults(func=_cmd_progress)

    p = sub.add_parser("answers", help="every written answer of a class on one page; its points back into the gradebook")
    p.add_argument("exercise", help="exercise number or name, e.g. 01")
    p.add_argument("submissions", nargs="?", help="folder of submissions (as for grade)")
    p.add_argument("--out", metavar="FILE.html", help="the page to write")
    p.add_argument("--gradebook", metavar="FILE.csv", help="the gradebook: its points fill the boxes; with --import, where they go")
    p.add_argument("--import", dest="import_points", metavar="POINTS.csv", help="the points file the page downloaded")
    p.add_argument("--solutions", metavar="DIR", help="a private folder of solution notebooks (as for grade)")
    p.set_defaults(func=_cmd_answers)

    p = sub.add_parser("quiz", help="the question banks: export them for Moodle or Canvas")
    quiz_sub = p.add_subparsers(dest="quiz_command", metavar="ACTION", required=True)
    q = quiz_sub.add_parser("export", help="write the banks as Moodle XML, a Canvas QTI zip and/or GIFT")
    q.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson numbers or slugs (default: every lesson)")
    q.add_argument("--format", choices=["moodle", "qti", "gift", "all"], default="all", help="which format (default: all three)")
    q.add_argument("--out", required=True, metavar="DIR", help="folder for the exported files")
    q.set_defaults(func=_cmd_quiz_export)

    p = sub.add_parser("site", help="build the course as a static website (every lesson run, charted and quizzable)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the website (replaced if it exists)")
    p.add_argument("--jobs", type=int, default=2, help="lessons run at once (default: 2)")
    p.add_argument("--open", action="store_true", help="open the home page in a browser when done")
    p.add_argument("--hub", metavar="URL", help="your JupyterHub's address: each lesson gets an nbgitpuller link (needs --repository)")
    p.add_argument("--repository", metavar="URL", help="the course repository's public address (a GitHub one also gives Binder links)")
    p.add_argument(
        "--for-students",
        action="store_true",
        help="leave out the instructor guide and kit, which hold the model answers to the Discuss prompts",
    )
    p.set_defaults(func=_cmd_site)

    p = sub.add_parser(
        "open",
        help="open the course in JupyterLab (default: the start lesson)",
        description="Open your working copy of the lessons in JupyterLab. Any other option (--port=8889, "
        "--no-browser, --allow-root, ...) is passed on to JupyterLab.",
    )
    p.add_argument("lesson", nargs="?", default=LESSONS[0].slug, help="lesson number or slug")
    p.add_argument("--workdir", help="folder for your copy of the lessons (default: ~/csto-course-work, or $CSTO_COURSE_WORKDIR)")
    p.set_defaults(func=_cmd_open, lab_options=[])
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        if getattr(args, "func", None) is not _cmd_open:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        args.lab_options = unknown  # `open` hands JupyterLab's own options on to it
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    from .extras import MissingExtra

    try:
        return args.func(args)
    except KeyError as exc:  # unknown lesson
        print(exc.args[0], file=sys.stderr)
        return 2
    except MissingExtra as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
