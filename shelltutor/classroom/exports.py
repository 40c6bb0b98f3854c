"""Learners' progress as the report reads it: export files of every version (2 to 4), validated field by field."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from shelltutor.classroom.messages import expected, say
from shelltutor.course.model import LocalText
from shelltutor.progress import EXPORT_FORMAT, EXPORT_VERSION

MAX_FILE_BYTES = 64 << 20
"""A larger file is not read: a year of daily practice exports to a few megabytes."""
STATUSES = ("pass", "fail", "step", "error")
OLDEST_VERSION = 2
"""The first export (the progress schema's version then)."""


class Unreadable(Exception):
    """A file the report skips, and why (in both languages)."""

    def __init__(self, reason: LocalText) -> None:
        super().__init__(reason.en)
        self.reason = reason


@dataclass(frozen=True)
class Attempt:
    """One graded attempt of a learner, whatever the export's version."""

    n: int
    """Its place in the file, from 1: how the report names it."""
    id: int
    """The tutor's id for it (version 4), else its place."""
    exercise: str
    at: float
    run: int
    """The id of the first attempt of its run (typed since the exercise was opened or reset)."""
    commands: tuple[str, ...]
    """What this attempt added to its run (one command in the tutor)."""
    status: str
    cut_bytes: int = 0
    seed: int | None = None
    """The seed of its generated data (version 4 only)."""


@dataclass(frozen=True)
class Completion:
    """An exercise the file says is done."""

    exercise: str
    at: float
    attempts: int


@dataclass
class LearnerFile:
    """One learner's progress, read from an export or from the tutor's database."""

    name: str
    path: Path
    kind: Literal["export", "store"]
    version: int
    attempts: tuple[Attempt, ...]
    completions: tuple[Completion, ...]
    hints: dict[str, int] = field(default_factory=dict)
    lang: str | None = None
    exported_at: float | None = None
    shelltutor: str | None = None
    document: dict[str, Any] = field(default_factory=dict, repr=False)
    """The export as read: its checksums are verified against it."""

    def run_commands(self, attempt: Attempt) -> list[str]:
        """The whole attempt as the tutor graded it: every command of its run up to and including it."""
        return [
            command
            for a in self.attempts
            if a.exercise == attempt.exercise and a.run == attempt.run and a.n <= attempt.n
            for command in a.commands
        ]


def load_json(path: Path) -> object:
    """The JSON in `path` (at most MAX_FILE_BYTES; NaN and Infinity refused), or Unreadable."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise Unreadable(say("too_large", limit=MAX_FILE_BYTES >> 20))
        data = path.read_bytes()
    except OSError as error:
        raise Unreadable(say("unreadable", error=error.strerror or error)) from None
    try:
        return json.loads(data.decode("utf-8-sig"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise Unreadable(say("not_json", error="not UTF-8 text")) from None
    except json.JSONDecodeError as error:
        raise Unreadable(say("not_json", error=f"line {error.lineno}, column {error.colno}: {error.msg}")) from None
    except (ValueError, RecursionError) as error:
        raise Unreadable(say("not_json", error=str(error) or "nested too deeply")) from None


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_export(
    document: object, *, path: Path, name: str, kind: Literal["export", "store"] = "export"
) -> LearnerFile:
    """A learner's progress from an export's JSON (versions 2 to 4), or Unreadable saying what is wrong where."""
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise Unreadable(say("foreign"))
    version = _get(document, "version", "integer", "")
    if version > EXPORT_VERSION:
        raise Unreadable(say("newer", version=version))
    if version < OLDEST_VERSION:
        raise Unreadable(say("malformed", where="version", problem=say("one_of", value=version, choices="2, 3, 4")))
    raw_attempts = _get(document, "attempts", "list", "")
    attempts = _attempts_v2(raw_attempts) if version == OLDEST_VERSION else _attempts(raw_attempts, version)
    completions = tuple(
        Completion(
            _get(c, "exercise", "string", f"completed[{i}]"),
            _get(c, "at", "number", f"completed[{i}]"),
            _get(c, "attempts", "integer", f"completed[{i}]"),
        )
        for i, c in enumerate(_items(_get(document, "completed", "list", ""), "completed"))
    )
    hints = _get(document, "hints", "object", "")
    for key, value in hints.items():
        _check(value, "integer", f"hints.{key}")
    exported_at = _get(document, "exported_at", "number", "")
    lang = document.get("lang")
    made_by = document.get("shelltutor")
    return LearnerFile(
        name=name,
        path=path,
        kind=kind,
        version=version,
        attempts=attempts,
        completions=completions,
        hints=dict(hints),
        lang=lang if lang in ("en", "ko") else None,
        exported_at=exported_at,
        shelltutor=made_by if isinstance(made_by, str) else None,
        document=document,
    )


def _attempts(raw: list[Any], version: int) -> tuple[Attempt, ...]:
    """Versions 3 and 4: each attempt holds its own commands and its run."""
    out = []
    for i, record in enumerate(_items(raw, "attempts"), start=1):
        where = f"attempts[{i - 1}]"
        out.append(
            Attempt(
                n=i,
                id=_get(record, "id", "integer", where) if version >= 4 else i,
                exercise=_get(record, "exercise", "string", where),
                at=_get(record, "at", "number", where),
                run=_get(record, "run", "integer", where),
                commands=tuple(_get(record, "commands", "strings", where)),
                status=_status(record, where),
                cut_bytes=_get(record, "cut_bytes", "integer", where),
                seed=_get(record, "seed", "integer", where) if version >= 4 else None,
            )
        )
    return tuple(out)


def _attempts_v2(raw: list[Any]) -> tuple[Attempt, ...]:
    """Version 2 stored on each attempt every command of its run so far: an attempt whose commands are the
    previous attempt's at that exercise plus one continues its run and added that one."""
    out: list[Attempt] = []
    previous: dict[str, tuple[list[str], int]] = {}  # exercise -> the last attempt's commands, its run
    for i, record in enumerate(_items(raw, "attempts"), start=1):
        where = f"attempts[{i - 1}]"
        exercise = _get(record, "exercise", "string", where)
        commands = list(_get(record, "commands", "strings", where))
        last = previous.get(exercise)
        continues = last is not None and len(commands) == len(last[0]) + 1 and commands[:-1] == last[0]
        run, own = (last[1], commands[-1:]) if last is not None and continues else (i, commands)
        previous[exercise] = (commands, run)
        at = _get(record, "at", "number", where)
        out.append(
            Attempt(n=i, id=i, exercise=exercise, at=at, run=run, commands=tuple(own), status=_status(record, where))
        )
    return tuple(out)


def _status(record: dict[str, Any], where: str) -> str:
    status = _get(record, "status", "string", where)
    if status not in STATUSES:
        problem = say("one_of", value=repr(status)[:40], choices=", ".join(STATUSES))
        raise Unreadable(say("malformed", where=f"{where}.status", problem=problem))
    return str(status)


def _items(values: list[Any], where: str) -> list[dict[str, Any]]:
    for i, value in enumerate(values):
        _check(value, "object", f"{where}[{i}]")
    return values


CHECKS: dict[str, Callable[[object], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "list": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v),
    "strings": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
}
"""What each kind of field must be (a bool is no number, though Python counts it as one)."""


def _check(value: object, kind: str, where: str) -> None:
    if not CHECKS[kind](value):
        raise Unreadable(say("malformed", where=where, problem=expected(kind)))


def _get(record: dict[str, Any], key: str, kind: str, where: str) -> Any:
    """`record[key]`, which must be of `kind`; else Unreadable naming the field (`attempts[3].status`)."""
    path = f"{where}.{key}" if where else key
    if key not in record:
        raise Unreadable(say("malformed", where=path, problem=say("absent")))
    _check(record[key], kind, path)
    return record[key]
