"""Test doubles for the grader: results, a shell state and a filesystem that refuses to read through symlinks."""

from __future__ import annotations

import errno
import posixpath
from dataclasses import dataclass, field
from typing import Any

from shelltutor.course.model import Exercise, Expectations, LocalText, WrongAnswer

HOME = "/home/learner"


@dataclass(frozen=True)
class FakeResult:
    command: str = ""
    stdout: str = ""
    stderr: str = ""
    exit_code: int | None = 0
    timed_out: bool = False
    truncated: bool = False
    session_ended: bool = False
    interrupted: bool = False
    duration_ms: int = 10


@dataclass(frozen=True)
class FakeEntry:
    path: str
    kind: str
    mode: int
    size: int
    target: str | None


@dataclass(frozen=True)
class FakeState:
    cwd: str = HOME
    home: str = HOME
    variables: dict[str, str] = field(default_factory=dict)
    exported: frozenset[str] = frozenset()
    aliases: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeWorld:
    """files: relative-to-home path → content (str), ('dir',), ('symlink', target) or (content, mode)."""

    files: dict[str, Any] = field(default_factory=dict)
    state_: FakeState = field(default_factory=FakeState)
    reads: list[str] = field(default_factory=list)

    def state(self) -> FakeState:
        return self.state_

    def _abs(self, path: str) -> str:
        return posixpath.normpath(path if path.startswith("/") else posixpath.join(HOME, path))

    def _lookup(self, absolute: str) -> Any:
        for rel, spec in self.files.items():
            if self._abs(rel) == absolute:
                return spec
        return None

    def stat(self, path: str) -> FakeEntry | None:
        absolute = self._abs(path)
        spec = self._lookup(absolute)
        if spec is None:
            if any(self._abs(rel).startswith(absolute + "/") for rel in self.files):
                return FakeEntry(absolute, "dir", 0o40755, 4096, None)
            return None
        if isinstance(spec, str):
            return FakeEntry(absolute, "file", 0o100644, len(spec), None)
        if spec[0] == "dir":
            return FakeEntry(absolute, "dir", 0o40755, 4096, None)
        if spec[0] == "symlink":
            return FakeEntry(absolute, "symlink", 0o120777, len(spec[1]), spec[1])
        content, mode = spec
        return FakeEntry(absolute, "file", 0o100000 | mode, len(content), None)

    def read_file(self, path: str, max_bytes: int) -> bytes:
        absolute = self._abs(path)
        parts = absolute.strip("/").split("/")
        for index in range(1, len(parts) + 1):
            entry = self.stat("/" + "/".join(parts[:index]))
            if entry is not None and entry.kind == "symlink":
                raise OSError(errno.ELOOP, "Too many levels of symbolic links", path)
        spec = self._lookup(absolute)
        if spec is None:
            raise FileNotFoundError(path)
        self.reads.append(absolute)
        content = spec if isinstance(spec, str) else spec[0]
        return content.encode()[:max_bytes]


def text(en: str, ko: str | None = None) -> LocalText:
    return LocalText(en=en, ko=ko or en)


def exercise(
    expect: Expectations,
    *,
    solution: tuple[Any, ...] = ("true",),
    wrong: tuple[WrongAnswer, ...] = (),
    lesson_id: str = "test",
    exercise_id: str = "ex",
    **kwargs: Any,
) -> Exercise:
    built = Exercise(
        id=exercise_id,
        title=text("t"),
        prompt=text("p"),
        hints=(text("h1"), text("h2")),
        solution=solution,
        expect=expect,
        wrong=wrong,
        **kwargs,
    )
    object.__setattr__(built, "lesson_id", lesson_id)
    return built
