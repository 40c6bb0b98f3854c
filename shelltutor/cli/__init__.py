"""The `shelltutor` command line: parses arguments and dispatches to one module per subcommand."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from shelltutor import __version__
from shelltutor.cli.common import ArgumentParser, CliEnv, ExitCode, printable_env

# Each subcommand lives in shelltutor/cli/<module>.py and exposes `register(subparsers)`,
# which adds its parser and sets `run=<callable(args, env) -> int>` as a default.
SUBCOMMANDS = (
    "check",
    "schema",
    "lessons",
    "exec_cmd",
    "grade",
    "verify",
    "progress",
    "class_cmd",
    "new",
    "explain",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every subcommand registered."""
    parser = _main_parser(ArgumentParser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        module = importlib.import_module(f"shelltutor.cli.{name}")
        module.register(sub)
    for subparser in sub.choices.values():
        # `shelltutor progress --lang ko` as well as `shelltutor --lang ko progress`, as argparse users expect.
        # SUPPRESS: given only before the subcommand, the value is not overwritten by the subparser's default.
        _global_options(subparser, None)
    return parser


def _main_parser(cls: type[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """The parser of the options before a subcommand (the tutor's own), without the subcommands."""
    parser = cls(
        prog="shelltutor",
        description="Learn the Unix shell by doing: real commands in a real, sandboxed bash, graded at once. "
        "Without a subcommand, starts the tutor.",
        epilog="Exit status: 0 ok, 1 failed or not passed, 2 bad input or error.",
    )
    parser.add_argument("--version", action="version", version=f"shelltutor {__version__}")
    _global_options(parser, argparse.Namespace(lang=None, lessons_dirs=[]))
    parser.add_argument("--plain", action="store_true", help="line-oriented tutor: no redrawing, verdicts in words")
    parser.add_argument("--lesson", metavar="ID", help="open this lesson (with --plain: work through it)")
    parser.add_argument("--exercise", metavar="ID", help="open this exercise, as lesson-id/exercise-id")
    parser.add_argument(
        "--watch",
        action="store_true",
        help="with --lessons DIR: reload a lesson in the running tutor when its file is saved, and show its "
        "problems (file:line:column) instead of it until they are fixed; for authors",
    )
    return parser


def _global_options(parser: argparse.ArgumentParser, defaults: argparse.Namespace | None) -> None:
    """--lang and --lessons, on the main parser (with defaults) and on every subcommand (without)."""
    taken = parser._option_string_actions  # a subcommand's own --lang (grade's) wins
    if "--lang" not in taken:
        parser.add_argument(
            "--lang",
            choices=("en", "ko"),
            default=argparse.SUPPRESS if defaults is None else defaults.lang,
            help="language of the tutor (default: saved setting, then locale)",
        )
    if "--lessons" not in taken:
        parser.add_argument(
            "--lessons",
            # After the subcommand, a list of its own: argparse would otherwise replace the one given before.
            dest="lessons_dirs" if defaults is not None else "lessons_dirs_after",
            metavar="DIR",
            action="append",
            default=argparse.SUPPRESS if defaults is None else defaults.lessons_dirs,
            help="also load lessons from DIR (repeatable); for authors",
        )


class _NotTheTutor(Exception):
    """The line is not one the tutor's own options parse: the full parser reads it (and reports any error)."""


class _TutorOnly(ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheTutor(message)


def tutor_args(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The options of a line that starts the tutor (no subcommand, no --help), read without importing the
    subcommands' modules: start-up to the course map pays for none of them. None for any other line."""
    words = list(sys.argv[1:] if argv is None else argv)
    if any(word in ("-h", "--help", "--version") or word.startswith("--h") for word in words):
        return None
    try:
        args, extra = _main_parser(_TutorOnly).parse_known_args(words)
    except _NotTheTutor:
        return None
    if extra:
        return None  # a subcommand (or a mistake, which the full parser names)
    args.command = None
    return args


def main(argv: Sequence[str] | None = None, env: CliEnv | None = None) -> int:
    """Run the command line; returns the exit status. Whatever a subcommand writes is made printable."""
    env = printable_env(env or CliEnv())
    args = tutor_args(argv) or build_parser().parse_args(argv)
    try:
        if args.command is None:
            from shelltutor.cli.tutor import run as run_tutor

            return int(run_tutor(args, env))
        return int(args.run(args, env))
    except KeyboardInterrupt:
        env.stderr.write("interrupted\n")
        return 130
    except BrokenPipeError:
        return int(ExitCode.OK)
