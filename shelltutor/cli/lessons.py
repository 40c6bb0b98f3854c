"""`shelltutor lessons`: list the course's lessons and exercises (JSON for tools)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from shelltutor.cli.common import CliEnv, ExitCode, extra_lesson_dirs, json_text

if TYPE_CHECKING:
    from shelltutor.course.model import Exercise, Lesson, LocalText, Step


def register(sub: Any) -> None:
    """Add the `lessons` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "lessons",
        help="list lessons and exercises",
        description="List the course's lessons and exercises in course order.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON (ids, titles, prompts, solutions)")
    parser.set_defaults(run=run)


def _text(text: LocalText) -> dict[str, str]:
    return {"en": text.en, "ko": text.ko}


def step_text(step: Step) -> str:
    """A solution step as a command line (a full-screen step's command)."""
    return step if isinstance(step, str) else step.run


def _exercise_json(exercise: Exercise) -> dict[str, object]:
    return {
        "id": exercise.global_id,
        "title": _text(exercise.title),
        "prompt": _text(exercise.prompt),
        "solution": [step_text(s) for s in exercise.solution],
        "wrong": [[step_text(s) for s in w.commands] for w in exercise.wrong],
        "full_screen": exercise.full_screen,
        "randomized": exercise.randomized,
        "hints": len(exercise.hints),
    }


def _lesson_json(lesson: Lesson) -> dict[str, object]:
    return {
        "id": lesson.id,
        "chapter": lesson.chapter,
        "title": _text(lesson.title),
        "summary": _text(lesson.summary),
        "exercises": [_exercise_json(e) for e in lesson.exercises],
    }


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """List the lessons."""
    from shelltutor.course.catalog import load_course

    course = load_course(extra_lesson_dirs(args))
    for problem in course.problems:
        env.stderr.write(problem.format() + "\n")
    if args.json:
        payload = {"lessons": [_lesson_json(lesson) for lesson in course.lessons]}
        env.stdout.write(json_text(payload) + "\n")
    else:
        for number, lessons in course.lessons_by_chapter():
            env.stdout.write(f"{number}. {course.chapter_title(number).en}\n")
            for lesson in lessons:
                env.stdout.write(f"   {lesson.id}: {lesson.title.en} ({len(lesson.exercises)} exercises)\n")
                for exercise in lesson.exercises:
                    env.stdout.write(f"      {exercise.global_id}  {exercise.title.en}\n")
    return ExitCode.BAD_INPUT if course.problems else ExitCode.OK
