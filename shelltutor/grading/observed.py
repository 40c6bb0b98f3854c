"""What the grader reads from a session, as protocols: the sandbox's objects fit them, and so do test doubles."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from shelltutor.sandbox.results import Stage


class ResultLike(Protocol):
    """What the grader reads of one command's result (`shelltutor.sandbox.CommandResult` fits)."""

    @property
    def command(self) -> str: ...
    @property
    def stdout(self) -> str | bytes: ...
    @property
    def stderr(self) -> str | bytes: ...
    @property
    def exit_code(self) -> int | None: ...
    @property
    def timed_out(self) -> bool: ...
    @property
    def truncated(self) -> bool: ...
    @property
    def session_ended(self) -> bool: ...
    @property
    def interrupted(self) -> bool: ...


class StateLike(Protocol):
    """What the grader reads of the live shell (`shelltutor.sandbox.ShellState` fits)."""

    @property
    def cwd(self) -> str: ...
    @property
    def home(self) -> str: ...
    @property
    def variables(self) -> Mapping[str, str]: ...
    @property
    def exported(self) -> Collection[str]: ...
    @property
    def aliases(self) -> Mapping[str, str]: ...


class EntryLike(Protocol):
    """One path as lstat sees it (`shelltutor.sandbox.FileEntry` fits)."""

    @property
    def path(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def mode(self) -> int: ...
    @property
    def size(self) -> int: ...
    @property
    def target(self) -> str | None: ...


class WorldLike(Protocol):
    """The session after the attempt: its shell state and its files, never read through a learner's symlink."""

    def state(self) -> StateLike: ...
    def stat(self, path: str) -> EntryLike | None: ...
    def read_file(self, path: str, max_bytes: int) -> bytes: ...


class ListingWorld(Protocol):
    """A session that can list a directory (`shelltutor.sandbox.Session` can): for the checks on directories."""

    def listing(self, path: str, limit: int) -> Sequence[EntryLike]:
        """Every path below the directory `path`, relative to it, never through a symlink, as the learner could
        list them; at most `limit` (a `cut` attribute that is not None says the listing is incomplete).
        OSError when `path` is not a directory the learner can list."""
        ...


class ProcessLike(Protocol):
    """One of the learner's processes (`shelltutor.sandbox.ProcessInfo` fits)."""

    @property
    def pid(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def argv(self) -> tuple[str, ...]: ...
    @property
    def state(self) -> str: ...


class ProcessWorld(Protocol):
    """A session that can list the learner's processes (`shelltutor.sandbox.Session` can)."""

    def processes(self) -> Sequence[ProcessLike]:
        """Every process of the sandbox but its own machinery and the learner's shell itself."""
        ...


@dataclass(frozen=True)
class Reference:
    """The reference solution's outcome on one seed, for `same_as_solution` and known-wrong-output matching."""

    stdout: str = ""
    stderr: str = ""
    exit_code: int | None = 0
    files: Mapping[str, str | None] = field(default_factory=dict)
    """Contents of the files the expectations compare with the solution's (None: absent or not a file)."""
    stages: tuple[Stage, ...] = field(default=(), compare=False)
    """The stages of its last command's pipeline, for telling where a wrong pipeline went wrong (counts only:
    not part of the outcome that seeds are compared by)."""

    def replace_text(self, old: str, new: str) -> Reference:
        """The same outcome with `old` replaced by `new` in every text (to move it from one home to another)."""
        if not old or old == new:
            return self
        return Reference(
            self.stdout.replace(old, new),
            self.stderr.replace(old, new),
            self.exit_code,
            {path: None if text is None else text.replace(old, new) for path, text in self.files.items()},
            self.stages,
        )
