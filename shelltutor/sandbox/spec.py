"""What a session starts from: the fixture files of the home, a generator, setup commands, limits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from shelltutor.sandbox.bwrap import HOME
from shelltutor.sandbox.errors import SessionError
from shelltutor.sandbox.limits import Limits, load_limits


@dataclass(frozen=True)
class HomeEntry:
    """A fixture entry of the learner's home."""

    path: str
    """Relative to the home, or absolute under /tmp (bwrap only), '/'-separated; parent directories are created as
    needed."""
    kind: Literal["file", "dir", "symlink"] = "file"
    content: bytes = b""
    mode: int | None = None
    """Permission bits; None means 0o644 for files, 0o755 for directories."""
    target: str | None = None
    """Where a symlink points."""


@dataclass(frozen=True)
class SessionSpec:
    """Everything needed to start (and reset) a session."""

    home: tuple[HomeEntry, ...] = ()
    generate: str | None = None
    """A bash script run non-interactively in the home before the shell starts, with SEED in its environment;
    its output is discarded unless it fails (then SessionError with its stderr)."""
    seed: int = 0
    setup: tuple[str, ...] = ()
    """Commands run in the learner's shell before they start (not in history, output discarded)."""
    cwd: str = ""
    """Start directory: relative to the home, or absolute (under /tmp, or the home as the lesson writes it)."""
    env: Mapping[str, str] = field(default_factory=dict)
    """Extra environment variables of the learner's shell."""
    limits: Limits = field(default_factory=load_limits)
    isolation: Literal["auto", "bwrap", "none"] = "auto"
    """auto: bwrap when the self-test passes, else SessionError saying how to fix it; none: unisolated."""
    pipeline_taps: bool = True
    """Count each stage of the learner's top-level pipelines as they run (CommandResult.stages); False runs every
    line exactly as typed."""


def start_directory(cwd: str) -> str:
    """The keeper's form of a starting directory: relative to the home, or absolute (under /tmp); a lesson's
    /home/learner/x is the home's x, whatever the home is. Never with `..` (SessionError)."""
    parts = [p for p in cwd.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise SessionError(f"the exercise's starting directory {cwd!r} climbs with '..'")
    if cwd.startswith("/"):
        if parts[: len(_HOME_PARTS)] == _HOME_PARTS:
            return "/".join(parts[len(_HOME_PARTS) :])
        if parts[:1] != ["tmp"]:
            raise SessionError(f"the exercise's starting directory {cwd!r} is outside the home and /tmp")
        return "/" + "/".join(parts)
    return "/".join(parts)


_HOME_PARTS = [p for p in HOME.split("/") if p]
