"""The sandbox's /etc: its own files and an allow-list of host files, staged in a private folder."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from pathlib import Path

from shelltutor.sandbox.errors import SessionError

ETC_OWN = (
    *("passwd", "group", "hostname", "hosts", "resolv.conf", "nsswitch.conf", "profile", "timezone", "tmux.conf"),
    "ssh",
)
"""The sandbox's own files (`sandbox/etc/`): its users, name, network, name lookup, login profile and tmux settings
(keys typed at once are not a paste), and `ssh/`
(the ssh client's settings and known hosts, and the sshd settings of gpu-server, the server simulated inside the
sandbox: `sandbox/gpu-server/start`)."""
ETC_FROM_HOST = (
    # The dynamic linker's cache and configuration: without the cache every program start searches the
    # library folders, and `ldconfig -p` lists nothing.
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    # Debian's alternatives: vi, vim, view, editor, pager, awk, which ... are symlinks through it.
    "alternatives",
    # What the programs the lessons teach read: vim, readline (python3's prompt), man and groff, ncurses, file.
    "vim",
    "inputrc",
    "manpath.config",
    "groff",
    "terminfo",
    "magic",
    "magic.mime",
    "mime.types",
    # Data that is the same on every machine with the distribution.
    "locale.alias",
    "services",
    "protocols",
    "shells",
    "os-release",
    "debian_version",
    "lsb-release",
)
"""Host /etc entries the sandbox gets, when the host has them: an allow-list. Nothing else of the host's /etc
exists inside: not its users, nor `passwd-`/`shadow-` backups, `subuid`, `machine-id`, `gitconfig` (credential
helpers), `pip.conf`, `environment` or `profile.d` (proxies with passwords), nor TLS certificates (no network)."""
_PYTHON_ETC = re.compile(r"python3(\.\d+)?")
"""Debian's python3 configuration folders (`python3.11/sitecustomize.py` is where a symlink in /usr points)."""
ETC_SYMLINKS = (("/usr/share/zoneinfo/Etc/UTC", "localtime"), ("../proc/self/mounts", "mtab"))
"""(target, name): the local time is UTC whatever the host's, as TZ says; `mtab` as on any Linux."""
HOST_ETC = Path("/etc")
RECHECK_SECONDS = 1.0
"""How often a new session looks whether the stage's sources changed (a few dozen `lstat`s each time)."""

_lock = threading.Lock()
_current: tuple[tuple[object, ...], Path] | None = None
_checked = 0.0
_stages: list[Path] = []


def sandbox_etc(data: Path) -> Path:
    """A folder to bind read-only as the sandbox's /etc, staged again when one of its sources changed.

    A copy, not binds of host files: the host's /etc bound with a few files laid over it showed every host
    file not overlaid, and when the host replaced an overlaid file (`useradd` renames a new /etc/passwd
    into place) the kernel detached the overlay and a running sandbox saw the host's users. Nothing on the
    host renames files in this folder. One bind instead of one per file: each bind costs bwrap about 0.2 ms,
    and the twenty-odd of a tmpfs /etc with one bind per file added a quarter to a session's start."""
    global _current, _checked
    with _lock:
        now = time.monotonic()
        if _current is not None and _current[0][0] == str(data) and now - _checked < RECHECK_SECONDS:
            return _current[1]
        _checked = now
        names = _host_names()
        key = _signature(data, names)
        if _current is not None and _current[0] == key:
            return _current[1]
        try:
            stage = _stage(data, names)
        except OSError as exc:
            raise SessionError(
                f"cannot prepare the sandbox's /etc in {_stage_parent()}: {exc.strerror or exc}",
                fix="free some space there (or set TMPDIR to a folder with room) and try again",
            ) from None
        # A replaced stage stays until exit: sandboxes started from it still show it as their /etc.
        _stages.append(stage)
        if len(_stages) == 1:
            atexit.register(_remove_stages)
        _current = (key, stage)
        return stage


def _host_names() -> list[str]:
    try:
        pythons = sorted(name for name in os.listdir(HOST_ETC) if _PYTHON_ETC.fullmatch(name))
    except OSError:
        pythons = []
    return [*ETC_FROM_HOST, *pythons]


