"""The sandbox's /etc and /proc tell nothing about the host: its own files plus an allow-list, never the host's.

Before, the host's whole /etc was bound with five files laid over it: its backups (`passwd-`, `shadow-`),
`subuid`, `machine-id`, credential helpers in `gitconfig` were readable, and when the host replaced
/etc/passwd (any `useradd`) the kernel detached the overlay, so `whoami` in a running session named a host
user."""

from __future__ import annotations

import ctypes
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_helpers import run_ok

from shelltutor.sandbox import Session, SessionSpec, sandboxetc
from shelltutor.sandbox.sandboxdata import sandbox_data
from shelltutor.sandbox.sandboxetc import ETC_FROM_HOST, ETC_OWN, ETC_SYMLINKS, sandbox_etc

MARKER = Path("/etc/shelltutor-test-marker")
NEW_FILE = "adding a file to the host's /etc needs root; test_etc_holds_only_the_allow_list covers every user"
REPLACE = "replacing the host's /etc/passwd needs root; test_no_host_file_is_mounted_in_etc covers every user"


def _expected_etc() -> set[str]:
    """What the sandbox's /etc may hold: its own files, symlinks, and the allow-listed host entries there are."""
    names = {*ETC_OWN, *(name for _, name in ETC_SYMLINKS)}
    names |= {name.split("/")[0] for name in ETC_FROM_HOST if os.path.lexists(f"/etc/{name}")}
    names |= {name for name in os.listdir("/etc") if name.startswith("python3")}
    if os.path.exists("/etc/bash.bashrc"):
        names.add("bash.bashrc")
    return names


def test_etc_holds_only_the_allow_list(session: Session) -> None:
    inside = set(run_ok(session, "ls -A /etc").split())
    assert inside == _expected_etc()
    host_only = set(os.listdir("/etc")) - inside
    assert {"passwd-", "group-", "shadow", "machine-id"} & set(os.listdir("/etc")) <= host_only


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd-",
        "/etc/group-",
        "/etc/shadow",
        "/etc/shadow-",
        "/etc/gshadow",
        "/etc/subuid",
        "/etc/subgid",
        "/etc/machine-id",
        "/etc/gitconfig",
        "/etc/pip.conf",
        "/etc/environment",
        "/etc/profile.d",
        # The sandbox has its own /etc/ssh (sandbox/etc/ssh: gpu-server's settings), never the host's keys.
        "/etc/ssh/ssh_host_ed25519_key",
        "/etc/ssh/ssh_host_rsa_key",
        "/etc/ssh/ssh_config.d",
        "/etc/ssh/sshd_config.d",
    ],
)
def test_host_backups_identity_and_credentials_are_absent(session: Session, path: str) -> None:
    r = session.run(f"ls -d {path}")
    assert r.exit_code != 0, r
    assert "No such file or directory" in r.stderr


@pytest.fixture
def host_marker() -> Iterator[Path]:
    """A file only the host's /etc has, made after the sandbox's /etc was staged."""
    MARKER.write_text("host only\n")
    try:
        yield MARKER
    finally:
        MARKER.unlink(missing_ok=True)


@pytest.mark.skipif(os.geteuid() != 0, reason=NEW_FILE)
def test_a_file_new_in_the_hosts_etc_is_not_in_the_sandbox(session: Session, host_marker: Path) -> None:
    r = session.run(f"cat {host_marker}")
    assert r.exit_code != 0 and "host only" not in r.stdout
    with Session.start(SessionSpec(isolation="bwrap")) as fresh:
        assert fresh.run(f"cat {host_marker}").exit_code != 0


def test_no_host_file_is_mounted_in_etc(session: Session) -> None:
    """The structural proof: /etc is one read-only mount of the sandbox's own folder, with nothing mounted on a
    file inside it. A mount on a host file is what the kernel detaches when the host replaces that file."""
    mounts = [line.split() for line in run_ok(session, "cat /proc/self/mountinfo").splitlines()]
    etc = [fields for fields in mounts if fields[4] == "/etc" or fields[4].startswith("/etc/")]
    assert len(etc) == 1, etc
    root, point, options = etc[0][3], etc[0][4], etc[0][5]
    assert point == "/etc" and root != "/etc" and "shelltutor-etc-" in root
    assert options.split(",")[0] == "ro"
    r = session.run("touch /etc/passwd /etc/new")
    assert r.exit_code != 0 and "Read-only file system" in r.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason=REPLACE)
