"""`shelltutor exec`: run commands in one fresh sandbox session and report each result (JSON for tools)."""

from __future__ import annotations

import argparse
import json
from typing import Any, Literal

from shelltutor.cli.common import UNISOLATED, CliEnv, ExitCode

_EPILOG = """\
Without --json, each command is shown as `$ CMD`, then its output in the order it came, lines of stderr
marked with `! `, then `[exit N; T ms]` with any flags (timed out, output truncated, shell ended).
Control characters and escape sequences in all of it are shown, not obeyed (ESC as ␛). With
--unisolated, a first line warns that the commands are not isolated.

The commands run in order in one fresh session with an empty home, as if typed one after another at the
prompt: the working directory, variables, aliases, functions, history and background jobs carry over.

With --json, one JSON object is printed:
  {"isolation": "bwrap" | "none",
   "results": [{"command", "stdout", "stderr", "exit_code" (null if the command did not finish),
                "duration_ms", "timed_out", "truncated", "session_ended", "stages"}, ...]}
"stages" lists the stages of the line's last top-level pipeline as they ran (docs/pipeline-view.md):
  [{"command", "start", "end" (its characters in the line), "lines", "bytes" (what came out of it; null if
    not counted), "head" (its first lines), "stderr_to", "status" (null if not kept), "cut"}, ...]
and is [] for a line without one.
and, when the sandbox could not run or a command was refused, an "error" field.

Exit status: 0 when the sandbox worked, whatever the commands did (read their exit codes);
2 when the sandbox could not run or a command was refused (longer than 4096 bytes, or a NUL byte).

Examples:
  shelltutor exec 'cd /tmp' 'pwd'
  shelltutor exec --json 'echo out; echo err >&2; exit 3'
  shelltutor exec --timeout 1 'sleep 10'
"""


def register(sub: Any) -> None:
    """Add the `exec` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "exec",
        help="run commands in a fresh sandbox session and show their results",
        description="Run shell commands in one fresh, isolated sandbox session (the learner's bash) and show "
        "each command's stdout, stderr and exit status.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("commands", nargs="+", metavar="CMD", help="a command line; several run in order")
    parser.add_argument("--json", action="store_true", help="print one JSON object (the stable contract above)")
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="S",
        help="wall clock per command in seconds (default: the sandbox's limit, 60 s)",
    )
    parser.add_argument(
        "--unisolated",
        action="store_true",
        help="run without bwrap, in a temporary folder as yourself (only for a single-user machine without "
        "bubblewrap: the commands can read and change your files)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Run the commands and report."""
    from shelltutor.sandbox import CommandRefused, CommandResult, Session, SessionError, SessionSpec, check_command

    isolation: Literal["auto", "none"] = "none" if args.unisolated else "auto"
    if args.timeout is not None and not args.timeout > 0:
        return _fail(args, env, isolation, "--timeout must be a positive number of seconds")
    try:
        for command in args.commands:
            check_command(command)
    except CommandRefused as exc:
        return _fail(args, env, isolation, f"command refused: {exc}")
    results: list[CommandResult] = []
    if isolation == "none" and not args.json:
        env.stdout.write(UNISOLATED["en"] + "\n")
        env.stdout.flush()
    try:
        with Session.start(SessionSpec(isolation=isolation)) as session:
            for command in args.commands:
                result = session.run(command, timeout=args.timeout)
                results.append(result)
                if not args.json:
                    _print_text(env, result)
            mode = session.isolation
    except SessionError as exc:
        return _fail(args, env, isolation, str(exc), results)
    if args.json:
        env.stdout.write(json.dumps({"isolation": mode, "results": [r.to_json() for r in results]}) + "\n")
    return ExitCode.OK


def _fail(args: argparse.Namespace, env: CliEnv, isolation: str, message: str, results: list[Any] | None = None) -> int:
    if args.json:
        payload = {
            "isolation": "none" if isolation == "none" else "bwrap",
            "results": [r.to_json() for r in results or []],
            "error": message,
        }
        env.stdout.write(json.dumps(payload) + "\n")
    else:
        env.stderr.write(f"shelltutor exec: {message}\n")
    return ExitCode.BAD_INPUT


def _mark_stderr(text: str) -> str:
    """Stderr lines start with `! ` so they stand apart from stdout in one ordered listing."""
    return "".join(f"! {line}" for line in text.splitlines(keepends=True))


def _print_text(env: CliEnv, result: Any) -> None:
    """One result as readable text: the command, its output in order (stderr lines marked `! `), the status."""
    from shelltutor.sandbox import make_printable

    env.stdout.write(f"$ {make_printable(result.command)}\n")
    pieces: list[tuple[str, str]] = [(c.stream, c.text) for c in result.chunks]
    if sum(len(t) for _, t in pieces) != len(result.stdout) + len(result.stderr):
        pieces = [("stdout", result.stdout), ("stderr", result.stderr)]  # display cap reached: no interleaving
    text = "".join(t if stream == "stdout" else _mark_stderr(t) for stream, t in pieces)
    if text:
        env.stdout.write(make_printable(text))
        if not text.endswith("\n"):
            env.stdout.write("\n")
    flags = [
        name
        for name, on in (
            ("timed out", result.timed_out),
            ("output truncated", result.truncated),
            ("shell ended", result.session_ended),
        )
        if on
    ]
    status = "no exit status" if result.exit_code is None else f"exit {result.exit_code}"
    env.stdout.write(f"[{status}{', ' + ', '.join(flags) if flags else ''}; {result.duration_ms:.1f} ms]\n")
    for notice in result.notices:
        env.stdout.write(f"[{notice}]\n")
    env.stdout.flush()
