"""What the sandbox reports: command results with their output chunks, the shell's state, file entries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

JSON_KEYS = (
    "command",
    "stdout",
    "stderr",
    "exit_code",
    "duration_ms",
    "timed_out",
    "truncated",
    "session_ended",
    "stages",
)
"""The keys of one result in `shelltutor exec --json` (a stable contract)."""


class Notice(str):
    """A plain-English note on what the sandbox did about a command ("a new shell was started"), carrying a
    stable `key` and the `values` in it so that a front end can say the same in the learner's language."""

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, text: str, **values: object) -> Notice:
        notice = super().__new__(cls, text)
        notice.key = key
        notice.values = values
        return notice


@dataclass
class Chunk:
    """A piece of output as it arrived, from one stream."""

    stream: Literal["stdout", "stderr"]
    text: str


@dataclass(frozen=True)
class Stage:
    """One stage of the learner's last pipeline, as its taps saw it while it ran (see docs/pipeline-view.md)."""

    command: str
    """The stage as typed (with its redirections)."""
    start: int
    """Offset of its first character in the line as typed."""
    end: int
    lines: int | None
    """Newlines in what came out of it (into the next stage; for the last, onto the screen); None if unknown."""
    size: int | None
    """Bytes that came out of it (`bytes` in JSON); None if unknown."""
    head: tuple[str, ...]
    """Its first lines (at most 5, 4 KiB), as text."""
    stderr_to: str
    """Where its stderr went: `terminal`, `pipe`, `null`, `closed`, or the file named."""
    status: int | None
    """Its exit status (from PIPESTATUS); None when the line went on to run other commands after it."""
    cut: bool = False
    """The next stage stopped reading before this one was done (`head`): it met SIGPIPE or would have."""

    def to_json(self) -> dict[str, object]:
        """As in `exec --json` and `grade --json`."""
        return {
            "command": self.command,
            "start": self.start,
            "end": self.end,
            "lines": self.lines,
            "bytes": self.size,
            "head": list(self.head),
            "stderr_to": self.stderr_to,
            "status": self.status,
            "cut": self.cut,
        }


@dataclass
class CommandResult:
    """One command run in the learner's shell."""

    command: str
    stdout: str
    stderr: str
    exit_code: int | None
    """The exit status; None when the command did not finish by itself (timed out, truncated, shell ended)."""
    duration_ms: float
    timed_out: bool
    truncated: bool
    """Output passed `limits.output_bytes`: the command was stopped and the rest of its output dropped."""
    session_ended: bool
    """The shell ended during the command (exit, exec, killed); a fresh shell in the same home takes over."""
    interrupted: bool = False
    """`Session.interrupt()` was called during the command (Ctrl-C)."""
    chunks: list[Chunk] = field(default_factory=list)
    """Both streams in the order their pieces arrived, for display (at most `limits.display_bytes`)."""
    incomplete: bool = False
    """The command was not run: it is incomplete (unclosed quote, missing `done`, unended here-document)."""
    cwd: str | None = None
    """The shell's working directory after the command, as the learner sees it; None if unknown."""
    background: str = ""
    """Output that background jobs of earlier commands wrote while this command ran (not in stdout/stderr)."""
    notices: list[Notice] = field(default_factory=list)
    """Plain-English explanations of what the sandbox did (stopped the command, started a new shell, ...)."""
    terminal: bool = False
    """stdout and stderr are what the command wrote to terminals (colours, `\r`, `ls` in columns): graders read
    them through `shelltutor.grading.piped`. Not in `to_json()`."""
    expanded: str = ""
    """The line that really ran: `command` after history expansion (`!!`, `!$`, `^a^b`), as bash recorded it
    in its history; equal to `command` when nothing was expanded. Graders read this, never `command`.
    Not in `to_json()` (the exec contract's keys are fixed)."""
    stages: list[Stage] = field(default_factory=list)
    """The stages of the line's last top-level pipeline that ran, counted by taps between them; empty when the
    line ran no tapped pipeline (see shelltutor.sandbox.pipetaps)."""

    def __post_init__(self) -> None:
        if not self.expanded:
            self.expanded = self.command

    def to_json(self) -> dict[str, object]:
        """The result as in `shelltutor exec --json`: exactly the contract's keys."""
        return {
            "command": self.command,
            "stdout": self.stdout,
            "stderr": self.stderr,
            "exit_code": self.exit_code,
            "duration_ms": round(self.duration_ms, 3),
            "timed_out": self.timed_out,
            "truncated": self.truncated,
            "session_ended": self.session_ended,
            "stages": [s.to_json() for s in self.stages],
        }


@dataclass(frozen=True)
class ShellState:
    """The learner's shell as read from the live shell."""

    cwd: str
    home: str
    variables: Mapping[str, str]
    """Shell variables by name (an array's first element); the driver's own are left out."""
    exported: frozenset[str]
    aliases: Mapping[str, str]
    functions: frozenset[str]
    """Functions the learner defined (the driver's own are left out)."""
    jobs: tuple[str, ...]
    """Lines of `jobs`."""
    history: tuple[str, ...]
    """The learner's commands, oldest first, as `history` keeps them (after `!!` expansion)."""


@dataclass(frozen=True)
class FileEntry:
    """One entry of the learner's home, read without following symlinks."""

    path: str
    """Relative to the home, '/'-separated."""
    kind: Literal["file", "dir", "symlink", "other"]
    mode: int
    """Permission bits (as in `stat.S_IMODE`)."""
    size: int
    target: str | None
    """Where a symlink points (as written, never resolved); None for other kinds."""
