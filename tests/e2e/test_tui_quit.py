"""Ctrl+Q on the installed `shelltutor`: the process ends at once, its sandboxes (and the prepared one) with it."""

from __future__ import annotations

import time
from pathlib import Path

import pexpect
import pytest

E2E_COURSE = str(Path(__file__).parents[1] / "fixtures" / "e2e-course")
pytestmark = pytest.mark.e2e


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (the tutor's sandboxes: each one's bwrap)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if fields[1] == str(pid):
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def spawn_tutor(shelltutor_bin: str, tutor_env: dict[str, str]) -> pexpect.spawn:
    """The installed tutor on a 120×36 pty, in the e2e course's first exercise."""
    env = {**tutor_env, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "36"}
    return pexpect.spawn(
        shelltutor_bin,
        ["--lessons", E2E_COURSE, "--lang", "en", "--exercise", "e2e-basics/pwd"],
        env=env,
        dimensions=(36, 120),
        encoding="utf-8",
        codec_errors="replace",
        timeout=30,
    )


def test_ctrl_q_ends_the_tutor_and_every_sandbox(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    child = spawn_tutor(shelltutor_bin, tutor_env)
    try:
        child.expect(r"sentiment\$")  # the prompt: the exercise's shell is ready
        deadline = time.monotonic() + 10
        while len(children(child.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)  # the exercise's sandbox, and the next one's prepared while the learner reads
        sandboxes = children(child.pid)
        assert len(sandboxes) >= 2
        child.sendcontrol("q")
        child.expect(pexpect.EOF)
        child.wait()
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
    assert [pid for pid in sandboxes if alive(pid)] == []


def test_a_full_screen_program_hands_the_terminal_back(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    """vi runs on the real terminal (Textual suspends) and the tutor comes back when it ends: twice, then Ctrl+Q.
    The driver's wake-up pipe, closed by the suspend, must be made again on resume (it was not: the tutor ended
    with `ValueError: Invalid file descriptor: -1`)."""
    child = spawn_tutor(shelltutor_bin, tutor_env)
    try:
        child.expect(r"sentiment\$")
        for attempt in range(2):
            child.send(f"vi note{attempt}.txt\r")
            child.expect(r"\[New\]")  # vi's screen: "note0.txt" [New]
            time.sleep(0.3)
            child.send(f"ihello {attempt}\x1b:wq\r")
            child.expect(r"exit status 0")  # back in the tutor, the command's status in the terminal panel
        child.send("cat note1.txt\r")
        child.expect("hello 1")
        assert child.isalive()
        child.sendcontrol("q")
        child.expect(pexpect.EOF)
        child.wait()
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
