"""`shelltutor` without a subcommand: the Textual tutor (or, with --plain, the line-oriented one)."""

from __future__ import annotations

import argparse
import difflib
from typing import TYPE_CHECKING

from shelltutor.cli.common import CliEnv, ExitCode, extra_lesson_dirs

if TYPE_CHECKING:
    from shelltutor.course.catalog import Course


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Build the service from the options and run the app; returns the exit status."""
    if getattr(args, "plain", False):
        from shelltutor.plain import run_plain

        return run_plain(args, env)
    if not (env.stdin.isatty() and env.stdout.isatty()):
        env.stderr.write(
            "shelltutor needs an interactive terminal; for pipes, scripts and screen readers use `shelltutor --plain`\n"
        )
        return ExitCode.BAD_INPUT

    from shelltutor.progress import ProgressError
    from shelltutor.service import make_service

    try:
        service = make_service(lang=args.lang, extra_dirs=extra_lesson_dirs(args), data_dir=env.data_dir)
    except ProgressError as error:
        env.stderr.write(f"{error}\n")
        return ExitCode.BAD_INPUT
    try:
        problem = _check_target(service.course, args.lesson, args.exercise)
        if problem:
            env.stderr.write(problem + "\n")
            return ExitCode.BAD_INPUT
        if not service.course.lessons:
            env.stderr.write("no lessons were found; run `shelltutor check` to see why\n")
            return ExitCode.BAD_INPUT

        from shelltutor.tui.app import make_app

        app = make_app(service, lesson=args.lesson, exercise=args.exercise)
        app.run()
        if app.crashed or app.return_code:
            return ExitCode.BAD_INPUT  # an error of the machinery; Textual has printed it
        return ExitCode.OK
    finally:
        service.close()


def _check_target(course: Course, lesson: str | None, exercise: str | None) -> str | None:
    """A message naming an unknown `--lesson` or `--exercise` (with a suggestion), or None when they exist."""
    if lesson is not None and course.lesson(lesson) is None:
        return _unknown("lesson", lesson, [item.id for item in course.lessons])
    if exercise is not None and course.exercise(exercise) is None:
        return _unknown("exercise", exercise, [e.global_id for e in course.exercises()])
    return None


def _unknown(kind: str, value: str, known: list[str]) -> str:
    message = f"no {kind} {value!r}"
    close = difflib.get_close_matches(value, known, n=1)
    if close:
        message += f"; did you mean {close[0]!r}?"
    elif kind == "exercise" and "/" not in value:
        message += " (write it as lesson-id/exercise-id)"
    message += "\nsee `shelltutor lessons` for the ids"
    return message
