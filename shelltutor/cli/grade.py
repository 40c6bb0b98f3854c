"""`shelltutor grade`: run commands in a fresh session of one exercise and grade them (JSON for tools)."""

from __future__ import annotations

import argparse
import difflib
import json
from typing import Any

from shelltutor.cli.common import CliEnv, ExitCode, extra_lesson_dirs
from shelltutor.course.catalog import load_course
from shelltutor.course.model import Lang


def register(sub: Any) -> None:
    """Add the `grade` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "grade",
        help="grade commands against an exercise",
        description="Run the commands in a fresh sandbox session of the exercise and grade the attempt. "
        "Exit 0 when it passes, 1 when it fails, 2 for an unknown exercise or an error of the machinery.",
    )
    parser.add_argument("exercise", metavar="EXERCISE_ID", help="the exercise, as lesson-id/exercise-id")
    parser.add_argument("commands", nargs="*", metavar="CMD", help="command lines, run in order")
    parser.add_argument("--json", action="store_true", help="print the verdict and the results as JSON")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data (default: 1)")
    parser.add_argument(
        "--lang", dest="grade_lang", choices=("en", "ko"), help="language of the messages (default: en)"
    )
    parser.add_argument(
        "--isolation", choices=("auto", "bwrap", "none"), default="auto", help="sandbox isolation (default: auto)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Grade and report."""
    from shelltutor.grading.grader import Grader

    lang: Lang = "ko" if (args.grade_lang or getattr(args, "lang", None)) == "ko" else "en"
    course = load_course(extra_lesson_dirs(args))
    exercise = course.exercise(args.exercise)
    if exercise is None:
        known = [e.global_id for e in course.exercises()]
        close = difflib.get_close_matches(args.exercise, known, n=3, cutoff=0.5)
        message = f"unknown exercise {args.exercise!r}"
        if close:
            message += "; did you mean " + " or ".join(repr(c) for c in close) + "?"
        else:
            message += "; `shelltutor lessons` lists the exercises"
        if args.json:
            env.stdout.write(json.dumps({"exercise": args.exercise, "status": "error", "message": message}) + "\n")
        env.stderr.write(message + "\n")
        return ExitCode.BAD_INPUT
    grader = Grader(isolation=args.isolation)
    verdict, results = grader.grade_commands(exercise, list(args.commands), args.seed)
    if args.json:
        payload: dict[str, Any] = {"exercise": exercise.global_id, **verdict.to_json(lang)}
        payload["results"] = [r.to_json() for r in results]
        payload["hints"] = [h.get(lang) for h in exercise.hints]
        env.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        for result in results:
            env.stdout.write(f"$ {result.command}\n")
            if result.stdout:
                env.stdout.write(result.stdout if result.stdout.endswith("\n") else result.stdout + "\n")
            if result.stderr:
                env.stdout.write(result.stderr if result.stderr.endswith("\n") else result.stderr + "\n")
        env.stdout.write(verdict.format(lang) + "\n")
    if verdict.status == "pass":
        return ExitCode.OK
    return ExitCode.FAILED if verdict.status == "fail" else ExitCode.BAD_INPUT
