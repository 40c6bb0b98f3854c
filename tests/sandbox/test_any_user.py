"""Sessions work whoever runs the tutor: an ordinary user (whose terminal the sandbox could open) or root.

Until this was fixed, every session of an ordinary user failed at once: the keeper, a session leader with
no controlling terminal, had the tutor's pty on stdin; bash opens ttyname(stdin) at start without
O_NOCTTY, which made the pty the keeper's controlling terminal, and the learner's `setsid -c` then failed
with EPERM. As root the pty belonged to root, the open was refused, and every test passed. The tests here
recreate the ordinary user's situation under root too (the pty handed to the sandbox's uid), so both CI
passes check it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from sandbox_helpers import run_ok

from shelltutor.sandbox import Session, SessionError, SessionSpec, sandboxdata
from shelltutor.sandbox import box as box_module
from shelltutor.sandbox import probe as probe_module
from shelltutor.sandbox.bwrap import DROP_UID
from shelltutor.sandbox.fixes import fix_for_failure, userns_fix

MODES: list[Literal["bwrap", "none"]] = ["bwrap", "none"]


@pytest.fixture
def pty_owned_by_the_learner(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every new pty belongs to the uid the learner's processes run as: an ordinary user's situation."""
    real_openpty = os.openpty

    def openpty() -> tuple[int, int]:
        master, slave = real_openpty()
        if os.geteuid() == 0:
            os.fchown(slave, DROP_UID, DROP_UID)
        return master, slave

    monkeypatch.setattr(box_module.os, "openpty", openpty)


@pytest.mark.parametrize("isolation", MODES)
def test_a_session_starts_when_the_learner_could_open_the_terminal(
    pty_owned_by_the_learner: None, isolation: Literal["bwrap", "none"]
) -> None:
    with Session.start(SessionSpec(isolation=isolation)) as s:
        assert run_ok(s, "echo hi") == "hi\n"
        # The learner's shell has the terminal as its controlling terminal: full-screen programs need it.
        assert s.run("( : </dev/tty ) && tty -s", terminal=True).exit_code == 0
        tty_nr = run_ok(s, "read -r -a stat </proc/$$/stat; echo ${stat[6]}").strip()
        assert tty_nr.isdigit() and int(tty_nr) != 0, tty_nr


@pytest.mark.parametrize("isolation", MODES)
def test_the_keeper_never_has_the_terminal(isolation: Literal["bwrap", "none"]) -> None:
    """The keeper (pid 1 under bwrap) gets /dev/null on stdin and no controlling terminal, in both modes."""
    with Session.start(SessionSpec(isolation=isolation)) as s:
        keeper = s._box.keeper_pid if isolation == "none" else 1
        assert run_ok(s, f"readlink /proc/{keeper}/fd/0").strip() == "/dev/null"
        assert run_ok(s, f"ps -o tty= -p {keeper}").strip() == "?"


def test_python_runs_under_either_name() -> None:
    """Servers have `python` (a virtualenv, conda, an image); `python` must not be "command not found" here."""
    with Session.start(SessionSpec()) as s:
        assert run_ok(s, "python -c 'import sys; print(sys.version_info[0])'") == "3\n"
        assert run_ok(s, "python3 -c 'print(1)'") == "1\n"


@pytest.fixture
def private_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The sandbox's files in a folder only its owner can enter (a checkout under /root, a 700 home)."""
    private = tmp_path / "home"
    private.mkdir(mode=0o700)
    data = private / "sandbox"
    shutil.copytree(sandboxdata.data_dir("sandbox"), data)
    os.chmod(private, 0o700)
    monkeypatch.setattr(sandboxdata, "data_dir", lambda name: data)
    monkeypatch.setattr(sandboxdata, "_copies", {})
    yield data


@pytest.mark.parametrize("isolation", MODES)
def test_a_checkout_in_a_private_folder_works(private_checkout: Path, isolation: Literal["bwrap", "none"]) -> None:
    with Session.start(SessionSpec(isolation=isolation)) as s:
        assert run_ok(s, "echo ok; sudo true 2>&1 | head -1") == "ok\nsudo: not available in the shelltutor sandbox.\n"
    used = sandboxdata.sandbox_data()
    if os.geteuid() == 0:
        # Root's sandbox runs as nobody, which cannot enter the folder: it reads a world-readable copy.
        assert used != private_checkout and sandboxdata.readable_by_others(used)
    else:
        assert used == private_checkout


# -- the isolation self-test --------------------------------------------------------------------------------


def test_the_self_test_runs_a_real_session() -> None:
    report = probe_module._run_probe()
    assert report.ok, report
    for check in ("session_starts", "controlling_terminal", *probe_module.CHECKS):
        assert report.checks[check] is True, check


def test_the_self_test_fails_when_sessions_cannot_start(monkeypatch: pytest.MonkeyPatch) -> None:
    said = (
        "the learner's shell ends as soon as it starts: "
        "setsid: failed to set the controlling terminal: Operation not permitted"
    )

    def broken(*args: object, **kwargs: object) -> Session:
        raise SessionError(said, fix=fix_for_failure(said))

    monkeypatch.setattr(Session, "start", broken)
    report = probe_module._run_probe()
    assert not report.ok and report.checks == {"session_starts": False}
    assert report.problem is not None and "setsid" in report.problem
    assert report.fix is None, "user namespaces work here: the user-namespace advice would be wrong"


def test_the_self_test_sees_a_host_folder_that_is_visible(monkeypatch: pytest.MonkeyPatch) -> None:
    """The host-home check compares identities: pointed at a folder the sandbox does show (/usr), it fails."""
    usr = os.stat("/usr")
    monkeypatch.setattr(probe_module, "_host_paths", lambda: [f"/usr={usr.st_dev}:{usr.st_ino}"])
    report = probe_module._run_probe()
    assert not report.ok and report.checks["host_home_invisible"] is False
    assert report.problem is not None and "host_home_invisible" in report.problem


@pytest.mark.parametrize(
    ("said", "is_userns"),
    [
        ("bwrap: setting up uid map: Permission denied", True),
        ("bwrap: No permissions to creating new namespace, likely because the kernel does not allow", True),
        ("bwrap: No permissions to create a new namespace, likely because the kernel does not allow", True),
        ("bwrap: Creating new namespace failed: No space left on device", True),
        ("bwrap: loopback: Failed RTM_NEWADDR: Operation not permitted", True),
        ("setsid: failed to set the controlling terminal: Operation not permitted", False),
        ("bash: line 1: /sys/x: Operation not permitted", False),
        ("the learner's shell ends as soon as it starts", False),
    ],
)
def test_the_fix_offered_matches_the_failure(said: str, is_userns: bool) -> None:
    fix = fix_for_failure(f"the sandbox stopped: {said}\n" if not said.startswith("bwrap") else said)
    assert (fix == userns_fix()) is is_userns, fix


def test_other_bwrap_failures_get_their_own_fix() -> None:
    proc = fix_for_failure("bwrap: Can't mount proc on /newroot/proc: Operation not permitted")
    assert proc is not None and "container" in proc and proc != userns_fix()
    unreadable = fix_for_failure("bwrap: Can't bind mount /oldroot/root/x on /newroot/opt: Permission denied")
    assert unreadable is not None and "folder every user can enter" in unreadable
