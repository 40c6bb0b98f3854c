"""The labelled fallback without bwrap: own temporary home, clean environment, limits, nothing left behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sandbox_helpers import run_ok, survivors

from shelltutor.sandbox import Session, SessionSpec


def test_unisolated_session_works_and_cleans_up() -> None:
    os.environ["SHELLTUTOR_TEST_SECRET"] = "token-abc"
    try:
        s = Session.start(SessionSpec(isolation="none"))
    finally:
        del os.environ["SHELLTUTOR_TEST_SECRET"]
    home = s.home
    try:
        assert s.isolation == "none" and home.startswith("/") and home != os.path.expanduser("~")
        assert run_ok(s, "pwd") == home + "\n"
        assert "token-abc" not in run_ok(s, "env")
        run_ok(s, "x=1; cd /tmp")
        assert run_ok(s, "echo $x; pwd") == "1\n/tmp\n"
        assert s.run("echo a; echo b >&2; (exit 4)").exit_code == 4
        run_ok(s, "setsid sleep 1000 & nohup sleep 1001 >/dev/null 2>&1 & echo hi > ~/f.txt")
        assert s.read_file("f.txt") == b"hi\n"
        assert s.run("sleep 5", timeout=0.3).timed_out
        assert s.run("exit").session_ended
        assert run_ok(s, "echo again") == "again\n"
        time.sleep(0.1)
        assert len(survivors(s)) >= 2
    finally:
        s.close()
    assert survivors(s) == []
    assert not os.path.exists(home)


CANARY = "/etc/shelltutor-test-canary"


@pytest.mark.skipif(os.geteuid() != 0, reason="the privilege drop only happens when the tutor runs as root")
def test_unisolated_as_root_runs_the_learner_unprivileged() -> None:
    """A lesson's wrong answer (`echo ... | sudo tee -a /etc/hosts`) once changed the host's real /etc/hosts."""
    s = Session.start(SessionSpec(isolation="none", env={"PATH": "/usr/bin:/bin"}))
    try:
        touched = s.run(f"touch {CANARY}")
        assert touched.exit_code != 0 and "Permission denied" in touched.stderr
        assert run_ok(s, "id -u; id -g; id -G") == "65534\n65534\n65534\n"
        stand_in = run_ok(s, "type -P sudo").strip()
        assert stand_in.endswith("/sandbox/bin/sudo"), stand_in
        hosts = Path("/etc/hosts").read_bytes()
        s.run("echo '10.0.0.1 canary.example' | sudo tee -a /etc/hosts")
        assert Path("/etc/hosts").read_bytes() == hosts
        run_ok(s, "echo mine > ~/f.txt")
        assert os.stat(Path(s.home) / "f.txt").st_uid == 65534
        assert os.stat(s.home).st_uid == 65534
        assert s.read_file("f.txt") == b"mine\n"
        assert s.run("sleep 5", timeout=0.3).timed_out
    finally:
        s.close()
        if os.path.exists(CANARY):
            os.unlink(CANARY)
    assert survivors(s) == []
    assert not os.path.exists(s.home)
