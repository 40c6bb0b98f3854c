"""`shelltutor check`: validate lesson files and report every problem with file:line:column."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shelltutor.cli.common import CliEnv, ExitCode, extra_lesson_dirs, json_text

if TYPE_CHECKING:
    from shelltutor.problems import Problem

FORMATS = ("text", "json", "github")
NO_SHELLCHECK = (
    "note: `shellcheck` is not installed, so verdicts show no ShellCheck findings on learners' scripts and "
    "`shellcheck.fail_on` fails nothing (install the shellcheck package, or run `make tutor`)\n"
)


def register(sub: Any) -> None:
    """Add the `check` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "check",
        help="validate lesson files",
        description="Validate lesson files and directories (default: the built-in lessons; with --lessons DIR, "
        "those too). Reports every problem as path:line:column: key.path: message, as JSON (--format json), or "
        "as GitHub Actions annotations (--format github). Exit 0 when clean, 2 when there are problems.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="lesson files or directories")
    parser.add_argument(
        "--format", choices=FORMATS, default=None, help="text (default), json, or github (::error annotations)"
    )
    parser.add_argument("--json", action="store_true", help="print the problems as JSON (same as --format json)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Validate and report."""
    from shelltutor.course.catalog import builtin_lessons_dir
    from shelltutor.course.loader import check_chapters, load_paths

    output = "json" if args.json else args.format or "text"
    if args.json and args.format not in (None, "json"):
        env.stderr.write(f"--json and --format {args.format} ask for two formats: give one\n")
        return ExitCode.BAD_INPUT
    builtin = builtin_lessons_dir()
    paths: list[Path] = list(args.paths) + extra_lesson_dirs(args) or [builtin]
    result = load_paths(paths, contents=False)
    known = list(result.chapters)
    if not any(p.resolve() == builtin.resolve() for p in paths):
        known += load_paths([builtin / "course.yaml"]).chapters
    check_chapters(result, known)
    problems = sorted(result.problems)
    if output == "json":
        env.stdout.write(json_text({"files": result.files, "problems": [p.to_json() for p in problems]}) + "\n")
    else:
        for problem in problems:
            env.stdout.write((annotation(problem) if output == "github" else problem.format()) + "\n")
        files = f"{result.files} file{'s' if result.files != 1 else ''}"
        count = len(problems)
        if count:
            env.stdout.write(f"{files} checked: {count} problem{'s' if count != 1 else ''}\n")
        else:
            env.stdout.write(f"{files} checked: no problems ({len(result.refs)} lessons)\n")
        if shutil.which("shellcheck") is None:
            env.stderr.write(NO_SHELLCHECK)
    if result.files == 0:
        env.stderr.write("no lesson files found in " + ", ".join(str(p) for p in paths) + "\n")
        return ExitCode.BAD_INPUT
    return ExitCode.BAD_INPUT if problems else ExitCode.OK


def annotation(problem: Problem) -> str:
    """The problem as a GitHub Actions workflow command, `::error file=F,line=L,col=C,title=T::message`, escaped
    as the Actions toolkit escapes: `%`, CR and LF everywhere, and `:` and `,` in the properties too."""
    properties = [f"file={_property(problem.path)}"]
    if problem.line:
        properties.append(f"line={problem.line}")
        if problem.column:
            properties.append(f"col={problem.column}")
    if problem.key_path:
        properties.append(f"title={_property(problem.key_path)}")
    message = problem.message + (f" ({problem.suggestion})" if problem.suggestion else "")
    return f"::error {','.join(properties)}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
