"""File checks that wait a moment while the sandbox's own processes may still be writing the files."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from shelltutor.course.model import FileExpect, Fixture
from shelltutor.grading.dirchecks import path_failure
from shelltutor.grading.failure import Failure
from shelltutor.grading.observed import Reference, StateLike, WorldLike

WRITERS_SETTLE_SECONDS = 2.0
"""How long a file check that fails looks again while processes run in the sandbox: a job started with `&`, a
run in tmux answered a moment ago, writes its log a little later on a busy machine. An answer that is right
passes at once; a wrong one with jobs running costs this much time."""
POLL_SECONDS = 0.1


def file_failures(
    expects: Sequence[FileExpect],
    world: WorldLike,
    state: StateLike,
    reference: Reference | None,
    stdout: str,
    stderr: str,
    commands: Sequence[str],
    fixture: Fixture,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Failure | None]:
    """What is wrong with each `files` entry (None: it holds). While one fails and some process of the sandbox
    is still running (it may be the one that writes the file), the home is read again, for a short while."""

    def failures(now_state: StateLike) -> list[Failure | None]:
        return [path_failure(e, world, now_state, reference, stdout, stderr, commands, fixture) for e in expects]

    found = failures(state)
    deadline = clock() + WRITERS_SETTLE_SECONDS
    while any(f is not None for f in found) and clock() < deadline and _writers_running(world):
        sleep(POLL_SECONDS)
        found = failures(world.state())
    return found


def _writers_running(world: object) -> bool:
    """Whether any process of the sandbox but the learner's shell runs (a job, a server, a tmux run)."""
    listing = getattr(world, "processes", None)
    if not callable(listing):
        return False
    try:
        return any(getattr(p, "state", "") not in ("Z", "X", "T") for p in listing())
    except OSError:
        return False
