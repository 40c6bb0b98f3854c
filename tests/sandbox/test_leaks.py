"""Long runs leak nothing: 1,000 commands in a session and 100 sessions leave no fd or process behind."""

from __future__ import annotations

import os

import pytest
from sandbox_helpers import survivors

from shelltutor.sandbox import Session, SessionSpec


def _open_fds() -> set[int]:
    return {int(n) for n in os.listdir("/proc/self/fd")}


@pytest.mark.slow
def test_thousand_commands_and_hundred_sessions_leak_nothing() -> None:
    warm = Session.start(SessionSpec())  # first use starts the spawner thread and loads caches
    warm.run("true")
    warm.close()
    fds_before = _open_fds()

    with Session.start(SessionSpec()) as s:
        for i in range(1000):
            if i % 100 == 0:
                r = s.run("sleep 30 & echo bg $i")  # background jobs keep earlier FIFOs open
            elif i % 50 == 1:
                r = s.run("cat", timeout=0.05)
                assert r.timed_out
                continue
            else:
                r = s.run(f"echo {i}; echo e{i} >&2")
                assert r.stdout == f"{i}\n" and r.stderr == f"e{i}\n"
        s.state()
        s.complete("x")
    assert survivors(s) == []

    closed: list[Session] = []
    for i in range(100):
        t = Session.start(SessionSpec())
        t.run(f"echo {i} > f; sleep 100 &")
        if i % 10 == 0:
            t.reset()
        t.close()
        closed.append(t)
    assert all(survivors(t) == [] for t in closed[-5:])
    assert _open_fds() - fds_before == set()
