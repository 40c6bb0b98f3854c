"""The installed `shelltutor` on a real pty: type an answer, quit, start again and find the progress saved."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

E2E_COURSE = str(Path(__file__).parents[1] / "fixtures" / "e2e-course")
pytestmark = pytest.mark.e2e


def _spawn(shelltutor_bin: str, env: dict[str, str], *args: str) -> pexpect.spawn:
    env = {**env, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "36"}
    child = pexpect.spawn(
        shelltutor_bin,
        ["--lessons", E2E_COURSE, "--lang", "en", *args],
        env=env,
        dimensions=(36, 120),
        encoding="utf-8",
        codec_errors="replace",
        timeout=30,
    )
    return child


def _progress(shelltutor_bin: str, env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        [shelltutor_bin, "--lessons", E2E_COURSE, "progress", "--json"], env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _wait_for_attempts(shelltutor_bin: str, env: dict[str, str], count: int, timeout: float = 20) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    progress = _progress(shelltutor_bin, env)
    while progress["attempts"] < count and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.1)
        progress = _progress(shelltutor_bin, env)
    return progress


def test_pass_an_exercise_by_typing_quit_and_find_it_again(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    child = _spawn(shelltutor_bin, tutor_env, "--exercise", "e2e-basics/pwd")
    try:
        child.expect("Print the working directory")
        child.expect(r"learner@shelltutor:~/projects/sentiment\$")
        child.send("pwd\r")
        child.expect("PASSED|Correct")
        progress = _wait_for_attempts(shelltutor_bin, tutor_env, 1)
        assert "e2e-basics/pwd" in progress["completed"]  # type: ignore[operator]
        child.sendcontrol("q")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before

    # Started again with no arguments, the tutor resumes after the finished exercise.
    again = _spawn(shelltutor_bin, tutor_env)
    try:
        again.expect("1 of")  # the course map's overall progress counts the finished exercise
        again.sendcontrol("q")
        again.expect(pexpect.EOF)
    finally:
        again.close(force=True)
    progress = _progress(shelltutor_bin, tutor_env)
    assert progress["completed"] == ["e2e-basics/pwd"]
    assert progress["position"] == "e2e-basics/pwd"


def test_sigkill_right_after_an_attempt_loses_nothing(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    child = _spawn(shelltutor_bin, tutor_env, "--exercise", "e2e-basics/pwd")
    try:
        child.expect(r"learner@shelltutor:~/projects/sentiment\$")
        child.send("ls\r")
        child.expect("progress saved|saved")
        os.kill(child.pid, signal.SIGKILL)
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    progress = _progress(shelltutor_bin, tutor_env)
    assert progress["attempts"] == 1
    assert progress["completed"] == []


def test_input_not_in_utf8_is_dropped_and_the_tutor_goes_on(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    # A paste cut in the middle of a Hangul syllable, or a terminal sending EUC-KR: Textual's input thread
    # decoded strictly and the app died with a traceback (and exit status 0).
    child = _spawn(shelltutor_bin, tutor_env, "--exercise", "e2e-basics/pwd")
    try:
        child.expect(r"learner@shelltutor:~/projects/sentiment\$")
        os.write(child.child_fd, b"echo \xea\xb0")  # the first two bytes of 가, then nothing
        time.sleep(0.2)
        os.write(child.child_fd, b" \xc7\xd1\xb1\xdb")  # 한글 in EUC-KR
        time.sleep(0.5)
        child.send("\x15")  # Ctrl-U: clear whatever the line holds
        child.send("pwd\r")
        child.expect("PASSED|Correct")
        child.sendcontrol("q")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
    assert "Traceback" not in (child.before or "")


def test_the_tutor_ends_when_its_terminal_goes_away(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    """An ssh connection drops or a tmux window is killed: the terminal hangs up. The tutor must end, not stay
    behind reading end-of-file in a loop (it did, at 65 % of a core, when SIGHUP did not reach it: under
    `nohup`, or behind `su`). SIGHUP is ignored here so that only the hangup itself can end it."""
    env = {**tutor_env, "TERM": "xterm-256color"}
    child = pexpect.spawn(
        shelltutor_bin,
        ["--lessons", E2E_COURSE, "--lang", "en"],
        env=env,
        dimensions=(36, 120),
        timeout=30,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )
    child.expect("Enter")  # the course map is up
    pid = child.pid
    os.close(child.child_fd)  # the terminal goes away
    child.child_fd = -1
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise AssertionError("the tutor kept running after its terminal hung up")
