"""gpu-server: a real OpenSSH server inside the sandbox, for the lessons on ssh, scp and rsync.

`sandbox/gpu-server/start` runs `/usr/sbin/sshd` as the sandbox's own user, on 127.0.0.2 port 2222 (the sandbox's
private loopback; ports below 1024 need a capability the sandbox does not have), with the host key shipped in
`sandbox/gpu-server/` (known to every sandbox through `/etc/ssh/ssh_known_hosts`). The sandbox's
`/etc/ssh/ssh_config` starts it (`Match host gpu-server exec`) the first time anything connects, so a session that
never connects pays nothing. The account `mlops` (`/etc/passwd`: the learner's uid, its own home
`/tmp/gpu-server/home/mlops`, a password hash in the passwd field, since there is no PAM and no root) logs in with
the password `welcome-gpu` or with a key in its `authorized_keys`.

Checked here with the real bwrap: password and key logins, remote commands, scp and rsync into the remote home,
the permission errors the lessons teach (client and server side), that only mlops may log in, that nothing outside
the sandbox is reachable or changed, and that sshd dies with the sandbox.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_helpers import run_ok, survivors

from shelltutor.course.keys import parse_keys
from shelltutor.sandbox import Session, SessionSpec

pytestmark = pytest.mark.skipif(not os.path.exists("/usr/sbin/sshd"), reason="needs openssh-server (/usr/sbin/sshd)")

REMOTE_HOME = "/tmp/gpu-server/home/mlops"
ASKPASS = "printf '#!/bin/sh\\necho welcome-gpu\\n' > /tmp/askpass && chmod +x /tmp/askpass"
"""A password helper for the tests (the lessons type the password on the terminal instead)."""
WITH_PASSWORD = "SSH_ASKPASS=/tmp/askpass SSH_ASKPASS_REQUIRE=force"
CONFIG = "printf 'Host gpu-server\\n  User mlops\\n  Port 2222\\n  BatchMode yes\\n' > ~/.ssh/config"


@pytest.fixture
def box() -> Iterator[Session]:
    """A fresh sandbox whose learner has a key installed on gpu-server and a ~/.ssh/config entry for it."""
    s = Session.start(SessionSpec(isolation="bwrap"))
    try:
        run_ok(s, "ssh-keygen -q -t ed25519 -N '' -f ~/.ssh/id_ed25519")
        run_ok(s, ASKPASS)
        run_ok(s, f"{WITH_PASSWORD} ssh-copy-id -p 2222 mlops@gpu-server < /dev/null")
        run_ok(s, CONFIG)
        yield s
    finally:
        s.close()
        assert survivors(s) == []


def sshd_pids(s: Session) -> list[int]:
    """The listening sshd (a connection's own sshd may still be ending)."""
    return [int(p) for p in run_ok(s, "pgrep -f '^sshd: .*\\[listener\\]' || true").split()]


def test_nothing_runs_until_something_connects(session: Session) -> None:
    """Other exercises pay nothing: no sshd, no /tmp/gpu-server, until ssh, scp or rsync name gpu-server."""
    assert sshd_pids(session) == []
    assert session.run("ls /tmp/gpu-server").exit_code != 0
    assert run_ok(session, "getent hosts gpu-server") == "127.0.0.2       gpu-server\n"
    assert run_ok(session, "getent passwd mlops").startswith("mlops:$6$")


def test_password_login_then_key_login_runs_a_remote_command(session: Session) -> None:
    run_ok(session, "ssh-keygen -q -t ed25519 -N '' -f ~/.ssh/id_ed25519")
    run_ok(session, ASKPASS)
    r = session.run(f"{WITH_PASSWORD} ssh -p 2222 mlops@gpu-server 'echo $USER $HOME' < /dev/null")
    assert (r.exit_code, r.stdout) == (0, f"mlops {REMOTE_HOME}\n")
    # No key installed yet: a key-only login is refused.
    r = session.run("ssh -o BatchMode=yes -p 2222 mlops@gpu-server true")
    assert r.exit_code == 255 and "mlops@gpu-server: Permission denied (publickey,password)." in r.stderr
    run_ok(session, f"{WITH_PASSWORD} ssh-copy-id -p 2222 mlops@gpu-server < /dev/null")
    assert session.read_file(f"{REMOTE_HOME}/.ssh/authorized_keys") == session.read_file(".ssh/id_ed25519.pub")
    r = session.run("ssh -o BatchMode=yes -p 2222 mlops@gpu-server 'pwd; nproc > /dev/null && echo ok'")
    assert (r.exit_code, r.stdout) == (0, f"{REMOTE_HOME}\nok\n")
    assert "Accepted publickey for mlops" in run_ok(session, "cat /tmp/gpu-server/sshd.log")


def test_the_password_is_typed_on_the_terminal(session: Session) -> None:
    """As the lesson's full-screen step does: ssh-copy-id asks for the password on the terminal. The keys wait for
    the prompt (echo off), which flushes whatever was typed before it."""
    run_ok(session, "ssh-keygen -q -t ed25519 -N '' -f ~/.ssh/id_ed25519 && /opt/shelltutor/gpu-server/start")
    keys = parse_keys("welcome-gpu<Enter>")
    r = session.run("ssh-copy-id -p 2222 mlops@gpu-server", terminal=True, keys=keys, timeout=15)
    assert r.exit_code == 0, r
    assert "mlops@gpu-server's password:" in r.stdout and "Number of key(s) added: 1" in r.stdout


def test_scp_and_rsync_copy_into_the_remote_home(box: Session) -> None:
    run_ok(box, "mkdir -p runs/exp7/ckpt && echo 'loss 0.31' > runs/exp7/train.log && echo w > runs/exp7/ckpt/a.pt")
    run_ok(box, "printf 'id,label\\n1,3\\n' > val.csv && ssh gpu-server 'mkdir -p data'")
    assert box.run("scp val.csv gpu-server:data/").exit_code == 0
    assert box.read_file(f"{REMOTE_HOME}/data/val.csv") == b"id,label\n1,3\n"
    assert box.run("scp -r runs gpu-server:").exit_code == 0
    assert box.read_file(f"{REMOTE_HOME}/runs/exp7/ckpt/a.pt") == b"w\n"
    r = box.run("rsync -avP runs/exp7/ gpu-server:copy/")
    assert r.exit_code == 0 and "train.log" in r.stdout
    assert box.stat(f"{REMOTE_HOME}/copy/train.log") is not None
    assert box.stat(f"{REMOTE_HOME}/copy/exp7") is None  # the trailing slash: the contents
    run_ok(box, "rsync -a runs/exp7 gpu-server:nested/")
    assert box.stat(f"{REMOTE_HOME}/nested/exp7/train.log") is not None
    # And back: pulling results, without the checkpoints.
    run_ok(box, "rsync -a --exclude='*.pt' gpu-server:runs/exp7/ back/")
    assert run_ok(box, "find back -type f | sort") == "back/train.log\n"
    assert run_ok(box, "ssh gpu-server 'cat data/val.csv | wc -l'") == "2\n"


def test_scp_is_the_real_one(box: Session) -> None:
    """No stand-in: `scp` is /usr/bin/scp, and a host other than gpu-server gets ssh's own error."""
    assert run_ok(box, "command -v scp") == "/usr/bin/scp\n"
    r = box.run("scp -v /etc/hostname gpu-server: 2>&1 | grep -c 'Authenticated to gpu-server'")
    assert r.stdout == "1\n"
    r = box.run("scp /etc/hostname nowhere.example:")
    assert r.exit_code == 255 and "Could not resolve hostname nowhere.example" in r.stderr


def test_the_server_has_nvidia_smi(box: Session) -> None:
    """A GPU server answers `ssh gpu-server nvidia-smi`: the stand-ins are on the remote PATH as on the learner's."""
    assert run_ok(box, "ssh gpu-server 'command -v nvidia-smi'").strip() == "/opt/shelltutor/bin/nvidia-smi"
    assert run_ok(box, "ssh gpu-server nvidia-smi -L").startswith("GPU 0: NVIDIA")


def test_port_forwarding_reaches_a_server_on_the_remote_side(box: Session) -> None:
    run_ok(box, "mkdir -p site && echo 'tensorboard here' > site/index.html")
    run_ok(box, "cd site && (python3 -m http.server 6006 --bind 127.0.0.1 > /dev/null 2>&1 &) ; cd")
    run_ok(box, "ssh -f -N -o ExitOnForwardFailure=yes -L 16006:localhost:6006 gpu-server")
    deadline = time.monotonic() + 10
    while True:
        r = box.run("curl -s http://localhost:16006/index.html")
        if r.stdout == "tensorboard here\n" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert r.stdout == "tensorboard here\n"


def test_permission_errors_the_lessons_teach(box: Session) -> None:
    run_ok(box, "chmod 644 ~/.ssh/id_ed25519")
    r = box.run("ssh gpu-server true")
    assert r.exit_code == 255
    assert "WARNING: UNPROTECTED PRIVATE KEY FILE!" in r.stderr and "Permissions 0644" in r.stderr
    run_ok(box, "chmod 600 ~/.ssh/id_ed25519 && chmod 666 ~/.ssh/config")
    r = box.run("ssh gpu-server true")
    assert r.exit_code == 255 and "Bad owner or permissions on /home/learner/.ssh/config" in r.stderr
    run_ok(box, "chmod 600 ~/.ssh/config")
    assert box.run("ssh gpu-server true").exit_code == 0
    # The server's StrictModes: a home others may write makes sshd ignore authorized_keys.
    run_ok(box, f"chmod 777 {REMOTE_HOME}")
    r = box.run("ssh gpu-server true")
    assert r.exit_code == 255 and "Permission denied (publickey,password)" in r.stderr
    assert "Authentication refused: bad ownership or modes for directory" in run_ok(box, "cat /tmp/gpu-server/sshd.log")
    run_ok(box, f"chmod 755 {REMOTE_HOME}")
    assert box.run("ssh gpu-server true").exit_code == 0


def test_only_mlops_may_log_in(box: Session) -> None:
    for user in ("learner", "root", "nobody"):
        r = box.run(f"ssh -l {user} gpu-server true")
        assert r.exit_code == 255 and f"{user}@gpu-server: Permission denied" in r.stderr, r
    r = box.run("ssh -p 22 gpu-server true")
    assert "connect to host gpu-server port 22: Connection refused" in r.stderr


def test_the_server_comes_back_after_it_was_killed(box: Session) -> None:
    """The keeper kills every process when the learner's shell restarts; the next ssh starts sshd again."""
    (old,) = sshd_pids(box)
    run_ok(box, f"kill {old}; while kill -0 {old} 2> /dev/null; do sleep 0.05; done")
    assert box.run("ssh gpu-server true").exit_code == 0
    (new,) = sshd_pids(box)
    assert new != old


def test_nothing_outside_the_sandbox_is_reachable_or_changed(box: Session) -> None:
    """gpu-server lives on the sandbox's own loopback: the host cannot reach it, and it cannot reach the host's
    ports; its files are in the sandbox's /tmp, not the host's."""
    host_listener = socket.socket()
    host_listener.bind(("127.0.0.1", 0))
    host_listener.listen()
    port = host_listener.getsockname()[1]
    try:
        r = box.run(f"ssh -o ConnectTimeout=3 -p {port} mlops@127.0.0.1 true")
        assert r.exit_code == 255 and "Connection refused" in r.stderr
        with socket.socket() as probe:
            probe.settimeout(2)
            assert probe.connect_ex(("127.0.0.2", 2222)) != 0  # the sandbox's sshd is not on the host's loopback
    finally:
        host_listener.close()
    assert not Path("/tmp/gpu-server/home/mlops/.ssh/authorized_keys").exists()
    assert box.stat(f"{REMOTE_HOME}/.ssh/authorized_keys") is not None


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def test_sshd_dies_with_the_sandbox() -> None:
    s = Session.start(SessionSpec(isolation="bwrap"))
    try:
        run_ok(s, "/opt/shelltutor/gpu-server/start")
        assert len(sshd_pids(s)) == 1
        host_sshds = [pid for pid in s.pids() if _comm(pid) == "sshd"]
        assert len(host_sshds) == 1
    finally:
        s.close()
    assert survivors(s) == []
    assert [pid for pid in host_sshds if _comm(pid) == "sshd"] == []


def test_start_is_quick(session: Session) -> None:
    """Measured: the first connection pays for starting sshd (tens of ms); a running server is found at once."""
    r = session.run("time /opt/shelltutor/gpu-server/start")
    assert r.exit_code == 0
    r = session.run("/opt/shelltutor/gpu-server/start --match")
    assert r.exit_code == 1  # "no match": it changes no ssh setting
