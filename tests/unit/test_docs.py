"""docs/lesson-format.md: its generated reference is current and every YAML example in it validates."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from shelltutor.course import docgen
from shelltutor.course.loader import load_file
from shelltutor.course.model import Exercise
from shelltutor.course.spec import fields_of

DOC = Path(__file__).resolve().parents[2] / "docs" / "lesson-format.md"
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})yaml[ \t]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The rest of a lesson that smaller examples are placed into, as text (so `mode: 0755` stays what it is).
LESSON_HEAD = """\
format_version: 1
id: doc-example
chapter: 1
order: 1
title: {en: Example, ko: 예제}
summary: {en: An example., ko: 예제입니다.}
explanation: {en: Text., ko: 글.}
exercises:
"""
BASE_EXERCISE = {
    "id": "id: example",
    "title": "title: {en: Example, ko: 예제}",
    "prompt": "prompt: {en: Do it., ko: 해 보세요.}",
    "hints": "hints: [{en: A hint., ko: 힌트.}]",
    "solution": "solution: 'true'",
    "expect": "expect: {exit_code: 0}",
}
EXERCISE_KEYS = {info.key for info in fields_of(Exercise)}


def indent(text: str, prefix: str) -> str:
    return "".join(prefix + line if line.strip() else line for line in text.splitlines(keepends=True))


def as_lesson(body: str, data: Any) -> str | None:
    """The example as a whole lesson file, or None if it is neither a file, exercises nor exercise keys."""
    if isinstance(data, dict) and "format_version" in data:
        return body
    if isinstance(data, list):  # exercises
        return LESSON_HEAD + indent(body, "  ")
    if isinstance(data, dict) and set(data) <= EXERCISE_KEYS:  # part of an exercise, e.g. `expect:`
        rest = "".join(f"{line}\n" for key, line in BASE_EXERCISE.items() if key not in data)
        return LESSON_HEAD + "  - " + indent(rest + body, "    ")[4:]
    return None


def examples() -> list[tuple[int, str]]:
    text = DOC.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 2, m["body"]) for m in FENCE.finditer(text)]


def test_generated_reference_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert docgen.with_reference(text, docgen.generated_reference()) == text, (
        "the reference in docs/lesson-format.md is stale: run `python -m shelltutor.course.docgen --write`"
    )


def test_reference_has_a_section_per_class_and_a_row_per_field() -> None:
    reference = docgen.generated_reference()
    for cls in docgen.documented_classes():
        assert f"\n### {cls.__name__}\n" in reference
        for info in fields_of(cls):
            assert f"| `{info.key}` |" in reference, f"{cls.__name__}.{info.key}"


def test_the_guide_has_many_examples() -> None:
    assert len(examples()) >= 20


@pytest.mark.parametrize(("line", "body"), examples(), ids=[f"line-{line}" for line, _ in examples()])
def test_yaml_example_validates(tmp_path: Path, line: int, body: str) -> None:
    data = yaml.load(body, Loader=SAFE_LOADER)
    text = as_lesson(body, data)
    if text is None:
        pytest.fail(f"docs/lesson-format.md:{line}: a yaml example that is neither a file nor exercise keys")
    path = tmp_path / ("course.yaml" if isinstance(data, dict) and "chapters" in data else "lesson.yaml")
    path.write_text(text, encoding="utf-8")
    _, problems = load_file(path)
    assert [p.format() for p in problems] == [], f"the example at docs/lesson-format.md:{line} does not validate"


def test_docgen_main_prints_the_reference(capsys: pytest.CaptureFixture[str]) -> None:
    assert docgen.main([]) == 0
    assert capsys.readouterr().out == docgen.generated_reference()
    assert docgen.main(["--bogus"]) == 2


def test_with_reference_needs_the_markers() -> None:
    with pytest.raises(ValueError, match="markers"):
        docgen.with_reference("no markers here", "x")
