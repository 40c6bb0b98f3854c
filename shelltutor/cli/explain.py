"""`shelltutor explain 'CMD'`: annotate a bash command line part by part (text, or JSON spans for tools)."""

from __future__ import annotations

import argparse
import shutil
from typing import Any

from shelltutor.cli.common import CliEnv, ExitCode, json_text

MESSAGES: dict[str, dict[str, str]] = {
    "no_command": {
        "en": "shelltutor explain: give the command to explain, quoted: shelltutor explain 'ls -l *.txt'",
        "ko": "shelltutor explain: 설명할 명령어를 따옴표로 감싸 주세요: shelltutor explain 'ls -l *.txt'",
    },
}


def register(sub: Any) -> None:
    """Add the `explain` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "explain",
        help="explain a bash command line, part by part",
        description="Explain a bash command line: each word (command, option, argument), quoting, expansion, "
        "redirection and operator. Options are described from the installed programs' manual pages, offline. "
        "Nothing is run.",
        epilog="Exit status: 0 explained, 2 a syntax error or bad input (the position is given). "
        "Quote the command so that your shell passes it whole: shelltutor explain 'ls -l 2>&1 | wc -l'",
    )
    parser.add_argument("words", nargs="*", metavar="CMD", help="the command line (several words are joined)")
    parser.add_argument("--json", action="store_true", help="print spans (start, end, kind, text, explanation)")
    parser.add_argument("--width", type=int, default=None, help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Explain the command given."""
    from shelltutor.explain import explain
    from shelltutor.explain.render import render_text
    from shelltutor.service import locale_lang

    lang: str = getattr(args, "lang", None) or locale_lang(env.environ)
    command = " ".join(args.words)
    if not command.strip():
        env.stderr.write(MESSAGES["no_command"][lang] + "\n")
        return ExitCode.BAD_INPUT
    explanation = explain(command, lang)
    if args.json:
        env.stdout.write(json_text(explanation.as_json()) + "\n")
    else:
        width = args.width or shutil.get_terminal_size((100, 24)).columns
        env.stdout.write(render_text(explanation, max(width, 40)))
    return ExitCode.BAD_INPUT if explanation.syntax_error else ExitCode.OK
