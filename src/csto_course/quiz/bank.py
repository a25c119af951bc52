"""Question banks: plain YAML files in quizzes/, one per lesson.

Format (see quizzes/README.md)::

    lesson: 01_origins
    title: Check your understanding
    shuffle: true            # shuffle options reproducibly (optional)
    questions:
      - id: treaty-city      # unique within the bank
        type: single_choice  # see QUESTION_TYPES
        prompt: Where was the treaty signed?
        options: [Tashkent, Moscow]
        answer: Tashkent
        explanation: ...
        source: seed-oglavnom-2023   # a source_id from data/sources.csv

A bad bank fails with a ``BankError`` that names the file and the question.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml

from ..paths import quizzes_dir
from .types import QUESTION_TYPES, BankError, Question

BANK_SCHEMA = {
    "type": "object",
    "required": ["lesson", "title", "questions"],
    "additionalProperties": False,
    "properties": {
        "lesson": {"type": "string"},
        "title": {"type": "string"},
        "intro": {"type": "string"},
        "shuffle": {"type": "boolean"},
        "questions": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/question"}},
    },
    "$defs": {
        "question": {
            "type": "object",
            "required": ["id", "type", "prompt", "explanation", "source"],
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                "type": {"enum": sorted(QUESTION_TYPES)},
                "prompt": {"type": "string", "minLength": 1},
                "explanation": {"type": "string", "minLength": 1},
                "source": {"type": "string", "minLength": 1},
                # The lesson heading a first wrong answer is sent back to (its text, exactly).
                "section": {"type": "string", "minLength": 1},
                # Or a hint in the author's own words, shown instead.
                "hint": {"type": "string", "minLength": 1},
                # Ids the question had before it was renamed: saved answers under them count for it.
                "former_ids": {"type": "array", "uniqueItems": True, "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}},
            },
        }
    },
}


@dataclass
class Bank:
    path: Path
    lesson: str
    title: str
    intro: str
    shuffle: bool
    questions: list[Question]

    @property
    def where(self) -> str:
        return _display(self.path)

    @property
    def renames(self) -> dict[str, str]:
        """Former question ids and the ids they now have, so answers saved under an old id are not lost."""
        return {old: q.id for q in self.questions for old in q.spec.get("former_ids", [])}


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(quizzes_dir().parent))
    except ValueError:
        return str(path)


def bank_path(lesson: str) -> Path:
    return quizzes_dir() / f"{lesson}.yaml"


def load_bank(lesson_or_path: str | Path, *, check_sources: bool = True) -> Bank:
    """Read and check a bank by lesson slug ("01_origins") or by path."""
    path = Path(lesson_or_path)
    if path.suffix not in (".yaml", ".yml"):
        path = bank_path(str(lesson_or_path))
    where = _display(path)
    if not path.is_file():
        raise BankError(f"{where}: there is no question bank here. Create it, or check the lesson name.")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" on line {mark.line + 1}" if mark else ""
        raise BankError(f"{where}: not valid YAML{line} ({getattr(exc, 'problem', exc)}).") from None
    if not isinstance(raw, dict):
        raise BankError(f"{where}: a bank must be a mapping with lesson, title and questions.")
    _check_structure(raw, where)

    seen: set[str] = set()
    questions: list[Question] = []
    for spec in raw["questions"]:
        if spec["id"] in seen:
            raise BankError(f'{where}, question "{spec["id"]}": the id is used twice; ids must be unique.')
        seen.add(spec["id"])
        questions.append(QUESTION_TYPES[spec["type"]].from_spec(spec, where))
    for spec in raw["questions"]:
        for old in spec.get("former_ids", []):
            if old in seen:
                raise BankError(
                    f'{where}, question "{spec["id"]}": former id "{old}" is still (or again) in use; a former id must be free.'
                )
            seen.add(old)
    if check_sources:
        _attach_sources(questions, where)
    return Bank(path, raw["lesson"], raw["title"], raw.get("intro", ""), raw.get("shuffle", True), questions)


def _check_structure(raw: dict, where: str) -> None:
    errors = sorted(jsonschema.Draft202012Validator(BANK_SCHEMA).iter_errors(raw), key=lambda e: list(e.path))
    if not errors:
        return
    err = errors[0]
    path = list(err.path)
    if len(path) >= 2 and path[0] == "questions":
        spec = raw["questions"][path[1]]
        qid = spec.get("id", f"number {path[1] + 1}") if isinstance(spec, dict) else f"number {path[1] + 1}"
        field = f" field {path[2]!r}:" if len(path) > 2 else ""
        if err.validator == "enum" and path[2:] == ["type"]:
            msg = f"unknown type {err.instance!r}; the types are: {', '.join(sorted(QUESTION_TYPES))}"
        elif err.validator == "required":
            msg = err.message.replace("is a required property", "is missing")
        else:
            msg = err.message
        raise BankError(f'{where}, question "{qid}":{field} {msg}.')
    raise BankError(f"{where}: {err.message}.")


def _attach_sources(questions: list[Question], where: str) -> None:
    from ..data import load
    from ..data.citations import format_citation

    sources = load("sources", as_text=True).set_index("source_id", drop=False)
    for q in questions:
        if q.source_id not in sources.index:
            raise BankError(f'{where}, question "{q.id}": source "{q.source_id}" is not in data/sources.csv.')
        q.source = format_citation(sources.loc[q.source_id])
