"""`shelltutor schema`: print the JSON Schema of the lesson format, for editors."""

from __future__ import annotations

import argparse
from typing import Any

from shelltutor.cli.common import CliEnv, ExitCode


def register(sub: Any) -> None:
    """Add the `schema` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "schema",
        help="print the lesson format's JSON Schema",
        description="Print the JSON Schema of lesson format v1 (also in schema/lesson.schema.json). "
        "Point yaml-language-server at it: # yaml-language-server: $schema=<path>",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Print the schema."""
    from shelltutor.course.jsonschema import schema_text

    env.stdout.write(schema_text())
    return ExitCode.OK
