"""Does the instructor's kit (docs/instructor-kit/) name only quiz questions, tasks and sources that exist?

The kit is written by hand from the lessons, the quizzes and the exercises, so it goes stale when they
change. These checks read the files as they are (YAML, notebook JSON, CSV, Markdown) and run nothing:
an id that does not exist, an objective without a row in the alignment table, or a Discuss prompt
without a model answer fails here, with the file and the id to fix.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from csto_course.lessons import LESSONS

REPO = Path(__file__).resolve().parents[1]
KIT = REPO / "docs" / "instructor-kit"
KIT_FILES = ["syllabus-map.md", "lesson-plans.md", "reading-list.md", "glossary.md", "alignment.md", "capstone-rubric.md"]
BY_NUMBER = {lesson.number: lesson for lesson in LESSONS}

# "(source: id)", "(sources: id; id)", also "(..., source: id)" inside a longer parenthesis
CITATION = re.compile(r"\bsources?:\s+([A-Za-z0-9][A-Za-z0-9_.:;,\s-]*?)\)")
TASK_TOKEN = re.compile(r"`(\d\d\w*/task\d+-(?:tests|answer))`")
SECTION = re.compile(r"^## Lesson (\w+) · ", re.M)
ANSWER_HEADING = re.compile(r"^#### (\w+) · Discuss (\d+)$", re.M)


@cache
def source_ids() -> frozenset[str]:
    with (REPO / "data" / "sources.csv").open(encoding="utf-8", newline="") as fh:
        return frozenset(row["source_id"] for row in csv.DictReader(fh))


@cache
def quiz_ids(slug: str) -> tuple[str, ...]:
    bank = yaml.safe_load((REPO / "quizzes" / f"{slug}.yaml").read_text(encoding="utf-8"))
    return tuple(question["id"] for question in bank["questions"])


@cache
def exercise_tasks() -> frozenset[str]:
    """Every graded task, as the gradebook names it: <exercise>/<grade_id of a test cell or a written answer>."""
    tasks = set()
    for path in sorted((REPO / "exercises").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade"):
                tasks.add(f"{path.stem}/{meta['grade_id']}")
    return frozenset(tasks)


@cache
def notebook_cells(slug: str) -> tuple[str, ...]:
    nb = json.loads((REPO / "lessons" / f"{slug}.ipynb").read_text(encoding="utf-8"))
    return tuple("".join(cell["source"]) for cell in nb["cells"])


def objectives(slug: str) -> dict[str, str]:
    """The lesson's learning objectives, number -> text, from its first cell."""
    return dict(re.findall(r"^(\d+)\. (\*\*.*)$", notebook_cells(slug)[0], re.M))


