"""The wrong answers no lesson foresaw: failed attempts that match none of an exercise's `wrong:` entries,
grouped and counted, and written as YAML ready to paste into the lesson."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from shelltutor.classroom.exports import Attempt, LearnerFile
from shelltutor.classroom.labels import plurals
from shelltutor.course.catalog import Course
from shelltutor.course.model import Exercise, Lang
from shelltutor.sandbox.textsafe import UNSAFE

SHOWN_PER_EXERCISE = 10
"""The most frequent answers kept per exercise."""


@dataclass(frozen=True)
class WrongAnswer:
    """One wrong answer as learners typed it, with how many typed it."""

    commands: tuple[str, ...]
    """Its most frequent spelling, trimmed (answers that differ only in spacing are one answer)."""
    learners: int
    attempts: int


@dataclass(frozen=True)
class Unforeseen:
    """An exercise's unforeseen wrong answers, most frequent first."""

    exercise: Exercise
    answers: tuple[WrongAnswer, ...]
    lesson_file: str

    @property
    def learners(self) -> int:
        """Learners who typed any of them (at most the sum of each answer's)."""
        return max((a.learners for a in self.answers), default=0)

    def yaml(self, lang: Lang = "en") -> str:
        """Entries for the exercise's `wrong:` list, each with its counts as a comment: paste, then add an
        `explanation:` to each (and check with `shelltutor verify` that each really fails)."""
        head = YAML_WORDS["head"][lang].format(exercise=self.exercise.global_id, file=Path(self.lesson_file).name)
        lines = [f"# {head}"]
        for answer in self.answers:
            counts = YAML_WORDS["counts"][lang].format(
                **plurals({"learners": answer.learners, "attempts": answer.attempts})
            )
            lines.append(f"- commands: {yaml_list(answer.commands)}  # {counts}")
        return "\n".join(lines) + "\n"


YAML_WORDS: dict[str, dict[Lang, str]] = {
    "head": {
        "en": "{exercise} ({file}): paste under the exercise's `wrong:`, then add an explanation to each",
        "ko": "{exercise} ({file}): 연습의 `wrong:` 아래에 붙여 넣고, 항목마다 설명(explanation)을 덧붙이세요",
    },
    "counts": {
        "en": "{learners} learner{learners_s}, {attempts} attempt{attempts_s}",
        "ko": "학습자 {learners}명, 시도 {attempts}번",
    },
}
"""The comments of the pasteable YAML."""


def yaml_list(commands: Sequence[str]) -> str:
    """`commands` as a one-line YAML flow list: plain where YAML allows, else JSON's double-quoted strings,
    whose escapes YAML reads too (so a newline, an escape or a bidi control stays visible and harmless)."""
    if not any("\n" in c or UNSAFE.search(c) for c in commands):
        return str(yaml.safe_dump(list(commands), default_flow_style=True, allow_unicode=True, width=1 << 20)).strip()
    quoted = [UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(c, ensure_ascii=False)) for c in commands]
    return "[" + ", ".join(quoted) + "]"


def normalized(commands: Sequence[str]) -> tuple[str, ...]:
    """The answer with its spacing normalized (runs of white space as one space, none at the ends)."""
    return tuple(" ".join(c.split()) for c in commands)


class Matcher:
    """Whether a failed attempt is one of its exercise's foreseen wrong answers, as the grader matches them
    (token for token, or by the answer's `shape`), remembered per answer."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, tuple[str, ...]], bool] = {}

    def foreseen(self, exercise: Exercise, commands: Sequence[str]) -> bool:
        """Whether `commands` are (or have the shape of) one of the exercise's `wrong:` entries, or are a step of
        its solution (`cd logs` on the way to `cd -`: wrong only where it was typed)."""
        key = (exercise.global_id, tuple(commands))
        if key not in self._seen:
            from shelltutor.grading.grader import Grader
            from shelltutor.grading.sessions import step_command
            from shelltutor.grading.shape import same_commands

            steps = [[step_command(step)] for step in exercise.solution]
            wrong = bool(exercise.wrong) and Grader.matching_wrong(exercise, list(commands)) is not None
            self._seen[key] = wrong or any(same_commands(step, list(commands)) for step in steps)
        return self._seen[key]


def unforeseen(learners: Sequence[LearnerFile], course: Course) -> list[Unforeseen]:
    """Per exercise, the failed attempts whose command matches no `wrong:` entry (neither alone nor as the whole
    attempt the grader saw), grouped by normalized command; exercises with the most learners first."""
    matcher = Matcher()
    typed: dict[str, dict[tuple[str, ...], Counter[tuple[str, ...]]]] = {}
    who: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    for learner in learners:
        for attempt in learner.attempts:
            exercise = course.exercise(attempt.exercise)
            if exercise is None or not _is_unforeseen(matcher, exercise, learner, attempt):
                continue
            key = normalized(attempt.commands)
            typed.setdefault(exercise.global_id, {}).setdefault(key, Counter())[attempt.commands] += 1
            who.setdefault((exercise.global_id, key), set()).add(learner.name)
    found: list[Unforeseen] = []
    for exercise_id, groups in typed.items():
        exercise = course.exercise(exercise_id)
        assert exercise is not None
        answers = [
            WrongAnswer(_trimmed(spellings.most_common(1)[0][0]), len(who[(exercise_id, key)]), sum(spellings.values()))
            for key, spellings in groups.items()
        ]
        answers.sort(key=lambda a: (-a.learners, -a.attempts, a.commands))
        lesson = course.lesson(exercise.lesson_id)
        found.append(Unforeseen(exercise, tuple(answers[:SHOWN_PER_EXERCISE]), _near(lesson.source if lesson else "")))
    found.sort(key=lambda u: (-u.learners, -sum(a.attempts for a in u.answers), u.exercise.global_id))
    return found


def _near(source: str) -> str:
    """A lesson file's path, relative to the working directory when it is below it (`lessons/…/x.yaml`)."""
    if not source:
        return ""
    path = Path(source)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return source


def _trimmed(commands: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.strip() for c in commands)


def _is_unforeseen(matcher: Matcher, exercise: Exercise, learner: LearnerFile, attempt: Attempt) -> bool:
    if attempt.status != "fail" or not any(c.strip() for c in attempt.commands):
        return False
    if matcher.foreseen(exercise, attempt.commands):
        return False
    whole = learner.run_commands(attempt)
    return len(whole) == len(attempt.commands) or not matcher.foreseen(exercise, whole)
