"""`shelltutor check`: validate lesson files and report every problem with file:line:column."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shelltutor.cli.common import CliEnv, ExitCode, json_text
from shelltutor.course.catalog import builtin_lessons_dir
from shelltutor.course.loader import check_chapters, load_paths


def register(sub: Any) -> None:
    """Add the `check` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "check",
        help="validate lesson files",
        description="Validate lesson files and directories (default: the built-in lessons). Reports every "
        "problem as path:line:column: key.path: message. Exit 0 when clean, 2 when there are problems.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="lesson files or directories")
    parser.add_argument("--json", action="store_true", help="print the problems as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Validate and report."""
    builtin = builtin_lessons_dir()
    paths: list[Path] = list(args.paths) or [builtin]
    result = load_paths(paths, contents=False)
    known = list(result.chapters)
    if not any(p.resolve() == builtin.resolve() for p in paths):
        known += load_paths([builtin / "course.yaml"]).chapters
    check_chapters(result, known)
    problems = sorted(result.problems)
    if args.json:
        env.stdout.write(json_text({"files": result.files, "problems": [p.to_json() for p in problems]}) + "\n")
    else:
        for problem in problems:
            env.stdout.write(problem.format() + "\n")
        files = f"{result.files} file{'s' if result.files != 1 else ''}"
        count = len(problems)
        if count:
            env.stdout.write(f"{files} checked: {count} problem{'s' if count != 1 else ''}\n")
        else:
            env.stdout.write(f"{files} checked: no problems ({len(result.refs)} lessons)\n")
    if result.files == 0:
        env.stderr.write("no lesson files found in " + ", ".join(str(p) for p in paths) + "\n")
        return ExitCode.BAD_INPUT
    return ExitCode.BAD_INPUT if problems else ExitCode.OK
