"""``csto-course progress report DIR --out report.html``: how a class did on the quizzes.

From the progress files students handed in (read as ``--collect`` reads them,
so a corrupt, empty or duplicated file gets a line saying so), one page with:

- per question: how many answered, the share right at the first try, the
  most chosen wrong first answers, and a discrimination index;
- per lesson: the spread of students' first-try scores, and a chart of each
  question's first-try share.

The discrimination index of a question is the share right at the first try
among the top 27 % of students (by their first-try score on that lesson)
minus the share among the bottom 27 %. Near 0 or below, the question does not
separate students who know the lesson from those who do not: check its key
and wording. It needs at least five students on the lesson; with fewer the
page says so instead.

Charts are Altair specifications drawn to SVG (vl-convert, offline, no
JavaScript), each with a title and a description for screen readers and its
data as a table beside it.
"""

from __future__ import annotations

import hashlib
import html
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..command_output import CommandOutput
from ..files import atomic_write_text
from ..lessons import LESSONS
from .class_progress import Collected, collect

MIN_STUDENTS = 5
SHARE = 0.27


@dataclass
class QuestionStats:
    lesson: str
    question_id: str
    answered: int
    right_first: int
    discrimination: float | None
    wrong_answers: list[tuple[str, int]] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right_first / self.answered if self.answered else 0.0


def lesson_scores(rows: list[dict]) -> dict[str, dict[str, float]]:
    """lesson -> student -> share of the questions they answered that were right at the first try."""
    tally: dict[str, dict[str, list[int]]] = {}
    for r in rows:
        pair = tally.setdefault(r["lesson"], {}).setdefault(r["student"], [0, 0])
        pair[0] += r["first_correct"] == "true"
        pair[1] += 1
    return {lesson: {s: right / total for s, (right, total) in per.items()} for lesson, per in tally.items()}


def _discrimination(rows: list[dict], scores: dict[str, float]) -> float | None:
    students = sorted({r["student"] for r in rows}, key=lambda s: (scores.get(s, 0), s))
    if len(students) < MIN_STUDENTS:
        return None
    size = max(1, round(len(students) * SHARE))
    right = {r["student"]: r["first_correct"] == "true" for r in rows}
    low, high = students[:size], students[-size:]
    return sum(right[s] for s in high) / size - sum(right[s] for s in low) / size


def analyse(rows: list[dict]) -> list[QuestionStats]:
    scores = lesson_scores(rows)
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        groups.setdefault((r["lesson"], r["question_id"]), []).append(r)
    order = {lesson.slug: i for i, lesson in enumerate(LESSONS)}
    out = []
    for (lesson, qid), group in sorted(groups.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][0], kv[0][1])):
        wrong = Counter(r.get("first_answer", "") for r in group if r["first_correct"] != "true" and r.get("first_answer", ""))
        out.append(
            QuestionStats(
                lesson,
                qid,
                len(group),
                sum(r["first_correct"] == "true" for r in group),
                _discrimination(group, scores.get(lesson, {})),
                wrong.most_common(3),
            )
        )
    return out


def _svg(chart) -> str:
    import vl_convert

    from ..charts.static import bundled_vegalite_version

    # The version Altair's schema names, not a fixed one: a newer vl-convert drops old versions from its bundle.
    return vl_convert.vegalite_to_svg(chart.to_dict(), vl_version=bundled_vegalite_version())


def _figure(chart, title: str, description: str, table_rows: list[list[str]], header: list[str]) -> str:
    e = html.escape
    svg = _svg(chart)
    svg = svg.replace("<svg ", '<svg role="img" aria-labelledby="t" aria-describedby="d" ', 1)  # made unique below
    ident = hashlib.sha256(title.encode()).hexdigest()[:10]
    svg = svg.replace('aria-labelledby="t" aria-describedby="d"', f'aria-labelledby="t{ident}" aria-describedby="d{ident}"', 1)
    svg = svg.replace(">", f'><title id="t{ident}">{e(title)}</title><desc id="d{ident}">{e(description)}</desc>', 1)
    table = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in table_rows)
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in header)
    return (
        f"<figure>{svg}<figcaption>{e(description)}</figcaption>"
        f"<details><summary>Show the data as a table</summary><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{table}</tbody></table></details></figure>"
    )


def _question_chart(lesson: str, stats: list[QuestionStats]) -> str:
    import altair as alt
    import pandas as pd

    data = pd.DataFrame(
        {
            "question": [s.question_id for s in stats],
            "share": [round(100 * s.share) for s in stats],
            "answered": [s.answered for s in stats],
        }
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="Right at the first try (%)", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("question:N", sort="-x", title=None),
            tooltip=["question:N", "share:Q", "answered:Q"],
        )
        .properties(width=420, height=alt.Step(18))
    )
    low, high = min(stats, key=lambda s: s.share), max(stats, key=lambda s: s.share)
    description = (
        f"Bars for the {len(stats)} questions of lesson {lesson}: the share of students right at their first try, "
        f"from {100 * low.share:.0f}% ({low.question_id}) to {100 * high.share:.0f}% ({high.question_id})."
    )
    return _figure(
        chart,
        f"Lesson {lesson}: first-try share per question",
        description,
        [[r.question, f"{r.share}", f"{r.answered}"] for r in data.itertuples()],
        ["question", "right first (%)", "answered"],
    )


