"""Hostile family: escaping the box. Host files, home, environment and kernel stay out of reach."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_helpers import run_ok

from shelltutor.sandbox import Session, SessionSpec


@pytest.fixture
def canary() -> Iterator[Path]:
    """A host file with a secret; it must stay unread and unchanged."""
    with tempfile.TemporaryDirectory(prefix="shelltutor-canary-") as d:
        path = Path(d) / "secret.txt"
        path.write_text("host secret 1234\n")
        yield path
        assert path.read_text() == "host secret 1234\n"


def test_host_files_and_home_are_invisible(session: Session, canary: Path) -> None:
    for target in (str(canary), str(canary.parent), "/root", str(Path.home()), "/work", os.getcwd(), "/run/user"):
        if target == session.home:
            # A host user called `learner` has the sandbox's home path: there it must be another folder.
            host = os.stat(target)
            inside = run_ok(session, f"stat -c %d:%i {target}").strip()
            assert inside != f"{host.st_dev}:{host.st_ino}", target
            continue
        r = session.run(f"ls -la {target}")
        assert r.exit_code != 0, target
    assert "host secret" not in session.run(f"cat {canary} /proc/1/root{canary}").stdout
    assert run_ok(session, "ls /home") == "learner\n"
    out = run_ok(session, "cat /etc/passwd")
    # root, learner, nobody and mlops (gpu-server's account, sandbox/gpu-server/start): the sandbox's own users.
    assert out.count("\n") == 4 and "learner:x:1000" in out


def test_host_environment_does_not_leak() -> None:
    os.environ["SHELLTUTOR_TEST_SECRET"] = "token-abc"
    os.environ["SSH_AUTH_SOCK"] = "/tmp/ssh-agent.sock"
    try:
        with Session.start(SessionSpec()) as s:
            for command in ("env", "cat /proc/self/environ /proc/1/environ | tr '\\0' '\\n'", "set"):
                out = run_ok(s, command)
                assert "token-abc" not in out and "SSH_AUTH_SOCK" not in out, command
    finally:
        del os.environ["SHELLTUTOR_TEST_SECRET"]
        del os.environ["SSH_AUTH_SOCK"]


@pytest.mark.parametrize(
    "write",
    [
        "touch /usr/bin/evil",
        "echo 'root::0:0::/:/bin/sh' >> /etc/passwd",
        "mkdir /evil",
        "touch /dev/evil",
        "rm -f /bin/ls",
        "cp /bin/sh /opt/shelltutor/bin/sudo",
        "echo hi > /home/evil",
    ],
)
def test_system_paths_are_read_only(session: Session, write: str) -> None:
    r = session.run(write)
    assert r.exit_code != 0
    assert "Read-only file system" in r.stderr or "Permission denied" in r.stderr
    assert run_ok(session, "ls /usr/bin | wc -l").strip() != "0"


def test_rm_rf_root_only_hurts_the_sandbox(session: Session, canary: Path) -> None:
    run_ok(session, "echo mine > ~/mine.txt")
    r = session.run("rm -rf ~/* /* 2>/dev/null; rm -rf --no-preserve-root / 2>/dev/null", timeout=3)
    assert r.exit_code is not None or r.timed_out  # walking all of /proc and /usr takes a while: bounded
    assert session.stat("mine.txt") is None
    assert run_ok(session, "ls /usr/bin/ls && echo still here") == "/usr/bin/ls\nstill here\n"


def test_symlinks_out_of_the_sandbox_are_never_followed_by_the_host(session: Session, canary: Path) -> None:
    run_ok(session, f"ln -s {canary} host; ln -s /etc/shadow shadow; ln -s / root; ln -s /proc/1/root proot")
    run_ok(session, f"mkdir d && ln -s {canary.parent} d/up")
    for path in ("host", "shadow", "root/etc/passwd", "d/up/secret.txt", "proot/etc/hostname"):
        with pytest.raises(OSError):
            session.read_file(path)
    entry = session.stat("host")
    assert entry is not None and entry.kind == "symlink" and entry.target == str(canary)
    assert session.stat("d/up/secret.txt") is None
    kinds = {e.path: e.kind for e in session.files()}
    assert kinds["host"] == "symlink" and kinds["d/up"] == "symlink"
    assert not any(p.startswith("root/") for p in kinds)
    # The run directory is the learner's too: a symlink planted there is not followed when reading state.
    run_ok(session, f"ln -sf {canary} /run/shelltutor/s.vars; ln -sf {canary} /run/shelltutor/cmp")
    state = session.state()
    assert "host secret" not in repr(state)
    assert session.complete("ho") == ["host"]


@pytest.mark.parametrize(
    "device",
    ["head -c 16 /dev/sda", "head -c 16 /dev/mem", "head -c 16 /dev/kmsg", "ls /dev/vda /dev/nvme0n1", "mknod x b 8 0"],
)
def test_raw_devices_are_absent(session: Session, device: str) -> None:
    assert session.run(device).exit_code != 0
    assert set(run_ok(session, "ls /dev").split()) <= {
        "console", "core", "fd", "full", "null", "ptmx", "pts", "random", "shm", "stderr", "stdin", "stdout",
        "tty", "urandom", "zero",
    }  # fmt: skip


@pytest.mark.parametrize(
    "knob",
    [
        "echo 1 > /proc/sys/kernel/sysrq",
        "echo b > /proc/sysrq-trigger",
        "sysctl -w kernel.hostname=pwned",
        "echo 0 > /proc/sys/kernel/randomize_va_space",
        "hostname pwned",
    ],
)
def test_kernel_knobs_cannot_be_changed(session: Session, knob: str) -> None:
    assert session.run(knob).exit_code != 0
    assert run_ok(session, "hostname") == "shelltutor\n"


@pytest.mark.parametrize(
    "nest",
    [
        "unshare -U true",
        "unshare -r id",
        "unshare -n true",
        "bwrap --bind / / true",
        "python3 -c 'import os; os.unshare(os.CLONE_NEWUSER)'",
    ],
)
def test_nested_namespaces_are_refused(session: Session, nest: str) -> None:
    assert session.run(nest).exit_code != 0


def test_no_privileges_inside(session: Session) -> None:
    status = run_ok(session, "grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs)' /proc/self/status")
    assert "CapEff:\t0000000000000000" in status and "NoNewPrivs:\t1" in status
    assert session.run("su -c id root", keys="\n").exit_code != 0
    suid = run_ok(session, "find /usr/bin -perm -4000 | head -3").split()
    for program in suid:
        out = session.run(f"{program} --version 2>/dev/null; id -u", timeout=2).stdout
        assert "1000" in out.splitlines()[-1:] or out == ""
    assert run_ok(session, "id -u") == "1000\n"


def test_ptrace_reaches_only_the_sandbox(session: Session) -> None:
    host_pid = os.getpid()
    r = session.run(f"kill -0 {host_pid} && echo visible")
    assert "visible" not in r.stdout or host_pid < 50  # host pids are not in the sandbox's pid namespace
    assert int(run_ok(session, "ls /proc | grep -c '^[0-9]'")) < 20
    r = session.run(
        "python3 -c 'import ctypes, sys\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        f"print(libc.ptrace(16, {host_pid}, 0, 0), ctypes.get_errno())'"
    )
    assert r.stdout.startswith("-1")


def test_tiocsti_injection_does_not_run_or_escape(session: Session, canary: Path) -> None:
    inject = (
        f'python3 -c \'import fcntl, termios\nfor c in "touch ~/pwned; cat {canary}\\n":\n'
        "    try: fcntl.ioctl(0, termios.TIOCSTI, c.encode())\n    except OSError as e: print(e); break'"
    )
    r = session.run(inject)
    assert "Operation not permitted" in r.stdout  # refused by the sandbox's seccomp filter
    assert run_ok(session, "echo next") == "next\n"
    assert session.stat("pwned") is None