def test_whoami_stays_learner_when_the_host_replaces_etc_passwd(session: Session) -> None:
    """As `useradd` does: a new /etc/passwd renamed into place (here with the same content, under the lock
    the shadow tools take, so nothing on the host changes but the file's inode)."""
    assert run_ok(session, "whoami") == "learner\n"
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.lckpwdf() == 0, ctypes.get_errno()
    try:
        passwd = Path("/etc/passwd")
        copy = passwd.with_name(".shelltutor-test-passwd")
        shutil.copy2(passwd, copy)
        st = passwd.stat()
        os.chown(copy, st.st_uid, st.st_gid)
        os.rename(copy, passwd)
    finally:
        libc.ulckpwdf()
    assert run_ok(session, "whoami") == "learner\n"
    assert run_ok(session, "cut -d: -f1 /etc/passwd").split() == ["root", "learner", "nobody", "mlops"]


def test_proc_cmdline_is_empty(session: Session) -> None:
    assert Path("/proc/cmdline").read_bytes()  # the host's says how it booted
    assert run_ok(session, "wc -c </proc/cmdline") == "0\n"


def test_the_programs_lessons_use_still_work(session: Session) -> None:
    """Each reads something in /etc: alternatives (vi, view, editor, pager, awk), man's configuration, file's
    magic, the dynamic linker's cache, mtab, the time zone, name lookup, python's site configuration."""
    run_ok(session, "printf 'b\\na\\n' > f.txt")
    checks = {
        "vi -es -c '1s/^/hello /' -c wq f.txt && head -1 f.txt": "hello b\n",
        "view --version | head -1 | cut -c1-3": "VIM\n",
        "readlink -f /usr/bin/editor /usr/bin/pager | xargs -n1 basename | sed 's/[.].*//'": "vim\nless\n",
        "awk 'END { print NR }' f.txt": "2\n",
        "man ls | grep -c '^NAME'": "1\n",
        "man -w ls | grep -c man1": "1\n",
        "less f.txt | tail -1": "a\n",
        "file -b f.txt": "ASCII text\n",
        "file -b --mime-type /usr/bin/ls": "application/x-pie-executable\n",
        "curl -s file:///etc/hostname": "shelltutor\n",
        "python3 -c 'import mimetypes, readline, ssl; print(mimetypes.guess_type(\"a.html\")[0])'": "text/html\n",
        "ldconfig -p | grep -c 'libc[.]so[.]6 '": "1\n",
        "df --output=target . | tail -1": "/home/learner\n",
        "unset TZ; date +%Z": "UTC\n",
        "whoami; id -gn; ls -l f.txt | awk '{ print $3 }'": "learner\nlearner\nlearner\n",
        "getent hosts shelltutor | awk '{ print $1 }'": "127.0.1.1\n",
        "hostname": "shelltutor\n",
        # A login shell reads the sandbox's /etc/profile: PATH keeps the stand-ins (sudo, scp) first.
        "bash -lc 'echo ${PATH%%:*}; type -P sudo'": "/opt/shelltutor/bin\n/opt/shelltutor/bin/sudo\n",
    }
    for command, expected in checks.items():
        r = session.run(command)
        assert (r.stdout, r.exit_code) == (expected, 0), (command, r.stdout, r.stderr)


def test_the_stage_copies_only_the_allow_list_and_follows_host_replacements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Staged from a stand-in host /etc: allow-listed entries copied (symlinks as symlinks, modes kept),
    others left out; a file the host replaces by renaming is staged again, the old stage kept for the
    sandboxes that show it."""
    host = tmp_path / "etc"
    (host / "alternatives").mkdir(parents=True)
    (host / "alternatives" / "vi").symlink_to("/usr/bin/vim.basic")
    (host / "ld.so.cache").write_text("cache 1")
    (host / "magic").write_text("private")
    (host / "magic").chmod(0o600)
    (host / "shadow-").write_text("root:$6$secret")
    (host / "python3.11").mkdir()
    monkeypatch.setattr(sandboxetc, "HOST_ETC", host)
    monkeypatch.setattr(sandboxetc, "RECHECK_SECONDS", 0.0)
    monkeypatch.setattr(sandboxetc, "_current", None)
    first = sandbox_etc(sandbox_data())
    assert sorted(p.name for p in first.iterdir()) == sorted(
        {*ETC_OWN, *(name for _, name in ETC_SYMLINKS), "alternatives", "ld.so.cache", "magic", "python3.11"}
    )
    assert os.readlink(first / "alternatives" / "vi") == "/usr/bin/vim.basic"
    assert (first / "magic").stat().st_mode & 0o777 == 0o600
    assert (first / "passwd").read_text() == (sandbox_data() / "etc" / "passwd").read_text()
    assert sandbox_etc(sandbox_data()) == first  # nothing changed: the same stage
    (host / "ld.so.cache.new").write_text("cache 2")
    (host / "ld.so.cache.new").rename(host / "ld.so.cache")
    second = sandbox_etc(sandbox_data())
    assert second != first and (second / "ld.so.cache").read_text() == "cache 2"
    assert (first / "ld.so.cache").read_text() == "cache 1"
