"""What every CLI subcommand shares: exit codes, the injectable environment, and its printable output."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from shelltutor.sandbox.textsafe import UNSAFE, make_printable

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

UNISOLATED: dict[str, str] = {
    "en": "WARNING: commands are NOT isolated: they can read and change your files.",
    "ko": "경고: 명령어가 격리되지 않습니다. 내 파일을 읽고 바꿀 수 있습니다.",
}
"""The label every text front end shows when commands run without the sandbox."""


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
    """The authoring directories given with the global `--lessons DIR` option, before or after the subcommand."""
    given = [*(getattr(args, "lessons_dirs", None) or []), *(getattr(args, "lessons_dirs_after", None) or [])]
    return [Path(p) for p in given]


class PrintableWriter:
    """A text stream that passes on everything written to it made printable (`make_printable`): the output
    boundary of every subcommand, so no learner or lesson text reaches the terminal raw, whichever line of
    code wrote it. Anything else (`flush`, `isatty`, `fileno`) is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        """Write `text` made printable; returns the length given, as a stream does."""
        self.stream.write(make_printable(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        """Write each of `lines`."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def printable_env(env: CliEnv) -> CliEnv:
    """`env` with its stdout and stderr wrapped in `PrintableWriter` (once)."""
    wrapped = {
        name: stream if isinstance(stream, PrintableWriter) else cast(TextIO, PrintableWriter(stream))
        for name, stream in (("stdout", env.stdout), ("stderr", env.stderr))
    }
    return CliEnv(
        stdout=wrapped["stdout"], stderr=wrapped["stderr"], stdin=env.stdin, environ=env.environ, data_dir=env.data_dir
    )


def json_text(payload: object, *, indent: int | None = 2) -> str:
    """`payload` as JSON with Unicode kept readable, except that every character a terminal could obey (C1
    controls, DEL, bidi controls, line separators, undecodable bytes) is escaped as `\\uXXXX`: a program reads
    the same strings, and the text passes `PrintableWriter` unchanged. (JSON escapes C0 controls itself.)"""
    text = json.dumps(payload, ensure_ascii=False, indent=indent)
    return UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser, whose messages (usage errors quote the arguments given) are made printable."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        super()._print_message(make_printable(message), file)
