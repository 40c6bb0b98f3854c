"""The Korean text of the shipped course is written as Korean is: particles attached, Markdown that renders."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from course_walk import instances

from shelltutor.course.catalog import load_course
from shelltutor.course.model import LocalText

PARTICLES = frozenset(
    [
        "은",
        "는",
        "이",
        "가",
        "을",
        "를",
        "에",
        "에서",
        "에게",
        "으로",
        "로",
        "와",
        "과",
        "의",
        "도",
        "만",
        "까지",
        "부터",
        "처럼",
        "보다",
        "이나",
        "이라고",
        "라고",
        "이라는",
        "라는",
        "입니다",
        "이에요",
        "예요",
        "이고",
        "이면",
        "이지만",
        "에는",
        "에도",
        "으로는",
        "로는",
        "와는",
        "과는",
    ]
)
"""Particles and endings that never stand apart from the word before them."""

SPAN_THEN_WORD = re.compile(r"(`[^`\n]+`|\*\*[^*\n]+\*\*)[ \n]([\uac00-\ud7a3]+)(?=[\s.,:;!?)\]\"']|$)")
BOLD_ENDING_IN_PUNCTUATION_THEN_HANGUL = re.compile(r"\*\*[^*\n]*[)`.,:!?\]]\*\*[\uac00-\ud7a3]")


def walk(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Every Korean string under `value`, with where it is."""
    for path, text in instances(value, LocalText, where):
        yield path, text.ko


@cache
def korean_texts() -> tuple[tuple[str, str], ...]:
    course = load_course()
    assert not course.problems, [p.format() for p in course.problems]
    return tuple(text for lesson in course.lessons for text in walk(lesson, lesson.id))


def test_the_walk_finds_the_whole_course() -> None:
    texts = korean_texts()
    assert len(texts) > 1000
    assert all(text.strip() for _, text in texts)


def test_particles_attach_to_the_code_or_bold_word_before_them() -> None:
    # `ls` 를 → `ls`를: Korean writes particles with no space before them (a line break shows as a space too).
    loose = [
        f"{where}: …{text[max(0, m.start() - 10) : m.end() + 5]}…"
        for where, text in korean_texts()
        for m in SPAN_THEN_WORD.finditer(text)
        if m.group(2) in PARTICLES and not (m.group(1).startswith("**") and not m.group(1)[-3].isalnum())
    ]
    assert loose == []


def test_bold_text_renders_before_a_particle() -> None:
    # CommonMark cannot close `**종료 코드(exit status)**` right before a letter: the bold shows as asterisks.
    broken = [
        f"{where}: …{m.group(0)}…"
        for where, text in korean_texts()
        for m in BOLD_ENDING_IN_PUNCTUATION_THEN_HANGUL.finditer(text)
    ]
    assert broken == []
