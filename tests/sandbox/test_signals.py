"""The learner's commands start with every signal at its default, however the tutor itself was started."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading

from sandbox_helpers import run_ok, survivors

from shelltutor.sandbox import Session, SessionSpec

SHOW = "grep -E 'Sig(Blk|Ign)' /proc/self/status"
SETTABLE = sum(1 << (int(sig) - 1) for sig in signal.valid_signals())
"""The signals a program can set: not the C library's own 32 and 33, which a parent outside our control may
leave ignored (this machine's job runner does) and nothing can reset."""


def blocked_and_ignored(status: str) -> tuple[int, int]:
    """The settable signals blocked and ignored, from /proc/PID/status's SigBlk and SigIgn lines."""
    masks = dict(line.split(":\t") for line in status.splitlines())
    return int(masks["SigBlk"], 16) & SETTABLE, int(masks["SigIgn"], 16) & SETTABLE


def test_signals_the_tutor_ignores_are_not_passed_on() -> None:
    # As under `nohup shelltutor` (SIGHUP), or a tutor started as a script's background job (SIGINT, SIGQUIT).
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGHUP, signal.SIGINT, signal.SIGQUIT)}
    for sig in saved:
        signal.signal(sig, signal.SIG_IGN)
    try:
        session = Session.start(SessionSpec())
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    try:
        assert blocked_and_ignored(run_ok(session, SHOW)) == (0, 0)
        # What the nohup lesson shows: a run started without nohup dies of SIGHUP.
        assert run_ok(session, "sleep 5 & kill -HUP $!; wait $!; echo $?", timeout=8).endswith("129\n")
        threading.Timer(0.3, session.interrupt).start()
        r = session.run("sleep 10; echo not reached", timeout=8)
        assert r.interrupted and r.exit_code == 130 and r.stdout == "", r
    finally:
        session.close()
    assert survivors(session) == []


def test_signals_blocked_where_the_first_sandbox_is_started_are_not_passed_on() -> None:
    # A fresh interpreter, so that its first sandbox is started from a thread that blocks signals.
    code = (
        "import signal\n"
        "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})\n"
        "from shelltutor.sandbox import Session, SessionSpec\n"
        "with Session.start(SessionSpec()) as s:\n"
        f"    print(s.run({SHOW!r}).stdout, end='')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert blocked_and_ignored(done.stdout) == (0, 0)
