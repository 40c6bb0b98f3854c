"""`shelltutor grade`: run commands in a fresh session of one exercise and grade them (JSON for tools)."""

from __future__ import annotations

import argparse
import difflib
import json
from typing import TYPE_CHECKING, Any

from shelltutor.cli.common import UNISOLATED, ArgumentParser, CliEnv, ExitCode, extra_lesson_dirs, json_text
from shelltutor.sandbox.textsafe import make_printable

if TYPE_CHECKING:
    from shelltutor.course.catalog import Course
    from shelltutor.course.model import Lang


def _add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the verdict and the results as JSON")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data (default: 1)")
    parser.add_argument(
        "--lang", dest="grade_lang", choices=("en", "ko"), help="language of the messages (default: en)"
    )
    parser.add_argument(
        "--isolation", choices=("auto", "bwrap", "none"), default="auto", help="sandbox isolation (default: auto)"
    )
    parser.add_argument(
        "--as-learner",
        action="store_true",
        help="show the verdict as a learner sees it before the solution unlocks: where the output differs, "
        "never what was expected (by default everything is shown, for authors and scripts)",
    )


def register(sub: Any) -> None:
    """Add the `grade` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "grade",
        help="grade commands against an exercise",
        description="Run the commands in a fresh sandbox session of the exercise and grade the attempt. "
        "Exit 0 when it passes, 1 when it fails, 2 for an unknown exercise or an error of the machinery. "
        "Everything is shown, what was expected too; --as-learner shows what a learner's first attempts show. "
        "Options may come before or after the exercise id; put -- before a command that starts with -.",
    )
    parser.add_argument("exercise", metavar="EXERCISE_ID", help="the exercise, as lesson-id/exercise-id")
    # argparse (3.11) cannot take options between positionals, so the rest is parsed again in `run`.
    parser.add_argument("rest", nargs=argparse.REMAINDER, metavar="CMD", help="command lines, run in order")
    _add_options(parser)
    parser.set_defaults(run=run)


def _parse_rest(args: argparse.Namespace) -> None:
    again = ArgumentParser(prog="shelltutor grade EXERCISE_ID", add_help=False)
    _add_options(again)
    again.add_argument("commands", nargs="*")
    names = ("json", "seed", "grade_lang", "isolation", "as_learner")
    defaults = argparse.Namespace(**{k: getattr(args, k) for k in names})
    parsed = again.parse_intermixed_args(args.rest, defaults)
    for key, value in vars(parsed).items():
        setattr(args, key, value)


def _suggest(course: Course, wanted: str) -> list[str]:
    """Close ids: an exercise of the named lesson when that lesson exists, else any exercise."""
    lesson_id, _, exercise_id = wanted.partition("/")
    lesson = course.lesson(lesson_id)
    if lesson is not None and exercise_id:
        names = [e.id for e in lesson.exercises]
        return [f"{lesson_id}/{n}" for n in difflib.get_close_matches(exercise_id, names, n=2, cutoff=0.6)]
    known = [e.global_id for e in course.exercises()]
    return difflib.get_close_matches(wanted, known, n=2, cutoff=0.6)


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Grade and report."""
    from shelltutor.grading.grader import Grader

    _parse_rest(args)
    lang: Lang = "ko" if (args.grade_lang or getattr(args, "lang", None)) == "ko" else "en"
    from shelltutor.course.catalog import load_course

    course = load_course(extra_lesson_dirs(args))
    exercise = course.exercise(args.exercise)
    if exercise is None:
        close = _suggest(course, args.exercise)
        message = f"unknown exercise {args.exercise!r}"
        if close:
            message += "; did you mean " + " or ".join(repr(c) for c in close) + "?"
        else:
            message += "; `shelltutor lessons` lists the exercises"
        if args.json:
            env.stdout.write(json.dumps({"exercise": args.exercise, "status": "error", "message": message}) + "\n")
        env.stderr.write(message + "\n")
        return ExitCode.BAD_INPUT
    if args.isolation == "none" and not args.json:
        env.stdout.write(UNISOLATED[lang] + "\n")
        env.stdout.flush()
    grader = Grader(isolation=args.isolation)
    verdict, results = grader.grade_commands(exercise, list(args.commands), args.seed)
    reveal = not args.as_learner
    if args.json:
        payload: dict[str, Any] = {"exercise": exercise.global_id, **verdict.to_json(lang, reveal)}
        payload["results"] = [r.to_json() for r in results]
        payload["hints"] = [h.get(lang) for h in exercise.hints]
        env.stdout.write(json_text(payload) + "\n")
    else:  # the commands, their output and the verdict quote the learner: shown, never obeyed
        for result in results:
            env.stdout.write(f"$ {make_printable(result.command)}\n")
            for text in (result.stdout, result.stderr):
                if text:
                    env.stdout.write(make_printable(text if text.endswith("\n") else text + "\n"))
        env.stdout.write(make_printable(verdict.format(lang, reveal)) + "\n")
    if verdict.status == "pass":
        return ExitCode.OK
    return ExitCode.FAILED if verdict.status in ("fail", "step") else ExitCode.BAD_INPUT
