"""The checks on the learner's processes after the attempt: running or not, after a short settle time."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence

from shelltutor.course.model import LocalText, ProcessExpect
from shelltutor.grading.failure import Failure, GradingError
from shelltutor.grading.observed import ProcessLike
from shelltutor.grading.textmatch import compile_pattern
from shelltutor.grading.worldmessages import local

COMM_LENGTH = 15
"""The kernel keeps a program's name (`ps`'s COMM) to this many bytes."""
POLL_SECONDS = 0.05
FORK_SECONDS = 0.3
"""How long the checks wait for a job forked a moment ago to start its program (`sleep 600 &` is a copy of
the shell until it does): whether it is the process looked for is not known before."""
AWAKE_SECONDS = 1.0
"""How long the checks wait for a process that should go on running but is awake (running, or with a signal
to handle) to be at rest again or gone: `pkill python3` sends SIGTERM to a training run that catches it to stop
cleanly, and it ends a moment later (on a busy machine, many moments)."""


def matches(expect: ProcessExpect, process: ProcessLike) -> bool:
    """Whether `process` is the one `expect` describes: its name as `ps` shows it (the kernel's, which keeps 15
    bytes of it) and its whole command line (the words joined by spaces)."""
    if expect.name is not None and process.name != expect.name[:COMM_LENGTH]:
        return False
    if expect.command is not None:
        return compile_pattern(expect.command).search(command_line(process)) is not None
    return True


def command_line(process: ProcessLike) -> str:
    """The process's command line as `ps -o args` shows it (its name in brackets when it has no words)."""
    return " ".join(process.argv) if process.argv else f"[{process.name}]"


def process_failures(
    expects: Sequence[ProcessExpect],
    world: object,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> list[tuple[ProcessExpect, Failure | None]]:
    """Each expectation with what is wrong (None: it holds), looked at again until all hold or the longest settle
    time has passed: a process started with `&` may not have started its program yet, one sent `kill` may not
    have ended yet, one that should go on running may be acting on a signal that ends it. GradingError when the
    world cannot list its processes."""
    listing = getattr(world, "processes", None)
    if not callable(listing):
        raise GradingError("this session cannot list its processes, which the exercise's process checks need")
    deadline = clock() + max((e.settle_seconds for e in expects), default=0.0)
    start = clock()
    while True:
        running: Sequence[ProcessLike] = listing()
        outcome = [(e, _failure(e, running)) for e in expects]
        waited = clock() - start
        pending = [e for e, failure in outcome if failure is not None and waited < e.settle_seconds]
        forking = waited < FORK_SECONDS and any(getattr(p, "forking", False) for p in running)
        awake = waited < AWAKE_SECONDS and any(_awake(e, running) for e, failure in outcome if failure is None)
        if not (pending or forking or awake):
            return outcome
        if clock() >= max(deadline, start + (FORK_SECONDS if forking else 0), start + (AWAKE_SECONDS if awake else 0)):
            return outcome
        sleep(POLL_SECONDS)


def _awake(expect: ProcessExpect, running: Sequence[ProcessLike]) -> bool:
    """Whether a process `expect` wants running is awake, so may be on its way out."""
    return expect.running and any(getattr(p, "awake", False) and matches(expect, p) for p in running)


def _failure(expect: ProcessExpect, running: Sequence[ProcessLike]) -> Failure | None:
    found = [p for p in running if p.state not in ("Z", "X") and not getattr(p, "dying", False) and matches(expect, p)]
    what = describe(expect)
    if expect.running and not found:
        return Failure("processes", local("process_missing", what=what), 6.5)
    if not expect.running and found:
        first = found[0]
        return Failure(
            "processes", local("process_still_running", what=what, pid=first.pid, line=_short(command_line(first))), 6.5
        )
    return None


def describe(expect: ProcessExpect) -> LocalText:
    """The process in the learner's words: the author's `looks_for`, else its name and pattern."""
    if expect.looks_for is not None:
        return expect.looks_for
    if expect.command is None:
        return local("process_named", name=expect.name or "")
    if expect.name is None:
        return local("process_matching", pattern=expect.command)
    return local("process_named_matching", name=expect.name, pattern=expect.command)


def _short(line: str, limit: int = 80) -> str:
    line = re.sub(r"\s+", " ", line)
    return line if len(line) <= limit else line[: limit - 1] + "…"