def discuss_prompts(slug: str) -> dict[str, str]:
    cell = next(text for text in notebook_cells(slug) if "## Discuss" in text)
    section = cell.split("## Discuss", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^(\d+)\. (.+)$", section, re.M))


def read(name: str) -> str:
    return (KIT / name).read_text(encoding="utf-8")


def sections(text: str) -> dict[str, str]:
    """'## Lesson NN · ...' sections of a kit page, by lesson number."""
    parts = SECTION.split(text)
    return {number: body for number, body in zip(parts[1::2], parts[2::2])}


def table_rows(text: str) -> list[list[str]]:
    """The cells of every Markdown table row in text, header and rule rows left out."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.match(r"^\|[-:| ]+\|$", line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def ticked(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


# --- ids that must exist -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", KIT_FILES)
def test_every_source_id_the_kit_cites_is_a_row_of_sources_csv(name):
    cited = [part.strip() for group in CITATION.findall(read(name)) for part in re.split(r"[;,]", group)]
    unknown = sorted({c for c in cited if c not in source_ids()})
    assert not unknown, f"docs/instructor-kit/{name} cites source ids that are not in data/sources.csv: {', '.join(unknown)}"


def test_the_model_answers_cite_sources():
    assert len(CITATION.findall(read("lesson-plans.md"))) > 100


@pytest.mark.parametrize("name", ["alignment.md", "lesson-plans.md"])
def test_every_exercise_task_the_kit_names_exists(name):
    named = TASK_TOKEN.findall(read(name))
    unknown = sorted(set(named) - exercise_tasks())
    assert not unknown, f"docs/instructor-kit/{name} names exercise tasks that no exercise has: {', '.join(unknown)}"
    # a task written without its exercise (`task1-tests`) cannot be checked: say which exercise it belongs to
    bare = sorted(set(re.findall(r"`(task\d+-(?:tests|answer))`", read(name))))
    assert not bare, f"docs/instructor-kit/{name} names tasks without their exercise: {', '.join(bare)}; write `01_origins/task1-tests`"


def test_every_quiz_question_in_the_alignment_table_exists():
    for number, body in sections(read("alignment.md")).items():
        slug = BY_NUMBER[number].slug
        for row in table_rows(body):
            if re.match(r"^\d+\.", row[0]):
                unknown = [q for q in ticked(row[1]) if q not in quiz_ids(slug)]
                assert not unknown, f"alignment.md, Lesson {number}: {', '.join(unknown)} not in quizzes/{slug}.yaml"
                assert all(TASK_TOKEN.fullmatch(f"`{t}`") for t in ticked(row[2])), f"alignment.md, Lesson {number}: {row[2]}"


def test_every_quiz_question_in_the_lesson_plans_exists():
    for number, body in sections(read("lesson-plans.md")).items():
        slug = BY_NUMBER[number].slug
        quiz_rows = [row for row in table_rows(body) if len(row) > 1 and row[1] == "Quiz"]
        assert quiz_rows, f"lesson-plans.md, Lesson {number}: the class plan has no Quiz row"
        for row in quiz_rows:
            unknown = [q for q in ticked(row[2]) if q != slug and q not in quiz_ids(slug)]
            assert not unknown, f"lesson-plans.md, Lesson {number}: {', '.join(unknown)} not in quizzes/{slug}.yaml"


# --- coverage ------------------------------------------------------------------------------------------


def test_the_alignment_table_has_every_lesson_and_every_objective_as_the_lesson_states_it():
    found = sections(read("alignment.md"))
    assert list(found) == [lesson.number for lesson in LESSONS]
    for number, body in found.items():
        rows = {row[0].split(". ", 1)[0]: row[0].split(". ", 1)[1] for row in table_rows(body) if re.match(r"^\d+\. ", row[0])}
        stated = objectives(BY_NUMBER[number].slug)
        assert rows == stated, f"alignment.md, Lesson {number}: the objectives differ from the lesson's objectives cell"


def test_the_alignment_table_places_every_quiz_question_and_every_task():
    text = read("alignment.md")
    found = sections(text)
    for lesson in LESSONS:
        named = {q for row in table_rows(found[lesson.number]) if re.match(r"^\d+\.", row[0]) for q in ticked(row[1])}
        missing = [q for q in quiz_ids(lesson.slug) if q not in named]
        assert not missing, f"alignment.md, Lesson {lesson.number}: no objective is assessed by {', '.join(missing)}"
    missing_tasks = sorted(exercise_tasks() - set(TASK_TOKEN.findall(text)))
    assert not missing_tasks, f"alignment.md does not place these exercise tasks: {', '.join(missing_tasks)}"


@pytest.mark.parametrize("lesson", [lesson.slug for lesson in LESSONS])
def test_every_discuss_prompt_has_a_model_answer(lesson):
    number = next(entry.number for entry in LESSONS if entry.slug == lesson)
    text = read("lesson-plans.md")
    parts = ANSWER_HEADING.split(text)
    answers = {(n, k): body for n, k, body in zip(parts[1::3], parts[2::3], parts[3::3])}
    prompts = discuss_prompts(lesson)
    assert prompts, f"lessons/{lesson}.ipynb has no Discuss prompts"
    for k, prompt in prompts.items():
        body = answers.get((number, k))
        assert body is not None, f"lesson-plans.md has no model answer for Lesson {number}, Discuss {k}: {prompt[:60]}..."
        body = body.split("\n## ", 1)[0]
        quoted = body.strip().splitlines()[0]
        assert quoted == f"> {prompt}", f"lesson-plans.md, {number} · Discuss {k}: the quoted prompt differs from the lesson's"
        flat = " ".join(body.split())  # a bold phrase may be wrapped across lines
        assert "**Model answer" in flat and CITATION.search(flat), f"lesson-plans.md, {number} · Discuss {k}: no cited model answer"
        assert "**A strong answer**" in flat and "**A weak answer**" in flat, (
            f"lesson-plans.md, {number} · Discuss {k}: say what a strong and a weak answer do"
        )
    extra = sorted(k for n, k in answers if n == number and k not in prompts)
    assert not extra, f"lesson-plans.md answers Discuss prompts that Lesson {number} does not have: {', '.join(extra)}"


# --- the glossary and the links ------------------------------------------------------------------------


def test_the_glossary_uses_the_sites_term_list_and_sources_every_russian_name():
    from csto_course.site.pages import glossary_entries

    rows = [row for row in table_rows(read("glossary.md")) if len(row) == 6 and row[0] != "English name"]
    assert [row[0] for row in rows] == [entry[0] for entry in glossary_entries()]
    for english, _kind, russian, url, words, _note in rows:
        if russian == "(not found)":
            continue
        assert re.fullmatch(r"<https?://\S+>", url), f"glossary.md: the Russian name of {english} has no page address"
        assert words.startswith("«") and words.endswith("»"), f"glossary.md: quote the words on the page for {english}"


def test_the_readme_and_the_instructor_guide_link_the_kit():
    assert "docs/instructor-kit/" in (REPO / "README.md").read_text(encoding="utf-8")
    assert "instructor-kit/" in (REPO / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
