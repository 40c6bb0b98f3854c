"""`shelltutor progress`: placeholder until its issue lands (replaced in this session)."""

from __future__ import annotations

import argparse
from typing import Any

from shelltutor.cli.common import CliEnv, ExitCode


def register(sub: Any) -> None:
    """Add the `progress` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser("progress", help="(not available yet)")
    parser.add_argument("rest", nargs="*")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Not available yet."""
    env.stderr.write("shelltutor progress is not available yet\n")
    return ExitCode.BAD_INPUT
