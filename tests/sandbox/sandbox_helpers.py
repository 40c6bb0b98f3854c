"""Helpers shared by the sandbox tests (imported by name: tests/sandbox is on sys.path)."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache

from shelltutor.course.catalog import Course, load_course
from shelltutor.course.model import Exercise
from shelltutor.sandbox import Session, proctree


def survivors(session: Session) -> list[proctree.Proc]:
    """Processes of a (closed) session that still exist, seen from the host."""
    box = session._box
    if box.pidns is not None:
        return [p for p in proctree.in_pidns(box.pidns) if p.state != "Z"]
    return proctree.with_marker(box.marker, box.run_uid)


def run_ok(session: Session, command: str, **kw: object) -> str:
    """Run a command that must succeed; its stdout."""
    result = session.run(command, **kw)  # type: ignore[arg-type]
    assert result.exit_code == 0, result
    return result.stdout


def eventually(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Whether `condition` holds within `timeout` s, polling: a signalled process takes a moment to go, longer
    on a busy machine, so tests wait for the outcome instead of sleeping a fixed time and hoping."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@cache
def shipped_course() -> Course:
    """The built-in course, loaded once per test process."""
    loaded = load_course()
    assert not loaded.problems
    return loaded


def shipped_exercise(global_id: str) -> Exercise:
    """A built-in exercise by its global id."""
    found = shipped_course().exercise(global_id)
    assert found is not None, global_id
    return found
