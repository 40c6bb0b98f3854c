"""`shelltutor exec`: placeholder until its issue lands (replaced in this session)."""

from __future__ import annotations

import argparse
from typing import Any

from shelltutor.cli.common import CliEnv, ExitCode


def register(sub: Any) -> None:
    """Add the `exec` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser("exec", help="(not available yet)")
    parser.add_argument("rest", nargs="*")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Not available yet."""
    env.stderr.write("shelltutor exec is not available yet\n")
    return ExitCode.BAD_INPUT
