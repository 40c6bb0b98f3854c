"""The sandbox: a persistent, isolated learner shell with separate streams and hard limits (no UI imports)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shelltutor.sandbox.errors import SessionError
    from shelltutor.sandbox.frontdoor import MAX_COMMAND_BYTES, CommandRefused, check_command
    from shelltutor.sandbox.limits import LimitError, Limits, limit_maximums, limit_minimums, load_limits
    from shelltutor.sandbox.probe import IsolationReport, probe_isolation
    from shelltutor.sandbox.results import Chunk, CommandResult, FileEntry, Notice, ShellState, Stage
    from shelltutor.sandbox.session import Session
    from shelltutor.sandbox.spec import HomeEntry, SessionSpec
    from shelltutor.sandbox.textsafe import make_printable

# Loaded on first use (PEP 562): the CLI's text helpers (textsafe) and the course map need none of the
# session machinery, whose imports were a sixth of the tutor's start-up.
_WHERE = {
    "SessionError": "errors",
    "MAX_COMMAND_BYTES": "frontdoor",
    "CommandRefused": "frontdoor",
    "check_command": "frontdoor",
    "LimitError": "limits",
    "Limits": "limits",
    "limit_maximums": "limits",
    "limit_minimums": "limits",
    "load_limits": "limits",
    "IsolationReport": "probe",
    "probe_isolation": "probe",
    "Chunk": "results",
    "CommandResult": "results",
    "FileEntry": "results",
    "Notice": "results",
    "ShellState": "results",
    "Stage": "results",
    "Session": "session",
    "HomeEntry": "spec",
    "SessionSpec": "spec",
    "make_printable": "textsafe",
}

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
    "Stage",
    "check_command",
    "limit_maximums",
    "limit_minimums",
    "load_limits",
    "make_printable",
    "probe_isolation",
]


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
