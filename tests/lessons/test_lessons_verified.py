"""Every shipped exercise is proven in the real sandbox: solution passes, wrong and trivial answers fail.

One test per exercise (its id names the exercise); run with `-n auto`. The checks inside one exercise also run
side by side, so the slowest exercise (a `tail -f` that runs into its time limit) does not set the pace.
"""

from __future__ import annotations

import pytest

from shelltutor.course.catalog import load_course
from shelltutor.course.model import Exercise
from shelltutor.grading.harness import verify_exercise, verify_grader

COURSE = load_course()
EXERCISES = list(COURSE.exercises())
GRADER = verify_grader(match_wrong_output=False)
"""Shared by the tests of one worker: reference outcomes are cached per (exercise, seed). Its sessions have
`verify`'s short wall clock: a wrong answer that runs in the foreground stops after seconds, not a minute."""


def test_every_lesson_file_loads() -> None:
    assert [p.format() for p in COURSE.problems] == []
    assert EXERCISES


@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.global_id for e in EXERCISES])
def test_exercise_is_proven(exercise: Exercise) -> None:
    report = verify_exercise(GRADER, exercise, builtin=True, source=exercise.lesson_id)
    assert report.ok, f"{exercise.global_id}:\n" + "\n".join(f.format() for f in report.findings)