def _score_chart(lesson: str, scores: dict[str, float]) -> str:
    import altair as alt
    import pandas as pd

    bins = [min(9, int(10 * v)) for v in scores.values()]
    counts = Counter(bins)
    data = pd.DataFrame({"band": [f"{10 * b}-{10 * b + 10}%" for b in range(10)], "students": [counts.get(b, 0) for b in range(10)]})
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("band:O", title="First-try score on the lesson", sort=None),
            y=alt.Y("students:Q", title="Students", axis=alt.Axis(tickMinStep=1, format="d")),
            tooltip=["band:O", "students:Q"],
        )
        .properties(width=420, height=160)
    )
    values = sorted(scores.values())
    median = values[len(values) // 2] if len(values) % 2 else (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2
    description = (
        f"Columns counting the {len(values)} students of lesson {lesson} by their first-try score, in bands of ten "
        f"percentage points; the median score is {100 * median:.0f}%."
    )
    return _figure(
        chart,
        f"Lesson {lesson}: spread of first-try scores",
        description,
        [[r.band, f"{r.students}"] for r in data.itertuples()],
        ["score band", "students"],
    )


STYLE = """body { font: 16px/1.5 system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
table { border-collapse: collapse; margin: .5rem 0 1rem; } td, th { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; }
figure { margin: 1rem 0; } figcaption { color: #444; } .note { color: #6b3e00; }"""


def render(collected: Collected, stats: list[QuestionStats]) -> str:
    e = html.escape
    scores = lesson_scores(collected.rows)
    students = sorted({r["student"] for r in collected.rows})
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        f"<title>Quiz report: {len(students)} students</title><style>{STYLE}</style></head><body><main>",
        f"<h1>Quiz report: {len(students)} students, {len(collected.read)} file(s) read</h1>",
    ]
    if collected.skipped or collected.notes:
        parts.append("<h2>Files to look at</h2><ul>")
        parts += [f'<li class="note">Skipped {e(name)}: {e(reason)}.</li>' for name, reason in collected.skipped]
        parts += [f'<li class="note">{e(note)}</li>' for note in collected.notes]
        parts.append("</ul>")
    parts.append(
        "<p>The discrimination index compares the top and bottom 27% of students on each lesson "
        f"(it needs {MIN_STUDENTS} students): near 0 or below, check the question's key and wording.</p>"
    )
    for lesson in [lesson.slug for lesson in LESSONS if lesson.slug in scores] + sorted(set(scores) - {x.slug for x in LESSONS}):
        mine = [s for s in stats if s.lesson == lesson]
        parts.append(f"<section><h2>Lesson {e(lesson)}</h2>")
        parts.append(_score_chart(lesson, scores[lesson]))
        parts.append(_question_chart(lesson, mine))
        parts.append(
            '<table><thead><tr><th scope="col">question</th><th scope="col">answered</th>'
            '<th scope="col">right at first try</th><th scope="col">discrimination</th>'
            '<th scope="col">most chosen wrong first answers</th></tr></thead><tbody>'
        )
        for s in mine:
            d = "too few students" if s.discrimination is None else f"{s.discrimination:+.2f}"
            wrong = "; ".join(f"{a} ({n})" for a, n in s.wrong_answers) or "–"
            parts.append(
                f"<tr><td>{e(s.question_id)}</td><td>{s.answered}</td><td>{100 * s.share:.0f}%</td><td>{e(d)}</td><td>{e(wrong)}</td></tr>"
            )
        parts.append("</tbody></table></section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def report_command(folder: Path, out: Path) -> CommandOutput:
    """Write the class report page ``out`` from the files in ``folder``, and say what was read."""
    folder, out = Path(folder), Path(out)
    if not folder.is_dir():
        return CommandOutput(False, "", f"{folder} is not a folder. Put the progress files the students handed in into one folder.")
    collected = collect(folder, out)
    problems = [f"Skipped {name}: {reason}." for name, reason in collected.skipped] + collected.notes
    if not collected.rows:
        problems.append(f"No quiz progress could be read from {folder}; {out} was not written.")
        return CommandOutput(False, "", "\n".join(problems))
    from ..extras import MissingExtra

    try:
        text = render(collected, analyse(collected.rows))
    except MissingExtra as exc:
        return CommandOutput(False, "", "\n".join(problems + [str(exc)]))
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out, text)
    students = len({r["student"] for r in collected.rows})
    return CommandOutput(
        True,
        f"Wrote {out}: {students} student(s), {len(collected.rows)} answer(s) from {len(collected.read)} file(s).",
        "\n".join(problems),
    )
