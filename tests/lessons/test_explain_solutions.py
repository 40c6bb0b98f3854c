"""Every shipped solution line can be explained (F7 on the course's own answers): bash accepts it, every part of
it is understood, and the only unknown commands are those the exercise itself provides (a script in its files,
a function or alias its setup defines, `!!` excepted as history)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shelltutor.course.catalog import load_course
from shelltutor.explain import explain

COURSE = load_course([])
LINES = sorted(
    {
        (lesson.id, exercise.global_id, step if isinstance(step, str) else step.run)
        for lesson in COURSE.lessons
        for exercise in lesson.exercises
        for step in exercise.solution
    }
)


@pytest.mark.slow
def test_every_solution_line_is_explained() -> None:
    assert len(LINES) > 300
    failures: list[str] = []
    for _lesson_id, exercise_id, line in LINES:
        explained = explain(line, "en")
        lesson = COURSE.lesson(exercise_id.partition("/")[0])
        assert lesson is not None
        source = Path(lesson.source).read_text(encoding="utf-8") if lesson.source else ""
        if explained.syntax_error or explained.notes:
            failures.append(f"{exercise_id}: {line!r}: {[p.message for p in explained.problems]} {explained.notes}")
        for problem in explained.problems:
            name = problem.message.split("`")[1]
            if problem.kind == "unknown_command" and name not in source:
                failures.append(f"{exercise_id}: {line!r}: {problem.message}")
    assert not failures, "\n".join(failures)
