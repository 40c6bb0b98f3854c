"""Inputs that used to crash or hang the tutor: deep nesting, an endless status record, an attached program that
ignores every signal. Each case asserts the safe outcome and that the tutor answers the next command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_helpers import eventually, run_ok

from shelltutor.sandbox import CommandResult, Session, proctree
from shelltutor.service import TutorService, make_service

E2E_COURSE = Path(__file__).parents[1] / "fixtures" / "e2e-course"

# -- deep nesting: read by the grader, `shelltutor grade`, plain mode and the service ----------------------------

DEEP_2K = {
    # As deep as the sandbox's 4 KiB let a line go; a recursive walk over the syntax tree died at about 1,000.
    "arithmetic": "(" * 1000 + "1" + ")" * 1000,
    "subshells": "( " * 1000 + "pwd" + " )" * 1000,
    "substitutions": "echo " + "$( " * 600 + "pwd" + " )" * 600,
    "groups": "{ " * 800 + "pwd; " + "}; " * 800,
    "test": "[[ " + "( " * 1000 + "-d ." + " )" * 1000 + " ]]",
    "quotes": "echo " + '"$(echo ' * 400 + "x" + ')"' * 400,
    "arrays": "a=" + "(" * 2000 + "x" + ")" * 2000,
}
DEEP_10K = "( " * 10_000 + "pwd" + " )" * 10_000


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_dir / "data"), "XDG_CACHE_HOME": str(data_dir / "cache")}
    env.pop("LC_ALL", None)
    return subprocess.run(
        [sys.executable, "-m", "shelltutor", *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("family", DEEP_2K)
def test_grade_answers_deeply_nested_input_without_a_traceback(family: str, tmp_path: Path) -> None:
    line = DEEP_2K[family]
    assert len(line.encode()) <= 4096  # the sandbox runs it: graded on its result
    proc = _cli("grade", "--json", "where-am-i/pwd", line, data_dir=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    verdict = json.loads(proc.stdout)
    assert verdict["status"] in ("pass", "fail"), verdict
    assert proc.returncode == (0 if verdict["status"] == "pass" else 1)
    assert [r["command"] for r in verdict["results"]] == [line]


def test_grade_refuses_ten_thousand_levels_cleanly(tmp_path: Path) -> None:
    proc = _cli("grade", "where-am-i/pwd", DEEP_10K, data_dir=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1 and "too long" in proc.stdout


def test_plain_mode_survives_deep_nesting_and_goes_on(tmp_path: Path) -> None:
    lines = [DEEP_2K["arithmetic"], DEEP_10K, DEEP_2K["quotes"], DEEP_2K["subshells"]]  # the last prints the cwd
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-m", "shelltutor", "--lessons", str(E2E_COURSE), "--plain", "--exercise", "e2e-basics/pwd"],
        input="\n".join(lines) + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr[-2000:]
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "too long" in proc.stdout and proc.stdout.count("NOT YET") == 2 and "PASSED" in proc.stdout


@pytest.fixture
def service(tmp_path: Path) -> Iterator[TutorService]:
    svc = make_service(lang="en", extra_dirs=[E2E_COURSE], data_dir=tmp_path)
    yield svc
    svc.close()


def test_the_service_grades_deep_nesting_and_answers_the_next_command(service: TutorService) -> None:
    run = service.open("e2e-basics/pwd")
    try:
        for family, line in DEEP_2K.items():
            assert run.needs_terminal(line) is False, family
            outcome = run.run(line)
            assert outcome.saved and outcome.verdict is not None, family
            assert outcome.verdict.status in ("pass", "fail"), (family, outcome.verdict)
        assert run.needs_terminal(DEEP_10K) is False
        refused = run.run(DEEP_10K)
        assert not refused.saved and refused.result is None and "too long" in refused.notices[0].en
        done = run.run("pwd")
        assert done.verdict is not None and done.verdict.status == "pass"
    finally:
        run.close()


# -- the status pipe: a learner's process can write to it (/proc/1/fd/4) ------------------------------------------


def test_fifty_megabytes_without_a_nul_on_the_status_pipe_keep_the_tutor_small(session: Session) -> None:
    tracemalloc.start()
    try:
        r = session.run("head -c 50000000 /dev/zero | tr '\\0' x > /proc/1/fd/4; echo written", timeout=60)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, f"the tutor held {peak / 1e6:.0f} MB"  # the whole record, before the fix: 50 MB and more
    assert (r.exit_code, r.stdout, r.timed_out) == (0, "written\n", False), r
    assert run_ok(session, "echo next") == "next\n"
    assert session._box._buf == b""


def test_a_writer_that_never_stops_does_not_swallow_the_tutors_records(session: Session) -> None:
    # Unfinished garbage in front of every report of the shell: each report is still read.
    run_ok(session, "(while :; do head -c 100000 /dev/zero | tr '\\0' y; done > /proc/1/fd/4 &) 2>/dev/null")
    for i in range(5):
        assert run_ok(session, f"echo {i}", timeout=20) == f"{i}\n"
    assert session.state().cwd == session.home


def test_an_unfinished_record_then_forged_ones_do_not_swallow_the_shells_report(session: Session) -> None:
    # 300 KB without a NUL right before the shell's own report; then a flood of short records that mimic the
    # shell's reports with a wrong nonce (an earlier command's, which the tutor ignores).
    forged = r"printf 'D 0123456789abcdef 0 - /tmp\0S 0123456789abcdef\0Q x\0' "
    r = session.run(
        f"for i in $(seq 1000); do {forged}; done > /proc/1/fd/4;"
        " head -c 300000 /dev/zero | tr '\\0' z > /proc/1/fd/4; echo survived",
        timeout=20,
    )
    assert (r.exit_code, r.stdout, r.timed_out, r.session_ended) == (0, "survived\n", False, False), r
    assert run_ok(session, "pwd") == session.home + "\n"


# -- an attached program that ignores every signal ---------------------------------------------------------------


class Terminal:
    """A pty standing in for the learner's real terminal: keys typed on its master side, the screen drained."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        self.screen = bytearray()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.screen += data

    def press(self, keys: bytes, times: int = 1, gap: float = 0.15) -> None:
        for _ in range(times):
            os.write(self.master, keys)
            time.sleep(gap)

    def close(self) -> None:
        os.close(self.slave)
        time.sleep(0.05)
        os.close(self.master)


