"""What every CLI subcommand shares: exit codes and the injectable environment."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import TextIO


class ExitCode(IntEnum):
    """Exit statuses of every `shelltutor` command (documented in the README)."""

    OK = 0
    """Success: lessons are clean, the exercise passed, the sandbox ran."""
    FAILED = 1
    """The work was done and the answer is no: an exercise failed, verification found a broken exercise."""
    BAD_INPUT = 2
    """Bad input or an error of the machinery: malformed lessons, unknown ids, no usable sandbox."""


@dataclass
class CliEnv:
    """The outside world a command talks to; tests build their own."""

    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    data_dir: Path | None = None
    """Where progress lives; None means the platform's user data directory."""


def extra_lesson_dirs(args: argparse.Namespace) -> list[Path]:
    """The authoring directories given with the global `--lessons DIR` option."""
    return [Path(p) for p in (getattr(args, "lessons_dirs", None) or [])]
