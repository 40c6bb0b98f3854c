"""Which of an attempt's commands produced what is graded.

The last command printed what the streams are graded on; each command that changed a graded file (its kind,
mode, size, link target or content) or the working directory made part of the result. A shape requirement
("use vi", "with >>") is judged on those commands only: an `echo … >> notes.txt` followed by `vi notes.txt`
and `:q` has used vi, but vi did not add the line. A `Trail` notes the graded paths after every command.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from shelltutor.course.model import Exercise
from shelltutor.grading.observed import ResultLike, WorldLike

MAX_DIGEST_BYTES = 1 << 20
"""Files are compared by a digest of at most this much of their content (and their size)."""

PathState = tuple[str, int, int, str | None, str] | None
"""kind, mode, size, symlink target, content digest; None when the path does not exist."""


def path_state(world: WorldLike, path: str) -> PathState:
    """One graded path as the learner left it, read as the grader reads it (never through a symlink)."""
    try:
        entry = world.stat(path)
    except OSError:
        return None
    if entry is None:
        return None
    digest = ""
    if entry.kind == "file":
        try:
            digest = hashlib.blake2b(world.read_file(path, MAX_DIGEST_BYTES), digest_size=16).hexdigest()
        except OSError:
            digest = "?"
    return (entry.kind, entry.mode, entry.size, entry.target, digest)


@dataclass
class Trail:
    """The graded paths of an exercise before the first command and after each command of the attempt."""

    paths: tuple[str, ...]
    states: list[dict[str, PathState]] = field(default_factory=list)
    cwds: list[str | None] = field(default_factory=list)
    busy: bool = False
    """Processes other than the shell ran between commands (a job in the background, a training run the
    exercise started): a file they wrote changed while some unrelated command ran, so changes cannot be
    told apart by command."""

    @classmethod
    def of(cls, exercise: Exercise) -> Trail:
        return cls(tuple(f.path for f in exercise.expect.files))

    def start(self, world: WorldLike, cwd: str | None) -> None:
        """The state before the first command (the exercise's fixture, or after a reset)."""
        self.states = [self._read(world)]
        self.cwds = [cwd]
        self.busy = bool(self.paths) and _busy(world)

    def record(self, world: WorldLike, result: ResultLike) -> None:
        """The state after one more command."""
        if not self.states:
            self.start(world, None)
        self.states.append(self._read(world))
        self.cwds.append(getattr(result, "cwd", None) or self.cwds[-1])
        # Only an exercise that grades files uses the trail for anything but `cwds`: no process count for others.
        self.busy = self.busy or (bool(self.paths) and _busy(world))

    def _read(self, world: WorldLike) -> dict[str, PathState]:
        return {path: path_state(world, path) for path in self.paths}

    def changed(self, index: int) -> frozenset[str]:
        """The graded paths that command `index` changed."""
        if index + 1 >= len(self.states):
            return frozenset()
        before, after = self.states[index], self.states[index + 1]
        return frozenset(p for p in self.paths if before.get(p) != after.get(p))

    def moved(self, index: int) -> bool:
        """Whether command `index` changed the working directory."""
        return index + 1 < len(self.cwds) and self.cwds[index] != self.cwds[index + 1]

    def changed_before(self, index: int) -> frozenset[str]:
        """The graded paths that commands before `index` left different from the exercise's start."""
        if not self.states or index >= len(self.states):
            return frozenset()
        start, then = self.states[0], self.states[index]
        return frozenset(p for p in self.paths if start.get(p) != then.get(p))


def _busy(world: WorldLike) -> bool:
    """Whether the sandbox runs more than its keeper and the learner's shell."""
    count = getattr(world, "process_count", None)
    if not callable(count):
        return False
    try:
        return int(count()) > 2
    except OSError:
        return True


def producing(exercise: Exercise, count: int, trail: Trail | None) -> list[int] | None:
    """The indices of the commands that produced the graded result of an exercise that grades files: every
    one that changed a graded file (or the directory, when that is graded), and the last one when its output
    or exit status is graded too. None when that cannot be told (no trail, no graded file, or graded
    variables or aliases, which any earlier command may have set): then every command counts."""
    expect = exercise.expect
    if trail is None or count == 0 or len(trail.states) != count + 1 or expect.variables or expect.aliases:
        return None
    if trail.busy:
        return None
    if not expect.files:
        # Only streams are graded: what made them may be a process stopped, a status left in `$?` or a step
        # the prompt asks for (`wc --help` first), none of which a file shows. Every command counts.
        return None
    streams = any(x is not None for x in (expect.stdout, expect.stderr, expect.terminal, expect.exit_code))
    chosen = {count - 1} if streams else set()
    for index in range(count):
        if trail.changed(index) or (expect.cwd is not None and trail.moved(index)):
            chosen.add(index)
    return sorted(chosen or {count - 1})


def shape_commands(exercise: Exercise, commands: Sequence[str], trail: Trail | None) -> list[str]:
    """The command lines a shape requirement is judged on (every line when that cannot be told)."""
    chosen = producing(exercise, len(commands), trail)
    if chosen is None:
        return list(commands)
    return [commands[i] for i in chosen]
