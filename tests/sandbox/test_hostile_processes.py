"""Hostile family: process floods. Fork bombs, spawn loops, signal-ignoring and escaping processes are contained."""

from __future__ import annotations

import time

import pytest
from sandbox_helpers import eventually, run_ok, survivors

from shelltutor.sandbox import Session, SessionSpec, proctree


def _count(session: Session) -> int:
    return int(run_ok(session, "ps -e --no-headers | wc -l").strip())


@pytest.mark.parametrize(
    "bomb",
    [
        ":(){ :|:& };:",
        "bomb() { bomb | bomb & }; bomb",
        "python3 -c 'import os\nwhile True:\n    try: os.fork()\n    except OSError: pass' &",
        "while :; do sleep 30 & done",
    ],
)
def test_fork_bombs_are_capped_and_cleared(session: Session, bomb: str) -> None:
    t0 = time.monotonic()
    r = session.run(bomb, timeout=3)  # long enough to reach the process cap on a busy machine too
    time.sleep(0.3)
    after = session.run("ls / >/dev/null && echo alive", timeout=5)
    assert after.stdout == "alive\n", after
    assert time.monotonic() - t0 < 10
    assert len(session.pids()) <= session.spec.limits.processes + 1  # + the keeper
    # The flood clears itself once forks fail (or the supervisor stops the command); on a busy machine that
    # can take a few seconds, but it must happen.
    deadline = time.monotonic() + 15
    while (count := _count(session)) >= 10 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert count < 10, f"{count} processes still running"
    assert r.exit_code is not None or r.timed_out


def test_spawn_loop_in_the_background(session: Session) -> None:
    run_ok(session, "(while :; do sleep 60 & done) >/dev/null 2>&1 &")
    time.sleep(0.5)
    assert len(session.pids()) <= session.spec.limits.processes + 1
    assert run_ok(session, "echo ok", timeout=5) == "ok\n"


@pytest.mark.parametrize(
    "stubborn",
    [
        "trap '' INT TERM; sleep 30",
        "bash -c 'trap \"\" INT TERM HUP; sleep 30'",
        "python3 -c 'import signal,time\nfor s in (2,15,1): signal.signal(s, signal.SIG_IGN)\ntime.sleep(30)'",
        "trap '' INT; while :; do :; done",
    ],
)
def test_processes_ignoring_signals_are_stopped(session: Session, stubborn: str) -> None:
    t0 = time.monotonic()
    r = session.run(stubborn, timeout=0.5)
    assert r.timed_out and r.exit_code is None
    assert time.monotonic() - t0 < 4
    assert run_ok(session, "echo next") == "next\n"
    assert "sleep 30" not in run_ok(session, "ps -eo args")


@pytest.mark.parametrize(
    "escape",
    [
        "setsid sleep 1000 &",
        "nohup sleep 1000 >/dev/null 2>&1 &",
        "sleep 1000 & disown",
        "(setsid bash -c 'sleep 1000 & sleep 1000' &)",
        "python3 -c 'import os,time\nif os.fork()==0:\n    os.setsid()\n    if os.fork()==0: time.sleep(1000)' &",
    ],
)
def test_escaped_processes_do_not_outlive_the_session(escape: str) -> None:
    s = Session.start(SessionSpec())
    try:
        run_ok(s, escape)
        # Wait for the escape to be complete: for the double fork, the grandchild in its own session (its
        # parent exits at once, and the python3 seen first may be that parent).
        assert eventually(lambda: "sleep" in run_ok(s, "ps -eo comm").split() or _in_own_session(s, "python3"))
        before = s.pids()
        assert len(before) >= 3
    finally:
        s.close()
    assert survivors(s) == []
    for pid in before:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                assert "sleep" not in fh.read()
        except FileNotFoundError:
            pass


def _in_own_session(s: Session, comm: str) -> bool:
    """Whether a process named `comm` runs in a session of its own making (setsid), apart from the shell's."""
    procs = [p for p in map(proctree.read_proc, s.pids()) if p is not None]
    shell_sessions = {p.sid for p in procs if p.comm == "bash"}
    return any(p.comm == comm and p.sid not in shell_sessions for p in procs)


def test_close_is_complete_even_mid_flood() -> None:
    s = Session.start(SessionSpec())
    s.run(":(){ :|:& };:", timeout=0.5)
    s.close()
    assert survivors(s) == []
    assert not s.alive


def test_a_flood_that_fills_up_while_a_command_runs_is_stopped_and_the_command_goes_on(session: Session) -> None:
    # The spawn loop reaches the process limit only after the next command has started, so nothing stops it
    # before that command: the command itself must be able to fork again.
    run_ok(session, "(sleep 0.2; while :; do sleep 60 & done) >/dev/null 2>&1 &")
    r = session.run("sleep 1.5; /bin/echo alive", timeout=8)
    assert r.stdout == "alive\n" and r.exit_code == 0, r
    assert [n.key for n in r.notices].count("process_limit") == 1
    assert len(session.pids()) < 10
