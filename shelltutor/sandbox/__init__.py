"""The sandbox: a persistent, isolated learner shell with separate streams and hard limits (no UI imports)."""

from __future__ import annotations

from shelltutor.sandbox.errors import SessionError
from shelltutor.sandbox.frontdoor import MAX_COMMAND_BYTES, CommandRefused, check_command
from shelltutor.sandbox.limits import LimitError, Limits, limit_maximums, limit_minimums, load_limits
from shelltutor.sandbox.probe import IsolationReport, probe_isolation
from shelltutor.sandbox.results import Chunk, CommandResult, FileEntry, Notice, ShellState
from shelltutor.sandbox.session import Session
from shelltutor.sandbox.spec import HomeEntry, SessionSpec
from shelltutor.sandbox.textsafe import make_printable

__all__ = [
    "MAX_COMMAND_BYTES",
    "Chunk",
    "CommandRefused",
    "CommandResult",
    "FileEntry",
    "HomeEntry",
    "IsolationReport",
    "LimitError",
    "Limits",
    "Notice",
    "Session",
    "SessionError",
    "SessionSpec",
    "ShellState",
    "check_command",
    "limit_maximums",
    "limit_minimums",
    "load_limits",
    "make_printable",
    "probe_isolation",
]
