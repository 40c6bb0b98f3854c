"""Resource limits of a sandbox session: defaults and maximums from `sandbox/limits.toml`, per-exercise overrides."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from functools import cache

from shelltutor.resources import data_dir


class LimitError(ValueError):
    """An override names an unknown limit or gives a value of the wrong kind."""


@dataclass(frozen=True)
class Limits:
    """What one sandbox session may use; every field has a default in `sandbox/limits.toml`."""

    wall_seconds: float
    """Wall clock per command, after which the command is stopped and marked timed out."""
    cpu_seconds: int
    """CPU seconds per process (RLIMIT_CPU)."""
    processes: int
    """Processes of the learner in the sandbox (RLIMIT_NPROC, counted inside the sandbox's user namespace)."""
    memory_mb: int
    """Address space per process in MiB (RLIMIT_AS)."""
    file_size_mb: int
    """Largest file a process may write, in MiB (RLIMIT_FSIZE)."""
    disk_mb: int
    """Size of the home and of /tmp in MiB, each a size-capped tmpfs."""
    open_files: int
    """Open files per process (RLIMIT_NOFILE)."""
    output_bytes: int
    """Bytes of stdout and stderr read per command; beyond this the command is stopped and marked truncated."""
    display_bytes: int
    """Bytes of output passed on for live display (`on_chunk`, `CommandResult.chunks`)."""

    def with_overrides(self, overrides: Mapping[str, float | int]) -> Limits:
        """These limits with some changed, each clamped to the range allowed in `sandbox/limits.toml`."""
        names = [f.name for f in fields(Limits)]
        changes: dict[str, float | int] = {}
        for name, value in overrides.items():
            if name not in names:
                close = difflib.get_close_matches(name, names, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise LimitError(f"unknown limit {name!r}{hint}; known limits: {', '.join(names)}")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise LimitError(f"limit {name!r} must be a number, not {value!r}")
            low, high = getattr(limit_minimums(), name), getattr(limit_maximums(), name)
            clamped = min(max(value, low), high)
            changes[name] = float(clamped) if name == "wall_seconds" else int(clamped)
        return replace(self, **changes)  # type: ignore[arg-type]


def _limits_from(table: Mapping[str, object], where: str) -> Limits:
    values: dict[str, float | int] = {}
    for f in fields(Limits):
        raw = table.get(f.name)
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise LimitError(f"sandbox/limits.toml: [{where}] {f.name} is missing or not a number")
        values[f.name] = float(raw) if f.name == "wall_seconds" else int(raw)
    return Limits(**values)  # type: ignore[arg-type]


@cache
def _table() -> dict[str, object]:
    with (data_dir("sandbox") / "limits.toml").open("rb") as fh:
        return tomllib.load(fh)


def _section(name: str) -> Limits:
    section = _table().get(name)
    if not isinstance(section, dict):
        raise LimitError(f"sandbox/limits.toml: section [{name}] is missing")
    return _limits_from(section, name)


@cache
def load_limits() -> Limits:
    """The default limits of every session."""
    return _section("defaults")


@cache
def limit_maximums() -> Limits:
    """The most an exercise may ask for."""
    return _section("maximums")


@cache
def limit_minimums() -> Limits:
    """The least an exercise may ask for (below this the sandbox itself cannot work)."""
    return _section("minimums")
