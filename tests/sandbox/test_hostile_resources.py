"""Hostile family: resource exhaustion. Disk, inodes, CPU, memory and recursion are bounded."""

from __future__ import annotations

import time

import pytest
from sandbox_helpers import run_ok

from shelltutor.sandbox import Session, SessionSpec, load_limits


def test_one_huge_file_hits_the_file_size_limit(session: Session) -> None:
    r = session.run("head -c 100M /dev/zero > big; echo status=$?")
    assert "File size limit exceeded" in r.stderr or "status=153" in r.stdout
    assert (session.stat("big") or object()).size <= 10 << 20  # type: ignore[attr-defined]
    assert run_ok(session, "rm big; echo ok") == "ok\n"


def test_a_file_past_the_size_limit_is_told_in_words(session: Session) -> None:
    """The status (153) is explained as the sandbox's file-size limit, for the command and for its pipeline
    stage (the pipeline view showed only the number)."""
    from shelltutor.sandbox.exitsignals import signal_note
    from shelltutor.sandbox.stagetext import plain_lines

    r = session.run("head -c 20M /dev/zero > big")
    assert r.exit_code == 153
    assert (signal_note(r.exit_code, "en") or "").startswith("usually SIGXFSZ: file size limit exceeded")
    r = session.run("head -c 20M /dev/zero | cat > big")
    assert r.exit_code == 153 and len(r.stages) == 2
    said = "\n".join(plain_lines(r.stages, "en"))
    assert "exit 153 (usually SIGXFSZ: file size limit exceeded" in said, said
    run_ok(session, "rm big")


def test_disk_fill_in_one_file_and_in_many() -> None:
    limits = load_limits().with_overrides({"file_size_mb": 64, "disk_mb": 8})
    with Session.start(SessionSpec(limits=limits)) as s:
        r = s.run("head -c 50M /dev/zero > big")
        assert r.exit_code != 0 and "No space left" in r.stderr
        assert run_ok(s, "rm big; df -k ~ | tail -1").split()[1] == str(8 * 1024)
        r = s.run("for i in $(seq 200); do head -c 100k /dev/zero > f$i || break; done", timeout=10)
        assert "No space left" in r.stderr
        r = s.run("head -c 50M /dev/zero > /tmp/big")
        assert "No space left" in r.stderr
        assert run_ok(s, "rm -f f* /tmp/big; echo ok") == "ok\n"


def test_inode_flood_is_bounded(session: Session) -> None:
    t0 = time.monotonic()
    r = session.run("mkdir many && cd many && while :; do touch f$RANDOM$RANDOM$RANDOM; done", timeout=1)
    assert r.timed_out and time.monotonic() - t0 < 4
    r = session.run("cd ~/many && touch $(seq -f 'g%.0f' 20000) 2>/dev/null; ls | wc -l", timeout=5)
    assert r.exit_code is not None or r.timed_out
    assert run_ok(session, "cd ~ && rm -rf many && echo ok", timeout=10) == "ok\n"


@pytest.mark.parametrize(
    "spin",
    ["while :; do :; done", "python3 -c 'while True: pass'", "yes > /dev/null", "sha256sum /dev/zero"],
)
def test_cpu_spin_is_stopped(session: Session, spin: str) -> None:
    t0 = time.monotonic()
    r = session.run(spin, timeout=0.5)
    assert r.timed_out and time.monotonic() - t0 < 3
    assert run_ok(session, "echo next") == "next\n"


def test_background_cpu_spin_is_killed_by_the_cpu_limit() -> None:
    limits = load_limits().with_overrides({"cpu_seconds": 1})
    with Session.start(SessionSpec(limits=limits)) as s:
        run_ok(s, "(while :; do :; done) & python3 -c 'while True: pass' &")
        deadline = time.monotonic() + 20  # 1 s of CPU each; the machine may be busy with other tests

        def spinning(listing: str) -> bool:
            return "python3 -c" in listing or sum("bash" in line for line in listing.splitlines()) > 2

        while spinning(out := run_ok(s, "ps -eo args")) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert "python3 -c" not in out
        assert (
            sum("bash" in line for line in out.splitlines()) == 2
        )  # the keeper and the learner's shell: the spinning subshell is gone


@pytest.mark.parametrize(
    "bomb",
    [
        "python3 -c 'x = bytearray(3 * 1024**3)'",
        "python3 -c 'l = []\nwhile True: l.append(bytearray(64 * 1024**2))'",
        "tail /dev/zero",
        "x=$(head -c 2000M /dev/zero | tr '\\0' a); echo ${#x}",
    ],
)
def test_memory_bombs_fail(session: Session, bomb: str) -> None:
    t0 = time.monotonic()
    r = session.run(bomb, timeout=5)
    assert r.exit_code != 0
    assert time.monotonic() - t0 < 8
    assert run_ok(session, "echo next") == "next\n"


@pytest.mark.parametrize(
    "recursion",
    [
        "f() { f; }; f",
        "python3 -c 'import sys\nsys.setrecursionlimit(10**7)\ndef f(): f()\nf()'",
        "bash -c 'f() { f; }; f'",
    ],
)
def test_deep_recursion_is_bounded(session: Session, recursion: str) -> None:
    t0 = time.monotonic()
    r = session.run(recursion, timeout=5)
    assert r.exit_code != 0 or r.session_ended or r.timed_out
    assert time.monotonic() - t0 < 10
    assert run_ok(session, "echo next") == "next\n"


def test_limits_are_in_force_inside(session: Session) -> None:
    limits = session.spec.limits
    out = run_ok(session, "ulimit -u; ulimit -n; ulimit -v; ulimit -f; ulimit -t")
    assert out.split() == [
        str(limits.processes),
        str(limits.open_files),
        str(limits.memory_mb * 1024),
        str(limits.file_size_mb * 1024),
        str(limits.cpu_seconds),
    ]