class Attached:
    """`session.attach(command)` on a Terminal, in a thread (attach has no timeout of its own)."""

    def __init__(self, session: Session, command: str) -> None:
        self.session = session
        self.terminal = Terminal()
        self.results: list[CommandResult] = []
        self.thread = threading.Thread(
            target=lambda: self.results.append(session.attach(command, self.terminal.slave, self.terminal.slave)),
            daemon=True,
        )
        self.thread.start()

    def foreground(self, *names: str, timeout: float = 15.0) -> None:
        """Wait until one of the programs `names` has the sandbox's terminal."""

        def running() -> bool:
            group = self.session._box.fg_pgrp()
            proc = proctree.read_proc(group) if group is not None else None
            return proc is not None and proc.comm in names

        assert eventually(running, timeout), f"none of {names} took the terminal"
        time.sleep(0.3)  # and has set its terminal up

    def result(self, timeout: float = 15.0) -> CommandResult:
        """The command's result; fails (and ends the sandbox) when the tutor stayed attached."""
        self.thread.join(timeout)
        hung = self.thread.is_alive()
        if hung:
            self.session._box.close()  # ends the command (close() would wait for it: it holds the session)
            self.thread.join(15)
        self.terminal.close()
        assert not hung, "the tutor stayed attached"
        (result,) = self.results
        return result


def _escaped(result: CommandResult) -> bool:
    return any(n.key == "escaped" for n in result.notices)


IGNORE_ALL = "trap '' INT QUIT TSTP TERM HUP; exec sleep 100000\r"


