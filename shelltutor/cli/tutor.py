"""`shelltutor` without a subcommand: the Textual tutor (or, with --plain, the line-oriented one)."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import gc
import os
import sys
from typing import TYPE_CHECKING

from shelltutor.cli.common import CliEnv, ExitCode, extra_lesson_dirs

if TYPE_CHECKING:
    from shelltutor.course.catalog import Course

SESSION_THREAD_SECONDS = 3.0
"""At the end, how long to wait for the session thread to finish what it was doing (its sandboxes are already
closed, so a command or grading in it fails at once)."""


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Build the service from the options and run the app; returns the exit status."""
    watched = extra_lesson_dirs(args) if getattr(args, "watch", False) else []
    if getattr(args, "watch", False) and (not watched or getattr(args, "plain", False)):
        env.stderr.write(
            "--watch needs --lessons DIR, the lessons it reloads when you save them\n"
            if not watched
            else "--watch reloads lessons in the tutor's own screen: not with --plain\n"
        )
        return ExitCode.BAD_INPUT
    if getattr(args, "plain", False):
        from shelltutor.plain import run_plain

        return run_plain(args, env)
    if not (env.stdin.isatty() and env.stdout.isatty()):
        env.stderr.write(
            "shelltutor needs an interactive terminal; for pipes, scripts and screen readers use `shelltutor --plain`\n"
        )
        return ExitCode.BAD_INPUT

    # Start-up makes hundreds of thousands of objects (modules, classes, the course) and holds on to nearly
    # all of them: the cycle collector would walk them again and again, for nothing. It runs again once the
    # course map is drawn, with what start-up made frozen out of its way (`ShellTutorApp`).
    gc.disable()
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

        app = make_app(service, lesson=args.lesson, exercise=args.exercise, watch=watched)
        app.run()
        # A crash is an error of the machinery (Textual has printed it), not the learner's quit.
        status = ExitCode.BAD_INPUT if app.crashed or app.return_code else ExitCode.OK
        own_terminal = env.stdin is sys.__stdin__
        if own_terminal:
            app.session.join(SESSION_THREAD_SECONDS)
    finally:
        gc.enable()
        service.close()
    if own_terminal:
        _exit_now(status, env)
    return status


def _exit_now(status: int, env: CliEnv) -> None:
    """End the process at once, skipping the interpreter's own shutdown.

    That shutdown tears down some thousand modules and their objects one by one, a tenth of a second or more
    of every Ctrl+Q on a screen already blank, and waits for the threads of thread pools that have nothing
    left to do. Everything that matters is done by now: Textual has restored the terminal and stopped its
    threads (`app.run` has returned), every sandbox is closed and waited for, and the progress store is
    committed and closed (`service.close`, above; each attempt was committed when it was saved anyway).
    What is left is flushing the output streams. Not used when the tutor runs inside another program's
    process (tests calling `main` with their own streams)."""
    for stream in (env.stdout, env.stderr, sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


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
