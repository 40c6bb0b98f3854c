"""Full-screen programs on the sandbox's terminal, the host's view of the home, completion, reset."""

from __future__ import annotations

import os
import threading
import time

import pytest
from sandbox_helpers import run_ok

from shelltutor.sandbox import CommandResult, HomeEntry, Session, SessionSpec


def test_vi_edits_a_file_with_typed_keys(session: Session) -> None:
    r = session.run("vi notes.txt", terminal=True, keys="ihello from vi\x1b:wq\r", timeout=10)
    assert r.exit_code == 0 and not r.timed_out
    assert session.read_file("notes.txt") == b"hello from vi\n"
    assert run_ok(session, "cat notes.txt") == "hello from vi\n"


def test_man_ls_quits_with_q(session: Session) -> None:
    r = session.run("man ls", terminal=True, keys="q", timeout=10)
    assert r.exit_code == 0 and not r.timed_out
    assert "LS(1)" in r.stdout
    run_ok(session, "cd /tmp")
    assert run_ok(session, "pwd") == "/tmp\n"  # the session goes on with its state


def test_less_and_top_on_the_terminal(session: Session) -> None:
    run_ok(session, "seq 100 > numbers.txt")
    r = session.run("less numbers.txt", terminal=True, keys="Gq", timeout=10)
    assert r.exit_code == 0 and "100" in r.stdout
    r = session.run("top", terminal=True, keys="q", timeout=10)
    assert r.exit_code == 0 and not r.timed_out


def attached(session: Session, command: str, typed: list[tuple[float, bytes]]) -> tuple[CommandResult, bytes]:
    """Run `command` attached to a pty of our own, typing each of `typed` after its pause; the result and every
    byte the user's terminal received."""
    master, slave = os.openpty()
    out: list[bytes] = []

    def user() -> None:
        for pause, keys in typed:
            time.sleep(pause)
            os.write(master, keys)

    def reader() -> None:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if not data:
                return
            out.append(data)

    threading.Thread(target=user, daemon=True).start()
    threading.Thread(target=reader, daemon=True).start()
    try:
        r = session.attach(command, slave, slave)
    finally:
        os.close(slave)
        time.sleep(0.05)
        os.close(master)
    return r, b"".join(out)


def test_attach_hands_over_a_real_terminal(session: Session) -> None:
    r, shown = attached(session, "vi attached.txt", [(0.8, b"ihi there\x1b:wq\r")])
    assert r.exit_code == 0
    assert session.read_file("attached.txt") == b"hi there\n"
    assert b"shelltutor:" not in shown  # the driver's markers never reach the user's terminal
    assert run_ok(session, "echo after") == "after\n"


@pytest.mark.parametrize("command", ["sleep 30", "cat > typed.txt"])
def test_ctrl_c_on_an_attached_command_shows_nothing_of_the_driver(session: Session, command: str) -> None:
    """Bash abandons the trigger line on Ctrl-C; the tutor asks for the status again, and the terminal's echo of
    that request must not reach the learner's screen."""
    r, shown = attached(session, command, [(0.8, b"typed line\r"), (0.3, b"\x03")])
    assert r.interrupted and r.exit_code == 130
    assert b"__st" not in shown and b"shelltutor:" not in shown, shown
    assert run_ok(session, "echo after") == "after\n"


def test_files_stat_read_file(session: Session) -> None:
    run_ok(session, "mkdir -p a/b && echo hi > a/b/f.txt && chmod 600 a/b/f.txt && ln -s a/b/f.txt link && mkfifo p")
    files = {e.path: e for e in session.files()}
    assert files["a"].kind == "dir" and files["a/b/f.txt"].size == 3 and files["a/b/f.txt"].mode == 0o600
    assert files["link"].kind == "symlink" and files["link"].target == "a/b/f.txt"
    assert files["p"].kind == "other"
    assert session.read_file("a/b/f.txt") == b"hi\n"
    assert session.read_file("/home/learner/a/b/f.txt") == b"hi\n"
    assert session.read_file("a/b/f.txt", max_bytes=1) == b"h"
    assert session.stat("missing") is None
    try:
        session.read_file("missing")
    except FileNotFoundError:
        pass
    else:
        raise AssertionError("FileNotFoundError expected")
    run_ok(session, "echo t > /tmp/t.txt")
    assert session.read_file("/tmp/t.txt") == b"t\n"
    assert len(session.files(limit=2)) == 2


def test_complete_file_names(session: Session) -> None:
    run_ok(session, "mkdir -p docs/deep notes && touch docs/readme.md draft.txt")
    assert session.complete("d") == ["docs/", "draft.txt"]
    assert session.complete("docs/") == ["docs/deep/", "docs/readme.md"]
    run_ok(session, "cd docs")
    assert session.complete("re") == ["readme.md"]
    assert session.complete("~/no") == ["~/notes/"]


def test_complete_command_names(session: Session) -> None:
    # what bash offers where a command goes: builtins, programs on PATH, the learner's aliases and functions
    assert session.complete("hist", command=True) == ["history"]
    assert "grep" in session.complete("gre", command=True)
    run_ok(session, "alias gpustat='nvidia-smi'; trainrun() { :; }")
    assert session.complete("gpus", command=True) == ["gpustat"]
    assert session.complete("trainr", command=True) == ["trainrun"]
    assert session.complete("__st", command=True) == []  # the tutor's own functions stay hidden
    assert run_ok(session, "echo $? ok") == "0 ok\n"  # completing changed nothing the learner sees


def test_reset_is_fresh() -> None:
    """A fresh home, shell and history each time (how fast: benchmarks/bench_sandbox.py)."""
    spec = SessionSpec(home=(HomeEntry("given.txt", content=b"fixture\n"),))
    with Session.start(spec) as s:
        for _ in range(5):
            run_ok(s, "echo junk > junk.txt; cd /tmp; x=1; alias a=b; sleep 100 &")
            old = s.pids()
            s.reset()
            assert s.stat("junk.txt") is None and s.read_file("given.txt") == b"fixture\n"
            assert run_ok(s, "pwd; echo ${x:-unset}; alias a 2>/dev/null || echo no-a; jobs; history | wc -l") == (
                "/home/learner\nunset\nno-a\n1\n"
            )
            assert not set(old) & set(s.pids())


def test_the_sandbox_package_imports_no_ui() -> None:
    import subprocess
    import sys

    code = (
        "import sys, shelltutor.sandbox, shelltutor.cli.exec_cmd\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