def test_ctrl_c_three_times_leaves_a_nested_shell_that_ignores_every_signal(session: Session) -> None:
    attached = Attached(session, "bash")
    attached.foreground("bash")
    attached.terminal.press(IGNORE_ALL.encode())
    attached.foreground("sleep")
    attached.terminal.press(b"\x03", times=2)
    time.sleep(2.5)  # two presses, then the two seconds are over: nothing happens
    assert attached.thread.is_alive()
    attached.terminal.press(b"\x03", times=3)
    r = attached.result()
    assert _escaped(r) and r.interrupted and r.exit_code is None, r
    assert not r.session_ended  # the nested shell was the job: the learner's own shell goes on
    assert run_ok(session, "echo next") == "next\n"


def test_ctrl_backslash_three_times_leaves_it_too(session: Session) -> None:
    attached = Attached(session, "bash")
    attached.foreground("bash")
    attached.terminal.press(IGNORE_ALL.encode())
    attached.foreground("sleep")
    attached.terminal.press(b"\x1c", times=3)
    r = attached.result()
    assert _escaped(r) and r.interrupted, r
    assert run_ok(session, "echo next") == "next\n"


def test_the_learners_own_shell_replaced_by_a_program_that_ignores_every_signal(session: Session) -> None:
    run_ok(session, "echo kept > notes.txt")
    attached = Attached(session, "exec bash")
    attached.foreground("bash")
    attached.terminal.press(IGNORE_ALL.encode())
    attached.foreground("sleep")
    attached.terminal.press(b"\x03", times=3)
    r = attached.result()
    assert _escaped(r) and r.session_ended, r  # a new shell took over
    assert run_ok(session, "cat notes.txt") == "kept\n"


def test_a_program_that_reads_and_drops_every_key_is_left_with_ctrl_backslash(session: Session) -> None:
    attached = Attached(session, "bash")
    attached.foreground("bash")
    attached.terminal.press(b"stty raw -isig -echo; while :; do IFS= read -rsn1 _; done\r")
    time.sleep(1.0)
    attached.terminal.press(b"\x03", times=4)  # read as characters, by the program: not the tutor's business
    time.sleep(1.5)
    assert attached.thread.is_alive()
    attached.terminal.press(b"\x1c", times=3)
    r = attached.result()
    assert _escaped(r), r
    assert run_ok(session, "echo next") == "next\n"


def test_a_raw_terminal_nobody_reads_is_left_with_ctrl_c(session: Session) -> None:
    attached = Attached(session, "bash")
    attached.foreground("bash")
    attached.terminal.press(b"stty -isig; exec sleep 100000\r")
    attached.foreground("sleep")
    attached.terminal.press(b"\x03", times=3)
    r = attached.result()
    assert _escaped(r), r
    assert run_ok(session, "echo next") == "next\n"


def test_ctrl_c_in_vi_is_vis_own_key(session: Session) -> None:
    attached = Attached(session, "vi notes.txt")
    attached.foreground("vi", "vim", "vim.basic")
    attached.terminal.press(b"ihello")
    attached.terminal.press(b"\x03", times=3)  # leaves insert mode; vi says how to quit
    time.sleep(1.5)
    assert attached.thread.is_alive()
    attached.terminal.press(b":wq\r")
    r = attached.result()
    assert r.exit_code == 0 and not _escaped(r) and not r.interrupted, r
    assert session.read_file("notes.txt") == b"hello\n"


@pytest.mark.parametrize("command", ["less numbers.txt", "man ls"])
def test_ctrl_c_in_less_and_man_leaves_them_running_until_q(session: Session, command: str) -> None:
    run_ok(session, "seq 1000 > numbers.txt")
    attached = Attached(session, command)
    attached.foreground("less", "man", "pager")
    attached.terminal.press(b"\x03", times=3)
    time.sleep(1.5)
    assert attached.thread.is_alive()  # less catches SIGINT (it ends a search): still there
    attached.terminal.press(b"q")
    r = attached.result()
    assert r.exit_code == 0 and not _escaped(r), r
    assert run_ok(session, "echo next") == "next\n"
