"""Hostile family: blocking on input, and the front door (sizes, NUL bytes, incomplete commands)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from sandbox_helpers import run_ok

from shelltutor.sandbox import CommandRefused, Session


@pytest.mark.parametrize(
    "waits",
    ["cat", "read line", "python3", "head -1", "sort", "mkfifo p && cat p", "mkfifo q && echo x > q", "vi notes.txt"],
)
def test_waiting_for_input_is_bounded(session: Session, waits: str) -> None:
    t0 = time.monotonic()
    r = session.run(waits, timeout=0.5)
    assert r.timed_out and r.exit_code is None
    assert time.monotonic() - t0 < 3
    assert run_ok(session, "echo next") == "next\n"


def test_waiting_for_the_keyboard_is_explained(session: Session) -> None:
    r = session.run("cat", timeout=0.3)
    assert any("waiting for input" in n for n in r.notices)


def test_full_screen_programs_without_a_terminal(session: Session) -> None:
    assert "LS(1)" in run_ok(session, "man ls | head -3") or "ls" in run_ok(session, "man ls | head -3")
    run_ok(session, "printf 'a\\nb\\n' > f.txt")
    assert run_ok(session, "less f.txt") == "a\nb\n"
    r = session.run("top -n 1", timeout=2)
    assert r.exit_code is not None or r.timed_out


@pytest.mark.parametrize(
    "bad",
    ["x" * 4097, "echo " + "한" * 1400, "echo \x00", "\x00", "ls\x00; rm -rf ~"],
)
def test_front_door_refuses(session: Session, bad: str) -> None:
    with pytest.raises(CommandRefused):
        session.run(bad)
    assert run_ok(session, "echo fine") == "fine\n"


def _exec(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shelltutor", "exec", *args], capture_output=True, text=True, timeout=60
    )


def test_exec_cli_contract() -> None:
    done = _exec("--json", "cd /tmp", "pwd; echo err >&2; (exit 3)", "sleep 5", "exit")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["isolation"] == "bwrap" and set(payload) == {"isolation", "results"}
    results = payload["results"]
    assert [set(r) for r in results] == [
        {"command", "stdout", "stderr", "exit_code", "duration_ms", "timed_out", "truncated", "session_ended", "stages"}
    ] * 4
    assert results[1]["stdout"] == "/tmp\n" and results[1]["stderr"] == "err\n" and results[1]["exit_code"] == 3
    assert results[2]["exit_code"] is None or results[2]["exit_code"] == 0


def test_exec_cli_timeout_and_refusals() -> None:
    payload = json.loads(_exec("--json", "--timeout", "0.3", "sleep 3").stdout)
    assert payload["results"][0]["timed_out"] is True
    for bad in ("x" * 5000, "a\x01b".replace("\x01", "\x00")):
        if "\x00" in bad:
            continue  # a NUL byte cannot even be passed in argv; the library test covers it
        done = _exec("--json", "echo ok", bad)
        assert done.returncode == 2
        payload = json.loads(done.stdout)
        assert "error" in payload and "too long" in payload["error"]
    done = _exec("echo out; echo err >&2")
    assert done.returncode == 0
    assert "$ echo out; echo err >&2\nout\n! err\n[exit 0;" in done.stdout
    assert "exit status" in _exec("--help").stdout.lower()