def _signature(data: Path, names: list[str]) -> tuple[object, ...]:
    """What the stage is made of, as `lstat`s: package upgrades, `ldconfig` and `update-alternatives` replace
    files by renaming, which changes the inode or the folder's mtime. An edit in place of a file inside an
    allow-listed folder is seen by the next tutor."""

    def stamp(path: Path) -> object:
        try:
            st = os.lstat(path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size, st.st_mode)

    own = [data / "etc" / name for name in ETC_OWN]
    own += [child for path in own if path.is_dir() for child in sorted(path.iterdir())]
    host = [HOST_ETC / "bash.bashrc", *(HOST_ETC / name for name in names)]
    return (str(data), *names, *(stamp(path) for path in [*own, data / "driver.bash", *host]))


def _stage(data: Path, host_names: list[str]) -> Path:
    stage = Path(tempfile.mkdtemp(prefix="shelltutor-etc-", dir=_stage_parent()))
    try:
        for name in ETC_OWN:
            source = data / "etc" / name
            if source.is_dir():  # ssh/: its files only, each readable by everyone
                os.mkdir(stage / name, 0o755)
                for entry in sorted(source.iterdir()):
                    _copy_file(entry, stage / name / entry.name, 0o644)
            else:
                _copy_file(source, stage / name, 0o644)
        if (HOST_ETC / "bash.bashrc").exists():
            # Debian's bash reads it for every interactive shell: nested shells stay connected to the driver.
            _copy_file(data / "driver.bash", stage / "bash.bashrc", 0o644)
        for name in host_names:
            _copy_host_entry(HOST_ETC / name, stage / name)
        for target, name in ETC_SYMLINKS:
            os.symlink(target, stage / name)
        os.chmod(stage, 0o755)  # as root the sandbox runs as nobody, which must read it
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return stage


def _copy_file(source: Path, dest: Path, mode: int) -> None:
    shutil.copyfile(source, dest, follow_symlinks=False)
    os.chmod(dest, mode)


def _copy_host_entry(source: Path, dest: Path) -> None:
    """Copy a file, folder or symlink with its permissions (no set-id bits): what the sandbox's user could
    not read, it still cannot (as root the copy stays root's; an ordinary user cannot read it to copy it).
    Symlinks are copied as symlinks: the alternatives point into /usr, which the sandbox has."""
    try:
        st = os.lstat(source)
        if stat.S_ISLNK(st.st_mode):
            os.symlink(os.readlink(source), dest)
        elif stat.S_ISREG(st.st_mode):
            _copy_file(source, dest, stat.S_IMODE(st.st_mode) & 0o777)
        elif stat.S_ISDIR(st.st_mode):
            os.mkdir(dest, 0o700)
            with os.scandir(source) as entries:
                for entry in entries:
                    _copy_host_entry(Path(entry.path), dest / entry.name)
            os.chmod(dest, stat.S_IMODE(st.st_mode) & 0o777)
    except OSError:
        return  # unreadable or gone: it stays out, as it was out of the sandbox's reach


def _stage_parent() -> str:
    """/dev/shm where there is one (memory: staging there is 50 times faster than on a busy disk, and a
    crash leaves nothing past a reboot), else the temporary folder, or /tmp if the sandbox could not pass
    through that one (as root the sandbox runs as nobody)."""
    for parent in ("/dev/shm", tempfile.gettempdir(), "/tmp"):
        try:
            st = os.stat(parent)
        except OSError:
            continue
        if parent == "/dev/shm" and st.st_mode & 0o1777 != 0o1777:
            continue
        if os.geteuid() == 0 and not all(os.stat(p).st_mode & 0o001 for p in [Path(parent), *Path(parent).parents]):
            continue
        if stat.S_ISDIR(st.st_mode) and os.access(parent, os.W_OK | os.X_OK):
            return parent
    return tempfile.gettempdir()


def _remove_stages() -> None:
    for stage in _stages:
        shutil.rmtree(stage, ignore_errors=True)
